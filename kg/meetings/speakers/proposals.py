"""Unknown speakers as proposals: a label no record has becomes a proposed record for review.

A proposal carries the label as written, every header line it stands on (file, line and the
line's text, as evidence), the role and affiliation the header shows, the kind guessed (person,
delegation or organization) and the records a reviewer may want to map it to instead. Nothing
here writes a record: :mod:`.review` does, once a person has decided.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from kg.meetings.speakers.context import MeetingContext
from kg.meetings.speakers.countries import country_of
from kg.meetings.speakers.model import Resolution
from kg.meetings.speakers.normalise import is_acronym, is_envoy, key, role_words, slug_of
from kg.meetings.speakers.resolve import NO_CONTEXT, SpeakerIndex
from kg.meetings.transcripts.labels import clean_label
from kg.meetings.transcripts.model import Header, SourceText

KINDS = ("person", "delegation", "organization")

#: Words that make a name an organization's rather than a person's.
_ORG_WORDS = frozenset((
    "society", "union", "council", "association", "organization", "organisation", "foundation", "institute",
    "forum", "committee", "commission", "agency", "ministry", "government", "university", "group", "network",
    "centre", "center", "secretariat", "coalition", "alliance", "chamber", "federation", "bank", "fund",
    "programme", "program", "office", "department", "authority", "registry", "consortium", "initiative",
    "partnership", "corporation", "company", "inc", "ltd", "llc", "gmbh", "trust", "league", "board",
    "observatory", "academy", "school", "college", "nations", "international", "caucus", "working",
))  # fmt: skip


@dataclass(frozen=True)
class Evidence:
    """One header line a label stands on."""

    file: str
    line: int  # 1-based, in the file the user has (mapped back from extracted text)
    text: str = ""  # the line as written


@dataclass(frozen=True)
class ResolvedHeader:
    """A reader's header in a file, with its speaker's resolution and the line it stands on."""

    file: str
    header: Header
    speaker: Resolution
    line: int = 0  # the header's line in the user's file (0: header.line)
    line_text: str = ""


@dataclass(frozen=True)
class Proposal:
    """A proposed record for a label that names none."""

    label: str  # as written (markup of the format removed)
    kind: str  # person | delegation | organization: a guess for the reviewer to check
    slug: str  # the proposed id
    how: str  # unresolved | ambiguous
    candidates: tuple[str, ...] = ()  # existing records it might be instead, or the country's name
    role: str = ""
    affiliation: str = ""
    note: str = ""
    evidence: tuple[Evidence, ...] = field(default=())

    @property
    def key(self) -> str:
        return key(self.label)


def resolve_headers(
    index: SpeakerIndex,
    file: str,
    headers: Iterable[Header],
    context: MeetingContext = NO_CONTEXT,
    text: SourceText | None = None,
) -> list[ResolvedHeader]:
    """Resolve each header of one file; with the text, keep the line each stands on as evidence."""
    out: list[ResolvedHeader] = []
    for header in headers:
        speaker = index.resolve(header.label, header.affiliation, header.role, context)
        line = text.source_line(header.line) if text is not None else header.line
        line_text = text.lines[header.line - 1] if text is not None and 0 < header.line <= len(text.lines) else ""
        shown = line_text.strip()
        # Enough of the line to recognise it; a caption line may carry a whole speech.
        out.append(ResolvedHeader(file, header, speaker, line, shown if len(shown) <= 160 else shown[:159] + "…"))
    return out


def guess_kind(label: str, affiliation: str = "") -> str:
    """person, delegation or organization, from the label alone: a country is a delegation; an
    acronym or a name with an organization's word ("Society", "Ministry") an organization; a
    label under an affiliation, or anything else, a person.

    >>> guess_kind("Uruguay"), guess_kind("Internet Architecture Board"), guess_kind("Ana Pérez")
    ('delegation', 'organization', 'person')
    """
    written = clean_label(label)
    if country_of(written) is not None:
        return "delegation"
    if affiliation:
        return "person"
    if is_acronym(written) or _ORG_WORDS & set(key(written).split()):
        return "organization"
    return "person"


def _wants_record(item: ResolvedHeader) -> bool:
    """Whether a header's label should be proposed as a record. Not: labels that resolve or name
    nobody; labels several people speak under (ambiguous with no candidate: the metadata says
    so); a role without a name (the meeting's facts answer it, not a new record); a label the
    writer marked uncertain."""
    found = item.speaker
    if found.how not in ("unresolved", "ambiguous") or (found.how == "ambiguous" and not found.candidates):
        return False
    written = clean_label(item.header.label)
    if is_envoy(written):
        return bool(item.header.affiliation)  # the delegation is proposed, not "Representative"
    words = role_words(key(written))
    return "?" not in written and not (words is not None and not words.rest) and bool(key(written))


def proposals(resolved: Iterable[ResolvedHeader]) -> list[Proposal]:
    """One proposal per label (by its normal form) that names no record, with every line it
    stands on, in order of first appearance."""
    found: dict[str, Proposal] = {}
    for item in resolved:
        if not _wants_record(item):
            continue
        written = clean_label(item.header.label)
        if is_envoy(written):
            written = clean_label(item.header.affiliation)
        evidence = Evidence(item.file, item.line or item.header.line, item.line_text)
        text_key = key(written)
        if text_key in found:
            found[text_key] = merge(found[text_key], _proposal(item, written, evidence))
        else:
            found[text_key] = _proposal(item, written, evidence)
    return list(found.values())


def _proposal(item: ResolvedHeader, written: str, evidence: Evidence) -> Proposal:
    header, speaker = item.header, item.speaker
    envoy = is_envoy(clean_label(header.label))  # "Representative" of the affiliation, now the label
    return Proposal(
        label=written,
        kind=guess_kind(written, "" if envoy else header.affiliation),
        slug=slug_of(written),
        how=speaker.how,
        candidates=speaker.candidates,
        role=header.role or (clean_label(header.label) if envoy else ""),
        affiliation="" if envoy else header.affiliation,
        note=speaker.note,
        evidence=(evidence,),
    )


def merge(first: Proposal, other: Proposal) -> Proposal:
    """Two proposals of one label: the first's fields, the evidence and candidates of both."""
    evidence = tuple(dict.fromkeys((*first.evidence, *other.evidence)))
    candidates = tuple(dict.fromkeys((*first.candidates, *other.candidates)))
    return replace(
        first,
        how="ambiguous" if "ambiguous" in (first.how, other.how) else first.how,
        candidates=candidates,
        role=first.role or other.role,
        affiliation=first.affiliation or other.affiliation,
        evidence=evidence,
    )
