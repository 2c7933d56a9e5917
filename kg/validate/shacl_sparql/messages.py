"""Findings' messages, word for word as pySHACL writes them: a shape's ``sh:message``, a SPARQL
constraint's message template filled from its row, or pySHACL's generic message for a component."""

from __future__ import annotations

import re
from collections.abc import Callable

import rdflib
from rdflib.namespace import SH

from kg.validate.shacl_sparql.compiled import MessageFor, Node, Row
from kg.validate.shacl_sparql.reader import ShapeReader
from kg.validate.shacl_sparql.rows import to_rdflib

#: A generic message from (focus node, value node, description of their blank nodes).
Generic = Callable[[Node, "Node | None", rdflib.Graph], str]


def message(reader: ShapeReader, shape: Node, pred: Node, param: Node) -> MessageFor:
    """The message of a finding of the component ``pred`` (with ``param``) of ``shape``."""
    given = reader.one(shape, SH.message)
    if given is not None:
        fixed = str(given.value) if isinstance(given, rdflib.Literal) else str(given)
        return lambda row, data: fixed
    generic = _generic_message(reader.g, shape, pred, param)

    def from_row(row: Row, data: rdflib.Graph) -> str:
        return generic(to_rdflib(row["this"]), to_rdflib(row["value"]) if "value" in row else None, data)

    return from_row


def sparql_message(reader: ShapeReader, shape: Node, constraint: Node) -> MessageFor:
    """pySHACL's _format_sparql_based_result_message: the constraint's (or shape's) template with
    ``{?var}``/``{$var}`` replaced by the row's values (other variables first, then this/path/value)."""
    given = reader.one(constraint, SH.message) or reader.one(shape, SH.message)
    template = str(given.value) if isinstance(given, rdflib.Literal) else ""

    def from_row(row: Row, data: rdflib.Graph) -> str:
        values = {k: to_rdflib(t) for k, t in row.items() if k not in ("this", "path", "value")}
        values.update({k: to_rdflib(row[k]) for k in ("this", "path", "value") if k in row})
        text = template
        for var, val in values.items():
            text = re.sub(f"{{[?$]{var}}}", str(val), text)
        return text

    return from_row


def _generic_message(g: rdflib.Graph, shape: Node, pred: Node, param: Node) -> Generic:
    """pySHACL's message for a constraint whose shape has no sh:message (its make_generic_messages)."""
    # Imported here: pySHACL takes a quarter of a second to import; only shapes without a message need it.
    from pyshacl.rdfutil.stringify import stringify_node

    path = g.value(shape, SH.path)
    arrow = f"->{stringify_node(g, path)}" if path is not None else ""
    param_value = param.value if isinstance(param, rdflib.Literal) else param

    def sg(node: Node) -> str:
        return str(stringify_node(g, node))

    def dg(node: Node | None, data: rdflib.Graph) -> str:
        # A new rdflib Graph's prefixes, as the merged graph pySHACL is given (kg/validate/pyshacl_engine.py).
        return str(stringify_node(data, node)) if node is not None else "None"

    def members() -> str:
        return " , ".join(sg(m) for m in g.items(param))

    fixed: dict[Node, Callable[[], str]] = {
        SH["class"]: lambda: f"Value does not have class {sg(param)}",
        SH.datatype: lambda: f"Value is not Literal with datatype {sg(param)}",
        SH.nodeKind: lambda: f"Value is not of Node Kind {sg(param)}",
        SH.pattern: lambda: f"Value does not match pattern '{param_value}'",
        SH.minLength: lambda: f"String length not >= {dg(param, rdflib.Graph())}",
        SH.minInclusive: lambda: f"Value is not >= {sg(param)}",
        SH.languageIn: lambda: f"String language is not in {sg(param)}",
        SH.uniqueLang: lambda: "More than one String shares the same Language",
        SH.node: lambda: f"Value does not conform to Shape {sg(param)}. See details for more information.",
    }
    if pred in fixed:
        text = fixed[pred]()
        return lambda focus, value, data: text
    by_focus: dict[Node, Generic] = {
        SH.minCount: lambda f, v, d: f"Less than {param_value} values on {dg(f, d)}{arrow}",
        SH.maxCount: lambda f, v, d: f"More than {param_value} values on {dg(f, d)}{arrow}",
        SH.lessThanOrEquals: lambda f, v, d: f"Value of {dg(f, d)}->{sg(param)} < {dg(v, d)}",
        SH["or"]: lambda f, v, d: f"Node {dg(v, d)} must conform to one or more shapes in {members()}",
        SH.xone: lambda f, v, d: f"Node {dg(v, d)} must conform to exactly one shape in {members()}",
        SH.hasValue: lambda f, v, d: (
            f"Node {dg(f, d)}{arrow} does not contain a value in the set: {[sg(param)]}"
            if path is not None
            else f"Node {dg(f, d)} value is not a in the set of values: {[sg(param)]}"
        ),
    }
    return by_focus[pred]
