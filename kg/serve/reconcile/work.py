"""The reconciliation service's side in a query worker: the index, built on first use and kept.

A worker serves one build's read-only store for its whole life, so the index it builds once is
never stale; a new build gets new workers, and with them a new index.
"""

from __future__ import annotations

from typing import Any

from kg.engines.oxigraph import OxigraphView
from kg.serve.reconcile.index import Index, build_index
from kg.serve.reconcile.score import Query, candidates, describe, suggest_entities, suggest_types, types_of

_cache: dict[int, Index] = {}


def _index(view: OxigraphView) -> Index:
    key = id(view)
    if key not in _cache:
        _cache.clear()
        _cache[key] = build_index(view)
    return _cache[key]


def run(view: OxigraphView, op: str, args: dict[str, Any]) -> Any:
    """Answer one reconciliation operation as plain data (the server turns it into JSON or HTML).

    - ``match``: ``{"queries": [(key, Query), …]}`` → ``{key: {"result": [candidate, …]}}``;
    - ``suggest_entity``: ``{"prefix", "types", "cursor", "size"}`` → a list of suggestions;
    - ``suggest_type``: ``{"prefix"}`` → a list of types;
    - ``preview``: ``{"id"}`` → the thing's names and types, or None when there is no such thing.
    """
    index = _index(view)
    if op == "match":
        queries: list[tuple[str, Query]] = args["queries"]
        return {key: {"result": candidates(index, query)} for key, query in queries}
    if op == "suggest_entity":
        return suggest_entities(index, args["prefix"], tuple(args["types"]), args["cursor"], args["size"])
    if op == "suggest_type":
        return suggest_types(index, args["prefix"])
    if op == "preview":
        entry = index.entries.get(args["id"])
        if entry is None:
            return None
        return {
            "id": entry.slug,
            "name": entry.name,
            "aliases": entry.aliases,
            "symbols": entry.symbols,
            "types": [t["name"] for t in types_of(index, entry)],
            "description": describe(index, entry),
        }
    raise ValueError(f"no reconciliation operation {op!r}")
