"""A transcript file's bytes as lines: the encodings people's files come in, refusals by name.

Accepted: UTF-8 (with or without a BOM), UTF-16 and UTF-32 with a BOM, UTF-16 without one when
the NUL bytes say so, and Windows-1252 when the bytes are not UTF-8. Line ends may be mixed
(``\\r\\n``, ``\\n``, a lone ``\\r``): each ends a line, so line numbers are those an editor shows.
Refused, with the file named: what is not a regular file (a folder, a FIFO, a device), an empty
file, a binary file, a file over the size limit.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
from pathlib import Path

from kg.core.errors import SourceError
from kg.meetings.transcripts.model import SourceText

#: Above this a file is not a transcript this loader reads in one piece (the largest real
#: transcripts are a few MB; a 50 MB one is read, in about 3x its size of memory).
MAX_TRANSCRIPT_BYTES = 64 * 1024 * 1024
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_LINE_END = re.compile(r"\r\n|\r|\n")
#: C0 controls other than tab, line feed, form feed and carriage return: a text has almost none.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def read_transcript(path: Path, max_bytes: int = MAX_TRANSCRIPT_BYTES) -> SourceText:
    """The file's text as lines, or a :class:`SourceError` naming the file and what is wrong."""
    data = _read_bytes(path, max_bytes)
    text = decode(path, data).removeprefix("\ufeff")
    lines = _LINE_END.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return SourceText(name=path.name, lines=tuple(lines))


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    try:
        info = path.stat()  # follows symlinks: a dangling one or a loop is an OSError here
    except OSError as exc:
        raise SourceError(path, f"cannot read the file: {exc.strerror or exc}") from None
    if stat.S_ISDIR(info.st_mode):
        raise SourceError(path, "is a folder: give transcript files, or the folder as an argument of its own")
    if not stat.S_ISREG(info.st_mode):
        raise SourceError(path, "is not a regular file (a pipe, socket or device): igkg reads transcript files")
    if info.st_size > max_bytes:
        raise SourceError(path, f"the file is {info.st_size:,} bytes; a transcript is read up to {max_bytes:,}")
    try:
        with open(path, "rb", opener=_no_block) as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise SourceError(path, f"cannot read the file: {exc.strerror or exc}") from None
    if len(data) > max_bytes:  # it grew while we looked
        raise SourceError(path, f"the file is over {max_bytes:,} bytes; a transcript is read up to that")
    if not data.strip():
        raise SourceError(path, "the file is empty: there is no transcript to read")
    return data


def _no_block(name: str, flags: int) -> int:
    """Open without blocking, so that a FIFO swapped in after the check cannot hang igkg."""
    return os.open(name, flags | os.O_NONBLOCK)


def decode(path: Path, data: bytes) -> str:
    """The bytes as text (see the module docstring), or a SourceError."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decoded(path, data[len(bom) :], encoding)
    if b"\x00" in data[:4096]:
        utf16 = _bare_utf16(data)
        if utf16 is None:
            raise SourceError(path, "the file is not text (it contains NUL bytes): give a transcript")
        return _decoded(path, data, utf16)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = _decoded(path, data, "cp1252")
    _check_text(path, text)
    return text


def _bare_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: ASCII text then has a NUL in every other byte."""
    sample = data[:4096]
    odd, even = sample[1::2].count(0), sample[0::2].count(0)
    if odd > len(sample) // 4 and even == 0:
        return "utf-16-le"
    if even > len(sample) // 4 and odd == 0:
        return "utf-16-be"
    return None


def _decoded(path: Path, data: bytes, encoding: str) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SourceError(path, f"not {encoding} text (byte {exc.start})", line) from None
    _check_text(path, text)
    return text


def _check_text(path: Path, text: str) -> None:
    """Refuse a binary file that happened to decode: text has almost no control characters."""
    sample = text[:65536]
    controls = len(_CONTROL.findall(sample))
    if controls > max(8, len(sample) // 100):
        raise SourceError(path, "the file is not text (it is full of control characters): give a transcript")
