"""Writing: a quad as an N-Quads line into a sink, a record's facts with their provenance
(named graphs and ``igkg:Citation`` nodes, each naming what it supports, as the build writes them),
and what earlier blocks left for later ones to cite.

Every random choice the generator makes goes through the writer's one ``random.Random``, in
generation order: that is what makes a seed give byte-identical output."""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import count

from benchmarks.synthetic.terms import DERIVED, MANY, RDF_TYPE, SRC, i, lit, p, typed
from kg.core.dates import PartialDate
from kg.loaders.closures import LineageHeads
from kg.records.model import FieldValue, Record, Ref

#: A fact of a record: predicate and object, as N-Triples terms.
Fact = tuple[str, str]


@dataclass(frozen=True)
class Source:
    """A source document: its name (``source/NAME``, also its graph) and whether it has lines."""

    name: str
    lines: bool

    @property
    def term(self) -> str:
        """The source's IRI as an N-Triples term: also the name of its graph."""
        return f"<{SRC}{self.name}>"


@dataclass
class Writer:
    """Formats quads as N-Quads lines into a sink and counts them."""

    sink: Callable[[str], object]
    rng: random.Random
    quads: int = 0
    _citations: Iterator[int] = field(default_factory=count)
    #: (mandatee, issuer) pairs already given ``mandatedBy`` in this block (mandatees are local
    #: to a block, so the set is cleared per block and stays small at any size).
    mandated: set[tuple[str, str]] = field(default_factory=set)
    #: What the block's mandates' lapse rule reads about other records (a mandatee's dissolution,
    #: the adoption of what fulfilled a mandate), as records; cleared per block like ``mandated``.
    known: dict[str, Record] = field(default_factory=dict)
    #: The lineage-head rule over every mandate written so far (kg/loaders/closures.py); kept for
    #: the whole run, since mandate chains cross blocks (benchmarks/synthetic/closures.py).
    heads: LineageHeads = field(default_factory=LineageHeads)

    def quad(self, s: str, pred: str, o: str, g: str) -> None:
        """One quad, as one N-Quads line."""
        self.sink(f"{s} {pred} {o} {g} .\n")
        self.quads += 1

    def derived(self, s: str, pred: str, o: str) -> None:
        """A fact of the derived graph, as the build's rules would add it."""
        self.quad(s, pred, o, DERIVED)

    def record(
        self,
        slug: str,
        facts: list[Fact],
        sources: list[Source],
        line: int = 1,
        supports: str | None = None,
    ) -> None:
        """A record's facts with their provenance: all facts in the first source's graph, a
        random part of them (always the type) in each further source's, and each source's
        evidence naming exactly the facts stated in its graph (``evidence``). ``supports``: a
        field the first source states in a quote of its own, on the next line (as curated
        records often give a date its own evidence entry)."""
        subject = i(slug)
        for n, source in enumerate(sources):
            stated = facts if n == 0 else [f for k, f in enumerate(facts) if k == 0 or self.rng.random() < 0.5]
            for pred, obj in stated:
                self.quad(subject, pred, obj, source.term)
            alone = [f for f in stated if n == 0 and supports is not None and f[0] == p(supports)]
            self.evidence(slug, source, line, [f for f in stated if f not in alone])
            if alone:
                self.evidence(slug, source, line + 1, alone)

    def evidence(self, slug: str, source: Source, line: int, facts: list[Fact]) -> None:
        """One evidence entry for ``facts`` as the build writes it (kg/loaders/records.py): a
        citation naming the single-valued fields (``igkg:supportsProperty``, ``rdf:type`` for
        the type only when it names no other field: curated entries seldom name it, and any
        entry supports it), and one per value of a field of several values (``field=value``:
        also ``igkg:supportsValue``), so that every fact has a citation that names it."""
        single = list(dict.fromkeys(pred for pred, _ in facts if pred not in MANY))
        if RDF_TYPE in single and len(single) > 1:
            single.remove(RDF_TYPE)
        if single:
            self.citation(slug, source, line, single)
        for pred, obj in facts:
            if pred in MANY:
                self.citation(slug, source, line, [pred], value=obj)

    def citation(self, slug: str, source: Source, line: int, supports: list[str], value: str | None = None) -> None:
        """An ``igkg:Citation`` node in the source's graph; IRIs are hashes as in the build.
        ``supports``: the predicates it names (none for a claim's citation, as in the build)."""
        key = hashlib.sha256(f"{slug}|{source.name}|{next(self._citations)}".encode()).hexdigest()[:12]
        node = i(f"{slug}/evidence/{key}")
        g = source.term
        self.quad(i(slug), p("evidence"), node, g)
        self.quad(node, RDF_TYPE, p("Citation"), g)
        self.quad(node, p("inSource"), g, g)
        self.quad(node, p("quote"), lit(f"as stated about {slug} on line {line}", None), g)
        if source.lines:
            self.quad(node, p("lineStart"), typed(line, "integer"), g)
            self.quad(node, p("lineEnd"), typed(line + self.rng.randint(0, 3), "integer"), g)
        for pred in supports:
            self.quad(node, p("supportsProperty"), pred, g)
        if value is not None:
            self.quad(node, p("supportsValue"), value, g)

    def know(self, kind: str, slug: str, **fields: str | PartialDate | None) -> Record:
        """Keep what the lapse rule reads about a record (``known``), as a record of ``kind``
        with these fields (None: not set); a string naming another record is given as ``Ref``."""
        values: dict[str, FieldValue] = {}
        for name, value in fields.items():
            if value is not None:
                ref = name in _REFS
                values[name] = FieldValue(name, 0, values=(Ref(value) if ref and isinstance(value, str) else value,))
        record = Record(kind=kind, id=slug, path="", at=0, fields=values)
        self.known[slug] = record
        return record


#: The fields ``Writer.know`` is given that name another record.
_REFS = {"issuer", "mandatee", "authority", "renews", "fulfilled_by", "of"}


@dataclass
class Pools:
    """Things earlier blocks made that later ones refer to (slugs only: small at any size)."""

    instruments: list[str] = field(default_factory=list)
    delegations: list[str] = field(default_factory=list)
    persons: list[str] = field(default_factory=list)
    organ_mandates: list[str] = field(default_factory=list)
