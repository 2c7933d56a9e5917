"""Deterministic serialisations of the data graphs.

Same quads, same bytes, whatever the hash seed (brief, "Determinism"): every format is written
from quads in sorted order by pyoxigraph's own writers, except JSON-LD, which rdflib compacts with
the project's context and which is then re-ordered (nodes by @id, keys and set values sorted).
The context is embedded, not referenced by URL, so that reading a dump never fetches anything.

Every format streams (kg/export/streaming.py, issue 18): ``Format.stream`` writes quads in any
order to a file with memory bounded by one external-sort chunk, whatever the graph's size;
``Format.write`` is the same writer into bytes, for small graphs (a page, a CONSTRUCT answer).
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Protocol

from pyoxigraph import Quad, RdfFormat, Triple, serialize

from kg.core import settings
from kg.core.prefixes import PREFIXES  # the one prefix table, also predeclared in every query
from kg.core.quads import QuadSet
from kg.export import streaming

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


class Writer(Protocol):
    """A streaming writer: quads in any order (repeats allowed) written to ``out``, sorting in
    ``tmp_dir`` (default: the system's temporary folder) when the graph exceeds one chunk;
    returns the number of distinct statements written (triples for a merged view)."""

    def __call__(
        self, quads: Iterable[Quad] | Iterable[Triple], out: IO[bytes], tmp_dir: Path | None = None
    ) -> int: ...


@dataclass(frozen=True)
class Format:
    name: str
    extension: str
    media_type: str
    stream: Writer
    #: Whether the format keeps the named graphs (the provenance) or gives the merged view.
    keeps_graphs: bool

    def write(self, quads: QuadSet | Iterable[Quad] | Iterable[Triple]) -> bytes:
        """The dump as bytes (the whole output in memory: for small graphs; a build or an
        export to a file uses :attr:`stream`)."""
        out = io.BytesIO()
        self.stream(quads.unordered() if isinstance(quads, QuadSet) else quads, out)
        return out.getvalue()


def load_context(path: Path | None = None) -> dict[str, object]:
    data = json.loads((path or settings.context_file()).read_text(encoding="utf-8"))
    context = data["@context"]
    assert isinstance(context, dict)
    return context


def _jsonld(quads: Iterable[Quad] | Iterable[Triple], out: IO[bytes], tmp_dir: Path | None = None) -> int:
    return streaming.write_jsonld(quads, out, load_context(), tmp_dir)


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("turtle", "ttl", "text/turtle", streaming.write_turtle, keeps_graphs=False),
        Format("jsonld", "jsonld", "application/ld+json", _jsonld, keeps_graphs=False),
        Format("trig", "trig", "application/trig", streaming.write_trig, keeps_graphs=True),
        Format("nquads", "nq", "application/n-quads", streaming.write_nquads, keeps_graphs=True),
        Format("ntriples", "nt", "application/n-triples", streaming.write_ntriples, keeps_graphs=False),
        # Not a dump of the build: for clients that read only RDF/XML (OWL tools, SPARQLWrapper's default).
        Format("rdfxml", "rdf", "application/rdf+xml", streaming.write_rdfxml, keeps_graphs=False),
    )
}


def format_for_path(path: Path) -> Format | None:
    suffix = path.suffix.lstrip(".").lower()
    aliases = {"json": "jsonld", "nq": "nquads", "nt": "ntriples", "ttl": "turtle"}
    name = aliases.get(suffix, suffix)
    return FORMATS.get(name)
