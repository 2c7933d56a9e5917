"""Reading the store: the rows of a SELECT, and their terms as pySHACL sees and prints them."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from types import TracebackType

from pyoxigraph import BlankNode

from kg.core.quads import rdflib_term
from kg.engines.base import View
from kg.query.run import run_sparql
from kg.validate.report import NAMELESS
from kg.validate.shacl_sparql.compiled import Node, OxTerm, Row


def select(view: View, query: str) -> Iterator[Row]:
    """The rows of a SELECT, each as a dict of its bound variables."""
    results = run_sparql(view, query)
    for row in results.rows:
        yield {name: term for name, term in zip(results.variables, row, strict=True) if term is not None}


def to_rdflib(term: OxTerm) -> Node:
    """The term as the data reaches pySHACL (kg.core.quads.QuadSet.to_rdflib), without the warning
    rdflib logs for each literal it cannot convert (expected here: ill-typed data is checked)."""
    with _QuietRdflib():
        return rdflib_term(term)


def text(term: OxTerm) -> str:
    """The term as a finding prints it."""
    return NAMELESS if isinstance(term, BlankNode) else str(to_rdflib(term))


class _QuietRdflib:
    """rdflib logs a traceback for every literal it cannot convert: expected here, not news."""

    def __enter__(self) -> None:
        self.logger = logging.getLogger("rdflib.term")
        self.level = self.logger.level
        self.logger.setLevel(logging.CRITICAL)

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.logger.setLevel(self.level)
