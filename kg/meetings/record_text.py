"""A meeting record's text, read as numbered lines: what is not a text record is refused by name."""

from __future__ import annotations

from pathlib import Path

from kg.core.errors import SourceError

#: A record bigger than this is not a meeting record (the largest source is ~150 kB).
MAX_RECORD_BYTES = 5 * 1024 * 1024


def read_record_text(path: Path) -> tuple[str, ...]:
    """The record's lines, numbered as ``nl -ba`` numbers them; refuses what is not a text record."""
    if not path.is_file():
        raise SourceError(path, "no such file")
    data = path.read_bytes()
    if not data.strip():
        raise SourceError(path, "the file is empty: there is no meeting record to read")
    if len(data) > MAX_RECORD_BYTES:
        raise SourceError(path, f"the file is {len(data)} bytes; a meeting record is text of at most 5 MB")
    if b"\x00" in data[:8192]:
        raise SourceError(path, "the file is not text (it contains NUL bytes): give a .txt or .md record")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SourceError(path, f"not UTF-8 text (byte {exc.start})", line) from None
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return tuple(line.rstrip("\r") for line in lines)
