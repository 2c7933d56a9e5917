"""Publishing a build folder: one writer at a time, flipped in whole by one atomic rename, the
previous builds kept for their readers, nothing of another build ever deleted.

Real processes, real files, real locks; a folder igkg cannot write is read-only for a real child
process (by permissions, or under root by a read-only bind mount of its own)."""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from multiprocessing.context import SpawnProcess
from pathlib import Path

import pytest

from kg.core.errors import ConfigError
from kg.core.publish import (
    MARKER,
    build_id,
    build_lock,
    builds_dir,
    current_build,
    lock_path,
    publishing,
)
from tests.conftest import REPO, require, system_tool


def _fake_build(staging: Path, name: str, hold: float = 0.0) -> None:
    """A small build: two files, then the manifest that lists them with their SHA-256."""
    files = {"who": name, "data.txt": f"{name}\n" * 200}
    for file, text in files.items():
        (staging / file).write_text(text, encoding="utf-8")
        time.sleep(hold)  # another build starts meanwhile
    digests = {file: hashlib.sha256(text.encode()).hexdigest() for file, text in files.items()}
    (staging / MARKER).write_text(json.dumps({"who": name, "outputs": digests}), encoding="utf-8")


def _whole(folder: Path) -> str:
    """The name of the build in ``folder``, after checking that it is whole: every file its
    manifest lists is there with the listed content."""
    manifest = json.loads((folder / MARKER).read_text(encoding="utf-8"))
    for file, digest in manifest["outputs"].items():
        assert hashlib.sha256((folder / file).read_bytes()).hexdigest() == digest, (folder, file)
    return str(manifest["who"])


def _publish(out: str, name: str, hold: float) -> None:
    with publishing(Path(out)) as staging:
        _fake_build(staging, name, hold)


def _publish_and_hang(out: str) -> None:
    with publishing(Path(out)) as staging:
        (staging / "who").write_text("killed", encoding="utf-8")
        time.sleep(120)  # killed here, in the middle of writing


def _kept(out: Path) -> list[str]:
    return sorted(p.name for p in builds_dir(out).iterdir())


def _spawn(target: Callable[..., None], *args: object) -> SpawnProcess:
    process = multiprocessing.get_context("spawn").Process(target=target, args=args)
    process.start()
    return process


def _wait_for(condition: Callable[[], object], seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds  # a hang guard, not a timing
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


# -- the layout ----------------------------------------------------------------------------------


def test_the_outputs_appear_only_when_the_block_ends_as_a_link_to_the_build(tmp_path: Path) -> None:
    out = tmp_path / "build"
    with publishing(out) as staging:
        _fake_build(staging, "first")
        assert not out.exists()
    assert out.is_symlink() and os.readlink(out) == f".build.builds/{build_id(out)}"
    assert _whole(out) == "first"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["build", ".build.builds", lock_path(out).name])
    assert _kept(out) == [build_id(out)]


def test_current_build_and_build_id_name_the_published_build_in_publishing_order(tmp_path: Path) -> None:
    out = tmp_path / "build"
    with pytest.raises(ConfigError, match=f"no igkg build is published in {out}"):
        current_build(out)
    ids = []
    for name in ("one", "two", "three"):
        with publishing(out) as staging:
            _fake_build(staging, name)
        folder = current_build(out)
        assert folder == builds_dir(out).resolve() / build_id(out) and _whole(folder) == name
        assert build_id(folder) == build_id(out) == folder.name
        ids.append(build_id(out))
    assert ids == sorted(ids) and len(set(ids)) == 3


def test_a_failed_build_leaves_the_previous_one_and_no_staging_folder(tmp_path: Path) -> None:
    out = tmp_path / "build"
    with publishing(out) as staging:
        _fake_build(staging, "old")
    before = build_id(out)
    with pytest.raises(RuntimeError), publishing(out) as staging:
        _fake_build(staging, "half")
        raise RuntimeError("interrupted")
    assert _whole(out) == "old" and build_id(out) == before
    assert _kept(out) == [before]


def test_a_full_disk_while_writing_is_a_clear_message_and_publishes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "build"
    with publishing(out) as staging:
        _fake_build(staging, "old")
    stopped = f"the build of {out} stopped: No space left on device; nothing was published"
    with pytest.raises(ConfigError, match=stopped), publishing(out), open("/dev/full", "wb") as full:
        full.write(b"x" * 100_000)  # /dev/full: a real ENOSPC
        full.flush()
    assert _whole(out) == "old" and len(_kept(out)) == 1


# -- refusals ------------------------------------------------------------------------------------


def test_a_folder_that_holds_no_igkg_build_is_refused_and_left_alone(tmp_path: Path) -> None:
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "thesis.txt").write_text("do not delete")
    with pytest.raises(ConfigError, match="is not empty and holds no igkg build"), publishing(precious):
        pass
    assert [p.name for p in tmp_path.iterdir()] == ["precious"]
    assert (precious / "thesis.txt").read_text() == "do not delete"


def test_a_file_and_a_folder_under_a_file_are_refused(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(ConfigError, match=f"--out {blocker} exists and is not a folder"), publishing(blocker):
        pass
    with (
        pytest.raises(ConfigError, match=f"--out {blocker}/out: {blocker} is not a folder"),
        publishing(blocker / "out"),
    ):
        pass
    assert blocker.read_text() == "not a folder"


def test_a_folder_inside_the_kept_builds_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "build"
    with publishing(out) as staging:
        _fake_build(staging, "one")
    with pytest.raises(ConfigError, match="where igkg keeps builds"), publishing(current_build(out)):
        pass
    assert _whole(out) == "one"


def test_a_link_igkg_did_not_make_is_followed_and_a_dangling_one_refused(tmp_path: Path) -> None:
    real = tmp_path / "disk" / "build"
    real.parent.mkdir()
    alias = tmp_path / "build"
    alias.symlink_to(real)
    dangling = f"--out {alias} is a symbolic link to {real}, which does not exist"
    with pytest.raises(ConfigError, match=dangling), publishing(alias):
        pass
    real.mkdir()
    with publishing(alias) as staging:
        _fake_build(staging, "through the alias")
    assert os.readlink(alias) == str(real) and real.is_symlink()
    assert _whole(alias) == "through the alias" and builds_dir(real).is_dir()


@pytest.fixture
def read_only(tmp_path: Path) -> Iterator[tuple[Path, list[str]]]:
    """A folder a child process cannot write in, and the command prefix that starts that child.
    Root writes anywhere, so under root the child gets its own mount namespace in which the
    folder is bind-mounted read-only (nothing outside the child sees that mount)."""
    folder = tmp_path / "read-only"
    folder.mkdir()
    if os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            yield folder, [sys.executable]
        finally:
            folder.chmod(0o755)
        return
    unshare = system_tool("unshare")
    require(unshare is not None, "unshare (util-linux)")
    bind = 'mount -o bind,ro "$0" "$0" && exec "$@"'
    yield folder, [str(unshare), "--mount", "--propagation", "private", "sh", "-c", bind, str(folder), sys.executable]


def _run(prefix: list[str], cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*prefix, *args], capture_output=True, text=True, cwd=cwd, timeout=120)


def test_a_folder_igkg_cannot_write_is_refused_by_name_before_any_work(read_only: tuple[Path, list[str]]) -> None:
    folder, prefix = read_only
    done = _run(prefix, REPO, "-m", "kg", "build", "--out", str(folder / "out"))
    assert done.returncode == 2, done.stderr
    assert f"igkg cannot write in {folder}" in done.stderr and "Traceback" not in done.stderr
    assert list(folder.iterdir()) == []


def test_a_lock_igkg_cannot_make_is_a_config_error_naming_it(read_only: tuple[Path, list[str]]) -> None:
    folder, prefix = read_only
    script = (
        "import sys\nfrom pathlib import Path\nfrom kg.core.errors import ConfigError\n"
        "from kg.core.publish import build_lock\n"
        "try:\n    with build_lock(Path(sys.argv[1])):\n        pass\n"
        "except ConfigError as exc:\n    print(exc, file=sys.stderr)\n    sys.exit(exc.exit_code)\n"
    )
    done = _run(prefix, REPO, "-c", script, str(folder / "out"))
    assert done.returncode == 2, done.stderr
    assert (
        f"cannot lock {folder}/.out.lock: " in done.stderr
        and f"; igkg must be able to write in {folder}" in done.stderr
    )
    assert "Traceback" not in done.stderr and list(folder.iterdir()) == []


# -- one writer at a time ------------------------------------------------------------------------


def test_concurrent_builds_of_one_folder_take_turns_and_never_mix(tmp_path: Path) -> None:
    out = tmp_path / "build"
    builds = [_spawn(_publish, str(out), f"build-{i}", 0.1) for i in range(3)]
    for process in builds:
        process.join(timeout=60)
    assert [p.exitcode for p in builds] == [0, 0, 0]
    # Each build is whole: its files come from one writer; three builds, all kept.
    assert sorted(_whole(builds_dir(out) / name) for name in _kept(out)) == ["build-0", "build-1", "build-2"]
    assert _whole(out) == _whole(builds_dir(out) / _kept(out)[-1])


def test_a_second_build_waits_and_says_so(tmp_path: Path) -> None:
    out = tmp_path / "build"
    said: list[str] = []
    first = _spawn(_publish, str(out), "first", 1.0)
    _wait_for(lambda: builds_dir(out).is_dir() and list(builds_dir(out).glob("*.staging-*")))
    with build_lock(out, said.append):
        assert _whole(out) == "first"
    first.join(timeout=30)
    assert said == [f"another igkg build is writing {out}; waiting up to 3600 s for it to finish"]


def test_past_the_wait_limit_a_build_gives_up_with_a_clear_message(tmp_path: Path) -> None:
    out = tmp_path / "build"
    holder = _spawn(_publish_and_hang, str(out))
    try:
        _wait_for(lambda: builds_dir(out).is_dir() and list(builds_dir(out).glob("*.staging-*/who")))
        with pytest.raises(ConfigError) as refused, publishing(out, wait=0.5):
            pass
        assert str(refused.value) == (
            f"another igkg build has been writing {out} for over 0.5 s (it holds {lock_path(out)}); "
            "try again when it has finished"
        )
    finally:
        holder.kill()
        holder.join()


# -- crashes -------------------------------------------------------------------------------------


def test_a_build_killed_while_writing_is_cleaned_up_by_the_next_and_nothing_else_is(tmp_path: Path) -> None:
    out = tmp_path / "build"
    for name in ("one", "two"):
        with publishing(out) as staging:
            _fake_build(staging, name)
    kept = _kept(out)
    victim = _spawn(_publish_and_hang, str(out))
    _wait_for(lambda: list(builds_dir(out).glob("*.staging-*/who")))
    assert victim.pid is not None
    os.kill(victim.pid, signal.SIGKILL)
    victim.join()
    (staging,) = builds_dir(out).glob("*.staging-*")
    assert staging.name.endswith(f".staging-{victim.pid}") and _whole(out) == "two"
    said: list[str] = []
    with publishing(out, said.append) as new:
        _fake_build(new, "three")
    assert f"removed {staging} (a build that did not finish)" in said
    assert _whole(out) == "three" and _kept(out) == [*kept, build_id(out)]
    assert [_whole(builds_dir(out) / name) for name in kept] == ["one", "two"]


def test_a_staging_folder_whose_process_is_alive_is_left_alone(tmp_path: Path) -> None:
    out = tmp_path / "build"
    with publishing(out) as staging:
        _fake_build(staging, "one")
    # A second line of defence, should the lock ever fail (say, its file deleted by hand).
    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        foreign = builds_dir(out) / f"{build_id(out)}.staging-{alive.pid}"
        foreign.mkdir()
        said: list[str] = []
        with publishing(out, said.append) as staging:
            _fake_build(staging, "two")
        assert foreign.is_dir() and f"left {foreign} alone: its build (process {alive.pid}) is still running" in said
    finally:
        alive.kill()
        alive.wait()


def test_what_a_crash_between_the_steps_leaves_is_put_in_order(tmp_path: Path) -> None:
    out = tmp_path / "build"
    with publishing(out) as staging:
        _fake_build(staging, "one")
    first = build_id(out)
    builds = builds_dir(out)
    # Cut after making the new link, before renaming it over the old one; and in a removal.
    (tmp_path / ".build.link-20990101T000000.000000Z-abcdef").symlink_to(f".build.builds/{first}")
    (builds / "20000101T000000.000000Z-abcdef.removing").mkdir()
    (builds / "20000101T000000.000000Z-abcdef.removing" / "igkg.nq").write_text("half removed")
    with publishing(out) as staging:
        _fake_build(staging, "two")
    assert sorted(p.name for p in tmp_path.iterdir()) == [".build.builds", ".build.lock", "build"]
    assert _kept(out) == [first, build_id(out)]


def test_a_missing_link_is_restored_to_the_last_whole_build_before_building(tmp_path: Path) -> None:
    out = tmp_path / "build"
    with publishing(out) as staging:
        _fake_build(staging, "one")
    out.unlink()  # a migration cut between its two renames, or a link deleted by hand
    with pytest.raises(RuntimeError), publishing(out) as staging:
        raise RuntimeError("this build fails")
    assert _whole(out) == "one"


# -- readers -------------------------------------------------------------------------------------


def test_a_reader_never_sees_a_missing_or_half_build_while_builds_are_published(tmp_path: Path) -> None:
    out = tmp_path / "build"
    with publishing(out) as staging:
        _fake_build(staging, "0")
    stop = threading.Event()
    seen: set[str] = set()
    problems: list[str] = []
    reads = 0

    def read() -> None:
        nonlocal reads
        while not stop.is_set():
            try:
                # Through the link, as `igkg query --store out/store` and the server open files ...
                seen.add(json.loads((out / MARKER).read_text(encoding="utf-8"))["who"])
                # ... and pinned to one build, as a server reading several files of one build.
                _whole(current_build(out))
            except (OSError, ValueError, AssertionError, ConfigError) as exc:
                problems.append(repr(exc))
            reads += 1

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for number in range(1, 51):
            with publishing(out) as staging:
                _fake_build(staging, str(number))
    finally:
        stop.set()
        reader.join()
    assert problems == [], problems[:5]
    assert len(seen) > 1 and reads > 50, (len(seen), reads)


# -- keeping -------------------------------------------------------------------------------------


def test_the_last_three_builds_stay_and_older_ones_go_once_replaced_long_enough(tmp_path: Path) -> None:
    out = tmp_path / "build"
    for number in range(5):
        with publishing(out) as staging:
            _fake_build(staging, str(number))
    assert [_whole(builds_dir(out) / name) for name in _kept(out)] == ["0", "1", "2", "3", "4"]  # all recent
    with publishing(out, keep_seconds=0) as staging:
        _fake_build(staging, "5")
    assert [_whole(builds_dir(out) / name) for name in _kept(out)] == ["3", "4", "5"]


def test_a_replaced_build_stays_for_keep_seconds_after_it_was_replaced(tmp_path: Path) -> None:
    out = tmp_path / "build"
    for number in range(3):
        with publishing(out, keep=1) as staging:
            _fake_build(staging, str(number))
    names = _kept(out)
    past = time.time() - 700  # "0" was replaced by "1" long ago; "1" by "2" just now
    os.utime(builds_dir(out) / names[1], (past, past))
    with publishing(out, keep=1) as staging:
        _fake_build(staging, "3")
    assert [_whole(builds_dir(out) / name) for name in _kept(out)] == ["1", "2", "3"]


# -- the older layout ----------------------------------------------------------------------------


def _old_layout_build(folder: Path, name: str) -> None:
    folder.mkdir()
    (folder / "store").mkdir()
    (folder / "store" / "CURRENT").write_text("MANIFEST-000001\n")
    _fake_build(folder, name)


def test_a_build_of_the_older_layout_is_migrated_once_and_kept(tmp_path: Path) -> None:
    out = tmp_path / "build"
    _old_layout_build(out, "old layout")
    said: list[str] = []
    with pytest.raises(RuntimeError), publishing(out, said.append):
        raise RuntimeError("the first build after upgrading fails")
    assert out.is_symlink() and _whole(out) == "old layout"  # migrated, and still what is served
    (migrated,) = _kept(out)
    assert said == [
        f"moved the build in {out} to {builds_dir(out) / migrated} and linked {out} to it (a one-time change of layout)"
    ]
    assert (out / "store" / "CURRENT").read_text() == "MANIFEST-000001\n"
    with publishing(out, said.append) as staging:
        _fake_build(staging, "new layout")
    assert _whole(out) == "new layout" and _kept(out) == [migrated, build_id(out)]
    assert sum("moved the build" in message for message in said) == 1  # once


def test_an_older_layout_swap_cut_between_its_renames_is_recovered(tmp_path: Path) -> None:
    out = tmp_path / "build"
    _old_layout_build(tmp_path / ".build.old-deadbeef", "aside")
    _old_layout_build(tmp_path / ".build.staging-999999999-cafe", "half")  # no such process
    with publishing(out) as staging:
        _fake_build(staging, "new")
    assert sorted(p.name for p in tmp_path.iterdir()) == [".build.builds", ".build.lock", "build"]
    assert [_whole(builds_dir(out) / name) for name in _kept(out)] == ["aside", "new"]


def test_an_empty_folder_is_replaced_by_the_link(tmp_path: Path) -> None:
    out = tmp_path / "build"
    out.mkdir()
    with publishing(out) as staging:
        _fake_build(staging, "one")
    assert out.is_symlink() and _whole(out) == "one"


def test_remove_build_takes_the_link_every_kept_build_and_the_lock(tmp_path: Path) -> None:
    from kg.core.publish import builds_dir, lock_path, remove_build

    out = tmp_path / "out"
    for _ in range(2):
        with publishing(out) as staging:
            (staging / "manifest.json").write_text("{}", encoding="utf-8")
    assert out.is_symlink() and builds_dir(out).is_dir()
    remove_build(out)
    assert not out.exists() and not out.is_symlink()
    assert not builds_dir(out).exists() and not lock_path(out).exists()
    assert list(tmp_path.iterdir()) == []
