"""From the shapes graph to :class:`CompiledShapes`: every targeted shape, its property shapes and
the shapes its ``sh:node`` constraints point at, each constraint one :class:`Check`."""

from __future__ import annotations

from dataclasses import replace

import rdflib
from rdflib.namespace import SH

from kg.validate.report import NAMELESS
from kg.validate.result_terms import node_text
from kg.validate.shacl_sparql.compiled import Check, CompiledShapes, MessageFor, Node, UnsupportedShapeError
from kg.validate.shacl_sparql.conformance import Compiler
from kg.validate.shacl_sparql.constraints import constraint_queries, focus_nodes
from kg.validate.shacl_sparql.messages import message, sparql_message
from kg.validate.shacl_sparql.reader import TARGETS, UNSUPPORTED_TARGETS, ordered
from kg.validate.shacl_sparql.sparql_constraints import sparql_queries
from kg.validate.shapes import node_shape_count, shape_source


def compile_shapes(shapes: rdflib.Graph) -> CompiledShapes:
    """Compile every targeted shape; raises UnsupportedShapeError on a feature it does not know."""
    c = Compiler(shapes)
    compiled = CompiledShapes(node_shapes=node_shape_count(shapes))
    targeted = {s for t in (*TARGETS, *UNSUPPORTED_TARGETS) for s in shapes.subjects(t, None)}
    for shape in ordered(targeted):
        c.check_terms(shape)
        if c.deactivated(shape):
            continue
        compiled.checks += _node_shape_checks(c, shape, focus_nodes(c, shape))
    compiled.checked_datatypes = c.datatypes
    return compiled


def _node_shape_checks(c: Compiler, shape: Node, focus: str) -> list[Check]:
    checks = _shape_checks(c, shape, focus)
    for prop in ordered(c.g.objects(shape, SH.property)):
        checks += _property_checks(c, prop, focus)
    return checks


def _property_checks(c: Compiler, prop: Node, focus: str) -> list[Check]:
    c.check_terms(prop)
    if c.deactivated(prop):
        return []
    if c.path(prop) is None:
        raise UnsupportedShapeError(prop, SH.path, "is missing on a property shape")
    for pred in (SH.property, *TARGETS):
        if (prop, pred, None) in c.g:
            raise UnsupportedShapeError(prop, pred, "on a nested property shape is not supported")
    return _shape_checks(c, prop, focus)


def _shape_checks(c: Compiler, shape: Node, focus: str) -> list[Check]:
    path = c.path(shape)
    severity = str(c.one(shape, SH.severity) or SH.Violation).rsplit("#", 1)[-1]
    source = shape_source(c.g, shape)
    path_text = _path_text(c.g, shape)

    shape_text, path_node = node_text(c.g, shape), node_text(c.g, c.g.value(shape, SH.path))

    def check(query: str, message_for: MessageFor, component: rdflib.URIRef, sparql: bool = False) -> Check:
        return Check(
            shape,
            query,
            severity,
            source,
            path_text,
            message_for,
            sparql=sparql,
            node_shape=path is None,
            component=str(component),
            shape_text=shape_text,
            path_node=path_node,
        )

    checks = []
    for pred, param, query in constraint_queries(c, shape, focus, path):
        checks.append(check(query, message(c, shape, pred, param), component_of(pred)))
        if pred == SH.node:
            checks += _details(c, param, query)
    for constraint, query in sparql_queries(c, shape, focus, path):
        checks.append(check(query, sparql_message(c, shape, constraint), SH.SPARQLConstraintComponent, sparql=True))
    return checks


def component_of(parameter: Node) -> rdflib.URIRef:
    """The SHACL core constraint component a parameter belongs to: sh:minCount gives
    sh:MinCountConstraintComponent (SHACL section 4 names every one after its parameter)."""
    name = str(parameter).removeprefix(str(SH))
    return SH[name[0].upper() + name[1:] + "ConstraintComponent"]


def _details(c: Compiler, node_shape: Node, failing: str) -> list[Check]:
    """pySHACL nests the results of validating a value against an ``sh:node`` shape under the
    result it reports (``sh:detail``), and kg.validate.pyshacl_engine.shacl_findings lists those
    too: the node shape's own checks, with the failing values (once per failing pair) as focus nodes."""
    where = failing.split(" WHERE ", 1)[1].replace("?this", "?nodeFocus")
    checks = _node_shape_checks(c, node_shape, f"{{ SELECT (?value AS ?this) WHERE {where} }}")
    return [replace(check, detail=True) for check in checks]


def _path_text(g: rdflib.Graph, shape: Node) -> str:
    """The result path as kg.validate.pyshacl_engine.shacl_findings prints it ("" for node shapes)."""
    path = g.value(shape, SH.path)
    return "" if path is None else NAMELESS if isinstance(path, rdflib.BNode) else str(path)
