"""Typed records, as the loader hands them to the RDF mapping.

A record is one thing (a body, an instrument, a mandate...) with its fields and the evidence
for them. A field holds plain values, or, when sources disagree, a list of claims each with
its own evidence and a rank (DESIGN.md, "Contested facts").
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from kg.core.dates import PartialDate

#: What a field value can be after checking: text, a date, or the id of another record.
Value = str | PartialDate


@dataclass(frozen=True)
class Ref:
    """A reference to another record by its id (slug)."""

    id: str

    def __str__(self) -> str:
        return self.id


#: The name an evidence entry gives in ``supports`` when its quote states what kind of thing the
#: record is (its ``type``, or its kind): not a field, but a fact (``rdf:type``) a quote can state.
SUPPORTS_TYPE = "type"


@dataclass(frozen=True)
class Evidence:
    """A citation: a source, the lines used (for a file) and a short verbatim quote."""

    source: str
    quote: str
    line_start: int = 0
    line_end: int = 0
    #: Field names (``field``) or single values (``field=value``) this evidence supports: what
    #: its quote states, and nothing else.
    supports: tuple[str, ...] = ()
    #: Line of the evidence entry in its records file.
    at: int = 0

    @property
    def lines(self) -> str:
        if not self.line_start:
            return ""
        if self.line_end == self.line_start:
            return str(self.line_start)
        return f"{self.line_start}-{self.line_end}"

    def key(self, subject: str) -> str:
        """A short stable hash, so that citation IRIs survive reordering of the file."""
        raw = "\x1f".join([subject, self.source, self.lines, self.quote, ",".join(self.supports)])
        return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:12]

    def names_field(self, name: str) -> bool:
        """Whether ``supports`` names the field, or some of its values."""
        return any(s.split("=", 1)[0] == name for s in self.supports)

    def names_value(self, name: str, value: object) -> bool:
        """Whether ``supports`` names this value of the field: ``label`` (the field: a
        single-valued field has one value), or ``alt_labels=GA`` (that value only)."""
        return name in self.supports or f"{name}={value}" in self.supports

    def supports_field(self, name: str) -> bool:
        """Whether this evidence supports the field (all of it, or some of its values)."""
        return self.names_field(name)

    def supports_value(self, name: str, value: object) -> bool:
        """Whether this evidence supports this value of the field."""
        return self.names_value(name, value)


@dataclass(frozen=True)
class Claim:
    """One value of a contested field, with its own evidence and a rank."""

    value: Value | Ref
    rank: str
    evidence: tuple[Evidence, ...]
    reason: str = ""
    at: int = 0


@dataclass(frozen=True)
class FieldValue:
    name: str
    at: int
    values: tuple[Value | Ref, ...] = ()
    claims: tuple[Claim, ...] = ()

    def asserted(self) -> tuple[Value | Ref, ...]:
        """The values igkg asserts: the plain values, or the best-ranked claims."""
        if not self.claims:
            return self.values
        preferred = [c.value for c in self.claims if c.rank == "preferred"]
        if preferred:
            return tuple(preferred)
        return tuple(c.value for c in self.claims if c.rank == "normal")


@dataclass
class Record:
    kind: str
    id: str
    path: str
    at: int
    type: str = ""
    fields: dict[str, FieldValue] = field(default_factory=dict)
    evidence: tuple[Evidence, ...] = ()

    def get(self, name: str) -> tuple[Value | Ref, ...]:
        fv = self.fields.get(name)
        return fv.asserted() if fv else ()

    def first(self, name: str) -> Value | Ref | None:
        values = self.get(name)
        return values[0] if values else None


@dataclass
class RecordSet:
    """All records of a run, by id, in a stable order."""

    records: dict[str, Record] = field(default_factory=dict)

    def of_kind(self, kind: str) -> list[Record]:
        return [r for r in self.sorted() if r.kind == kind]

    def sorted(self) -> list[Record]:
        return [self.records[k] for k in sorted(self.records)]

    def __getitem__(self, rid: str) -> Record:
        return self.records[rid]

    def __contains__(self, rid: object) -> bool:
        return rid in self.records

    def __len__(self) -> int:
        return len(self.records)
