"""Meeting records (transcripts and notes) -> sessions and speaker turns, as curated records.

Three styles, each a small parser behind one interface (:mod:`.styles`: ``cues`` to recognise the
style, ``parse`` to read it): exported call transcripts (:mod:`.call`), Markdown transcripts
(:mod:`.markdown`) and a note-taker's record (:mod:`.notes`). The style is detected from the text;
a metadata file (:mod:`.meta`) says what the text does not say reliably and is checked against it
(:mod:`.check`). :func:`extract` (:mod:`.extract`) reads a record and resolves its speakers to
records (:mod:`.resolve`); :func:`to_yaml` (:mod:`.record_yaml`) writes the extraction in the
record format, so that the build reads it like any other curated file and every turn cites its
lines.
"""

from kg.meetings.check import check_meta, stated_date
from kg.meetings.extract import Extraction, extract
from kg.meetings.meta import MeetingMeta, read_meta
from kg.meetings.record_text import MAX_RECORD_BYTES, read_record_text
from kg.meetings.record_yaml import mentions_yaml, to_yaml
from kg.meetings.resolve import ResolvedTurn, resolve_turns
from kg.meetings.styles import PARSERS, StyleReader, detect_style, parse_record

__all__ = [
    "MAX_RECORD_BYTES",
    "PARSERS",
    "Extraction",
    "MeetingMeta",
    "ResolvedTurn",
    "StyleReader",
    "check_meta",
    "detect_style",
    "extract",
    "mentions_yaml",
    "parse_record",
    "read_meta",
    "read_record_text",
    "resolve_turns",
    "stated_date",
    "to_yaml",
]
