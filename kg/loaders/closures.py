"""Closures the build materialises so that a canned query is bound by its answer, not the graph.

Each rule is a pure function of small tuples, so that the build (kg/loaders/derive.py, from the
records) and the synthetic generator (benchmarks/synthetic/closures.py) compute the same derived
triples with the same code. Rules:

- ``igkg:lineageHeadOf`` (mandate → body, office or instrument): the mandate is a *root* of the
  thing (the thing issued it, it rests on the thing, or on a paragraph of it) and no mandate it
  descends from (``igkg:upstream``, transitively) is a root of the same thing. Every mandate
  downstream of a root of X is downstream of a head of X (follow the roots of X upwards: a DAG
  has a topmost one), so ``mandated-by`` walks ``upstream*`` from the heads alone and finds the
  same mandates; a hub (the General Assembly, issuer of a root in every chain) has one head
  instead of thousands of roots whose walks overlap. Linear in the mandates: at most one triple
  per root, where the full closure (every mandate to every thing above it) grows with the square
  of the chains' depth.
- ``igkg:attestedDates`` (membership → text): the dates the sources show the holding in effect,
  over every membership of the same holder, role, post and start/end dates in the same body,
  distinct, sorted, joined by ", " (what ``office-holders`` shows as ``attested``).
- ``igkg:heldIn`` (membership → body): each body the membership is in or one of whose posts it
  holds, so that ``office-holders`` starts from the body with one pattern (the alternative of the
  two paths made Virtuoso 7.2.5 drop the post of a holding found through its post). At most one
  triple per membership and body.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class MandateLinks:
    """What the lineage rule reads of a mandate: its id, the mandates it renews or was given
    pursuant to, and the things it is a root of (issuer, authority, the authority's instrument)."""

    mandate: str
    upstream: tuple[str, ...]
    roots_of: tuple[str, ...]


class LineageHeads:
    """The lineage-head rule, mandate by mandate: each must come after every mandate upstream of it
    (one it names but was never given counts as absent, as it has no roots)."""

    def __init__(self) -> None:
        self._upstream: dict[str, tuple[str, ...]] = {}
        self._roots: dict[str, set[str]] = {}

    def add(self, links: MandateLinks) -> list[str]:
        """The things ``links.mandate`` heads the lineage of, sorted."""
        heads = []
        for thing in sorted(set(links.roots_of)):
            roots = self._roots.setdefault(thing, set())
            # With no earlier root of the thing, no ancestor can be one (ancestors come first):
            # the usual case, and no walk.
            if not roots or not self._reaches(links.upstream, roots):
                heads.append(thing)
            roots.add(links.mandate)
        self._upstream[links.mandate] = links.upstream
        return heads

    def _reaches(self, start: tuple[str, ...], targets: set[str]) -> bool:
        """Whether walking upstream from ``start`` meets one of ``targets``."""
        seen: set[str] = set()
        todo = list(start)
        while todo:
            node = todo.pop()
            if node in targets:
                return True
            if node not in seen:
                seen.add(node)
                todo.extend(self._upstream.get(node, ()))
        return False


def upstream_first(mandates: Iterable[MandateLinks]) -> Iterator[MandateLinks]:
    """The mandates in id order, each after the ones upstream of it (a cycle, which the build's
    check-mandate-cycle refuses, is cut where it is met)."""
    by_id = {m.mandate: m for m in mandates}
    met: set[str] = set()
    for first in sorted(by_id):
        if first in met:
            continue
        met.add(first)
        stack = [(first, iter(sorted(by_id[first].upstream)))]
        while stack:
            node, ups = stack[-1]
            # A mandate already met is done or on the stack (a cycle): not entered again.
            up = next((u for u in ups if u in by_id and u not in met), None)
            if up is None:
                stack.pop()
                yield by_id[node]
            else:
                met.add(up)
                stack.append((up, iter(sorted(by_id[up].upstream))))


def lineage_heads(mandates: Iterable[MandateLinks]) -> list[tuple[str, str]]:
    """(mandate, thing) for every lineage head (the rule in the module's docstring)."""
    rule = LineageHeads()
    return [(m.mandate, thing) for m in upstream_first(mandates) for thing in rule.add(m)]


@dataclass(frozen=True)
class Holding:
    """What the attested-dates rule reads of a membership; dates as their lexical forms with
    datatype, post and dates None where the record has none."""

    membership: str
    member: str
    role: str
    post: str | None
    start: tuple[str, str] | None
    end: tuple[str, str] | None
    bodies: tuple[str, ...]
    attested: tuple[str, ...]


def attested_dates(holdings: Iterable[Holding]) -> dict[str, str]:
    """membership → its attested dates text, for those whose holding has any in every body it is
    in; a membership in two bodies whose holdings there differ gets none (office-holders asks per
    body, and one literal cannot say two things)."""
    listed = list(holdings)
    groups: dict[tuple[object, ...], set[str]] = {}
    for h in listed:
        for body in set(h.bodies):
            groups.setdefault((body, h.member, h.role, h.post, h.start, h.end), set()).update(h.attested)
    out: dict[str, str] = {}
    for h in listed:
        texts = {", ".join(sorted(groups[(b, h.member, h.role, h.post, h.start, h.end)])) for b in set(h.bodies)}
        if len(texts) == 1 and "" not in texts:
            out[h.membership] = texts.pop()
    return out


def held_in(holdings: Iterable[Holding]) -> list[tuple[str, str]]:
    """(membership, body) for every body a membership is in or holds a post of, sorted."""
    return sorted({(h.membership, body) for h in holdings for body in h.bodies})
