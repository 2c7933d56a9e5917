"""A transcript's metadata checked against what the transcript itself says.

The metadata says what the text does not say reliably; where the text does say it (its file
name, its format, the date it states), the two must agree, or the file is refused with the
metadata file, line and field.
"""

from __future__ import annotations

from kg.core.dates import PartialDate
from kg.core.errors import SourceError
from kg.meetings.meta import MeetingMeta
from kg.meetings.transcripts.ingest import TranscriptReport

#: The seed records' style names, as the readers that read those styles are named.
_STYLE_READER = {"call": "export", "markdown": "markdown", "notes": "notes"}


def check_against_text(meta: MeetingMeta, report: TranscriptReport) -> None:
    """Refuse metadata that contradicts the transcript it describes."""
    name = report.path.name
    if meta.source != name:
        raise SourceError(
            meta.path, f"field 'source': says {meta.source!r} but the transcript is {name!r}", meta.lines["source"]
        )
    reader = report.detection.reading.reader
    if meta.style and _STYLE_READER.get(meta.style, meta.style) != reader:
        raise SourceError(
            meta.path, f"field 'style': says {meta.style!r} but {name} reads as {reader!r}", meta.lines["style"]
        )
    stated = report.detection.reading.date
    if stated and not _compatible(stated, meta.date):
        raise SourceError(
            meta.path,
            f"field 'date': says {meta.date} but {name} states {stated}",
            meta.lines.get("date", 1),
        )


def _compatible(stated: str, given: PartialDate) -> bool:
    """Whether the date the text states can be the metadata's date (at the precision given)."""
    try:
        day = PartialDate.parse(stated)
    except ValueError:
        return True  # a date the reader could not read exactly is not evidence against the metadata
    return day.first_day() <= given.last_day() and given.first_day() <= day.last_day()
