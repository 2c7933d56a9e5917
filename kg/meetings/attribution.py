"""Who each transcript turn names: the readers' headers resolved against igkg's records.

Builds the speaker index once per process (the curated records, kg/data/names.yaml's aliases and
reviewed speaker labels) and, for each transcript, the meeting context its metadata gives (the
meeting's chairs, conveners, secretariat): role words ("Chair", "Secretariat") resolve only
through it. Without metadata a transcript is read with no meeting context, so that a role word
stays unresolved rather than guessed.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from kg.core import settings
from kg.meetings.meta import MeetingMeta
from kg.meetings.speakers import NO_CONTEXT, MeetingContext, SpeakerIndex
from kg.meetings.speakers.tables import speaker_table
from kg.meetings.transcripts.ingest import Attribution
from kg.meetings.transcripts.model import Header
from kg.records.load import read_records
from kg.records.model import RecordSet
from kg.records.names import name_table


@cache
def _index() -> tuple[RecordSet, SpeakerIndex]:
    records = read_records(settings.records_dir(), settings.sources_dir(), with_meetings=False)
    names = settings.data_dir() / "names.yaml"
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
