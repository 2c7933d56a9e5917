"""The graph stage: a set of quads, one named graph per source, and its canonical forms.

igkg mints an IRI for every node (citations and claims included), so the graph has no blank
nodes and sorted N-Quads are already canonical: the same quads give the same bytes whatever the
hash seed or insertion order (DESIGN.md, "Safety": deterministic builds).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from pyoxigraph import DefaultGraph, Literal, NamedNode, Quad, RdfFormat, Triple, parse, serialize

from kg.core.terms import XSD_STRING

if TYPE_CHECKING:
    import rdflib


class QuadSet:
    """A deduplicated set of quads with deterministic serialisations."""

    def __init__(self, quads: Iterable[Quad] = ()) -> None:
        self._quads: set[Quad] = set(quads)

    def add(self, quad: Quad) -> None:
        self._quads.add(quad)

    def update(self, quads: Iterable[Quad]) -> None:
        self._quads.update(quads)

    def __len__(self) -> int:
        return len(self._quads)

    def __iter__(self) -> Iterator[Quad]:
        return iter(self.sorted())

    def sorted(self) -> list[Quad]:
        """Quads ordered by graph, subject, predicate, object (N-Quads text order)."""
        return sorted(self._quads, key=_quad_key)

    def unordered(self) -> Iterator[Quad]:
        """The quads in no particular order: for a store, which keeps its own, at no sorting cost."""
        return iter(self._quads)

    def graphs(self) -> list[NamedNode]:
        names = {q.graph_name for q in self._quads if isinstance(q.graph_name, NamedNode)}
        return sorted(names, key=lambda n: n.value)

    def triples(self) -> list[Quad]:
        """The merged view: each distinct triple once, in the default graph, sorted."""
        merged = {Quad(q.subject, q.predicate, q.object, DefaultGraph()) for q in self._quads}
        return sorted(merged, key=_quad_key)

    def nquads(self) -> bytes:
        return _sorted_lines(_serialized(self._quads, RdfFormat.N_QUADS))

    def ntriples(self) -> bytes:
        return _sorted_lines(_serialized((q.triple for q in self._quads), RdfFormat.N_TRIPLES))

    def to_rdflib(self) -> rdflib.Graph:
        """The merged view as an rdflib Graph, for pySHACL, rdflib's JSON-LD writer and other
        rdflib tools. Terms are converted directly (each distinct term once), where parsing an
        N-Triples text with rdflib's pure-Python parser took 60% of a JSON-LD export."""
        import rdflib

        graph = rdflib.Graph()
        convert = RdflibTerms().__getitem__
        add = graph.add
        for quad in self._quads:
            add((convert(quad.subject), convert(quad.predicate), convert(quad.object)))
        return graph


def rdflib_term(term: object) -> rdflib.term.Node:
    """The rdflib term that rdflib's N-Triples parser would make of a pyoxigraph term (a plain
    string without a datatype; typed literals normalised by rdflib as it parses them)."""
    import rdflib

    if isinstance(term, NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, Literal):
        if term.language:
            return rdflib.Literal(term.value, lang=term.language)
        if term.datatype.value == XSD_STRING:  # written without a datatype in N-Triples
            return rdflib.Literal(term.value)
        return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))
    return rdflib.BNode(term.value)  # type: ignore[attr-defined]


class RdflibTerms(dict[object, "rdflib.term.Node"]):
    """:func:`rdflib_term`, each distinct term converted once (graphs repeat their terms)."""

    def __missing__(self, term: object) -> rdflib.term.Node:
        made = rdflib_term(term)
        self[term] = made
        return made


def _term_key(term: object) -> str:
    if isinstance(term, NamedNode):
        return "<" + term.value
    if isinstance(term, Literal):
        return '"' + term.value + "\x00" + term.datatype.value + "\x00" + (term.language or "")
    return "_" + str(term)


def _quad_key(quad: Quad) -> tuple[str, str, str, str]:
    graph = quad.graph_name
    gkey = "" if isinstance(graph, DefaultGraph) else _term_key(graph)
    return (gkey, _term_key(quad.subject), _term_key(quad.predicate), _term_key(quad.object))


def _serialized(items: Iterable[Quad] | Iterable[Triple], fmt: RdfFormat) -> bytes:
    """pyoxigraph's serialisation as bytes (it returns None only when given an output file)."""
    data = serialize(items, format=fmt)
    assert data is not None
    return data


def _sorted_lines(data: bytes) -> bytes:
    lines = sorted(set(data.splitlines()))
    return b"".join(line + b"\n" for line in lines if line)


def load_rdf_file(data: bytes, fmt: RdfFormat, base_iri: str | None = None) -> QuadSet:
    """Parse RDF with pyoxigraph: strict, offline (no remote JSON-LD contexts), located errors."""
    return QuadSet(parse(data, format=fmt, base_iri=base_iri))
