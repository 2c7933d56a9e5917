"""What every engine gives: one small query interface, and results as pyoxigraph terms.

An engine runs the text it is given, already checked and bound by :mod:`kg.query.run` (the one
place that polices, binds and runs queries); it has no query policy of its own.

Layout of the data, whatever the engine: each source's facts in its own named graph, and the
default graph holding their merge, each distinct triple once. Queries see that merge by default
and reach a source with ``GRAPH``. (pyoxigraph's "default graph as union" option repeats a triple
once per graph it is in, where the merge that SPARQL and rdflib give has it once; materialising
the merge makes both engines, and any other SPARQL store the data is pushed to, answer alike.)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol

from pyoxigraph import BlankNode, DefaultGraph, Literal, NamedNode, Quad

Term = NamedNode | BlankNode | Literal


def with_default_graph(quads: Iterable[Quad]) -> list[Quad]:
    """The quads plus their merge in the default graph (each distinct triple once)."""
    named = list(quads)
    merged = {Quad(q.subject, q.predicate, q.object, DefaultGraph()) for q in named}
    return [*named, *merged]


#: The keys of a triple given as a row (iterating a CONSTRUCT or DESCRIBE result).
TRIPLE_KEYS = ("subject", "predicate", "object")


@dataclass
class Results:
    """A SELECT result (``variables`` and ``rows``), an ASK result (``boolean``) or triples.

    For scripts it behaves as its rows: ``for row in results`` gives each row as a dict of plain
    strings (variable → lexical value; an unbound variable is absent), as :meth:`dicts` and
    ``kg.run_query`` do, and ``len(results)`` counts them. A CONSTRUCT or DESCRIBE result gives
    its triples as ``{"subject", "predicate", "object"}`` dicts. An ASK result has no rows: it is
    its ``boolean`` (``bool(results)``), and iterating or sizing it raises TypeError rather than
    pass for an empty answer. ``bool()`` of the others is "has rows", as for a list.
    """

    variables: list[str]
    rows: list[tuple[Term | None, ...]]
    boolean: bool | None = None
    triples: list[Quad] | None = None

    def dicts(self) -> list[dict[str, str]]:
        """Rows as dicts of plain strings (lexical values; unbound is absent), for scripts; an
        empty list for ASK, CONSTRUCT and DESCRIBE (as it always was: callers rely on it)."""
        return list(self._row_dicts())

    def _row_dicts(self) -> Iterator[dict[str, str]]:
        for row in self.rows:
            yield {var: term.value for var, term in zip(self.variables, row, strict=False) if term is not None}

    def __iter__(self) -> Iterator[dict[str, str]]:
        self._not_ask("iterated")
        if self.triples is not None:
            return ({k: t.value for k, t in zip(TRIPLE_KEYS, q.triple, strict=True)} for q in self.triples)
        return self._row_dicts()

    def __len__(self) -> int:
        self._not_ask("counted")
        return len(self.triples) if self.triples is not None else len(self.rows)

    def __bool__(self) -> bool:
        # Defined so that an ASK result does not raise here, and answers as rdflib's Result does.
        if self.boolean is not None:
            return self.boolean
        return len(self) > 0

    def _not_ask(self, what: str) -> None:
        if self.boolean is not None:
            raise TypeError(f"an ASK result has no rows to be {what}: read its .boolean (or bool(results))")


@dataclass(frozen=True)
class QueryDataset:
    """A dataset given beside a query, as the SPARQL protocol's ``default-graph-uri`` and
    ``named-graph-uri`` give it: it replaces the query's own (SPARQL 1.1 Protocol, 2.1.4)."""

    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()


class View(Protocol):
    """A store that answers SPARQL: the embedded Oxigraph store, rdflib, a remote endpoint."""

    def query(self, text: str, *, dataset: QueryDataset | None = None, row_limit: int | None = None) -> Results:
        """Run ``text`` as it is. ``row_limit``: raise :class:`kg.core.errors.RowLimitError`
        rather than answer with more rows (or triples) than that."""
        ...

    def contains(self, iri: NamedNode) -> bool: ...
