"""Publishing a build folder: one writer at a time, swapped in whole, nothing of another build's
ever deleted."""

from __future__ import annotations

import multiprocessing
import time
from pathlib import Path

import pytest

from kg.core.publish import build_lock, lock_path, publishing


def _publish(out: str, name: str, hold: float) -> None:
    with publishing(Path(out)) as staging:
        (staging / "who").write_text(name, encoding="utf-8")
        time.sleep(hold)  # another build starts meanwhile
        (staging / "MANIFEST").write_text(name, encoding="utf-8")


def test_the_outputs_appear_only_when_the_block_ends(tmp_path: Path) -> None:
    out = tmp_path / "build"
    with publishing(out) as staging:
        (staging / "a.txt").write_text("new", encoding="utf-8")
        assert not out.exists()
    assert (out / "a.txt").read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["build", lock_path(out).name])


def test_a_failed_build_leaves_the_previous_one_and_no_staging_folder(tmp_path: Path) -> None:
    out = tmp_path / "build"
    with publishing(out) as staging:
        (staging / "a.txt").write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError), publishing(out) as staging:
        (staging / "a.txt").write_text("half", encoding="utf-8")
        raise RuntimeError("disk full")
    assert (out / "a.txt").read_text(encoding="utf-8") == "old"
    assert not list(tmp_path.glob(".build.staging-*"))


def test_concurrent_builds_of_one_folder_take_turns_and_never_mix(tmp_path: Path) -> None:
    out = tmp_path / "build"
    context = multiprocessing.get_context("spawn")
    builds = [context.Process(target=_publish, args=(str(out), f"build-{i}", 0.3)) for i in range(3)]
    for process in builds:
        process.start()
    for process in builds:
        process.join(timeout=60)
    assert [p.exitcode for p in builds] == [0, 0, 0]
    # One whole build is in place: its two files come from the same writer.
    assert (out / "who").read_text(encoding="utf-8") == (out / "MANIFEST").read_text(encoding="utf-8")
    assert not list(tmp_path.glob(".build.staging-*")) and not list(tmp_path.glob(".build.old-*"))


def test_a_second_build_waits_and_says_so(tmp_path: Path) -> None:
    out = tmp_path / "build"
    said: list[str] = []
    context = multiprocessing.get_context("spawn")
    first = context.Process(target=_publish, args=(str(out), "first", 1.0))
    first.start()
    for _ in range(100):  # until the first build holds the lock
        if list(tmp_path.glob(".build.staging-*")):
            break
        time.sleep(0.05)
    with build_lock(out, said.append):
        assert (out / "who").read_text(encoding="utf-8") == "first"
    first.join(timeout=30)
    assert said == [f"another igkg build is writing {out}; waiting for it to finish"]
