"""Running the compiled shapes on a store, and turning each row into a :class:`Finding` with the
strings pySHACL's report would give (kg.validate.pyshacl_engine.shacl_findings)."""

from __future__ import annotations

import rdflib
from pyoxigraph import BlankNode, DefaultGraph, Store, Triple

from kg.engines.oxigraph import OxigraphView
from kg.validate.report import Finding
from kg.validate.result_terms import node_text
from kg.validate.shacl_sparql.compiled import Check, CompiledShapes, OxTerm, Row
from kg.validate.shacl_sparql.compiler import compile_shapes
from kg.validate.shacl_sparql.ill_typed import fill_ill_typed, ill_typed
from kg.validate.shacl_sparql.rows import select, text, to_rdflib

#: A finding's fields for the SHACL report.
Terms = dict[str, str]


def run(store: Store, compiled: CompiledShapes) -> list[Finding]:
    """Run the compiled shapes on ``store`` (default graph: data merged with the ontology)."""
    view = OxigraphView(store)
    rejected = ill_typed(view, compiled.checked_datatypes)
    findings: list[Finding] = []
    for check in compiled.checks:
        for row in select(view, fill_ill_typed(check.query, rejected)):
            findings.append(_sparql_finding(store, check, row) if check.sparql else _finding(store, check, row))
    return findings


def validate_store(store: Store, shapes: rdflib.Graph) -> list[Finding]:
    return run(store, compile_shapes(shapes))


def _finding(store: Store, check: Check, row: Row) -> Finding:
    value = row.get("value")
    described = _describe(store, row)
    return Finding(
        severity=check.severity,
        focus=text(row["this"]),
        path=check.path,
        message=check.message(row, described),
        value=text(value) if value is not None else "",
        source=check.source,
        detail=check.detail,
        **_terms(check, described, row["this"], None, value),
    )


def _terms(check: Check, described: rdflib.Graph, focus: OxTerm, path: OxTerm | None, value: OxTerm | None) -> Terms:
    """The finding's fields for the SHACL report (kg.validate.result_terms)."""
    return {
        "component": check.component,
        "focus_node": node_text(described, to_rdflib(focus)),
        "path_node": node_text(described, to_rdflib(path)) if path is not None else check.path_node,
        "value_node": node_text(described, to_rdflib(value)) if value is not None else "",
        "shape": check.shape_text,
    }


def _sparql_finding(store: Store, check: Check, row: Row) -> Finding:
    # As pySHACL: a node shape's result has the focus node as its value unless ?value is bound.
    focus = row["this"]
    value = row.get("value", focus if check.node_shape else None)
    path = row.get("path")
    filled = dict(row)
    if value is not None:
        filled["value"] = value
    described = _describe(store, filled)
    return Finding(
        severity=check.severity,
        focus=text(focus),
        path=text(path) if path is not None else check.path,
        message=check.message(filled, described),
        value=text(value) if value is not None else "",
        source=check.source,
        detail=check.detail,
        **_terms(check, described, focus, path, value),
    )


def _describe(store: Store, row: Row) -> rdflib.Graph:
    """The blank nodes of ``row`` with what the default graph says about them (recursively):
    pySHACL prints a blank node by its description."""
    graph = rdflib.Graph()
    todo = [t for t in row.values() if isinstance(t, BlankNode)]
    seen: set[BlankNode] = set()
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for quad in store.quads_for_pattern(node, None, None, DefaultGraph()):
            if isinstance(quad.object, Triple):  # RDF 1.2 triple terms: rdflib has none to describe
                continue
            graph.add((to_rdflib(node), to_rdflib(quad.predicate), to_rdflib(quad.object)))
            if isinstance(quad.object, BlankNode):
                todo.append(quad.object)
    return graph
