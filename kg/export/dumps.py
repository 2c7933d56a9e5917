"""Deterministic serialisations of the data graphs.

Same quads, same bytes, whatever the hash seed (brief, "Determinism"): every format is written
from quads in sorted order by pyoxigraph's own writers, except JSON-LD, which rdflib compacts with
the project's context and which is then re-ordered (nodes by @id, keys and set values sorted).
The context is embedded, not referenced by URL, so that reading a dump never fetches anything.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import Quad, RdfFormat, Triple, serialize

from kg.core import settings
from kg.core.prefixes import PREFIXES  # the one prefix table, also predeclared in every query
from kg.core.quads import QuadSet

#: The prefixes to try when compacting an IRI: the longest namespace first, so that the most
#: specific prefix wins where one namespace starts with another.
_LONGEST_NAMESPACE_FIRST = sorted(PREFIXES.items(), key=lambda kv: -len(kv[1]))


def compact_iri(iri: str) -> str:
    """``prefix:local`` for an IRI in one of the export namespaces, else the IRI unchanged.

    >>> compact_iri("https://w3id.org/igkg/id/igf")
    'id:igf'
    >>> compact_iri("https://example.org/x")
    'https://example.org/x'
    """
    for prefix, namespace in _LONGEST_NAMESPACE_FIRST:
        if iri.startswith(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


def serialize_bytes(
    statements: Iterable[Triple] | Iterable[Quad], fmt: RdfFormat, prefixes: dict[str, str] | None = None
) -> bytes:
    """pyoxigraph's ``serialize`` into memory, which always returns the bytes when given no output."""
    data = serialize(statements, format=fmt, prefixes=prefixes)
    assert data is not None  # only a call with an output file returns None
    return data


@dataclass(frozen=True)
class Format:
    name: str
    extension: str
    media_type: str
    write: Callable[[QuadSet], bytes]
    #: Whether the format keeps the named graphs (the provenance) or gives the merged view.
    keeps_graphs: bool


def _turtle(quads: QuadSet) -> bytes:
    return serialize_bytes([q.triple for q in quads.triples()], RdfFormat.TURTLE, PREFIXES)


def _rdfxml(quads: QuadSet) -> bytes:
    return serialize_bytes([q.triple for q in quads.triples()], RdfFormat.RDF_XML, PREFIXES)


def _trig(quads: QuadSet) -> bytes:
    return serialize_bytes(quads.sorted(), RdfFormat.TRIG, PREFIXES)


def load_context(path: Path | None = None) -> dict[str, object]:
    data = json.loads((path or settings.context_file()).read_text(encoding="utf-8"))
    context = data["@context"]
    assert isinstance(context, dict)
    return context


def sort_json(value: object) -> object:
    """JSON with keys and set-like arrays in a fixed order (deterministic output)."""
    if isinstance(value, dict):
        return {k: sort_json(value[k]) for k in sorted(value)}
    if isinstance(value, list):
        items = [sort_json(v) for v in value]
        # JSON-LD arrays are sets unless declared @list; igkg declares none.
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def _jsonld(quads: QuadSet) -> bytes:
    context = load_context()
    graph = quads.to_rdflib()
    raw = graph.serialize(format="json-ld", context=context, auto_compact=True)
    doc = json.loads(raw)
    nodes = doc.get("@graph", [] if "@id" not in doc else [{k: v for k, v in doc.items() if k != "@context"}])
    nodes = [sort_json(n) for n in nodes]
    nodes.sort(key=lambda n: str(n.get("@id", "")))
    out = {"@context": context, "@graph": nodes}
    return (json.dumps(out, indent=1, ensure_ascii=False) + "\n").encode("utf-8")


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("turtle", "ttl", "text/turtle", _turtle, keeps_graphs=False),
        Format("jsonld", "jsonld", "application/ld+json", _jsonld, keeps_graphs=False),
        Format("trig", "trig", "application/trig", _trig, keeps_graphs=True),
        Format("nquads", "nq", "application/n-quads", QuadSet.nquads, keeps_graphs=True),
        Format("ntriples", "nt", "application/n-triples", QuadSet.ntriples, keeps_graphs=False),
        # Not a dump of the build: for clients that read only RDF/XML (OWL tools, SPARQLWrapper's default).
        Format("rdfxml", "rdf", "application/rdf+xml", _rdfxml, keeps_graphs=False),
    )
}


def format_for_path(path: Path) -> Format | None:
    suffix = path.suffix.lstrip(".").lower()
    aliases = {"json": "jsonld", "nq": "nquads", "nt": "ntriples", "ttl": "turtle"}
    name = aliases.get(suffix, suffix)
    return FORMATS.get(name)
