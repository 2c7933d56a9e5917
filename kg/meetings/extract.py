"""One meeting record -> its extraction: sessions, resolved speaker turns, overlay and mentions.

The record is read as the build reads any transcript (:mod:`.reading`: the format's reader, the
metadata's per-line corrections, session marks, speakers resolved in the meeting's context), and
its metadata is checked against the curated records (:mod:`.meetingcheck`; a meeting that is no
record yet is let through, for review before it is curated). Then the extraction adds what a
curated record of a meeting holds besides its turns: its sessions with their day parts
(:mod:`.sessions`), the passages a session opens with before anyone is named, the reviewed
overlay (:mod:`.overlay`) and the linked mentions (:mod:`.mentions`). :mod:`.record_yaml` writes
the result.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from kg.core.errors import SourceError
from kg.meetings.attribution import resolver_for
from kg.meetings.lines import is_blank
from kg.meetings.meetingcheck import check_meeting, check_recorded_in
from kg.meetings.mentions import Mention, alias_table, find_mentions
from kg.meetings.meta import MeetingMeta
from kg.meetings.model import ResolvedTurn, SessionMark, Turn
from kg.meetings.overlay import Overlay, read_overlay
from kg.meetings.reading import MeetingReading, read_meeting
from kg.meetings.sessions import day_part, is_mark, session_at
from kg.meetings.speakers import HeaderResolution
from kg.meetings.transcripts.segment import Turn as ReadTurn
from kg.records.model import RecordSet
from kg.records.sources import SourceFile


@dataclass(frozen=True)
class Extraction:
    """What :func:`extract` read from one record, ready to be written as record YAML."""

    meta: MeetingMeta
    style: str  # the reader that read the record ("export", "markdown", "notes", ...)
    sessions: tuple[SessionMark, ...]
    day_parts: dict[int, str]
    turns: tuple[ResolvedTurn, ...]
    lines: tuple[str, ...]
    #: labels that opened a turn but name no record (or several): for review
    unresolved: tuple[tuple[str, int], ...]
    overlay: Overlay | None = None
    mentions: tuple[Mention, ...] = ()
    #: per-line corrections of the metadata that the reader already agrees with: (field, line)
    unneeded: tuple[tuple[str, int], ...] = ()


def extract(path: Path, meta: MeetingMeta, records: RecordSet, aliases: dict[str, str] | None = None) -> Extraction:
    """Read the record at ``path``. ``aliases`` are the reviewed aliases of kg/data/names.yaml
    (name -> record id) used to link mentions; without them, mentions are not extracted."""
    reading = read_meeting(path, meta, resolver_for(meta))
    if not reading.report.turns:
        detection = reading.report.detection
        raise SourceError(path, detection.explanation or "no speaker turn found")
    check_meeting(meta, records, required=False)
    check_recorded_in(meta, records, path.name)
    lines = reading.lines
    turns, review = _resolved_turns(reading, meta)
    unresolved = tuple((turn.label, turn.label_line) for turn in review)
    day_parts = {s.order: part for s in reading.sessions if (part := day_part(s, meta.day_parts))}
    overlay = _overlay(path, lines, meta, records)
    mentions: tuple[Mention, ...] = ()
    if aliases is not None:
        mentions = tuple(find_mentions(path.name, lines, alias_table(records, aliases)))
    style = reading.report.detection.reading.reader
    return Extraction(
        meta, style, reading.sessions, day_parts, turns, lines, unresolved, overlay, mentions, reading.unneeded
    )


def _resolved_turns(reading: MeetingReading, meta: MeetingMeta) -> tuple[tuple[ResolvedTurn, ...], list[Turn]]:
    """The reader's turns with their speakers, and the passages that open marked sessions, in
    the order of their lines; and the labelled turns left for review (no record, or several)."""
    report = reading.report
    found: list[tuple[Turn, str, str, str]] = []  # (turn, speaker, speaks_for, note)
    review: list[Turn] = []
    for read, resolution in zip(report.turns, reading.resolutions, strict=True):
        turn = _turn(reading, read)
        speaker, group, note = _speaker(resolution, turn.label, meta)
        found.append((turn, speaker, group, note))
        if (
            turn.label
            and not speaker
            and resolution.speaker.how in ("unresolved", "ambiguous")
            and not _reason(turn.label, meta)
        ):
            review.append(turn)
    skipped = {*report.detection.reading.stage_notes, *report.detection.reading.scaffolding}
    starts = [t.header.line for t in report.turns]
    found += [(p, "", "", "") for p in _passages(reading.lines, reading.sessions, starts, skipped)]
    found.sort(key=lambda item: item[0].line_start)
    return tuple(ResolvedTurn(order, *item) for order, item in enumerate(found, 1)), review


def _turn(reading: MeetingReading, turn: ReadTurn) -> Turn:
    header = turn.header
    line = reading.lines[header.line - 1]
    # The time the header line writes; a reader may also give a turn the time of a mark above
    # it, which the session holds and which the turn's cited lines do not show.
    time = header.time if header.time and header.time in line else ""
    session = session_at(reading.sessions, header.line).order
    return Turn(header.label, header.line, turn.line_start, turn.line_end, session, time, header.affiliation)


def _speaker(resolution: HeaderResolution, label: str, meta: MeetingMeta) -> tuple[str, str, str]:
    """(speaker, speaks for, why it has no speaker): slugs only for what resolution named."""
    speaker = resolution.speaker
    group = resolution.speaks_for.slug if resolution.speaks_for is not None else None
    if speaker.slug is not None:
        return speaker.slug, group or "", ""
    reason = _reason(label, meta)
    if not reason and speaker.how == "generic":
        reason = "the label names nobody in particular"
    return "", group or "", reason or speaker.note


def _reason(label: str, meta: MeetingMeta) -> str:
    """Why the metadata leaves the label unattributed (compared as written, spacing and case
    aside: "EU ?" is left unattributed, "EU" is not); "" when it does not."""
    written = " ".join(label.split()).casefold()
    return next(
        (why for text, why in meta.unattributed_labels.items() if " ".join(text.split()).casefold() == written), ""
    )


def _passages(
    lines: tuple[str, ...], sessions: Sequence[SessionMark], starts: Sequence[int], skipped: set[int]
) -> list[Turn]:
    """What a session opened by a mark (a time, a break) records before its first turn: speech
    the record attributes to no one. Before any mark, such lines are the document's front matter
    (a title, a date, a list of attendees), not speech."""
    out: list[Turn] = []
    for session in sessions:
        if not is_mark(lines[session.line_start - 1]):
            continue
        first = next((n for n in starts if session.line_start <= n <= session.line_end), session.line_end + 1)
        speech = [
            n
            for n in range(session.line_start, first)
            if not is_blank(lines[n - 1]) and not is_mark(lines[n - 1]) and n not in skipped
        ]
        if speech:
            out.append(Turn("", speech[0], speech[0], speech[-1], session.order))
    return out


def _overlay(path: Path, lines: tuple[str, ...], meta: MeetingMeta, records: RecordSet) -> Overlay | None:
    """The reviewed overlay the metadata names (relative to the metadata file), if any."""
    if not meta.overlay:
        return None
    overlay_path = meta.path.parent / meta.overlay
    if not overlay_path.is_file():
        raise SourceError(meta.path, f"field 'overlay': no such file {overlay_path}", meta.lines["overlay"])
    return read_overlay(overlay_path, SourceFile(path, lines, ""), records)
