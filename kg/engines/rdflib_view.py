"""rdflib's SPARQL engine over the same quads: slower, but a second opinion. The tests run every
canned query on it and on the embedded store and compare (DESIGN.md, "Stores")."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from pyoxigraph import BlankNode, DefaultGraph, Literal, NamedNode, Quad

from kg.core.errors import QueryError, RowLimitError
from kg.core.quads import QuadSet, RdflibTerms
from kg.engines.base import QueryDataset, Results, Term, with_default_graph

if TYPE_CHECKING:
    import rdflib
    import rdflib.query

    from kg.engines.oxigraph import OxigraphView


def _rdflib() -> None:
    """Import rdflib on first use of :class:`RdflibView`: a one-line query on the Oxigraph store
    should not pay ~0.15 s for an engine it does not use."""
    import rdflib.plugins.sparql

    # Never let rdflib load a FROM <url> (or file:) while evaluating a query on a Dataset.
    rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False


def _to_ox(term: rdflib.term.Node | None) -> Term | None:
    import rdflib

    if term is None:
        return None
    if isinstance(term, rdflib.URIRef):
        return NamedNode(str(term))
    if isinstance(term, rdflib.BNode):
        return BlankNode(str(term))
    if isinstance(term, rdflib.Literal):
        if term.language:
            return Literal(str(term), language=term.language)
        if term.datatype:
            return Literal(str(term), datatype=NamedNode(str(term.datatype)))
        return Literal(str(term))
    raise TypeError(f"unexpected term {term!r}")  # pragma: no cover


def _dataset(quads: Iterable[Quad]) -> rdflib.Dataset:
    """An rdflib Dataset of the quads, terms converted directly (kg.core.quads.RdflibTerms: the
    terms rdflib's N-Quads parser would make, at a fraction of its cost, which was minutes at 10^6)."""
    import rdflib

    dataset = rdflib.Dataset()
    convert = RdflibTerms().__getitem__
    contexts: dict[object, rdflib.Graph] = {}
    for quad in quads:
        graph = quad.graph_name
        context = contexts.get(graph)
        if context is None:
            is_default = isinstance(graph, DefaultGraph)
            context = dataset.default_context if is_default else dataset.graph(_graph_name(convert(graph)))
            contexts[graph] = context
        context.add((convert(quad.subject), convert(quad.predicate), convert(quad.object)))
    return dataset


def _graph_name(node: rdflib.term.Node) -> rdflib.term.IdentifiedNode:
    import rdflib

    assert isinstance(node, rdflib.term.IdentifiedNode), "a graph is named by an IRI or a blank node"
    return node


def _capped(count: int, row_limit: int | None, unit: str) -> None:
    if row_limit is not None and count > row_limit:
        raise RowLimitError(row_limit, unit)


def _triple(triple: tuple[rdflib.term.Node, ...]) -> Quad:
    subject, predicate, obj = (_to_ox(t) for t in triple)
    assert isinstance(subject, NamedNode | BlankNode) and isinstance(predicate, NamedNode) and obj is not None
    return Quad(subject, predicate, obj)


def _row(row: rdflib.query.ResultRow, variables: list[str]) -> tuple[Term | None, ...]:
    return tuple(_to_ox(row[v]) for v in variables)


class RdflibView:
    """rdflib's in-memory engine over the same quads as the store."""

    def __init__(self, dataset: rdflib.Dataset) -> None:
        _rdflib()
        self.dataset = dataset

    @classmethod
    def from_quads(cls, quads: QuadSet) -> RdflibView:
        return cls(_dataset(with_default_graph(quads.unordered())))

    @classmethod
    def from_store(cls, view: OxigraphView) -> RdflibView:
        return cls(_dataset(view.store))

    def query(self, text: str, *, dataset: QueryDataset | None = None, row_limit: int | None = None) -> Results:
        import rdflib.query

        if dataset is not None:
            raise QueryError("a dataset given beside the query is answered by the Oxigraph store, not by rdflib")
        try:
            result = self.dataset.query(text)
        except Exception as exc:  # rdflib raises pyparsing errors for bad syntax
            raise QueryError(f"SPARQL: {exc}") from None
        if result.type == "ASK":
            return Results([], [], boolean=bool(result.askAnswer))
        if result.type in ("CONSTRUCT", "DESCRIBE"):
            triples = [_triple(triple) for triple in result if isinstance(triple, tuple)]
            _capped(len(triples), row_limit, "triples")
            return Results([], [], triples=triples)
        variables = [str(v) for v in result.vars or []]
        rows = [_row(row, variables) for row in result if isinstance(row, rdflib.query.ResultRow)]
        _capped(len(rows), row_limit, "rows")
        return Results(variables, rows)

    def contains(self, iri: NamedNode) -> bool:
        import rdflib

        node = rdflib.URIRef(iri.value)
        return (node, None, None) in self.dataset or (None, None, node) in self.dataset
