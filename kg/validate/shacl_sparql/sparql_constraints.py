"""SPARQL-based constraints (``sh:sparql`` with ``sh:select``): the constraint's own SELECT, joined
with the shape's focus nodes as ``$this``, with the prefixes it declares (and those rdflib binds)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import rdflib
from rdflib.namespace import RDF, SH

from kg.validate.shacl_sparql.compiled import Node, UnsupportedShapeError
from kg.validate.shacl_sparql.reader import PropertyPath, ShapeReader, ordered

_SPARQL_TERMS = frozenset({RDF.type, SH.select, SH.message, SH.prefixes, SH.deactivated, SH.severity})
_PROJECTS_THIS = re.compile(r"^\s*SELECT\s+(DISTINCT\s+|REDUCED\s+)?(\*|[^{]*?[?$]this\b)", re.IGNORECASE)
#: Pre-bound variables and result variables that pySHACL knows and this compiler does not.
_REFUSED_VARIABLES = ("$PATH", "$currentShape", "$shapesGraph", "?failure")


def sparql_queries(
    reader: ShapeReader, shape: Node, focus: str, path: PropertyPath | None
) -> Iterator[tuple[Node, str]]:
    """(constraint, query) for each active SPARQL-based constraint of ``shape``."""
    for constraint in ordered(reader.g.objects(shape, SH.sparql)):
        for pred in set(reader.g.predicates(constraint)):
            if str(pred).startswith(str(SH)) and pred not in _SPARQL_TERMS:
                raise UnsupportedShapeError(shape, pred, "in a SPARQL constraint is not supported")
        if reader.deactivated(constraint):
            continue
        text = _select_text(reader, shape, constraint, path)
        yield constraint, f"{_prologue(reader.g, constraint, text)}SELECT DISTINCT * WHERE {{ {focus} {{ {text} }} }}"


def _select_text(reader: ShapeReader, shape: Node, constraint: Node, path: PropertyPath | None) -> str:
    select = reader.one(constraint, SH.select)
    if select is None:
        raise UnsupportedShapeError(shape, SH.sparql, "has no sh:select")
    text = str(select)
    if path is not None:
        raise UnsupportedShapeError(shape, SH.sparql, "on a property shape ($PATH) is not supported")
    for bad in _REFUSED_VARIABLES:
        if bad in text:
            raise UnsupportedShapeError(shape, bad, "in a SPARQL constraint is not supported")
    # Pre-binding $this is done as a join with the focus nodes: the SELECT must project it.
    if not _PROJECTS_THIS.match(text):
        raise UnsupportedShapeError(shape, SH.select, "must be a SELECT that projects $this")
    return text


def _prologue(g: rdflib.Graph, constraint: Node, text: str) -> str:
    declared: dict[str, str] = {}
    for holder in g.objects(constraint, SH.prefixes):
        for decl in g.objects(holder, SH.declare):
            declared[str(g.value(decl, SH.prefix))] = str(g.value(decl, SH.namespace))
    # pySHACL runs the query through rdflib, which also knows the prefixes rdflib binds by default.
    for prefix, namespace in rdflib.Graph().namespaces():
        if prefix and prefix not in declared and re.search(rf"(?<![\w:]){re.escape(prefix)}:", text):
            declared[prefix] = str(namespace)
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in sorted(declared.items()))
