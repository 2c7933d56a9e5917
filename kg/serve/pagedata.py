"""What the entity and meeting pages show beyond a thing's own triples (runs in a query worker).

Each function reads a bounded amount of data about one thing and returns plain values the
templates lay out; none of them renders text or builds links (the server does, from its base URL).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from kg.core import settings
from kg.engines.base import View
from kg.query.run import run_sparql

_PREFIXES = (
    "PREFIX igkg: <https://w3id.org/igkg/ontology#>\n"
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
    "PREFIX dcterms: <http://purl.org/dc/terms/>\n"
)
_ONTOLOGY = settings.ONTOLOGY_NS


def _slug(iri: str) -> str:
    return iri[len(settings.ID_BASE) :] if iri.startswith(settings.ID_BASE) else ""


def _source_name(iri: str) -> str:
    return iri[len(settings.SOURCE_BASE) :] if iri.startswith(settings.SOURCE_BASE) else ""


def evidence(view: View, iri: str) -> dict[str, dict[str, str]]:
    """The citations of ``iri`` (``igkg:evidence``) by IRI: quote, source name and title, lines."""
    query = _PREFIXES + (
        "SELECT ?c ?quote ?src ?title ?from ?to WHERE { <" + iri + "> igkg:evidence ?c . "
        "OPTIONAL { ?c igkg:quote ?quote } "
        "OPTIONAL { ?c igkg:inSource ?src OPTIONAL { ?src dcterms:title|rdfs:label ?title } } "
        "OPTIONAL { ?c igkg:lineStart ?from } OPTIONAL { ?c igkg:lineEnd ?to } }"
    )
    out: dict[str, dict[str, str]] = {}
    for row in run_sparql(view, query).dicts():
        start, end = row.get("from", ""), row.get("to", "")
        lines = start if not end or end == start else f"{start}–{end}"
        out.setdefault(
            row["c"],
            {
                "quote": row.get("quote", ""),
                "source": _source_name(row.get("src", "")),
                "title": row.get("title", ""),
                "line": start,
                "lines": lines,
            },
        )
    return out


def known_sources(view: View, names: list[str]) -> dict[str, str]:
    """Which of ``names`` are sources with a page, with their titles (the build's "derived"
    graph is no source: the facts in it are inferred, and have no page to link to)."""
    iris = [f"<{settings.SOURCE_BASE}{n}>" for n in names if n and not set(n) & set(' <>"{}|^`\\')]
    if not iris:
        return {}
    query = _PREFIXES + (
        "SELECT ?s (SAMPLE(?t) AS ?title) WHERE { VALUES ?s { " + " ".join(iris) + " } ?s ?p ?o "
        "OPTIONAL { ?s dcterms:title ?t } } GROUP BY ?s"
    )
    return {_source_name(r["s"]): r.get("title", "") for r in run_sparql(view, query).dicts()}


def mentions(view: View, iri: str) -> dict[str, Any]:
    """How often ``iri`` is mentioned in meeting records: the total and, per meeting, the count."""
    query = _PREFIXES + (
        "SELECT ?meeting (SAMPLE(?l) AS ?label) (SAMPLE(?d) AS ?date) (COUNT(DISTINCT ?m) AS ?n) WHERE { "
        "?m igkg:mentionOf <" + iri + "> ; igkg:inMeeting ?meeting . "
        "OPTIONAL { ?meeting rdfs:label ?l } OPTIONAL { ?meeting igkg:startDate ?d } } GROUP BY ?meeting"
    )
    rows = sorted(run_sparql(view, query).dicts(), key=lambda r: (r.get("date", ""), r.get("label", "")))
    meetings = [
        {"iri": r["meeting"], "label": r.get("label", ""), "date": r.get("date", ""), "count": int(r["n"])}
        for r in rows
    ]
    return {"total": sum(int(r["n"]) for r in rows), "meetings": meetings}


def inbound(view: View, iri: str, limit: int = 500) -> dict[str, Any]:
    """What points at ``iri`` (mentions and citations aside), grouped by the kind of the thing
    that points and the property, each group sorted (by date, then label)."""
    query = _PREFIXES + (
        "SELECT ?s ?p ?pl ?t ?tl ?l ?d WHERE { ?s ?p <" + iri + "> FILTER(isIRI(?s)) "
        "FILTER(?p NOT IN (igkg:mentionOf, igkg:supportsValue)) "
        "OPTIONAL { ?s a ?t OPTIONAL { ?t rdfs:label ?tl } } OPTIONAL { ?p rdfs:label ?pl } "
        "OPTIONAL { ?s rdfs:label ?l } OPTIONAL { ?s igkg:startDate ?d } } LIMIT " + str(limit * 4)
    )
    subjects: dict[tuple[str, str], dict[str, str]] = {}
    kinds: dict[str, set[str]] = defaultdict(set)
    for row in run_sparql(view, query).dicts():
        key = (row["s"], row["p"])
        item = subjects.setdefault(
            key, {"iri": row["s"], "label": row.get("l", ""), "date": row.get("d", ""), "property": row.get("pl", "")}
        )
        if not item["property"]:
            item["property"] = row["p"].rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        if "t" in row:
            kinds[row["s"]].add(row.get("tl") or row["t"].rsplit("#", 1)[-1])
    groups: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
    for (subject, _), item in subjects.items():
        # A thing of several classes is listed once, under the first of their names (stable).
        kind = min(kinds.get(subject) or {"thing"})
        groups[(kind, item["property"])].append(item)
    out: list[dict[str, Any]] = []
    for (kind, prop), items in sorted(groups.items(), key=lambda kv: (kv[0][0].casefold(), kv[0][1])):
        items.sort(key=lambda i: (i["date"], i["label"].casefold(), i["iri"]))
        out.append({"kind": kind, "property": prop, "count": len(items), "items": items[:limit]})
    return {"groups": out, "truncated": any(g["count"] > limit for g in out)}
