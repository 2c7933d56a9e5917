"""The stores queries run on, behind one small interface.

- :class:`OxigraphView`: the system of record, pyoxigraph's persistent store that ``build``
  writes, opened read-only by queries (or an in-memory store, during the build and in tests).
- :class:`RdflibView`: rdflib's in-memory engine over the same quads; the baseline and a second
  engine for tests, which run every canned query on both and compare (DESIGN.md, "Stores").

Layout: each source's facts in its own named graph, and the default graph holding their merge,
each distinct triple once. Queries see that merge by default and reach a source with ``GRAPH``.
(pyoxigraph's "default graph as union" option repeats a triple once per graph it is in, where
the merge that SPARQL and rdflib give has it once; materialising the merge makes both engines,
and any other SPARQL store the data is pushed to, answer alike.)
Results come back as a :class:`Results` table of pyoxigraph terms, whatever the engine.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from pyoxigraph import BlankNode, DefaultGraph, Literal, NamedNode, Quad, QuerySolutions, Store

from kg.core.errors import QueryError, StoreError
from kg.core.quads import QuadSet, RdflibTerms
from kg.query.catalog import bind
from kg.query.safety import check_query_text

if TYPE_CHECKING:
    import rdflib

Term = NamedNode | BlankNode | Literal


def with_default_graph(quads: Iterable[Quad]) -> list[Quad]:
    """The quads plus their merge in the default graph (each distinct triple once)."""
    named = list(quads)
    merged = {Quad(q.subject, q.predicate, q.object, DefaultGraph()) for q in named}
    return [*named, *merged]


@dataclass
class Results:
    """A SELECT result (``variables`` and ``rows``), an ASK result (``boolean``) or triples."""

    variables: list[str]
    rows: list[tuple[Term | None, ...]]
    boolean: bool | None = None
    triples: list[Quad] | None = None

    def dicts(self) -> list[dict[str, str]]:
        """Rows as dicts of plain strings (lexical values; unbound is absent), for scripts."""
        return [
            {var: term.value for var, term in zip(self.variables, row, strict=False) if term is not None}
            for row in self.rows
        ]


class View(Protocol):
    def query(self, text: str, bindings: dict[str, NamedNode | Literal] | None = None) -> Results: ...

    def contains(self, iri: NamedNode) -> bool: ...


class OxigraphView:
    def __init__(self, store: Store, allowed_services: frozenset[str] = frozenset()) -> None:
        self.store = store
        #: Endpoints a query may reach through SERVICE (the operator's allow-list; empty: none).
        self.allowed_services = allowed_services

    @classmethod
    def open(cls, path: Path) -> OxigraphView:
        """Open a built store read-only. Raises StoreError with a hint when there is none."""
        if not path.is_dir() or not any(path.iterdir()):
            raise StoreError(f"no igkg store at {path}: run `igkg build` first, or point --store / IGKG_STORE at one")
        try:
            return cls(Store.read_only(str(path)))
        except OSError as exc:
            raise StoreError(f"cannot open the store at {path}: {exc}") from None

    @classmethod
    def from_quads(cls, quads: Iterable[Quad]) -> OxigraphView:
        store = Store()
        store.extend(with_default_graph(quads))
        return cls(store)

    def query(self, text: str, bindings: dict[str, NamedNode | Literal] | None = None) -> Results:
        full = bind(text, bindings or {})
        check_query_text(full, self.allowed_services)  # the text that runs: a bound SERVICE names its endpoint
        try:
            result = self.store.query(full)
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax: {exc}") from None
        if isinstance(result, QuerySolutions):
            variables = [v.value for v in result.variables]
            rows = [tuple(solution[v] for v in variables) for solution in result]
            return Results(variables, rows)
        if isinstance(result, bool) or type(result).__name__ == "QueryBoolean":
            return Results([], [], boolean=bool(result))
        return Results([], [], triples=[Quad(t.subject, t.predicate, t.object) for t in result])

    def contains(self, iri: NamedNode) -> bool:
        return any(True for _ in self.store.quads_for_pattern(iri, None, None, None)) or any(
            True for _ in self.store.quads_for_pattern(None, None, iri, None)
        )


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
    """An rdflib Dataset of the quads, terms converted directly (kg.core.quads.RdflibTerms: the terms
    rdflib's N-Quads parser would make, at a fraction of its cost, which was minutes at 10^6)."""
    import rdflib

    dataset = rdflib.Dataset()
    convert = RdflibTerms().__getitem__
    contexts: dict[object, rdflib.Graph] = {}
    for quad in quads:
        graph = quad.graph_name
        context = contexts.get(graph)
        if context is None:
            is_default = isinstance(graph, DefaultGraph)
            context = dataset.default_context if is_default else dataset.graph(convert(graph))  # type: ignore[arg-type]
            contexts[graph] = context
        context.add((convert(quad.subject), convert(quad.predicate), convert(quad.object)))  # type: ignore[arg-type]
    return dataset


class RdflibView:
    """rdflib's SPARQL engine over the same quads: slower, but a second opinion."""

    def __init__(self, dataset: rdflib.Dataset) -> None:
        _rdflib()
        self.dataset = dataset

    @classmethod
    def from_quads(cls, quads: QuadSet) -> RdflibView:
        return cls(_dataset(with_default_graph(quads.unordered())))

    @classmethod
    def from_store(cls, view: OxigraphView) -> RdflibView:
        return cls(_dataset(view.store))

    def query(self, text: str, bindings: dict[str, NamedNode | Literal] | None = None) -> Results:
        check_query_text(text)
        try:
            result = self.dataset.query(bind(text, bindings or {}))
        except Exception as exc:  # rdflib raises pyparsing errors for bad syntax
            raise QueryError(f"SPARQL: {exc}") from None
        if result.type == "ASK":
            return Results([], [], boolean=bool(result.askAnswer))
        if result.type in ("CONSTRUCT", "DESCRIBE"):
            return Results([], [], triples=[Quad(*(_to_ox(t) for t in triple)) for triple in result])  # type: ignore[misc]
        variables = [str(v) for v in result.vars or []]
        rows = [tuple(_to_ox(row[v]) for v in variables) for row in result]  # type: ignore[index]
        return Results(variables, rows)

    def contains(self, iri: NamedNode) -> bool:
        import rdflib

        node = rdflib.URIRef(iri.value)
        return (node, None, None) in self.dataset or (None, None, node) in self.dataset
