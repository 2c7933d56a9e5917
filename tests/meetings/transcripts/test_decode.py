"""A transcript's bytes as lines: the encodings real files come in, and refusals that name the file (and
the line). The file is decoded a chunk at a time: a line end or a character split between two chunks
is one, and the encoding is the whole file's."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kg.core.errors import SourceError
from kg.meetings.transcripts.decode import iter_lines, read_transcript

TEXT = "Jane Doe: Good morning.\nRené Café: Merci.\n"


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        b"\xef\xbb\xbf" + TEXT.encode("utf-8"),
        TEXT.encode("utf-16"),  # with its BOM
        TEXT.encode("utf-16-le"),  # without one: the NUL bytes say so
        TEXT.encode("utf-32"),
        TEXT.encode("cp1252"),
        TEXT.replace("\n", "\r\n").encode("utf-8"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-bom", "utf-16-bare", "utf-32", "cp1252", "crlf"],
)
def test_the_encodings_people_have_read_to_the_same_lines(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "t.txt"
    path.write_bytes(data)
    assert read_transcript(path).lines == ("Jane Doe: Good morning.", "René Café: Merci.")


def test_mixed_line_ends_each_end_a_line(tmp_path: Path) -> None:
    path = tmp_path / "t.txt"
    path.write_bytes(b"one\r\ntwo\rthree\nfour")
    assert read_transcript(path).lines == ("one", "two", "three", "four")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "the file is empty"),
        (b"  \n\n", "the file is empty"),
        (bytes(range(256)) * 40, "is not text"),
        (b"\x01\x02\x03\x04\x05\x06\x07\x08" * 200, "is not text"),
    ],
    ids=["empty", "blank", "binary", "controls"],
)
def test_what_is_not_a_transcript_is_refused_by_name(tmp_path: Path, data: bytes, message: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(SourceError) as refused:
        read_transcript(path)
    assert str(path) in str(refused.value) and message in str(refused.value)


def test_special_files_and_broken_links_are_refused_not_hung_on(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    dangling = tmp_path / "dangling"
    dangling.symlink_to(tmp_path / "nowhere")
    for path, message in (
        (fifo, "not a regular file"),
        (loop, "cannot read"),
        (dangling, "cannot read"),
        (tmp_path, "folder"),
    ):
        with pytest.raises(SourceError, match=message):
            read_transcript(path)


def test_a_file_over_the_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"Jane: words\n" * 1000)
    with pytest.raises(SourceError, match="read whole up to 100"):
        read_transcript(path, max_bytes=100)


def test_a_line_end_split_between_chunks_is_one_line_end(tmp_path: Path) -> None:
    path = tmp_path / "ends.txt"
    data = b"one\r\ntwo\rthree\r\n\r\nfour\r"
    path.write_bytes(data)
    for chunk in range(1, len(data) + 1):
        assert read_transcript(path, chunk_bytes=chunk).lines == ("one", "two", "three", "", "four"), chunk


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-32"])
def test_a_character_split_between_chunks_is_one_character(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "chars.txt"
    path.write_bytes("Zoë Łukasik: 5 € — 😀\r\nRenée: ok\n".encode(encoding))
    for chunk in range(1, 9):
        assert read_transcript(path, chunk_bytes=chunk).lines == ("Zoë Łukasik: 5 € — 😀", "Renée: ok"), chunk


def test_the_encoding_is_decided_for_the_whole_file_before_a_line_is_read(tmp_path: Path) -> None:
    """A byte that is not UTF-8 far into the file makes the whole file Windows-1252, as when the
    file was read in one piece: no line is read in one encoding and the next in another."""
    path = tmp_path / "late.txt"
    path.write_bytes("Jane: déjà vu\n".encode("cp1252") + b"Jane: words\n" * 5000 + b"Jane: caf\xe9\n")
    lines = read_transcript(path, chunk_bytes=1024).lines
    assert (lines[0], lines[-1], len(lines)) == ("Jane: déjà vu", "Jane: café", 5002)


def test_control_characters_anywhere_refuse_the_file_naming_the_line(tmp_path: Path) -> None:
    """Not only at the start: a stretch full of control characters after 20,000 lines of text."""
    path = tmp_path / "tail.txt"
    path.write_bytes(b"Jane Doe: words of speech\n" * 20_000 + b"\x01\x02\x03\x04" * 500 + b"\n")
    with pytest.raises(SourceError, match="not text") as refused:
        read_transcript(path, chunk_bytes=4096)
    assert f"{path}:20001:" in str(refused.value)


def test_iter_lines_gives_the_lines_of_read_transcript_one_by_one(tmp_path: Path) -> None:
    path = tmp_path / "t.txt"
    path.write_bytes(("Jane Doe: Good morning.\r\nRené Café: Merci.\r" * 1000).encode("utf-16"))
    assert tuple(iter_lines(path, chunk_bytes=333)) == read_transcript(path).lines
