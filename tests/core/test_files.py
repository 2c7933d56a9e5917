"""Writing an output file at once: a folder igkg cannot write is refused by name, and the previous
file stays as it was. Reading a file a user names: a regular file only, refused in words before
anything blocks or streams."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from kg.core.errors import ConfigError, SourceError
from kg.core.files import check_regular, read_regular, write_atomic, write_atomic_chunks


def test_a_file_is_replaced_whole(tmp_path: Path) -> None:
    target = tmp_path / "out" / "a.txt"
    write_atomic(target, b"one")
    write_atomic(target, b"two")
    assert target.read_bytes() == b"two" and [p.name for p in target.parent.iterdir()] == ["a.txt"]


def test_a_folder_that_cannot_be_made_is_refused_by_name(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(ConfigError, match=f"cannot write {blocker}/a.txt"):
        write_atomic(blocker / "a.txt", b"data")
    assert blocker.read_text() == "not a folder"


def test_a_device_is_never_replaced_by_a_file(tmp_path: Path) -> None:
    # As root, renaming over /dev/full would replace the device node itself.
    with pytest.raises(ConfigError, match="cannot write /dev/full: it is a character device, not a file"):
        write_atomic(Path("/dev/full"), b"data")
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(ConfigError, match="it is a named pipe"):
        write_atomic(fifo, b"data")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]


def test_a_regular_file_is_read_up_to_its_cap(tmp_path: Path) -> None:
    path = tmp_path / "a.rq"
    path.write_bytes(b"ASK {}")
    assert read_regular(path, 6) == b"ASK {}"
    with pytest.raises(SourceError, match="file is 6 bytes; at most 5 are accepted"):
        read_regular(path, 5)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p.mkdir(), "not a regular file but a folder"),
        (lambda p: os.mkfifo(p), "not a regular file but a named pipe (FIFO)"),
        (lambda p: p.symlink_to("/dev/zero"), "not a regular file but a character device"),
        (lambda p: p.symlink_to(p), "cannot read: a loop of symbolic links"),
        (lambda p: p.symlink_to("missing"), "cannot read: a symbolic link to 'missing', which does not exist"),
    ],
    ids=["folder", "fifo", "device", "loop", "dangling"],
)
def test_what_is_not_a_regular_file_is_refused_by_name_before_it_is_read(tmp_path: Path, make, message) -> None:
    path = tmp_path / "input"
    make(path)
    for read in (lambda: read_regular(path, 1 << 20), lambda: check_regular(path)):
        with pytest.raises(SourceError) as exc:
            read()
        assert str(exc.value).startswith(f"{path}: {message}")


# --- writing in chunks: an output too large to hold at once -----------------------------------


def test_chunks_are_written_in_order_and_replace_the_file_whole(tmp_path: Path) -> None:
    target = tmp_path / "out" / "turns.json"
    write_atomic(target, b"the previous file")
    made: list[int] = []

    def chunks() -> Iterator[bytes]:
        for n in range(3):
            made.append(n)
            yield f"part {n}\n".encode()

    write_atomic_chunks(target, chunks())
    assert target.read_bytes() == b"part 0\npart 1\npart 2\n" and made == [0, 1, 2]
    assert [p.name for p in target.parent.iterdir()] == ["turns.json"], "no temporary file is left"


def test_a_failure_midway_leaves_the_previous_file_as_it_was(tmp_path: Path) -> None:
    target = tmp_path / "turns.json"
    target.write_bytes(b"the previous file")

    def failing() -> Iterator[bytes]:
        yield b"half of "
        raise SourceError(tmp_path / "captions.vtt", "not utf-8 text", 12)

    with pytest.raises(SourceError, match=r"captions\.vtt:12: not utf-8 text"):  # the producer's error, as it is
        write_atomic_chunks(target, failing())
    assert target.read_bytes() == b"the previous file"
    assert [p.name for p in tmp_path.iterdir()] == ["turns.json"]
    with pytest.raises(SourceError):
        write_atomic_chunks(tmp_path / "new.json", failing())
    assert not (tmp_path / "new.json").exists(), "nothing is written where there was no file"


def test_a_folder_that_cannot_be_written_is_refused_by_name_when_writing_in_chunks(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(ConfigError, match=f"cannot write {blocker}/a.json"):
        write_atomic_chunks(blocker / "a.json", iter([b"data"]))
    assert blocker.read_text() == "not a folder"


@pytest.fixture
def umask() -> Iterator[Callable[[int], None]]:
    """Set the process's umask for one test; the previous one is restored after it."""
    previous = os.umask(0o022)
    os.umask(previous)
    yield os.umask
    os.umask(previous)


@pytest.mark.parametrize("mask", [0o022, 0o027, 0o077, 0o002])
def test_a_new_file_and_its_folders_get_the_users_umask(
    tmp_path: Path, umask: Callable[[int], None], mask: int
) -> None:
    # mkstemp's 0600 used to reach the output: an export nobody else on the machine could read.
    umask(mask)
    target = tmp_path / "new" / "deeper" / "a.ttl"
    write_atomic(target, b"one")
    write_atomic_chunks(tmp_path / "chunks.json", iter([b"[", b"]"]))
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~mask
    assert stat.S_IMODE((tmp_path / "chunks.json").stat().st_mode) == 0o666 & ~mask
    for folder in (target.parent, target.parent.parent):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o777 & ~mask


def test_a_replaced_file_keeps_its_permission_bits(tmp_path: Path, umask: Callable[[int], None]) -> None:
    umask(0o022)
    target = tmp_path / "mappings.sssom.tsv"
    target.write_bytes(b"old")
    target.chmod(0o660)  # a table the user shares with the group
    write_atomic(target, b"new")
    assert stat.S_IMODE(target.stat().st_mode) == 0o660 and target.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["mappings.sssom.tsv"]
