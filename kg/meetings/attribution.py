"""Who each transcript turn names: the readers' headers resolved against igkg's records.

Builds the speaker index once (the curated records, kg/data/names.yaml's aliases and reviewed
speaker labels; again when one of those files changes) and, for each transcript, the meeting
context its metadata gives (the meeting's chairs, conveners, secretariat): role words ("Chair",
"Secretariat") resolve only through it. Without metadata a transcript is read with no meeting
context, so that a role word stays unresolved rather than guessed.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kg.core import settings
from kg.meetings.meta import MeetingMeta
from kg.meetings.speakers import NO_CONTEXT, MeetingContext, SpeakerIndex
from kg.meetings.speakers.tables import speaker_table
from kg.meetings.transcripts.ingest import Attribution
from kg.meetings.transcripts.model import Header
from kg.records.load import read_records
from kg.records.model import RecordSet
from kg.records.names import name_table


def _index() -> tuple[RecordSet, SpeakerIndex]:
    """The index of the curated data as it is now. Built once, and again only when a file it is
    built from changed: a speaker review in the same process maps a label (names.yaml) or accepts
    a record, and tests point the IGKG_* folders at copies."""
    records_dir, names = settings.records_dir(), settings.data_dir() / "names.yaml"
    stamps = tuple(_stamp(path) for path in sorted([*records_dir.glob("*.yaml"), names]))
    return _index_of(records_dir, settings.sources_dir(), names, stamps)


def _stamp(path: Path) -> tuple[str, int, int]:
    try:
        info = path.stat()
    except OSError:
        return (str(path), -1, -1)
    return (str(path), info.st_mtime_ns, info.st_size)


@lru_cache(maxsize=1)
def _index_of(
    records_dir: Path, sources_dir: Path, names: Path, stamps: tuple[tuple[str, int, int], ...]
) -> tuple[RecordSet, SpeakerIndex]:
    # ``stamps`` is read by the cache only: the key changes when one of the files does.
    records = read_records(records_dir, sources_dir, with_meetings=False)
    aliases, _ = name_table(names)
    return records, SpeakerIndex.from_records(records, aliases, speakers=speaker_table(names))


@dataclass(frozen=True)
class RecordResolver:
    """Resolves headers with the speaker index, in one meeting's context."""

    index: SpeakerIndex
    context: MeetingContext

    def attribute(self, header: Header) -> Attribution:
        found = self.index.resolve_header(header, self.context).speaker
        return Attribution(found.slug, found.how, found.confidence, found.candidates)


def resolver_for(meta: MeetingMeta | None) -> RecordResolver:
    """A resolver for a transcript with this metadata (None: no meeting context)."""
    records, index = _index()
    if meta is None:
        return RecordResolver(index, NO_CONTEXT)
    return RecordResolver(index, MeetingContext.from_records(records, index.tables, meta.meeting, meta))
