"""The ontology as quads for the store: in its own graph, with canonical blank-node labels.

The ontology uses blank nodes (class unions, the disjointness axiom). Parsers label them at
random, so they are canonicalised (RDFC-1.0, cheap on a graph this small) to keep the store's
dumps and every query over the ontology stable from run to run.
"""

from __future__ import annotations

from pathlib import Path

from pyoxigraph import CanonicalizationAlgorithm, Dataset, NamedNode, Quad, RdfFormat, parse

from kg.core import settings
from kg.core.errors import SourceError
from kg.core.quads import QuadSet


def ontology_quads(path: Path | None = None) -> QuadSet:
    source = path or settings.ontology_file()
    graph = NamedNode(settings.ONTOLOGY_GRAPH)
    try:
        parsed = list(parse(path=str(source), format=RdfFormat.TURTLE))
    except SyntaxError as exc:
        raise SourceError(source, f"ontology does not parse: {exc}") from None
    dataset = Dataset(Quad(q.subject, q.predicate, q.object, graph) for q in parsed)
    dataset.canonicalize(CanonicalizationAlgorithm.RDFC_1_0)
    return QuadSet(dataset)
