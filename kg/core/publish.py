"""Publishing a folder of outputs in one step: written aside, swapped in whole, one writer at a time.

A build writes everything into a staging folder beside the output folder, then swaps it in, so a
reader (a query, the server) sees the previous build or the new one, never half of one. A lock
file beside the output folder (filelock) lets one build at a time write into it: a second one
waits, saying so, and only the holder of the lock may clean up what a crashed build left behind
(stale staging folders, a swap cut in the middle), so no build ever deletes another's files.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from kg.core.errors import ConfigError

#: How long a build waits for another build of the same folder before giving up.
LOCK_WAIT_SECONDS = 3600.0


def lock_path(out_dir: Path) -> Path:
    return out_dir.parent / f".{out_dir.name}.lock"


@contextmanager
def build_lock(out_dir: Path, announce: Callable[[str], None] = lambda _: None) -> Iterator[None]:
    """Hold the lock of ``out_dir`` (waiting for another build that holds it, and saying so)."""
    lock = FileLock(str(lock_path(out_dir)))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        announce(f"another igkg build is writing {out_dir}; waiting for it to finish")
        try:
            lock.acquire(timeout=LOCK_WAIT_SECONDS)
        except Timeout:
            raise ConfigError(
                f"another igkg build has held {lock_path(out_dir)} for over {LOCK_WAIT_SECONDS:.0f} s; "
                "if no build is running, delete that file"
            ) from None
    try:
        yield
    finally:
        lock.release()


def recover(out_dir: Path) -> None:
    """Finish or undo a swap that a crash interrupted, and remove stale staging folders.

    Call it only while holding :func:`build_lock`: then no other build is writing there.
    """
    parent = out_dir.parent
    olds = sorted(parent.glob(f".{out_dir.name}.old-*"))
    if not out_dir.exists() and olds:
        olds[-1].rename(out_dir)
        olds = olds[:-1]
    for stale in [*olds, *parent.glob(f".{out_dir.name}.staging-*")]:
        shutil.rmtree(stale, ignore_errors=True)


def swap(staging: Path, out_dir: Path) -> None:
    """Put ``staging`` in the place of ``out_dir`` and remove the previous one."""
    old = out_dir.parent / f".{out_dir.name}.old-{uuid.uuid4().hex[:8]}"
    if out_dir.exists():
        out_dir.rename(old)
    staging.rename(out_dir)
    if old.exists():
        shutil.rmtree(old, ignore_errors=True)
    fd = os.open(out_dir.parent, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextmanager
def publishing(out_dir: Path, announce: Callable[[str], None] = lambda _: None) -> Iterator[Path]:
    """A staging folder to write the outputs into; swapped in for ``out_dir`` when the block ends
    without an error, removed when it raises. The build lock is held throughout."""
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    with build_lock(out_dir, announce):
        recover(out_dir)
        staging = out_dir.parent / f".{out_dir.name}.staging-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        staging.mkdir()
        try:
            yield staging
            swap(staging, out_dir)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
