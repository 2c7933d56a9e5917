"""The engines that answer SPARQL, behind one small interface (:class:`View`): the embedded
Oxigraph store (the system of record) and rdflib's engine over the same quads. A remote endpoint
(:mod:`kg.engines.remote`) and pushing to one (:mod:`kg.engines.push`) are imported on use: they
bring SPARQLWrapper. No engine polices queries: :mod:`kg.query.run` does, for every caller."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kg.engines.base import QueryDataset, Results, Term, View, with_default_graph
from kg.engines.oxigraph import OxigraphView

if TYPE_CHECKING:
    from kg.engines.rdflib_view import RdflibView


def __getattr__(name: str) -> Any:
    # Loaded on first use (PEP 562): a query on the embedded store must not pay for rdflib.
    if name == "RdflibView":
        from kg.engines.rdflib_view import RdflibView

        return RdflibView
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["OxigraphView", "QueryDataset", "RdflibView", "Results", "Term", "View", "with_default_graph"]
