"""The engines that answer SPARQL, behind one small interface (:class:`View`): the embedded
Oxigraph store (the system of record) and rdflib's engine over the same quads. A remote endpoint
(:mod:`kg.engines.remote`) and pushing to one (:mod:`kg.engines.push`) are imported on use: they
bring SPARQLWrapper. No engine polices queries: :mod:`kg.query.run` does, for every caller.

:class:`RdflibView` is loaded on first use (:mod:`kg.core.lazy`): a query on the embedded store
must not pay for rdflib."""

from typing import TYPE_CHECKING

from kg.core.lazy import lazy_exports
from kg.engines.base import QueryDataset, Results, Term, View, with_default_graph
from kg.engines.oxigraph import OxigraphView

if TYPE_CHECKING:
    from kg.engines.rdflib_view import RdflibView

__all__ = ["OxigraphView", "QueryDataset", "RdflibView", "Results", "Term", "View", "with_default_graph"]

__getattr__ = lazy_exports(__name__, {"RdflibView": "kg.engines.rdflib_view"})
