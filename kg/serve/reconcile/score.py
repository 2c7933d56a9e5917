"""Candidates for one reconciliation query: scores (0–100) and the match decision.

Scoring, per candidate (the README's "Reconciliation (OpenRefine)" section says the same):

- name score N: the best :func:`kg.serve.reconcile.text.similarity` of the query against the
  thing's label, aliases and symbols (100 for an exact normalised match; the thing's own id, its
  slug or full IRI, also counts as exact);
- property score P (0–1), when the query gives properties: per property, the best similarity of
  the given values to the thing's values, divided by 100; P is the mean over the properties;
- score = N without properties, 0.75·N + 25·P with a query and properties, 100·P with properties only.

A thing is a candidate when its score is at least :data:`MIN_SCORE`. ``match`` is true only when the
thing's name matches the query exactly, no other thing of the same kind (within the query's types)
matches it exactly, and every property given matches exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kg.core import settings
from kg.serve.reconcile.index import Entry, Index
from kg.serve.reconcile.text import Name, normalise, similarity

MIN_SCORE = 55.0

#: The properties a query may give (``pid``), by id, with their names and what they compare.
PROPERTIES = {
    "symbol": ("document symbol", "the official document symbol of an instrument, such as A/RES/65/141"),
    "label": ("label", "the English name"),
    "altLabel": ("alias", "an acronym or other name, such as ECOSOC"),
}


@dataclass(frozen=True)
class Query:
    """One reconciliation query, already checked (:mod:`kg.serve.reconcile.requests`)."""

    text: str  # may be "" when properties are given
    types: tuple[str, ...]  # local names of ontology classes; empty: any kind
    type_strict: str  # "any", "should" (as "any") or "all"
    limit: int
    properties: tuple[tuple[str, tuple[str, ...]], ...]  # (pid, values as strings)


def _values(entry: Entry, pid: str) -> list[Name]:
    if pid == "symbol":
        return [n for n in entry.names if n.kind == "symbol"]
    if pid == "label":
        return [n for n in entry.names if n.kind == "label"]
    return [n for n in entry.names if n.kind == "alias"]


def _in_types(entry: Entry, query: Query) -> bool:
    if not query.types:
        return True
    if query.type_strict == "all":
        return all(t in entry.classes for t in query.types)
    return any(t in entry.classes for t in query.types)


def _name_score(entry: Entry, query: Name) -> float:
    if query.text in (entry.slug, settings.ID_BASE + entry.slug):
        return 100.0
    return max((similarity(query, name) for name in entry.names), default=0.0)


def _property_score(entry: Entry, query: Query) -> tuple[float, bool]:
    """The mean best similarity (0–1) of the given property values, and whether all were exact."""
    if not query.properties:
        return 1.0, True
    total, exact = 0.0, True
    for pid, values in query.properties:
        own = _values(entry, pid)
        best = max((similarity(Name(v, "query"), n) for v in values for n in own), default=0.0)
        total += best / 100
        exact = exact and best == 100.0
    return total / len(query.properties), exact


def candidates(index: Index, query: Query) -> list[dict[str, Any]]:
    """The candidates for ``query``, best first, at most ``query.limit``."""
    asked = Name(query.text, "query")
    scored: list[tuple[float, bool, Entry]] = []
    for entry in index.entries.values():
        if not _in_types(entry, query):
            continue
        name_score = _name_score(entry, asked) if query.text else 0.0
        prop_score, props_exact = _property_score(entry, query)
        if not query.text:
            score = 100 * prop_score
        elif query.properties:
            score = 0.75 * name_score + 25 * prop_score
        else:
            score = name_score
        if score >= MIN_SCORE:
            name_exact = name_score == 100.0 if query.text else True
            scored.append((score, name_exact and props_exact, entry))
    scored.sort(key=lambda c: (-c[0], c[2].name, c[2].slug))
    exact_kinds = [kind for _, exact, entry in scored if exact for kind in entry.kinds]
    out = []
    for score, exact, entry in scored[: query.limit]:
        unique = exact and all(exact_kinds.count(kind) == 1 for kind in entry.kinds)
        out.append(_candidate(index, entry, score, unique, query))
    return out


def _candidate(index: Index, entry: Entry, score: float, match: bool, query: Query) -> dict[str, Any]:
    result: dict[str, Any] = {
        "id": entry.slug,
        "name": entry.name,
        "type": types_of(index, entry),
        "score": round(score, 2),
        "match": match,
        "features": [{"id": "name", "value": round(_name_score(entry, Name(query.text, "q")), 2)}]
        if query.text
        else [],
    }
    description = describe(index, entry)
    if description:
        result["description"] = description
    return result


def types_of(index: Index, entry: Entry) -> list[dict[str, str]]:
    """The thing's kind first, then the classes it is typed with (as the protocol's type objects)."""
    ordered = sorted(entry.kinds) + sorted(entry.asserted - entry.kinds)
    return [{"id": t, "name": index.type_name(t)} for t in ordered]


def describe(index: Index, entry: Entry) -> str:
    """A line that tells namesakes apart: its most specific class, symbols and aliases."""
    parts = [index.type_name(t) for t in sorted(entry.asserted)]
    parts += entry.symbols
    if entry.aliases:
        parts.append("also " + ", ".join(entry.aliases))
    return " · ".join(parts)


def suggest_entities(index: Index, prefix: str, types: tuple[str, ...], cursor: int, size: int) -> list[dict[str, Any]]:
    """Things whose name (label, alias, symbol) or id starts with ``prefix``, or has a word that
    does: exact names first, then whole-name prefixes, then word prefixes; shorter names first."""
    wanted = normalise(prefix)
    if not wanted:
        return []
    hits: list[tuple[int, int, str, Entry]] = []
    for entry in index.entries.values():
        if types and not any(t in entry.classes for t in types):
            continue
        found = _prefix_rank(entry, wanted, prefix.strip())
        if found is not None:
            hits.append((*found, entry.name, entry))
    hits.sort(key=lambda h: h[:3])
    return [
        {"id": e.slug, "name": e.name, "description": describe(index, e), "notable": types_of(index, e)}
        for *_, e in hits[cursor : cursor + size]
    ]


def _prefix_rank(entry: Entry, wanted: str, raw: str) -> tuple[int, int] | None:
    """(rank, length of the name that matched): 0 an exact name or the id, 1 a name that starts
    with the prefix, 2 the id that does, 3 a word of a name that does; None: no match."""
    if entry.slug == raw:
        return 0, len(raw)
    best: tuple[int, int] | None = (2, len(entry.slug)) if entry.slug.startswith(raw) else None
    for name in entry.names:
        if name.norm == wanted:
            rank = 0
        elif name.norm.startswith(wanted):
            rank = 1
        elif f" {wanted}" in f" {name.norm}":
            rank = 3
        else:
            continue
        if best is None or (rank, len(name.norm)) < best:
            best = (rank, len(name.norm))
    return best


def suggest_types(index: Index, prefix: str) -> list[dict[str, str]]:
    wanted = normalise(prefix)
    return [
        {"id": local, "name": label}
        for local, label in sorted(index.class_labels.items())
        if not wanted
        or normalise(label).startswith(wanted)
        or normalise(local).startswith(wanted)
        or any(w.startswith(wanted) for w in normalise(label).split())
    ]
