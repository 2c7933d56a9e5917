"""The one prefix table: the prefixes every SPARQL query may use undeclared (the command line,
the HTTP endpoint, the Python API, the query page) and those the dumps are written with.

A query's own ``PREFIX`` declaration of a name wins over the table's, as it would in any engine;
the table only gives meaning to names that would otherwise be an error, so predeclaring never
changes the answer of a query that parses without it.
"""

from __future__ import annotations

from kg.core import settings

__all__ = ["PREFIXES", "prologue"]

PREFIXES: dict[str, str] = {
    "igkg": settings.ONTOLOGY_NS,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "org": "http://www.w3.org/ns/org#",
    "id": settings.ID_BASE,
    "src": settings.SOURCE_BASE,
}


def prologue(names: set[str] | frozenset[str]) -> str:
    """``PREFIX`` declarations of the table's ``names``, on one line, for an engine that cannot be
    given the table beside the text (a remote endpoint, rdflib).

    >>> prologue({"rdfs"})
    'PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>'
    """
    return " ".join(f"PREFIX {name}: <{PREFIXES[name]}>" for name in sorted(names) if name in PREFIXES)
