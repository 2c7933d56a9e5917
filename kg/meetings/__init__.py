"""Meeting records (transcripts and notes) -> sessions and speaker turns, as curated records.

Every meeting record is read as a transcript of any format is (:mod:`.reading`): the readers of
:mod:`.transcripts` find where turns start, the metadata (:mod:`.meta`) says what the text does not
say reliably and is checked against it, its per-line corrections settle the lines no reader can
decide (:mod:`.corrections`), session marks divide the day (:mod:`.sessions`), and speakers are
resolved in the meeting's context (:mod:`.speakers`, :mod:`.attribution`). The build loads
transcripts so (:mod:`.to_quads`); for the seed records, :func:`extract` (:mod:`.extract`) adds
sessions, passages, the reviewed overlay and mentions, and :func:`to_yaml` (:mod:`.record_yaml`)
writes the extraction in the record format, so that the build reads it like any other curated
file and every turn cites its lines.
"""

from kg.meetings.extract import Extraction, extract
from kg.meetings.meta import MeetingMeta, read_meta
from kg.meetings.model import ResolvedTurn
from kg.meetings.record_text import MAX_RECORD_BYTES, read_record_text
from kg.meetings.record_yaml import mentions_yaml, to_yaml

__all__ = [
    "MAX_RECORD_BYTES",
    "Extraction",
    "MeetingMeta",
    "ResolvedTurn",
    "extract",
    "mentions_yaml",
    "read_meta",
    "read_record_text",
    "to_yaml",
]
