"""Running the compiled shapes on a store, and turning each row into a :class:`Finding` with the
strings pySHACL's report would give (kg.validate.pyshacl_engine.shacl_findings)."""

from __future__ import annotations

import rdflib
from pyoxigraph import BlankNode, DefaultGraph, Store, Triple

from kg.engines.oxigraph import OxigraphView
from kg.validate.report import Finding
from kg.validate.shacl_sparql.compiled import Check, CompiledShapes, Row
from kg.validate.shacl_sparql.compiler import compile_shapes
from kg.validate.shacl_sparql.ill_typed import fill_ill_typed, ill_typed
from kg.validate.shacl_sparql.rows import select, text, to_rdflib


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
    return Finding(
        severity=check.severity,
        focus=text(row["this"]),
        path=check.path,
        message=check.message(row, _describe(store, row)),
        value=text(value) if value is not None else "",
        source=check.source,
    )


def _sparql_finding(store: Store, check: Check, row: Row) -> Finding:
    # As pySHACL: a node shape's result has the focus node as its value unless ?value is bound.
    focus = row["this"]
    value = row.get("value", focus if check.node_shape else None)
    path = row.get("path")
    filled = dict(row)
    if value is not None:
        filled["value"] = value
    return Finding(
        severity=check.severity,
        focus=text(focus),
        path=text(path) if path is not None else check.path,
        message=check.message(filled, _describe(store, filled)),
        value=text(value) if value is not None else "",
        source=check.source,
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
