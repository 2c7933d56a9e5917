"""Machine conditions for the command line's error tests, made for real: a small disk that fills
up, a read-only folder, damaged copies of a real store.

A full disk and a read-only folder are tmpfs mounts (``mount -t tmpfs -o size=…`` and ``-o ro``),
which needs root, as the CI machine runs (README, "Quickstart"); they are unmounted after the
test. Without root, a read-only folder is a folder without write permission (EACCES instead of
EROFS), and a full disk cannot be made: those tests skip locally and fail under CI=true.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from kg.pipeline.build import BuildReport
from tests.conftest import require, system_tool


def _mount(target: Path, options: str) -> bool:
    mount = system_tool("mount")
    if os.geteuid() != 0 or mount is None:
        return False
    target.mkdir(parents=True, exist_ok=True)
    done = subprocess.run([mount, "-t", "tmpfs", "-o", options, "tmpfs", str(target)], capture_output=True)
    return done.returncode == 0


def _unmount(target: Path) -> None:
    umount = system_tool("umount")
    assert umount is not None
    subprocess.run([umount, "-l", str(target)], check=True, capture_output=True)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Callable[[str], Path]]:
    """``small_disk("1m")``: a folder on a tmpfs of that size, which writes fill up (ENOSPC)."""
    mounted: list[Path] = []

    def make(size: str) -> Path:
        target = tmp_path / f"disk-{len(mounted)}"
        require(_mount(target, f"size={size},mode=0755"), "a small tmpfs (mount -t tmpfs, as root)")
        mounted.append(target)
        return target

    yield make
    for target in mounted:
        _unmount(target)


@pytest.fixture
def read_only_dir(tmp_path: Path) -> Iterator[Path]:
    """A folder nothing can be written in: a read-only tmpfs (EROFS) as root, else mode 0555."""
    target = tmp_path / "read-only"
    if _mount(target, "ro,size=64k"):
        yield target
        _unmount(target)
        return
    target.mkdir(exist_ok=True)
    target.chmod(0o555)
    yield target
    target.chmod(0o755)


def _garbage_current(store: Path) -> None:
    (store / "CURRENT").write_text("garbage\n")


def _scrambled_manifest(store: Path) -> None:
    manifest = store / (store / "CURRENT").read_text().strip()
    data = bytearray(manifest.read_bytes())
    random.Random(15).shuffle(data)
    manifest.write_bytes(bytes(data))


def _damaged_tables(store: Path) -> None:
    """Flip bytes in the data blocks of the larger tables (their first half, away from the
    footer and index): the store opens, and a read meets a block whose checksum fails."""
    for table in store.glob("*.sst"):
        data = bytearray(table.read_bytes())
        if len(data) < 100_000:
            continue
        for i in range(len(data) // 10, len(data) // 2, 50):
            data[i] ^= 0x55
        table.write_bytes(bytes(data))


def _truncated_tables(store: Path) -> None:
    for table in store.glob("*.sst"):
        os.truncate(table, 100)


DAMAGE: dict[str, Callable[[Path], None]] = {
    "garbage CURRENT": _garbage_current,
    "scrambled MANIFEST": _scrambled_manifest,
    "damaged tables": _damaged_tables,
    "truncated tables": _truncated_tables,
}


@pytest.fixture(scope="module")
def damaged_stores(built: BuildReport, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Copies of the real built store, each damaged one way."""
    stores = {}
    for name, damage in DAMAGE.items():
        copy = tmp_path_factory.mktemp("damaged") / "store"
        shutil.copytree(built.out_dir / "store", copy)
        damage(copy)
        stores[name] = copy
    return stores
