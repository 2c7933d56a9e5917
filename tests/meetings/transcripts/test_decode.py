"""A transcript's bytes as lines: the encodings real files come in, and refusals that name the file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kg.core.errors import SourceError
from kg.meetings.transcripts.decode import read_transcript

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
    with pytest.raises(SourceError, match="read up to 100"):
        read_transcript(path, max_bytes=100)
