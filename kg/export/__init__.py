"""Writing the graph and query answers out, in the standard formats.

- :mod:`kg.export.dumps`: the deterministic dumps (Turtle, JSON-LD, TriG, N-Quads, N-Triples),
  the export prefixes and :func:`compact_iri`;
- :mod:`kg.export.results`: query results as a table for people, CSV/TSV, SPARQL JSON and XML;
- :mod:`kg.export.description`: the dataset description (VoID, DCAT, SPARQL service description);
- :mod:`kg.export.ontodoc`: the ontology's HTML page (pyLODE).

Only the dumps' and results' names are re-exported, and only when first used
(:mod:`kg.core.lazy`): the query's child process imports this package for its limits, and must
not pay for rdflib, the description or pyLODE's page maker.
"""

from typing import TYPE_CHECKING

from kg.core.lazy import lazy_exports

if TYPE_CHECKING:
    from kg.export.dumps import FORMATS, PREFIXES, Format, compact_iri, format_for_path, serialize_bytes
    from kg.export.jsonorder import sort_json
    from kg.export.results import RESULT_FORMATS, compact, render, to_csv, to_json, to_table, to_xml

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

__getattr__ = lazy_exports(
    __name__,
    {
        **dict.fromkeys(
            ["FORMATS", "PREFIXES", "Format", "compact_iri", "format_for_path", "serialize_bytes"],
            "kg.export.dumps",
        ),
        "sort_json": "kg.export.jsonorder",
        **dict.fromkeys(
            ["RESULT_FORMATS", "compact", "render", "to_csv", "to_json", "to_table", "to_xml"], "kg.export.results"
        ),
    },
)
