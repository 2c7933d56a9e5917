"""The engines that answer SPARQL, behind one small interface (:class:`View`): the embedded
Oxigraph store (the system of record) and rdflib's engine over the same quads. A remote endpoint
(:mod:`kg.engines.remote`) and pushing to one (:mod:`kg.engines.push`) are imported on use: they
bring SPARQLWrapper. No engine polices queries: :mod:`kg.query.run` does, for every caller."""

from kg.engines.base import QueryDataset, Results, Term, View, with_default_graph
from kg.engines.oxigraph import OxigraphView
from kg.engines.rdflib_view import RdflibView

__all__ = ["OxigraphView", "QueryDataset", "RdflibView", "Results", "Term", "View", "with_default_graph"]
