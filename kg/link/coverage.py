"""How many things of each kind the accepted mappings link, and to which external graphs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kg.link.tables import REVIEWED, load_or_empty
from kg.link.undocs import symbols_without_address
from kg.records.model import RecordSet

MAIN_BODIES = ("ga", "ecosoc", "cstd", "igf", "mag", "ungis")
KINDS = ("bodies", "instruments", "people")

#: The external graph each object prefix belongs to, in the order the report lists them.
GRAPHS = {
    "wikidata": "Wikidata",
    "wikipedia": "Wikipedia",
    "dbpedia": "DBpedia",
    "undl": "UN Digital Library",
    "undocsorg": "UN documents",
    "undocs": "UN documents",
    "itu": "ITU WSIS documents",
    "ituwsis": "ITU WSIS documents",
}
GRAPH_ORDER = tuple(dict.fromkeys(GRAPHS.values()))
#: The graphs that hold documents (a document address, not an item about the thing).
DOCUMENT_GRAPHS = ("UN Digital Library", "UN documents", "ITU WSIS documents")


def graph_of(object_id: str) -> str:
    """The external graph of a mapped object, by its CURIE prefix (the prefix itself if unknown)."""
    prefix = object_id.split(":", 1)[0]
    return GRAPHS.get(prefix, prefix)


def coverage_report(records: RecordSet, table_file: Path) -> dict[str, Any]:
    """Per kind, how many things there are, how many are linked, and how many to each graph;
    what each main body links to, graph by graph; the symbols with no document address yet;
    the table's row counts."""
    table = load_or_empty(table_file, REVIEWED)
    by_subject: dict[str, set[str]] = {}
    for mapping in table.accepted():
        by_subject.setdefault(mapping.subject_id.split(":", 1)[1], set()).add(mapping.object_id)
    kinds = {kind: _counts([r.id for r in records.of_kind(kind)], by_subject) for kind in KINDS}
    graphs = {slug: _by_graph(by_subject.get(slug, set())) for slug in MAIN_BODIES}
    return {
        "kinds": kinds,
        "main_bodies": {slug: ", ".join(sorted(by_subject.get(slug, set()))) for slug in MAIN_BODIES},
        "main_body_graphs": graphs,
        "main_bodies_unlinked": [slug for slug, found in graphs.items() if not found],
        "symbols_without_address": [list(pair) for pair in symbols_without_address(records, table_file)],
        "rows": len(table.rows),
        "accepted": len(table.accepted()),
    }


def _by_graph(objects: set[str]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for object_id in sorted(objects):
        found.setdefault(graph_of(object_id), []).append(object_id)
    return {graph: found[graph] for graph in sorted(found, key=_graph_rank)}


def _graph_rank(graph: str) -> tuple[int, str]:
    return (GRAPH_ORDER.index(graph) if graph in GRAPH_ORDER else len(GRAPH_ORDER), graph)


def _counts(things: list[str], by_subject: dict[str, set[str]]) -> dict[str, Any]:
    linked = [{graph_of(o) for o in by_subject[t]} for t in things if t in by_subject]
    per_graph = {graph: sum(1 for graphs in linked if graph in graphs) for graph in GRAPH_ORDER}
    return {
        "things": len(things),
        "linked": len(linked),
        "wikidata": per_graph["Wikidata"],
        "documents": sum(1 for graphs in linked if graphs & set(DOCUMENT_GRAPHS)),
        "graphs": {graph: n for graph, n in per_graph.items() if n},
    }
