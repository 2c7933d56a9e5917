"""Speaker resolution, precision first: a transcript header's label -> the record it names.

:class:`SpeakerIndex` (:mod:`.resolve`) holds one alias table built from the curated records and
kg/data/names.yaml (:mod:`.tables`, normalised by :mod:`.normalise`) and resolves a label, with
the affiliation and role its header shows, in a :class:`MeetingContext` (:mod:`.context`): by
exact label or alias, by role words through the meeting's facts, by country (:mod:`.countries`,
pycountry), by near spelling (:mod:`.fuzzy`, rapidfuzz). Each :class:`Resolution` says how it
was made and how sure it is; anything doubtful stays unresolved. Labels that name no record
become :class:`Proposal` s (:mod:`.proposals`) for a review (:mod:`.review`) that accepts them
as records or maps them to existing ones. :mod:`.measure` measures all of it on the seeds.
"""

from kg.meetings.speakers.context import MeetingContext
from kg.meetings.speakers.fuzzy import MARGIN, THRESHOLD, FuzzyMatcher
from kg.meetings.speakers.model import RESOLVED, How, Resolution
from kg.meetings.speakers.proposals import Evidence, Proposal, ResolvedHeader, guess_kind, proposals, resolve_headers
from kg.meetings.speakers.resolve import NO_CONTEXT, HeaderResolution, SpeakerIndex
from kg.meetings.speakers.review import (
    Decision,
    Review,
    ReviewSummary,
    accept_proposal,
    apply_review,
    map_proposal,
    read_review,
    write_review,
)
from kg.meetings.speakers.tables import NameTables

__all__ = [
    "MARGIN",
    "NO_CONTEXT",
    "RESOLVED",
    "THRESHOLD",
    "Decision",
    "Evidence",
    "FuzzyMatcher",
    "HeaderResolution",
    "How",
    "MeetingContext",
    "NameTables",
    "Proposal",
    "Resolution",
    "ResolvedHeader",
    "Review",
    "ReviewSummary",
    "SpeakerIndex",
    "accept_proposal",
    "apply_review",
    "guess_kind",
    "map_proposal",
    "proposals",
    "read_review",
    "resolve_headers",
    "write_review",
]
