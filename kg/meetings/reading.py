"""A meeting's transcript read with its metadata: the one way the seed extraction
(:mod:`kg.meetings.extract`) and the build's transcript loader (:mod:`kg.meetings.to_quads`) read
a transcript.

1. The file's bytes as lines (:mod:`kg.meetings.transcripts.decode`).
2. Every reader scores the text (:mod:`kg.meetings.transcripts.detect`). The metadata's ``style``
   names the format: when no reader is confident it settles which reading is used; when another
   format is read confidently, the metadata contradicts the text and is refused.
3. The metadata's per-line corrections (:mod:`.corrections`) on the reader's headers.
4. Session marks (:mod:`.sessions`): no turn runs past the end of its session.
5. The turns (:mod:`kg.meetings.transcripts.segment`), and each header's speaker and the group it
   speaks for, resolved in the meeting's context (:mod:`kg.meetings.attribution`).
6. The metadata checked against what the text says (:mod:`kg.meetings.transcripts.metacheck`).

A file over :attr:`~kg.meetings.transcripts.stream.Limits.above_bytes` (8 MB) is read as
``igkg ingest-meeting`` reads it (:func:`~kg.meetings.transcripts.stream.read_large`): detection
on its first window, then the chosen reader alone. A format read whole (TEI, notes, scribe notes,
a page) then goes through the steps above on its whole text, up to 16 MB; a format read as a
stream goes through them in bounded memory (:mod:`.streamed`), and the file's lines are not kept:
:attr:`MeetingReading.source` (a :class:`StreamedSource`) counts them and reads them again only
if a line is asked for.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import TypeVar

from kg.core.errors import SourceError
from kg.meetings.attribution import RecordResolver
from kg.meetings.corrections import apply_corrections, check_lines
from kg.meetings.meta import MeetingMeta
from kg.meetings.model import SessionMark
from kg.meetings.sessions import session_marks, within_sessions
from kg.meetings.speakers import HeaderResolution
from kg.meetings.streamed import read_streamed
from kg.meetings.transcripts.decode import iter_lines, read_transcript, transcript_size
from kg.meetings.transcripts.detect import Detection, detect
from kg.meetings.transcripts.ingest import Attribution, TranscriptReport
from kg.meetings.transcripts.metacheck import check_against_text
from kg.meetings.transcripts.model import SourceText
from kg.meetings.transcripts.segment import turns
from kg.meetings.transcripts.stream import LIMITS, Limits, Streamed, read_large
from kg.meetings.transcripts.turntable import Interned
from kg.records.sources import SourceFile

#: Seed style names that are not the name of the reader that reads the style.
_SEED_STYLES = {"call": "export"}
#: Bytes hashed at once.
_HASH_CHUNK = 1024 * 1024

R = TypeVar("R")


def reader_for_style(style: str) -> str:
    """The reader a metadata ``style`` names ("" for none)."""
    return _SEED_STYLES.get(style, style)


@dataclass(frozen=True)
class MeetingReading:
    """A transcript as read with its metadata."""

    #: the format, the turns (corrections applied, cut at session ends) and their speakers
    report: TranscriptReport
    sessions: tuple[SessionMark, ...]
    #: each turn's header resolved: its speaker, and the group it speaks for when it shows one
    resolutions: Sequence[HeaderResolution]
    #: the file as the build describes it: its lines (numbered as the metadata and every turn
    #: number them), their count and its SHA-256
    source: SourceFile
    #: per-line corrections the reader already agrees with: (field, line)
    unneeded: tuple[tuple[str, int], ...] = ()
    #: for a file read as a stream, the first words of each header line (what a citation quotes);
    #: None when the file was read whole (its lines are in ``source``)
    heads: Mapping[int, str] | None = None

    @property
    def lines(self) -> tuple[str, ...]:
        """The file's lines; for a file read as a stream, read again whole on first use (up to
        :data:`~kg.meetings.transcripts.decode.MAX_TRANSCRIPT_BYTES`): for the seed extraction."""
        return self.source.lines


def read_meeting(path: Path, meta: MeetingMeta, resolver: RecordResolver, limits: Limits = LIMITS) -> MeetingReading:
    """Read the transcript at ``path`` with its metadata (see the module's description).

    :raises SourceError: naming the file (and line) of a transcript that cannot be read, or the
        metadata file, line and field of metadata that the transcript contradicts.
    """
    if transcript_size(path) > limits.above_bytes:
        streamed = _chosen(path, meta, lambda forced: read_large(path, forced, limits), lambda s: s.detection)
        if streamed.detection.streamed is None:  # a format read whole: its reading holds every header
            detection = streamed.detection
            raw = read_transcript(path, limits.whole_bytes, limits.chunk_bytes) if detection.html else detection.text
            return _read_whole(path, meta, resolver, detection, raw)
        return _read_stream(path, meta, resolver, streamed, limits)
    raw = read_transcript(path)
    return _read_whole(
        path, meta, resolver, _chosen(path, meta, lambda forced: detect(path, raw, forced), lambda d: d), raw
    )


def _read_whole(
    path: Path, meta: MeetingMeta, resolver: RecordResolver, detection: Detection, raw: SourceText
) -> MeetingReading:
    """Steps 3 to 6 on a text held whole."""
    # Line numbers count in the file the user has: for a page (HTML), its lines, not its text's.
    text = detection.text if detection.text.line_map is None else raw
    check_lines(meta, path.name, len(text.lines))
    corrected = apply_corrections(detection.reading, meta, lambda n: _line_text(detection.text, n))
    sessions = _sessions(detection.text, len(text.lines))
    detection = replace(detection, reading=within_sessions(corrected.reading, sessions))
    found = tuple(turns(text, detection.reading))
    resolutions = tuple(resolver.index.resolve_header(t.header, resolver.context) for t in found)
    report = TranscriptReport(path, detection, found, tuple(attribution(r) for r in resolutions))
    check_against_text(meta, report)
    source = SourceFile(path, text.lines, file_sha256(path))
    return MeetingReading(report, sessions, resolutions, source, corrected.unneeded)


def _read_stream(
    path: Path, meta: MeetingMeta, resolver: RecordResolver, streamed: Streamed, limits: Limits
) -> MeetingReading:
    """Steps 3 to 6 on a file read as a stream (:mod:`.streamed`)."""
    read = read_streamed(path, meta, streamed, limits, lambda h: resolver.index.resolve_header(h, resolver.context))
    attributions: Interned[Attribution] = Interned()  # they repeat with the labels: each kept once
    for resolution in read.resolutions:
        attributions.append(attribution(resolution))
    report = TranscriptReport(path, read.detection, read.turns, attributions)
    check_against_text(meta, report)
    source = StreamedSource(path, read.count, file_sha256(path))
    return MeetingReading(report, read.sessions, read.resolutions, source, read.unneeded, read.heads)


def attribution(resolution: HeaderResolution) -> Attribution:
    """What the report says of a header's resolution."""
    found = resolution.speaker
    return Attribution(found.slug, found.how, found.confidence, found.candidates)


def _chosen(path: Path, meta: MeetingMeta, read: Callable[[str | None], R], detection: Callable[[R], Detection]) -> R:
    """The best reading (``read(None)``); the one of the metadata's format (``read(reader)``)
    when the best is not confident. ``detection`` says what a reading detected."""
    best = read(None)
    found = detection(best)
    wanted = reader_for_style(meta.style)
    if not wanted or wanted == found.reading.reader or found.confident:
        # A confident reading of another format than the metadata's is a contradiction, which
        # check_against_text refuses with the metadata's field.
        return best
    try:
        return read(wanted)
    except SourceError:
        raise SourceError(
            meta.path,
            f"field 'style': says {meta.style!r} but the {wanted} reader finds no speaker turn in {path.name} "
            f"(it reads best as {found.reading.reader!r}, confidence {found.reading.confidence:.2f})",
            meta.lines.get("style", 1),
        ) from None


def file_sha256(path: Path) -> str:
    """The SHA-256 of the file's bytes, read a chunk at a time."""
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(_HASH_CHUNK):
                digest.update(chunk)
    except OSError as exc:
        raise SourceError(path, f"cannot read the file: {exc.strerror or exc}") from None
    return digest.hexdigest()


def lines_at(path: Path, wanted: set[int], limits: Limits = LIMITS) -> SourceText:
    """The file's lines at the numbers ``wanted``, read in one pass and nothing else kept: a text
    of those lines alone, whose ``line_map`` gives each line's number in the file."""
    kept: list[str] = []
    numbers: list[int] = []
    for number, line in enumerate(iter_lines(path, limits.max_bytes, limits.chunk_bytes), 1):
        if number in wanted:
            kept.append(line)
            numbers.append(number)
    return SourceText(path.name, tuple(kept), tuple(numbers))


class StreamedSource(SourceFile):
    """A transcript read as a stream, as the build describes it: its line count and checksum,
    from the passes that read it. Its lines are not held: they are read again, whole, only when
    asked for (``lines``, ``passage``, ``contains``; up to the limit of
    :func:`~kg.meetings.transcripts.decode.read_transcript`). The build asks for the count and the
    checksum only."""

    count: int  # the file's lines

    def __init__(self, path: Path, line_count: int, sha256: str) -> None:
        # Not the dataclass's own: the lines are read on demand rather than given.
        object.__setattr__(self, "path", path)
        object.__setattr__(self, "sha256", sha256)
        object.__setattr__(self, "count", line_count)

    @cached_property
    def lines(self) -> tuple[str, ...]:
        lines = read_transcript(self.path).lines
        if len(lines) != self.count:
            raise SourceError(self.path, f"changed while igkg read it: {self.count} lines, then {len(lines)}")
        return lines

    @property
    def line_count(self) -> int:
        return self.count

    def __repr__(self) -> str:
        return f"StreamedSource(path={self.path!r}, line_count={self.count}, sha256={self.sha256!r})"


def _line_text(text: SourceText, line: int) -> str:
    """The text on line ``line`` of the user's file: for a page (HTML), its text without markup."""
    if text.line_map is None:
        return text.lines[line - 1] if 0 < line <= len(text.lines) else ""
    return " ".join(t for t, n in zip(text.lines, text.line_map, strict=True) if n == line and t.strip())


def _sessions(text: SourceText, count: int) -> tuple[SessionMark, ...]:
    """The sessions, their lines numbered as the user's file numbers them (``count`` lines)."""
    marks = session_marks(text.lines)
    if text.line_map is None:
        return marks
    kept: list[SessionMark] = []
    for mark in marks:
        start = 1 if not kept else text.source_line(mark.line_start)
        if kept and start <= kept[-1].line_start:
            continue  # two marks on one line of the page: the first one opens the session
        kept.append(replace(mark, order=len(kept) + 1, line_start=start))
    ends = [*(s.line_start - 1 for s in kept[1:]), count]
    return tuple(replace(s, line_end=end) for s, end in zip(kept, ends, strict=True))
