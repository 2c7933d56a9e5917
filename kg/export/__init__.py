"""Writing the graph and query answers out, in the standard formats.

- :mod:`kg.export.dumps`: the deterministic dumps (Turtle, JSON-LD, TriG, N-Quads, N-Triples),
  the export prefixes and :func:`compact_iri`;
- :mod:`kg.export.results`: query results as a table for people, CSV/TSV, SPARQL JSON and XML;
- :mod:`kg.export.description`: the dataset description (VoID, DCAT, SPARQL service description);
- :mod:`kg.export.ontodoc`: the ontology's HTML page (pyLODE).

Only the dumps' and results' names are re-exported: a one-line ``igkg query`` imports this
package for its writers, and must not pay for the description or for pyLODE's page maker.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kg.export.dumps import FORMATS, PREFIXES, Format, compact_iri, format_for_path, serialize_bytes, sort_json
    from kg.export.results import RESULT_FORMATS, compact, render, to_csv, to_json, to_table, to_xml

# Loaded on first use (PEP 562): the query's child process imports kg.export.limits and
# kg.export.streamed, and must not pay for rdflib, which the dumps' writers import.
_HOMES = {
    **dict.fromkeys(
        ["FORMATS", "PREFIXES", "Format", "compact_iri", "format_for_path", "serialize_bytes", "sort_json"],
        "kg.export.dumps",
    ),
    **dict.fromkeys(
        ["RESULT_FORMATS", "compact", "render", "to_csv", "to_json", "to_table", "to_xml"], "kg.export.results"
    ),
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(home), name)


__all__ = [
    "FORMATS",
    "PREFIXES",
    "RESULT_FORMATS",
    "Format",
    "compact",
    "compact_iri",
    "format_for_path",
    "render",
    "serialize_bytes",
    "sort_json",
    "to_csv",
    "to_json",
    "to_table",
    "to_xml",
]
