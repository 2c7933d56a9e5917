"""Conformance of one node as a SPARQL expression: what a value node must pass for a value
component (``sh:class``, ``sh:datatype``, …), and what a node must pass to conform to a nested
shape (an ``sh:or``/``sh:xone`` member, an ``sh:node``)."""

from __future__ import annotations

from collections.abc import Callable
from itertools import count

import rdflib
from rdflib.namespace import RDF, SH, XSD

from kg.validate.shacl_sparql.compiled import ILL_TYPED, Node, UnsupportedShapeError
from kg.validate.shacl_sparql.expressions import (
    STRING_TYPES,
    class_ok,
    language_in_ok,
    min_inclusive_ok,
    min_length_ok,
    node_kind_ok,
    pattern_ok,
)
from kg.validate.shacl_sparql.reader import (
    TARGETS,
    VALUE_COMPONENTS,
    PropertyPath,
    ShapeReader,
    int_parameter,
    parameters,
)

#: A count in a nested shape joins that many copies of the path (n for sh:minCount, n + 1 for
#: sh:maxCount): more are refused.
_MAX_NESTED_COUNT = 5


class Compiler(ShapeReader):
    """Compiles the shapes of one shapes graph: fresh variables, the datatypes whose ill-typed
    literals the runner must find, and the nested shapes being compiled (to refuse recursion)."""

    def __init__(self, shapes: rdflib.Graph) -> None:
        super().__init__(shapes)
        self.fresh = count(1)
        self.datatypes: set[rdflib.URIRef] = set()
        self.nesting: list[Node] = []

    def var(self) -> str:
        return f"?v{next(self.fresh)}"

    def value_ok(self, shape: Node, pred: rdflib.URIRef, param: Node, v: str) -> str:
        """Does value node ``v`` satisfy the component ``pred`` with parameter ``param``?"""
        tests: dict[Node, Callable[[], str]] = {
            SH["class"]: lambda: class_ok(param, v),
            SH.datatype: lambda: self.datatype_ok(param, v),
            SH.nodeKind: lambda: node_kind_ok(shape, param, v),
            SH.pattern: lambda: pattern_ok(shape, param, self.one(shape, SH.flags), v),
            SH.minLength: lambda: min_length_ok(shape, param, v),
            SH.minInclusive: lambda: min_inclusive_ok(shape, param, v),
            SH.languageIn: lambda: language_in_ok(shape, self.items(shape, pred), v),
            SH["or"]: lambda: self.or_ok(shape, v),
            SH.xone: lambda: self.xone_ok(shape, v),
            SH.node: lambda: self.conforms(param, v),
        }
        if pred not in tests:  # pragma: no cover - VALUE_COMPONENTS lists the above
            raise UnsupportedShapeError(shape, pred)
        return tests[pred]()

    def datatype_ok(self, dt: Node, v: str) -> str:
        if not isinstance(dt, rdflib.URIRef):
            raise UnsupportedShapeError(dt, SH.datatype, "needs an IRI")
        if dt == rdflib.RDFS.Literal:
            return f"isLiteral({v})"
        if dt == rdflib.RDFS.Datatype:  # rdflib gives plain and language strings no datatype
            return f"(isLiteral({v}) && DATATYPE({v}) NOT IN {STRING_TYPES})"
        test = f"(isLiteral({v}) && DATATYPE({v}) = {dt.n3()}"
        if dt in rdflib.term.XSDToPython and dt not in (XSD.string, RDF.langString):
            self.datatypes.add(dt)
            # The runner knows the ill-typed literals (it asks the store): it fills this in.
            test += f" && !{ILL_TYPED}({v})"
        return test + ")"

    def or_ok(self, shape: Node, v: str) -> str:
        members = [self.conforms(m, v) for m in self.items(shape, SH["or"])]
        return "(" + " || ".join(members or ["false"]) + ")"

    def xone_ok(self, shape: Node, v: str) -> str:
        members = [f"IF({self.conforms(m, v)}, 1, 0)" for m in self.items(shape, SH.xone)]
        return "((" + " + ".join(members or ["0"]) + ") = 1)"

    def conforms(self, shape: Node, x: str) -> str:
        """Does node ``x`` conform to ``shape`` (an ``sh:or`` member, an ``sh:node``)?"""
        self.check_terms(shape)
        if self.deactivated(shape):
            return "true"
        if shape in self.nesting:
            raise UnsupportedShapeError(shape, "a recursive shape", "(it refers to itself) is not supported")
        self.nesting.append(shape)
        try:
            return self._conforms(shape, x)
        finally:
            self.nesting.pop()

    def _conforms(self, shape: Node, x: str) -> str:
        for refused in (SH.sparql, SH.uniqueLang, SH.lessThanOrEquals, *TARGETS):
            if (shape, refused, None) in self.g:
                raise UnsupportedShapeError(shape, refused, "is not supported in a nested shape")
        path = self.path(shape)
        tests = []
        for pred, param in parameters(self.g.predicate_objects(shape)):
            if pred in VALUE_COMPONENTS and pred != SH.flags:
                tests.append(self.values_ok(shape, pred, param, x, path))
            elif pred in (SH.minCount, SH.maxCount):
                tests.append(self.nested_count(shape, pred, param, x, path))
            elif pred == SH.hasValue:
                tests.append(f"EXISTS {{ {path(x, param.n3())} }}" if path else f"sameTerm({x}, {param.n3()})")
            elif pred == SH.property:
                if path is not None:
                    raise UnsupportedShapeError(shape, pred, "on a nested property shape is not supported")
                tests.append(self.conforms(param, x))
        return "(" + " && ".join(tests or ["true"]) + ")"

    def values_ok(self, shape: Node, pred: rdflib.URIRef, param: Node, x: str, path: PropertyPath | None) -> str:
        """Do all the value nodes of ``x`` (``x`` itself for a node shape) satisfy the component?"""
        if path is None:
            return self.value_ok(shape, pred, param, x)
        f = self.var()
        return f"NOT EXISTS {{ {path(x, f)} FILTER(!{self.value_ok(shape, pred, param, f)}) }}"

    def nested_count(self, shape: Node, pred: rdflib.URIRef, param: Node, x: str, path: PropertyPath | None) -> str:
        """``sh:minCount n`` as "n distinct values exist", ``sh:maxCount n`` as "n + 1 do not"."""
        n = int_parameter(shape, pred, param)
        wanted = n if pred == SH.minCount else n + 1
        if path is None:  # a node shape's only value node is the node itself
            return "true" if (wanted <= 1 if pred == SH.minCount else wanted > 1) else "false"
        if wanted == 0:
            return "true" if pred == SH.minCount else f"NOT EXISTS {{ {path(x, self.var())} }}"
        if wanted > _MAX_NESTED_COUNT:
            raise UnsupportedShapeError(shape, pred, f"above {_MAX_NESTED_COUNT - 1} in a nested shape")
        vs = [self.var() for _ in range(wanted)]
        distinct = [f"!sameTerm({a}, {b})" for i, a in enumerate(vs) for b in vs[i + 1 :]]
        body = " . ".join(path(x, v) for v in vs) + (f" FILTER({' && '.join(distinct)})" if distinct else "")
        return f"{'EXISTS' if pred == SH.minCount else 'NOT EXISTS'} {{ {body} }}"
