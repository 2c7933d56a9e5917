"""The things people look for, by kind: what search and browsing read (runs in a query worker).

The index is read once per worker from the read-only store it opened (a worker never sees a
different build), so a search is a scan of a few hundred names in memory, never a query per
keystroke. Only the kinds people ask about are listed; the nodes that hang under them (citations,
turns, mentions, positions) are reached from their pages.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.core import settings
from kg.engines.base import View
from kg.query.run import run_sparql

_PREFIXES = (
    "PREFIX igkg: <https://w3id.org/igkg/ontology#>\n"
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
)

#: (name in URLs, heading, the pattern that selects ?s) in the order pages show them.
KINDS: tuple[tuple[str, str, str], ...] = (
    ("bodies", "Bodies", "?s a/rdfs:subClassOf* igkg:Body FILTER NOT EXISTS { ?s a igkg:Delegation }"),
    ("instruments", "Instruments", "?s a/rdfs:subClassOf* igkg:Instrument"),
    ("mandates", "Mandates", "?s a igkg:Mandate"),
    ("people", "People", "?s a igkg:Person"),
    ("meetings", "Meetings", "?s a igkg:Meeting"),
    ("delegations", "Delegations", "?s a igkg:Delegation"),
)
KIND_NAMES = {name: heading for name, heading, _ in KINDS}
#: What one thing of each kind is called (a search result's tag).
KIND_SINGULAR = {
    "bodies": "body",
    "instruments": "instrument",
    "mandates": "mandate",
    "people": "person",
    "meetings": "meeting",
    "delegations": "delegation",
}
_ORDER = {name: i for i, (name, _, _) in enumerate(KINDS)}


@dataclass
class Thing:
    """One thing as search and browsing show it."""

    slug: str
    label: str
    kind: str
    aliases: list[str] = field(default_factory=list)
    date: str = ""

    def as_dict(self) -> dict[str, object]:
        return {"slug": self.slug, "label": self.label, "kind": self.kind, "aliases": self.aliases, "date": self.date}


class _Cache:
    things: list[Thing] | None = None


def things(view: View) -> list[Thing]:
    """Every listed thing, by kind in :data:`KINDS` order, then by date (meetings) and label."""
    if _Cache.things is not None:
        return _Cache.things
    found: dict[str, Thing] = {}
    for name, _, pattern in KINDS:
        query = (
            _PREFIXES + "SELECT ?s (SAMPLE(?l) AS ?label) (SAMPLE(?d) AS ?date) WHERE { " + pattern + " "
            'FILTER(STRSTARTS(STR(?s), "' + settings.ID_BASE + '")) '
            "OPTIONAL { ?s rdfs:label ?l } OPTIONAL { ?s igkg:startDate ?d } } GROUP BY ?s"
        )
        for row in run_sparql(view, query).dicts():
            slug = row["s"][len(settings.ID_BASE) :]
            # A thing of two kinds (a body that is also a delegation) is listed under the first.
            found.setdefault(slug, Thing(slug, row.get("label", slug), name, date=row.get("date", "")))
    aliases = (
        _PREFIXES + "SELECT ?s ?a WHERE { { ?s skos:altLabel ?a } UNION { ?s igkg:symbol ?a } "
        'FILTER(STRSTARTS(STR(?s), "' + settings.ID_BASE + '")) }'
    )
    for row in run_sparql(view, aliases).dicts():
        thing = found.get(row["s"][len(settings.ID_BASE) :])
        if thing is not None and row["a"] not in thing.aliases and row["a"] != thing.label:
            thing.aliases.append(row["a"])
    _Cache.things = sorted(found.values(), key=lambda t: (_ORDER[t.kind], t.date, t.label.casefold()))
    return _Cache.things


def counts(view: View) -> list[dict[str, object]]:
    """Each kind with how many things it has (kinds with none left out)."""
    listed = things(view)
    out = []
    for name, heading, _ in KINDS:
        n = sum(1 for t in listed if t.kind == name)
        if n:
            out.append({"kind": name, "heading": heading, "count": n})
    return out


def of_kind(view: View, kind: str) -> list[dict[str, object]]:
    """The things of one kind (empty for a kind that is not listed)."""
    return [t.as_dict() for t in things(view) if t.kind == kind]


def _score(thing: Thing, words: list[str]) -> int:
    """How well ``thing`` matches every word of the query (0: not at all). An exact name beats a
    name that starts with the query, which beats one with a word that does; the label beats an
    alias or symbol at each tier."""
    names = [thing.label.casefold(), *(a.casefold() for a in thing.aliases), thing.slug]
    if not all(any(word in n for n in names) for word in words):
        return 0
    phrase = " ".join(words)
    best = 1
    for i, n in enumerate(names):
        label = 1 if i == 0 else 0
        if n == phrase:
            tier = 3
        elif n.startswith(phrase):
            tier = 2
        elif any(part.startswith(phrase) for part in n.split()):
            tier = 1
        else:
            continue
        best = max(best, 10 * tier + 5 * label + 2)
    return best


def search(view: View, query: str, limit: int = 10) -> list[dict[str, object]]:
    """Things whose label, alias, symbol or slug holds every word of ``query``, best first."""
    words = query.casefold().split()[:8]
    if not words:
        return []
    scored = [(s, t) for t in things(view) if (s := _score(t, words))]
    # Equally good matches: by kind, then in time (meetings), then by name.
    scored.sort(key=lambda st: (-st[0], _ORDER[st[1].kind], st[1].date, st[1].label.casefold()))
    return [t.as_dict() for _, t in scored[: max(1, min(limit, 100))]]
