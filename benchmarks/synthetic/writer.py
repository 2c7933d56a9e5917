"""Writing: a quad as an N-Quads line into a sink, a record's facts with their provenance
(named graphs and ``igkg:Citation`` nodes), and what earlier blocks left for later ones to cite.

Every random choice the generator makes goes through the writer's one ``random.Random``, in
generation order: that is what makes a seed give byte-identical output."""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import count

from benchmarks.synthetic.terms import DERIVED, RDF_TYPE, SRC, i, lit, p, typed


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
        facts: list[tuple[str, str]],
        sources: list[Source],
        line: int = 1,
        supports: str | None = None,
    ) -> None:
        """A record's facts with their provenance: all facts in the first source's graph, a
        random part of them (always the type) in each further source's, and one citation per
        source (plus one supporting ``supports`` alone, as curated field citations do)."""
        subject = i(slug)
        for n, source in enumerate(sources):
            stated = facts if n == 0 else [f for k, f in enumerate(facts) if k == 0 or self.rng.random() < 0.5]
            for pred, obj in stated:
                self.quad(subject, pred, obj, source.term)
            self.citation(slug, source, line, None)
            if supports is not None and n == 0:
                self.citation(slug, source, line + 1, supports)

    def citation(self, slug: str, source: Source, line: int, supports: str | None) -> None:
        """An ``igkg:Citation`` node in the source's graph; IRIs are hashes as in the build."""
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
        if supports is not None:
            self.quad(node, p("supportsProperty"), p(supports), g)


@dataclass
class Pools:
    """Things earlier blocks made that later ones refer to (slugs only: small at any size)."""

    instruments: list[str] = field(default_factory=list)
    delegations: list[str] = field(default_factory=list)
    persons: list[str] = field(default_factory=list)
    organ_mandates: list[str] = field(default_factory=list)
