"""A transcript file's bytes as lines: the encodings people's files come in, refusals by name.

Accepted: UTF-8 (with or without a BOM), UTF-16 and UTF-32 with a BOM, UTF-16 without one when
the NUL bytes say so, and Windows-1252 when the bytes are not UTF-8. Line ends may be mixed
(``\\r\\n``, ``\\n``, a lone ``\\r``): each ends a line, so line numbers are those an editor shows.
Refused, with the file named: what is not a regular file (a folder, a FIFO, a device), an empty
file, a binary file (NUL bytes at its start, or a stretch of text full of control characters,
with the line where that stretch's first one is), a file over the size limit.

The file is decoded incrementally, :data:`CHUNK_BYTES` at a time, whether it is read whole
(:func:`read_transcript`) or as a stream of lines (:func:`iter_lines`): memory does not grow with
the file unless the caller keeps the lines. The encoding is decided for the whole file before the
first line is given: the BOM or the NUL bytes of its first 4 KB, else one pass over the bytes says
whether they are UTF-8 (Windows-1252 when they are not, as when the file was read in one piece).
A line end split between two chunks (``\\r`` | ``\\n``) and a character split between two chunks
(a multibyte UTF-8 sequence, a UTF-16 pair) are joined as if the file had been read in one piece.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import BinaryIO

from kg.core.errors import SourceError
from kg.meetings.transcripts.model import SourceText

#: Up to this, a transcript is read whole (:func:`read_transcript`: every line held at once, in
#: about 3x the file's size): the seed extraction (``--format yaml``) and the readers of formats
#: read whole. ``ingest``, ``igkg build`` and the speaker proposals stream larger files instead.
MAX_TRANSCRIPT_BYTES = 64 * 1024 * 1024
#: Up to this, a transcript is read as a stream of lines (:func:`iter_lines`): in bounded memory,
#: but not in unbounded time; a larger file is not a meeting's transcript.
MAX_STREAMED_BYTES = 1024 * 1024 * 1024
#: Bytes decoded at once.
CHUNK_BYTES = 1024 * 1024
#: How far NUL bytes say the file is UTF-16 without a BOM (or binary).
_SNIFF_BYTES = 4096
#: The stretch of text whose control characters are counted: a binary file that happened to decode
#: is refused when one stretch holds more than 1% of them (and more than 8).
_CONTROL_BLOCK = 65536
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
#: Anything but ASCII whitespace (what ``bytes.strip`` removes): the file is not empty.
_NOT_BLANK = re.compile(rb"[^ \t\n\r\x0b\x0c]")


def read_transcript(path: Path, max_bytes: int = MAX_TRANSCRIPT_BYTES, chunk_bytes: int = CHUNK_BYTES) -> SourceText:
    """The file's text as lines, or a :class:`SourceError` naming the file and what is wrong."""
    size = transcript_size(path)
    if size > max_bytes:
        raise SourceError(
            path,
            f"the file is {size:,} bytes; a transcript is read whole up to {max_bytes:,} "
            f"(igkg ingest-meeting reads one as a stream up to {MAX_STREAMED_BYTES:,})",
        )
    return SourceText(name=path.name, lines=tuple(iter_lines(path, max_bytes, chunk_bytes)))


def iter_lines(
    path: Path, max_bytes: int = MAX_STREAMED_BYTES, chunk_bytes: int = CHUNK_BYTES
) -> Generator[str, None, None]:
    """The file's lines one by one, without their line ends (line 1 first). The refusals of
    :func:`read_transcript` are raised while iterating: an empty or binary file before its first
    line, a stretch of control characters when the lines up to it have been given."""
    size = transcript_size(path)
    if size > max_bytes:
        raise SourceError(path, f"the file is {size:,} bytes; a transcript is read up to {max_bytes:,}")
    try:
        handle = open(path, "rb", opener=_no_block)  # noqa: SIM115  # closed by the generator below
    except OSError as exc:
        raise SourceError(path, f"cannot read the file: {exc.strerror or exc}") from None
    with handle:
        yield from _Decoding(path, handle, max_bytes, max(1, chunk_bytes)).lines()


def transcript_size(path: Path) -> int:
    """The size of a regular file, or a SourceError saying why ``path`` is not one."""
    try:
        info = path.stat()  # follows symlinks: a dangling one or a loop is an OSError here
    except OSError as exc:
        raise SourceError(path, f"cannot read the file: {exc.strerror or exc}") from None
    if stat.S_ISDIR(info.st_mode):
        raise SourceError(path, "is a folder: give transcript files, or the folder as an argument of its own")
    if not stat.S_ISREG(info.st_mode):
        raise SourceError(path, "is not a regular file (a pipe, socket or device): igkg reads transcript files")
    return info.st_size


def _no_block(name: str, flags: int) -> int:
    """Open without blocking, so that a FIFO swapped in after the check cannot hang igkg."""
    return os.open(name, flags | os.O_NONBLOCK)


class _Decoding:
    """One pass of decoding over an open file: the encoding decided first, then the lines."""

    def __init__(self, path: Path, handle: BinaryIO, max_bytes: int, chunk_bytes: int) -> None:
        self.path = path
        self.handle = handle
        self.max_bytes = max_bytes
        self.chunk_bytes = chunk_bytes

    def _chunks(self, start: int) -> Iterator[bytes]:
        """The bytes from ``start`` on, a chunk at a time; refused when the file grew past the limit."""
        self.handle.seek(start)
        read = start
        while chunk := self._read():
            read += len(chunk)
            if read > self.max_bytes:  # it grew while we looked
                raise SourceError(
                    self.path, f"the file is over {self.max_bytes:,} bytes; a transcript is read up to that"
                )
            yield chunk

    def _read(self) -> bytes:
        try:
            return self.handle.read(self.chunk_bytes)
        except OSError as exc:
            raise SourceError(self.path, f"cannot read the file: {exc.strerror or exc}") from None

    def _scan(self) -> tuple[bytes, bool]:
        """One pass over the bytes: the first of them (to look for a BOM and NUL bytes), and
        whether they are UTF-8. Refuses a file that holds nothing but whitespace."""
        utf8 = codecs.getincrementaldecoder("utf-8")()
        is_utf8, blank, head = True, True, b""
        for chunk in self._chunks(0):
            if len(head) < _SNIFF_BYTES:
                head += chunk[: _SNIFF_BYTES - len(head)]
            blank = blank and _NOT_BLANK.search(chunk) is None
            try:
                if is_utf8:
                    utf8.decode(chunk)
            except UnicodeDecodeError:
                is_utf8 = False
        if blank:
            raise SourceError(self.path, "the file is empty: there is no transcript to read")
        try:
            utf8.decode(b"", final=True)  # a sequence cut short by the end of the file
        except UnicodeDecodeError:
            is_utf8 = False
        return head, is_utf8

    def encoding(self) -> tuple[str, int]:
        """The file's encoding and how many bytes of BOM precede its text."""
        head, is_utf8 = self._scan()
        for bom, encoding in _BOMS:
            if head.startswith(bom):
                return encoding, len(bom)
        if b"\x00" in head:
            utf16 = _bare_utf16(head)
            if utf16 is None:
                raise SourceError(self.path, "the file is not text (it contains NUL bytes): give a transcript")
            return utf16, 0
        return ("utf-8" if is_utf8 else "cp1252"), 0

    def lines(self) -> Iterator[str]:
        encoding, start = self.encoding()
        decoder = codecs.getincrementaldecoder(encoding)("strict")
        splitter = _Lines()
        controls = _Controls(self.path, splitter)
        offset, first = start, True
        for chunk in _with_end(self._chunks(start)):
            final = not chunk
            pending = decoder.getstate()[0]
            try:
                text = decoder.decode(chunk, final)
            except UnicodeDecodeError as exc:
                raise self._undecodable(encoding, pending + chunk, exc, offset - len(pending), splitter) from None
            offset += len(chunk)
            if first and text:
                text, first = text.removeprefix("\ufeff"), False
            controls.feed(text)
            yield from splitter.feed(text, final)
        controls.close()

    def _undecodable(
        self, encoding: str, data: bytes, exc: UnicodeDecodeError, data_offset: int, splitter: _Lines
    ) -> SourceError:
        before = data[: exc.start].decode(encoding, "replace")
        return SourceError(self.path, f"not {encoding} text (byte {data_offset + exc.start})", splitter.line_at(before))


def _with_end(chunks: Iterator[bytes]) -> Iterator[bytes]:
    """The chunks, then an empty one: the decoder's and the splitter's last call."""
    yield from chunks
    yield b""


def _bare_utf16(sample: bytes) -> str | None:
    """UTF-16 without a BOM: ASCII text then has a NUL in every other byte."""
    odd, even = sample[1::2].count(0), sample[0::2].count(0)
    if odd > len(sample) // 4 and even == 0:
        return "utf-16-le"
    if even > len(sample) // 4 and odd == 0:
        return "utf-16-be"
    return None


class _Lines:
    """Text in pieces -> whole lines. A piece may end inside a line, or between the ``\\r`` and the
    ``\\n`` of one line end: that part waits for the next piece."""

    def __init__(self) -> None:
        self.partial = ""  # the start of the line being read (with a ``\r`` that may precede a ``\n``)
        self.count = 0  # lines given so far

    def feed(self, text: str, final: bool) -> list[str]:
        buffer = self.partial + text
        carried = "\r" if not final and buffer.endswith("\r") else ""
        parts = _LINE_END.split(buffer[: len(buffer) - len(carried)])
        # The last part is the line being read; at the end of the file, a last line without a line end.
        last = parts.pop()
        self.partial = last + carried
        if final and last:
            parts.append(last)
        self.count += len(parts)
        return parts

    def line_at(self, text: str) -> int:
        """The line on which ``text`` (the text just after what was fed) ends."""
        return self.count + len(_LINE_END.findall(self.partial + text)) + 1


class _Controls:
    """Counts control characters stretch by stretch of the text; refuses a stretch full of them."""

    def __init__(self, path: Path, lines: _Lines) -> None:
        self.path = path
        self.lines = lines
        self.length = 0  # characters of the current stretch so far
        self.count = 0  # its control characters
        self.first_line = 0  # the line of its first one

    def feed(self, text: str) -> None:
        """``text`` is what comes next, not yet given to the line splitter."""
        position = 0
        while position < len(text):
            piece = text[position : position + _CONTROL_BLOCK - self.length]
            found = _CONTROL.search(piece)
            if found is not None:
                self.count += len(_CONTROL.findall(piece))
                if not self.first_line:
                    self.first_line = self.lines.line_at(text[: position + found.start()])
            self.length += len(piece)
            position += len(piece)
            if self.length == _CONTROL_BLOCK:
                self.close()

    def close(self) -> None:
        """The stretch is over (full, or the end of the text): refuse it, or start the next one."""
        if self.count > max(8, self.length // 100):
            raise SourceError(
                self.path,
                "the file is not text (it is full of control characters): give a transcript",
                self.first_line,
            )
        self.length = self.count = self.first_line = 0
