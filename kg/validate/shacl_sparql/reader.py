"""Reading the shapes graph: the SHACL terms the compiler knows, a shape's parameters and paths,
and a refusal (:class:`UnsupportedShapeError`) for everything else, so that no constraint is
silently skipped."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import count

import rdflib
from rdflib.namespace import RDF, SH
from rdflib.term import Identifier

from kg.validate.shacl_sparql.compiled import Node, UnsupportedShapeError, term_name

TARGETS = (SH.targetClass, SH.targetSubjectsOf)
UNSUPPORTED_TARGETS = (SH.targetNode, SH.targetObjectsOf, SH.target)
#: Predicates of a shape that are not constraints: they describe or steer the shape.
SHAPE_TERMS = frozenset({
    SH.path, SH.property, SH.message, SH.severity, SH.deactivated, SH.name, SH.description,
    SH.order, SH.group, SH.defaultValue, *TARGETS,
})  # fmt: skip
#: Constraint parameters checked value node by value node.
VALUE_COMPONENTS = frozenset({
    SH["class"], SH.datatype, SH.nodeKind, SH.pattern, SH.flags, SH.minLength, SH.minInclusive,
    SH.languageIn, SH["or"], SH.xone, SH.node,
})  # fmt: skip
#: Constraint parameters checked on all the values of a focus node together.
FOCUS_COMPONENTS = frozenset({SH.minCount, SH.maxCount, SH.hasValue, SH.uniqueLang, SH.lessThanOrEquals})
SUPPORTED = SHAPE_TERMS | VALUE_COMPONENTS | FOCUS_COMPONENTS | {SH.sparql}

_step_names = count(1)


@dataclass(frozen=True)
class PropertyPath:
    """A predicate or sequence path, written out as triple patterns (with fresh variables for the
    nodes in between): the store plans such a chain better than a ``p1/p2`` path expression."""

    steps: tuple[rdflib.URIRef, ...]

    def __call__(self, x: str, y: str) -> str:
        nodes = [x, *(f"?pathStep{next(_step_names)}" for _ in self.steps[1:]), y]
        return " . ".join(f"{a} {p.n3()} {b}" for a, p, b in zip(nodes, self.steps, nodes[1:], strict=False))


def ordered(nodes: Iterable[Node]) -> list[Identifier]:
    """The nodes in rdflib's order (every node of a parsed graph is an Identifier)."""
    return sorted(n for n in nodes if isinstance(n, Identifier))


def parameters(pairs: Iterable[tuple[Node, Node]]) -> list[tuple[rdflib.URIRef, Identifier]]:
    """A shape's (predicate, object) pairs in rdflib's order, so that compiling is deterministic."""
    return sorted((p, o) for p, o in pairs if isinstance(p, rdflib.URIRef) and isinstance(o, Identifier))


def int_parameter(shape: Node, pred: rdflib.URIRef, param: Node) -> int:
    if not (isinstance(param, rdflib.Literal) and isinstance(param.value, int)) or param.value < 0:
        raise UnsupportedShapeError(shape, pred, f"needs a non-negative integer, not {term_name(param)}")
    return int(param.value)


class ShapeReader:
    """A shape's parameters, read with the checks that refuse what the compiler does not know."""

    def __init__(self, shapes: rdflib.Graph) -> None:
        self.g = shapes
        # A custom constraint component's parameters are not in the sh: namespace: find them.
        self._custom_parameters = {
            p for c in shapes.subjects(RDF.type, SH.ConstraintComponent) for p in _parameter_paths(shapes, c)
        }

    def check_terms(self, shape: Node) -> None:
        for pred in set(self.g.predicates(shape)):
            if pred in self._custom_parameters:
                raise UnsupportedShapeError(shape, pred, "is a parameter of a custom constraint component")
            if str(pred).startswith(str(SH)) and pred not in SUPPORTED:
                raise UnsupportedShapeError(shape, pred)
        if (shape, RDF.type, rdflib.RDFS.Class) in self.g or (shape, RDF.type, rdflib.OWL.Class) in self.g:
            raise UnsupportedShapeError(shape, "implicit class target (a shape that is also a class)")

    def one(self, shape: Node, pred: rdflib.URIRef) -> Node | None:
        values = list(self.g.objects(shape, pred))
        if len(values) > 1:
            raise UnsupportedShapeError(shape, pred, "has more than one value")
        return values[0] if values else None

    def deactivated(self, shape: Node) -> bool:
        flag = self.one(shape, SH.deactivated)
        return isinstance(flag, rdflib.Literal) and flag.value is True

    def path(self, shape: Node) -> PropertyPath | None:
        """``sh:path``: an IRI or a sequence of IRIs."""
        path = self.one(shape, SH.path)
        if path is None:
            return None
        if isinstance(path, rdflib.URIRef):
            return PropertyPath((path,))
        if isinstance(path, rdflib.BNode) and (path, RDF.first, None) in self.g:
            steps = tuple(rdflib.collection.Collection(self.g, path))
            iris = tuple(s for s in steps if isinstance(s, rdflib.URIRef))
            if len(steps) > 1 and len(iris) == len(steps):
                return PropertyPath(iris)
        raise UnsupportedShapeError(shape, SH.path, f"form {self.g.cbd(path).serialize(format='nt')!r}")

    def items(self, shape: Node, pred: rdflib.URIRef) -> list[Node]:
        head = self.one(shape, pred)
        if head is None or (head != RDF.nil and (head, RDF.first, None) not in self.g):
            raise UnsupportedShapeError(shape, pred, "needs an RDF list")
        return list(rdflib.collection.Collection(self.g, head))


def _parameter_paths(shapes: rdflib.Graph, component: Node) -> Iterator[Node]:
    for parameter in shapes.objects(component, SH.parameter):
        yield from shapes.objects(parameter, SH.path)
