"""Metadata checked against the record it describes and the curated records it points at.

The metadata says what the text does not say reliably; where the text or the records do say it
(the file name, the style, a stated date, the meeting's own record), they must agree, or the
extraction is refused with the metadata file, line and field.
"""

from __future__ import annotations

import calendar
import re
from pathlib import Path

from kg.core.dates import PartialDate
from kg.core.errors import SourceError
from kg.meetings.meta import MeetingMeta
from kg.records.model import Record, RecordSet

_MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
_STATED_DATE = re.compile(r"\b(\d{1,2})\s+([A-Z][a-z]+)\s+(\d{4})\b")


def stated_date(lines: tuple[str, ...]) -> tuple[int, PartialDate] | None:
    """A date the record states in its first lines (``17 November 2025``), with its line."""
    for number, line in enumerate(lines[:10], 1):
        for day, month, year in _STATED_DATE.findall(line):
            if month.lower() in _MONTHS:
                try:
                    return number, PartialDate.parse(f"{year}-{_MONTHS[month.lower()]:02d}-{int(day):02d}")
                except ValueError:
                    continue
    return None


def _compatible(a: PartialDate, b: PartialDate) -> bool:
    """Whether two dates of possibly different precision can be the same day."""
    return a.first_day() <= b.last_day() and b.first_day() <= a.last_day()


def check_meta(meta: MeetingMeta, path: Path, lines: tuple[str, ...], style: str, records: RecordSet) -> None:
    """Refuse metadata that contradicts the record, or the curated records it points at."""
    _check_against_text(meta, path, lines, style)
    if meta.meeting in records:
        _check_against_meeting(meta, path, records[meta.meeting])
    _check_speakers(meta, records)
    _check_line_numbers(meta, path, lines)


def _check_against_text(meta: MeetingMeta, path: Path, lines: tuple[str, ...], style: str) -> None:
    """The file name, the style and a date the record states itself."""
    if meta.source != path.name:
        raise SourceError(
            meta.path, f"field 'source': says {meta.source!r} but the record is {path.name!r}", meta.lines["source"]
        )
    if meta.style and meta.style != style:
        raise SourceError(
            meta.path, f"field 'style': says {meta.style!r} but {path.name} reads as {style!r}", meta.lines["style"]
        )
    stated = stated_date(lines)
    if stated and not _compatible(stated[1], meta.date):
        raise SourceError(
            meta.path,
            f"field 'date': says {meta.date} but {path.name}:{stated[0]} states {stated[1]}",
            meta.lines["date"],
        )


def _check_against_meeting(meta: MeetingMeta, path: Path, meeting: Record) -> None:
    """The curated record the metadata names: a meeting, on a compatible date, recorded in this file."""
    if meeting.kind != "meetings":
        raise SourceError(
            meta.path,
            f"field 'meeting': {meta.meeting!r} is a {meeting.kind} record, not a meeting",
            meta.lines["meeting"],
        )
    start = meeting.first("start")
    if isinstance(start, PartialDate) and not _compatible(start, meta.date):
        raise SourceError(
            meta.path,
            f"field 'date': says {meta.date} but meeting {meta.meeting!r} ({meeting.path}:{meeting.at}) starts {start}",
            meta.lines["date"],
        )
    recorded = {str(v) for v in meeting.get("recorded_in")}
    if recorded and path.name not in recorded:
        raise SourceError(
            meta.path,
            f"field 'meeting': {meta.meeting!r} is recorded in {', '.join(sorted(recorded))}, not in {path.name}",
            meta.lines["meeting"],
        )


def _check_speakers(meta: MeetingMeta, records: RecordSet) -> None:
    for label, slug in meta.speakers.items():
        if slug not in records:
            raise SourceError(
                meta.path, f"field 'speakers': {label!r} -> {slug!r}, which is no record", meta.lines["speakers"]
            )


def _check_line_numbers(meta: MeetingMeta, path: Path, lines: tuple[str, ...]) -> None:
    for number in (*meta.turns, *meta.not_turns):
        if number > len(lines):
            key = "turns" if number in meta.turns else "not_turns"
            raise SourceError(
                meta.path,
                f"field {key!r}: line {number} is past the end of {path.name} ({len(lines)} lines)",
                meta.lines[key],
            )
