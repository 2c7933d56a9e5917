"""Speaker labels -> the agent records they name.

A label resolves by a record's label or alternative label (case-insensitively), by the labels the
meeting's metadata declares for this record, or, for "Surname, Name" headings, by the name turned
round. The reviewed aliases of kg/data/names.yaml are *not* used for speakers: many of them are
phrases of running text ("Support Philippines") that must never open a turn.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.records import RecordSet

#: Kinds of record that can take the floor.
SPEAKING_KINDS = ("bodies", "people", "posts")


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


@dataclass
class SpeakerNames:
    """Resolves speaker labels; knows which slugs are people (for organization/person pairs)."""

    index: dict[str, str] = field(default_factory=dict)
    people: set[str] = field(default_factory=set)
    ambiguous: set[str] = field(default_factory=set)

    @classmethod
    def from_records(cls, records: RecordSet, extra: dict[str, str] | None = None) -> SpeakerNames:
        names = cls()
        seen: dict[str, set[str]] = {}
        for record in records.sorted():
            if record.kind not in SPEAKING_KINDS:
                continue
            if record.kind == "people":
                names.people.add(record.id)
            for fname in ("label", "alt_labels"):
                for value in record.get(fname):
                    seen.setdefault(_key(str(value)), set()).add(record.id)
        for key, ids in seen.items():
            if len(ids) == 1:
                names.index[key] = next(iter(ids))
            else:
                names.ambiguous.add(key)
        for label, slug in (extra or {}).items():
            names.index[_key(label)] = slug
            names.ambiguous.discard(_key(label))
        return names

    def resolve(self, label: str) -> str | None:
        key = _key(label)
        if key in self.index:
            return self.index[key]
        surname, comma, given = label.partition(",")
        if comma and given.strip():
            return self.index.get(_key(f"{given} {surname}"))
        return None

    def is_person(self, slug: str | None) -> bool:
        return slug in self.people
