"""The gate for publishing: SHACL shapes plus the quality checks in ``queries/check-*.rq``.

:func:`validate` runs both over the data and the ontology and gathers their findings in one
:class:`~kg.validate.report.ValidationReport`; a graph conforms when no finding is a Violation.
The shapes run compiled to SPARQL on pyoxigraph (kg/validate/shacl_sparql/) unless the reference
engine, pySHACL (kg/validate/pyshacl_engine.py), is asked for: both give the same findings.
"""

from __future__ import annotations

import rdflib
from pyoxigraph import Store

from kg.core.quads import QuadSet
from kg.engines.oxigraph import OxigraphView
from kg.validate import shacl_sparql
from kg.validate.checks import check_findings
from kg.validate.pyshacl_engine import shacl_findings
from kg.validate.report import Finding, ValidationReport
from kg.validate.shapes import load_ontology, load_shapes, node_shape_count

ENGINES = ("sparql", "pyshacl")


def validate(
    quads: QuadSet,
    ontology_quads: QuadSet,
    shapes: rdflib.Graph | None = None,
    ontology: rdflib.Graph | None = None,
    engine: str = "sparql",
) -> ValidationReport:
    """Validate data quads (all graphs merged) against the shapes and the quality checks.

    ``engine="sparql"`` compiles the shapes to SPARQL (kg/validate/shacl_sparql/) and runs them and the
    checks on one pyoxigraph store; ``engine="pyshacl"`` is the reference engine, about 100 times
    slower, which ``ontology`` (default: the ontology file) is for. Both give the same findings.
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown validation engine {engine!r}: use one of {', '.join(ENGINES)}")
    shapes_graph = shapes if shapes is not None else load_shapes()
    store = validation_store(quads, ontology_quads)
    findings: list[Finding]
    if engine == "sparql":
        findings = shacl_sparql.run(store, shacl_sparql.compile_shapes(shapes_graph))
    else:
        ontology_graph = ontology if ontology is not None else load_ontology()
        findings = shacl_findings(quads.to_rdflib(), shapes_graph, ontology_graph)
    check_results, checks = check_findings(OxigraphView(store))
    return ValidationReport(findings + check_results, shapes=node_shape_count(shapes_graph), checks=checks)


def validation_store(quads: QuadSet, ontology_quads: QuadSet) -> Store:
    """An in-memory store laid out as kg/engines/base.py describes: each graph, and their merge (data
    plus ontology) in the default graph, which is what the shapes and the checks read.

    The merge is made by the store itself (one INSERT): at 10^6 quads that takes half the time of
    building the default-graph quads in Python (kg.engines.base.with_default_graph)."""
    store = Store()
    store.bulk_extend(quads.unordered())
    store.bulk_extend(ontology_quads.unordered())
    store.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
    return store
