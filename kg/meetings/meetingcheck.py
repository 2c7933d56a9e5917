"""A meeting's metadata checked against the curated records it points at.

The metadata names a meeting record and the records some labels stand for; those records must
exist and agree (a meeting, on the metadata's date, recorded in this file where it says so), or
the transcript is refused with the metadata file, line and field. What the transcript itself says
(its name, format and date) is checked by :mod:`kg.meetings.transcripts.metacheck`.
"""

from __future__ import annotations

from kg.core.dates import PartialDate
from kg.core.errors import SourceError
from kg.meetings.meta import MeetingMeta
from kg.records.model import Record, RecordSet
from kg.records.schema import AGENTS


def check_meeting(meta: MeetingMeta, records: RecordSet, *, required: bool = True) -> None:
    """The metadata's meeting is a meeting record of the records, with cited facts, whose days
    hold the metadata's date; its ``speakers`` name agents of the records. With ``required=False``
    (a record extracted for review before its meeting is curated) a meeting that is no record yet
    is let through, and only checked when it is one."""
    meeting = records.records.get(meta.meeting)
    if meeting is None and not required:
        _check_speakers(meta, records)
        return
    if meeting is None or meeting.kind != "meetings" or not _cited(meeting):
        what = "no record" if meeting is None else f"a {meeting.kind} record" if meeting.kind != "meetings" else ""
        raise SourceError(
            meta.path,
            f"field 'meeting': {meta.meeting!r} is {what or 'a meeting record without cited facts'}; a transcript is "
            "loaded into a curated meeting: add the meeting, with its sources, to kg/data/records/ first",
            meta.lines.get("meeting", 1),
        )
    _check_date(meta, meeting)
    _check_speakers(meta, records)


def check_recorded_in(meta: MeetingMeta, records: RecordSet, name: str) -> None:
    """A meeting record that lists the files it is recorded in must list this one."""
    meeting = records.records.get(meta.meeting)
    recorded = {str(v) for v in meeting.get("recorded_in")} if meeting is not None else set()
    if recorded and name not in recorded:
        raise SourceError(
            meta.path,
            f"field 'meeting': {meta.meeting!r} is recorded in {', '.join(sorted(recorded))}, not in {name}",
            meta.lines.get("meeting", 1),
        )


def _check_date(meta: MeetingMeta, meeting: Record) -> None:
    """The metadata's date falls within the meeting's days (at the precision of each)."""
    start, end = meeting.first("start"), meeting.first("end")
    if not isinstance(start, PartialDate):
        return
    last = end if isinstance(end, PartialDate) else start
    if meta.date.first_day() > last.last_day() or meta.date.last_day() < start.first_day():
        days = f"{start} to {last}" if last != start else str(start)
        raise SourceError(
            meta.path,
            f"field 'date': says {meta.date} but meeting {meta.meeting!r} ({meeting.path}:{meeting.at}) "
            f"was held {days}",
            meta.lines.get("date", 1),
        )


def _check_speakers(meta: MeetingMeta, records: RecordSet) -> None:
    for label, slug in meta.speakers.items():
        target = records.records.get(slug)
        if target is None or target.kind not in AGENTS:
            raise SourceError(
                meta.path,
                f"field 'speakers': {label!r} -> {slug!r}, which is no person, body or post of the records",
                meta.lines.get("speakers", 1),
            )


def _cited(record: Record) -> bool:
    return bool(record.evidence) or any(claim.evidence for fv in record.fields.values() for claim in fv.claims)
