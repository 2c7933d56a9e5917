"""Speaker resolution: a header's label (with what the header adds) -> the record it names.

Precision first: an unresolved speaker is fine, a wrong one is not. The ways are tried in this
order, and the first that applies decides, including when it decides "unresolved" or
"ambiguous" (a later, looser way never overrules an earlier one):

1. the metadata of this record: its reviewed ``speakers`` (``alias``); then labels that name
   nobody (``generic``: "PARTICIPANT", a room microphone); then the labels the metadata leaves
   unattributed (several people speak under them: ``ambiguous``);
2. a label with a question mark ("EU ?"), the writer's doubt, is never resolved; a function
   without a name ("Representative") under an affiliation is the delegation it names;
3. a record's label or alternative label (``exact``), also written "Surname, Name", with an
   affiliation ("Name (Org)", "Name | Org", "Name ORG") around it; a speaker label a reviewer
   mapped (names.yaml ``speakers``, ``alias``);
4. role words ("Chair", "Madam Chair", "Co-Chair", "Secretariat", "Moderator") through the
   meeting's facts (``role``); two co-chairs and a label that does not say which: ambiguous;
   a role and a name ("Co-Chair Kenya"): the name, or the holder it belongs to;
5. the reviewed alias table, kg/data/names.yaml (``alias``): an acronym anywhere, any other
   alias only in a meeting that involves its record ("Angus", UNGIS garbled in one call, is
   anyone's first name elsewhere); never when the label is also a country code that says
   otherwise ("SG");
6. a country's name, short form or code, through pycountry, to igkg's record of that member
   state (``country``); a country igkg has no record of stays unresolved, named in candidates;
7. a near spelling (``fuzzy``, :mod:`.fuzzy`);
8. for a name no record has, the role its header states, when the meeting's holder of that role
   is a post (right whoever holds it).

A person named by one word ("Amrita") resolves only in a meeting that involves that person.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

from kg.meetings.speakers.context import MeetingContext
from kg.meetings.speakers.countries import country_of
from kg.meetings.speakers.fuzzy import THRESHOLD, FuzzyMatcher
from kg.meetings.speakers.model import Resolution, ambiguous, unresolved
from kg.meetings.speakers.normalise import is_envoy, key, role_words
from kg.meetings.speakers.tables import NameTables
from kg.meetings.transcripts.labels import clean_label, label_kind
from kg.meetings.transcripts.model import Header
from kg.records import RecordSet

NO_CONTEXT = MeetingContext()

_COUNTRY_CONFIDENCE = {"name": 0.95, "short": 0.9, "code": 0.85}
#: "Name (Org)", "Name | Org", "Name - Org" (a dash with spaces: "Jean-Pierre" is one name).
_AFFILIATED = (
    re.compile(r"^(?P<name>[^()]+?)\s*\((?P<aff>[^()]+)\)$"),
    re.compile(r"^(?P<name>.+?)\s+[|/–—-]\s+(?P<aff>.+)$"),
    re.compile(r"^(?P<name>[^,]+),\s*(?P<aff>[^,]+)$"),
)


@dataclass(frozen=True)
class HeaderResolution:
    """A header's speaker, and the delegation or organization it speaks for when it shows one."""

    speaker: Resolution
    speaks_for: Resolution | None = None


Step = Callable[[str, str, str, MeetingContext], "Resolution | None"]


@dataclass
class SpeakerIndex:
    """The alias table and the matchers, built once per run; :meth:`resolve` per label."""

    tables: NameTables
    fuzzy: FuzzyMatcher

    @classmethod
    def from_records(
        cls,
        records: RecordSet,
        aliases: Mapping[str, str] | None = None,
        *,
        speakers: Mapping[str, str] | None = None,
        threshold: float = THRESHOLD,
    ) -> SpeakerIndex:
        """``aliases``: the reviewed aliases of kg/data/names.yaml (``name_table(...)[0]``);
        ``speakers``: its reviewed speaker labels (``speaker_table(...)``)."""
        tables = NameTables.from_records(records, aliases, speakers)
        return cls(tables, FuzzyMatcher.from_tables(tables, threshold))

    def resolve(
        self, label: str, affiliation: str = "", role: str = "", context: MeetingContext = NO_CONTEXT
    ) -> Resolution:
        """The record a label names, or why none: see the module's description for the order."""
        written = clean_label(label)
        settled = self._settled(written, affiliation, context)
        if settled is not None:
            return settled
        found = self._first(written, affiliation, context, fuzzy=True)
        if found.resolved or found.how == "ambiguous" or found.note:
            return found
        return self._by_header_role(role, context) or found

    def resolve_header(self, header: Header, context: MeetingContext = NO_CONTEXT) -> HeaderResolution:
        """A reader's header: its label, and the affiliation it shows (or writes in the label)."""
        speaker = self.resolve(header.label, header.affiliation, header.role, context)
        affiliation = header.affiliation or _affiliation_in(clean_label(header.label))
        if not affiliation:
            return HeaderResolution(speaker)
        speaks_for = self._first(clean_label(affiliation), "", context, fuzzy=False)
        if speaks_for.slug and self.tables.kinds.get(speaks_for.slug) not in ("delegation", "organization"):
            speaks_for = unresolved((speaks_for.slug,), "the affiliation names no delegation or organization")
        return HeaderResolution(speaker, speaks_for)

    def _settled(self, written: str, affiliation: str, context: MeetingContext) -> Resolution | None:
        """Ways 1 and 2: what the metadata says, labels that name nobody, doubt, functions."""
        text_key = key(written)
        # The metadata of this very record speaks first: what it maps, what it leaves unattributed
        # (a label that names nobody is "generic" whatever the reason the metadata gives).
        slug = context.alias(text_key) if text_key else None
        if slug is not None:
            return Resolution(slug, "alias", 1.0)
        if label_kind(written) != "speaker" or not text_key:
            return Resolution(None, "generic", 0.0)
        reason = context.unattributed_reason(written)
        if reason is not None:
            return ambiguous((), reason)
        if "?" in written:
            doubt = self._first(written.replace("?", " ").strip(), affiliation, context, fuzzy=False)
            named = doubt.candidates or ((doubt.slug,) if doubt.slug else ())
            return unresolved(named, "the writer marked it uncertain")
        if is_envoy(written) and affiliation:
            return self._envoy(affiliation, context)
        return None

    def _envoy(self, affiliation: str, context: MeetingContext) -> Resolution:
        """ "Representative" under "Costa Rica": the delegation speaks (as the notes' labels do)."""
        group = self._first(clean_label(affiliation), "", context, fuzzy=False)
        if group.slug is not None and self.tables.kinds.get(group.slug) in ("delegation", "organization"):
            return replace(group, confidence=min(group.confidence, 0.9))
        return unresolved(group.candidates, "a representative of something igkg has no record of")

    # -- the ways, in order ------------------------------------------------------------------

    def _first(self, written: str, affiliation: str, context: MeetingContext, *, fuzzy: bool) -> Resolution:
        text_key = key(written)
        steps: tuple[Step, ...] = (self._by_name, self._by_role, self._by_alias, self._by_country)
        for step in steps:
            found = step(written, text_key, affiliation, context)
            if found is not None:
                return found
        if fuzzy:
            near = self.fuzzy.match(text_key)
            if near is not None:
                return near
        return unresolved(self.fuzzy.near(text_key))

    def _labelled(self, text_key: str, affiliation: str, context: MeetingContext) -> Resolution | None:
        """A record's label or alternative label; None when no record has this name."""
        slugs = self.tables.labels.get(text_key)
        if not slugs:
            return None
        if len(slugs) > 1:
            chosen = self._by_affiliation(tuple(slugs), affiliation, context)
            if chosen is None:
                return ambiguous(tuple(slugs), "records share this name")
            return Resolution(chosen, "exact", 0.9)
        slug = next(iter(slugs))
        if self.tables.is_single_name(text_key, slug) and not context.knows(slug, self.tables):
            return unresolved((slug,), "a one-word name of a person this meeting is not known to involve")
        return Resolution(slug, "exact", 1.0)

    def _by_name(self, written: str, text_key: str, affiliation: str, context: MeetingContext) -> Resolution | None:
        found = self._labelled(text_key, affiliation, context)
        if found is not None:
            return found
        mapped = self.tables.reviewed.get(text_key)
        if mapped:
            return Resolution(next(iter(mapped)), "alias", 1.0) if len(mapped) == 1 else ambiguous(tuple(mapped))
        surname, comma, given = written.partition(",")
        if comma and 0 < len(given.split()) <= 2 and len(surname.split()) <= 2:
            found = self._labelled(key(f"{given} {surname}"), affiliation, context)
            if found is not None and found.resolved:
                return found
        for pattern in _AFFILIATED:
            match = pattern.match(written)
            if match is not None:
                found = self._labelled(key(match.group("name")), match.group("aff"), context)
                if found is not None and found.resolved:
                    return found
        return self._name_and_acronym(text_key, context)

    def _name_and_acronym(self, text_key: str, context: MeetingContext) -> Resolution | None:
        """ "Hossam Elgamal IMSB": a person's name and, before or after it, the name of a body."""
        words = text_key.split()
        for size in (1, 2):
            if len(words) <= size + 1:
                continue
            for body, person in ((words[-size:], words[:-size]), (words[:size], words[size:])):
                group = self.tables.labels.get(" ".join(body), frozenset())
                people = self.tables.labels.get(" ".join(person), frozenset())
                if len(group) == 1 and len(people) == 1:
                    slug = next(iter(people))
                    if self.tables.kinds.get(next(iter(group))) != "person" and self.tables.kinds.get(slug) == "person":
                        return Resolution(slug, "exact", 0.95)
        return None

    def _by_role(self, written: str, text_key: str, affiliation: str, context: MeetingContext) -> Resolution | None:
        words = role_words(text_key)
        if words is None:
            return None
        holders = context.for_role(words.role)
        if words.rest and not words.title:  # "Co-Chair Kenya", "Director Jane Roe": the name decides
            return self._role_and_name(words.rest, words.co, holders, context)
        if not words.role:
            return unresolved((), "a title that no fact of this meeting answers")
        if not holders:
            return unresolved((), f"the meeting's {words.role.replace('_', '-')} is not known")
        if len(holders) == 1 and not words.co:
            return Resolution(holders[0], "role", 0.95)
        chosen = self._by_affiliation(holders, affiliation, context)
        if chosen is not None:
            return Resolution(chosen, "role", 0.9)
        if len(holders) == 1:
            return ambiguous(holders, "a shared role, and the meeting's facts name only one holder")
        return ambiguous(holders, f"{len(holders)} records hold the role; the label does not say which")

    def _role_and_name(self, rest: str, shared: bool, holders: tuple[str, ...], context: MeetingContext) -> Resolution:
        """ "Co-Chair Kenya", "Moderator Jane Roe": the name decides; the role may pick the holder."""
        named = self._first(rest, "", context, fuzzy=False)
        if named.slug is not None:
            linked = [h for h in holders if self.tables.linked(h, named.slug)]
            return Resolution(linked[0], "role", 0.9) if len(linked) == 1 else named
        # A name igkg does not know: only a post (whoever holds it) is still right.
        if len(holders) == 1 and not shared and self.tables.kinds.get(holders[0]) == "post":
            return Resolution(holders[0], "role", 0.85)
        return unresolved(holders, "the role's holder is named, but not as any record")

    def _by_affiliation(self, options: tuple[str, ...], affiliation: str, context: MeetingContext) -> str | None:
        """The one option linked to the affiliation the header shows, if exactly one is."""
        if not affiliation:
            return None
        group = self._first(clean_label(affiliation), "", context, fuzzy=False).slug
        linked = [o for o in options if group is not None and self.tables.linked(o, group)]
        return linked[0] if len(linked) == 1 else None

    def _by_alias(self, written: str, text_key: str, affiliation: str, context: MeetingContext) -> Resolution | None:
        slugs = self.tables.aliases.get(text_key)
        if not slugs:
            return None
        if len(slugs) > 1:
            return ambiguous(tuple(slugs), "the alias table gives several records")
        slug = next(iter(slugs))
        if text_key not in self.tables.acronyms and not context.knows(slug, self.tables):
            # The alias table reads the sources' text: "Angus" is UNGIS garbled in one call, and
            # anyone's first name in another. Outside a meeting that involves the record, only an
            # acronym is safe; the label may still be a country ("Swiss").
            by_country = self._by_country(written, text_key, affiliation, context)
            if by_country is not None and by_country.resolved:
                return by_country
            return unresolved((slug,), "an alias read in another record; this meeting is not known to involve it")
        country = country_of(written)
        if country is not None:
            states = self.tables.countries.get(country.code, frozenset())
            if slug not in states:
                # "SG": an alias of the Secretary-General, and Singapore's ISO code.
                return ambiguous((slug, *(states or {country.name})), "the alias and a country disagree")
        return Resolution(slug, "alias", 0.95)

    def _by_country(self, written: str, text_key: str, affiliation: str, context: MeetingContext) -> Resolution | None:
        country = country_of(written)
        if country is None:
            return None
        states = self.tables.countries.get(country.code, frozenset())
        if not states:
            return unresolved((country.name,), "a country igkg has no record of")
        if len(states) > 1:
            return ambiguous(tuple(states), "records share this country")
        return Resolution(next(iter(states)), "country", _COUNTRY_CONFIDENCE[country.how])

    def _by_header_role(self, role: str, context: MeetingContext) -> Resolution | None:
        """A name no record has, under a role the header states ("Jane Roe | Chair"): the post,
        when the meeting's chair is a post, is right whoever holds it; a person is not."""
        words = role_words(key(role)) if role else None
        if words is None or not words.role or words.co or words.rest:
            return None
        holders = context.for_role(words.role)
        if len(holders) == 1 and self.tables.kinds.get(holders[0]) == "post":
            return Resolution(holders[0], "role", 0.8)
        return None


def _affiliation_in(written: str) -> str:
    """The affiliation a label writes around the name ("Name (Org)", "Name | Org"), or ""."""
    for pattern in _AFFILIATED[:2]:
        match = pattern.match(written)
        if match is not None:
            return match.group("aff")
    return ""
