"""The name tables speaker resolution and the mention linker read, built once from the curated records.

One alias table: every record of the kinds asked for, by its label and alternative labels
(``labels``), by the reviewed aliases of kg/data/names.yaml (``aliases``) and by the speaker labels
a reviewer mapped (its ``speakers`` section: ``reviewed``), all in the normal form of
:func:`~kg.meetings.speakers.normalise.key`. A normal form that two records share names neither of
them. Speaker resolution builds it over the kinds that can take the floor (:data:`SPEAKING_KINDS`);
the mention linker (:mod:`kg.meetings.mentions`) over everything a text can mention, bodies,
people, posts, instruments and meetings. Beside it: which kind each record is, the normal forms
written only in capitals (acronyms), the member states by ISO code, who belongs to what
(memberships), and which sources each record cites.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from kg.core.yamlnodes import YMap, YScalar, read_yaml_file
from kg.meetings.speakers.countries import country_of
from kg.meetings.speakers.normalise import is_acronym, key, tokens
from kg.records import RecordSet
from kg.records.model import Record

#: The section of kg/data/names.yaml that holds reviewed speaker labels (beside ``aliases`` and
#: ``left_out``, which the mention linker and the coverage check read).
SPEAKERS_SECTION = "speakers"
#: Kinds of record that can take the floor.
SPEAKING_KINDS = ("bodies", "people", "posts")


#: What each kind of record is called in :attr:`NameTables.kinds` (bodies are delegations or
#: organizations, by their type).
_KIND_NAMES = {"people": "person", "posts": "post", "instruments": "instrument", "meetings": "meeting"}


def kind_of(record: Record) -> str:
    """person, delegation, organization or post (and, for the mention linker, instrument or meeting)."""
    named = _KIND_NAMES.get(record.kind)
    if named:
        return named
    return "delegation" if record.type == "delegation" else "organization"


def _add(table: dict[str, set[str]], name: str, slug: str) -> None:
    text_key = key(name)
    if text_key:
        table.setdefault(text_key, set()).add(slug)


def _refs(record: Record, name: str) -> list[str]:
    return [str(value) for value in record.get(name)]


@dataclass
class NameTables:
    """Normal form -> the slugs it names, and what resolution needs to know about each slug."""

    labels: dict[str, frozenset[str]] = field(default_factory=dict)
    aliases: dict[str, frozenset[str]] = field(default_factory=dict)
    #: The aliases written as acronyms in names.yaml ("IMSP", "G77"): no one's personal name.
    acronyms: frozenset[str] = frozenset()
    #: Speaker labels a reviewer mapped to a record (names.yaml ``speakers``): valid in any meeting.
    reviewed: dict[str, frozenset[str]] = field(default_factory=dict)
    #: The normal forms that every label and alias writing them writes in capitals ("WHO", "IT"):
    #: in running text such a name is meant only where it is written so ("who" is a word).
    capitals: frozenset[str] = frozenset()
    kinds: dict[str, str] = field(default_factory=dict)  # slug -> person, delegation, organization, post, ...
    names: dict[str, str] = field(default_factory=dict)  # slug -> its label, for messages
    countries: dict[str, frozenset[str]] = field(default_factory=dict)  # ISO alpha-2 -> member-state slugs
    links: dict[str, frozenset[str]] = field(default_factory=dict)  # slug -> what it belongs to / has as members
    cited: dict[str, frozenset[str]] = field(default_factory=dict)  # slug -> the sources its evidence cites

    @classmethod
    def from_records(
        cls,
        records: RecordSet,
        aliases: Mapping[str, str] | None = None,
        speakers: Mapping[str, str] | None = None,
        *,
        kinds: tuple[str, ...] = SPEAKING_KINDS,
    ) -> NameTables:
        """The table over the records of ``kinds`` (record kinds: "bodies", "people", ...);
        ``aliases`` and ``speakers`` count only where they name one of those records."""
        tables = cls()
        labels: dict[str, set[str]] = {}
        countries: dict[str, set[str]] = {}
        written: dict[str, set[bool]] = {}  # normal form -> whether each writing of it is an acronym
        for record in records.sorted():
            if record.kind in kinds:
                tables._add_record(record, labels, countries, written)
        tables.labels = {k: frozenset(v) for k, v in labels.items()}
        tables.countries = {k: frozenset(v) for k, v in countries.items()}
        aliases = aliases or {}
        tables.aliases = _alias_table(aliases, tables.kinds)
        tables.acronyms = frozenset(key(name) for name in aliases if is_acronym(name))
        tables.capitals = _capitals(written, aliases, tables.kinds)
        tables.reviewed = _alias_table(speakers or {}, tables.kinds)
        tables.links = _links(records)
        return tables

    def _add_record(
        self, record: Record, labels: dict[str, set[str]], countries: dict[str, set[str]], written: dict[str, set[bool]]
    ) -> None:
        self.kinds[record.id] = kind_of(record)
        names = [str(v) for v in (*record.get("label"), *record.get("alt_labels"))]
        self.names[record.id] = names[0] if names else record.id
        for name in names:
            _add(labels, name, record.id)
            written.setdefault(key(name), set()).add(is_acronym(name))
        self.cited[record.id] = frozenset(e.source for e in record.evidence)
        code = _country_code(names) if self.kinds[record.id] == "delegation" else None
        if code:
            countries.setdefault(code, set()).add(record.id)

    def is_single_name(self, text_key: str, slug: str) -> bool:
        """A person named by one word ("Amrita", "Mongi", "Karklins"): a first name or a surname
        alone names many people, so it counts only where the meeting knows the person."""
        return self.kinds.get(slug) == "person" and len(tokens(text_key)) == 1

    def linked(self, one: str, other: str) -> bool:
        return one == other or other in self.links.get(one, frozenset())


def speaker_table(path: Path) -> dict[str, str]:
    """The ``speakers`` section of kg/data/names.yaml: header labels a reviewer mapped to a
    record (:func:`kg.meetings.speakers.review.map_proposal`); empty when there is none."""
    root = read_yaml_file(path) if path.is_file() else None
    section = root.items.get(SPEAKERS_SECTION) if isinstance(root, YMap) else None
    node = section[1] if section else None
    if not isinstance(node, YMap):
        return {}
    return {label: value.value for label, (_, value) in node.items.items() if isinstance(value, YScalar)}


def _country_code(names: list[str]) -> str | None:
    """The one ISO code a member state's names give (none when they give none, or two)."""
    codes = {c.code for c in (country_of(n) for n in names) if c is not None}
    return codes.pop() if len(codes) == 1 else None


def _capitals(written: dict[str, set[bool]], aliases: Mapping[str, str], kinds: Mapping[str, str]) -> frozenset[str]:
    """The normal forms that the records' names (``written``: normal form -> whether each
    writing is an acronym) and the aliases of the table's records write only as acronyms."""
    for name, slug in aliases.items():
        if slug in kinds:
            written.setdefault(key(name), set()).add(is_acronym(name))
    return frozenset(k for k, forms in written.items() if forms == {True})


def _alias_table(aliases: Mapping[str, str], kinds: Mapping[str, str]) -> dict[str, frozenset[str]]:
    """The reviewed aliases that point at a record of the table's kinds (an alias of an
    instrument, such as "Tunis Agenda", names no speaker)."""
    table: dict[str, set[str]] = {}
    for name, slug in aliases.items():
        if slug in kinds:
            _add(table, name, slug)
    return {k: frozenset(v) for k, v in table.items()}


def _links(records: RecordSet) -> dict[str, frozenset[str]]:
    """Memberships both ways: a person and the body or post they belong to or hold."""
    links: dict[str, set[str]] = {}
    for membership in records.of_kind("memberships"):
        members = _refs(membership, "member")
        groups = _refs(membership, "organization") + _refs(membership, "post")
        for member in members:
            for group in groups:
                links.setdefault(member, set()).add(group)
                links.setdefault(group, set()).add(member)
    return {k: frozenset(v) for k, v in links.items()}


def members_of(tables: NameTables, groups: Iterable[str]) -> set[str]:
    """The records that belong to (or hold) any of ``groups``."""
    found: set[str] = set()
    for group in groups:
        found |= tables.links.get(group, frozenset())
    return found
