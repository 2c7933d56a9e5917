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
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from kg.core.errors import SourceError
from kg.meetings.attribution import RecordResolver
from kg.meetings.corrections import apply_corrections, check_lines
from kg.meetings.meta import MeetingMeta
from kg.meetings.model import SessionMark
from kg.meetings.sessions import session_marks, within_sessions
from kg.meetings.speakers import HeaderResolution
from kg.meetings.transcripts.decode import read_transcript
from kg.meetings.transcripts.detect import Detection, detect
from kg.meetings.transcripts.ingest import Attribution, TranscriptReport
from kg.meetings.transcripts.metacheck import check_against_text
from kg.meetings.transcripts.model import SourceText
from kg.meetings.transcripts.segment import turns

#: Seed style names that are not the name of the reader that reads the style.
_SEED_STYLES = {"call": "export"}


def reader_for_style(style: str) -> str:
    """The reader a metadata ``style`` names ("" for none)."""
    return _SEED_STYLES.get(style, style)


@dataclass(frozen=True)
class MeetingReading:
    """A transcript as read with its metadata."""

    #: the format, the turns (corrections applied, cut at session ends) and their speakers
    report: TranscriptReport
    #: the file's lines, numbered as the metadata and every turn number them
    lines: tuple[str, ...]
    sessions: tuple[SessionMark, ...]
    #: each turn's header resolved: its speaker, and the group it speaks for when it shows one
    resolutions: tuple[HeaderResolution, ...]
    #: per-line corrections the reader already agrees with: (field, line)
    unneeded: tuple[tuple[str, int], ...] = ()


def read_meeting(path: Path, meta: MeetingMeta, resolver: RecordResolver) -> MeetingReading:
    """Read the transcript at ``path`` with its metadata (see the module's description).

    :raises SourceError: naming the file (and line) of a transcript that cannot be read, or the
        metadata file, line and field of metadata that the transcript contradicts.
    """
    raw = read_transcript(path)
    detection = _detect(path, raw, meta)
    # Line numbers count in the file the user has: for a page (HTML), its lines, not its text's.
    text = detection.text if detection.text.line_map is None else raw
    check_lines(meta, path.name, len(text.lines))
    corrected = apply_corrections(detection.reading, meta, lambda n: _line_text(detection.text, n))
    sessions = _sessions(detection.text, len(text.lines))
    detection = replace(detection, reading=within_sessions(corrected.reading, sessions))
    found = tuple(turns(text, detection.reading))
    resolutions = tuple(resolver.index.resolve_header(t.header, resolver.context) for t in found)
    attributions = tuple(
        Attribution(r.speaker.slug, r.speaker.how, r.speaker.confidence, r.speaker.candidates) for r in resolutions
    )
    report = TranscriptReport(path, detection, found, attributions)
    check_against_text(meta, report)
    return MeetingReading(report, text.lines, sessions, resolutions, corrected.unneeded)


def _detect(path: Path, raw: SourceText, meta: MeetingMeta) -> Detection:
    """The best reading; the one of the metadata's format when the best is not confident."""
    detection = detect(path, raw)
    wanted = reader_for_style(meta.style)
    if not wanted or wanted == detection.reading.reader or detection.confident:
        # A confident reading of another format than the metadata's is a contradiction, which
        # check_against_text refuses with the metadata's field.
        return detection
    try:
        return detect(path, raw, wanted)
    except SourceError:
        raise SourceError(
            meta.path,
            f"field 'style': says {meta.style!r} but the {wanted} reader finds no speaker turn in {path.name} "
            f"(it reads best as {detection.reading.reader!r}, confidence {detection.reading.confidence:.2f})",
            meta.lines.get("style", 1),
        ) from None


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
