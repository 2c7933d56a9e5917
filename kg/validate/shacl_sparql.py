"""A fast SHACL engine: the project's shapes compiled to SPARQL SELECT queries run on pyoxigraph.

pySHACL walks the graph node by node in Python (about 2 000 quads/s); here each constraint of a
targeted shape becomes one set-oriented query over all its focus nodes, so that the store's
indexes do the work and the time grows about linearly with the graph. pySHACL stays the reference
engine (``kg.validate.gate.shacl_findings``): the findings of :func:`run` are meant to be *identical*
to the ones ``shacl_findings`` derives from pySHACL's report (same severity, focus, path, message,
value and source strings), and tests/test_shacl_sparql.py holds both engines to that.

Only the SHACL features the project's shapes use are compiled: targets ``sh:targetClass`` and
``sh:targetSubjectsOf``; paths that are an IRI or a sequence of IRIs; ``sh:property``,
``sh:minCount``, ``sh:maxCount``, ``sh:class``, ``sh:datatype``, ``sh:nodeKind``, ``sh:pattern``
(with ``sh:flags``), ``sh:minLength``, ``sh:minInclusive``, ``sh:lessThanOrEquals``,
``sh:languageIn``, ``sh:uniqueLang``, ``sh:hasValue``, ``sh:or``, ``sh:xone``, ``sh:node``,
SPARQL-based constraints (``sh:sparql`` with ``sh:select``, ``sh:prefixes``/``sh:declare``),
``sh:severity``, ``sh:message`` and ``sh:deactivated``. Anything else in the ``sh:`` namespace, or
a custom constraint component, raises :class:`UnsupportedShapeError` naming the shape and the
term: a shape is never silently ignored, since a skipped constraint would let bad data through.

Where pySHACL's behaviour comes from rdflib rather than from SHACL, it is mirrored on purpose:

- values are reported as rdflib prints them (rdflib normalises typed literals: ``"01"^^xsd:integer``
  is reported as ``1``);
- ``sh:datatype`` rejects ill-typed literals *as rdflib judges them* (a literal rdflib cannot
  convert): those few literals are found with one query and checked by rdflib in Python;
- ``sh:pattern`` follows Python's ``re.search`` (``$`` also matches before a final newline);
- a SPARQL constraint takes its severity from its shape, and its message from the constraint;
- the results pySHACL nests under an ``sh:node`` result (``sh:detail``) are findings too;
- a SPARQL constraint's ``$this`` is joined with the focus nodes rather than pre-bound, so its
  SELECT must project ``$this`` (checked); for the project's constraint the two are the same.

Known difference: rdflib normalises literals when it reads the data, so two literals that differ
only in lexical form (``"1"``/``"01"`` as xsd:integer) are one value for pySHACL and two here.

The store's default graph must hold the data triples merged with the ontology's, as pySHACL is
given them (kg/validate/gate.py): ``sh:targetClass`` and ``sh:class`` follow ``rdfs:subClassOf*`` there.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import count

import rdflib
from pyoxigraph import BlankNode, DefaultGraph, Literal, NamedNode, QuerySolutions, Store
from pyshacl.rdfutil.stringify import stringify_node
from rdflib.namespace import RDF, SH, XSD

from kg.core.quads import rdflib_term
from kg.validate.gate import Finding

Node = rdflib.term.Node
OxTerm = NamedNode | BlankNode | Literal
Row = dict[str, OxTerm]

#: How ``kg.validate.gate.shacl_findings`` prints a blank node (a path or value without a name).
NAMELESS = "(a path or value without a name)"
#: Stands for the ill-typed literals in compiled queries; the runner puts them in (``_ill_typed``).
_ILL_TYPED = "IGKG_ILL_TYPED"

_TARGETS = (SH.targetClass, SH.targetSubjectsOf)
_UNSUPPORTED_TARGETS = (SH.targetNode, SH.targetObjectsOf, SH.target)
#: Predicates of a shape that are not constraints: they describe or steer the shape.
_SHAPE_TERMS = frozenset({
    SH.path, SH.property, SH.message, SH.severity, SH.deactivated, SH.name, SH.description,
    SH.order, SH.group, SH.defaultValue, *_TARGETS,
})  # fmt: skip
#: Constraint parameters checked value node by value node.
_VALUE_COMPONENTS = frozenset({
    SH["class"], SH.datatype, SH.nodeKind, SH.pattern, SH.flags, SH.minLength, SH.minInclusive,
    SH.languageIn, SH["or"], SH.xone, SH.node,
})  # fmt: skip
_FOCUS_COMPONENTS = frozenset({SH.minCount, SH.maxCount, SH.hasValue, SH.uniqueLang, SH.lessThanOrEquals})
_SUPPORTED = _SHAPE_TERMS | _VALUE_COMPONENTS | _FOCUS_COMPONENTS | {SH.sparql}

_NODE_KINDS = {
    SH.IRI: "isIRI({v})",
    SH.BlankNode: "isBlank({v})",
    SH.Literal: "isLiteral({v})",
    SH.BlankNodeOrIRI: "(isBlank({v}) || isIRI({v}))",
    SH.BlankNodeOrLiteral: "(isBlank({v}) || isLiteral({v}))",
    SH.IRIOrLiteral: "(isIRI({v}) || isLiteral({v}))",
}
#: Lexical forms rdflib certainly converts (a subset of the valid ones): literals of these
#: datatypes that do not match go to rdflib for its verdict (``_ill_typed``).
_SURELY_WELL_TYPED = {
    XSD.integer: r"^[+-]?[0-9]+$",
    XSD.decimal: r"^[+-]?[0-9]+([.][0-9]+)?$",
    XSD.date: r"^[1-9][0-9]{3}-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])$",
    XSD.boolean: r"^(true|false)$",
}
_STRING_TYPES = f"(<{XSD.string}>, <{RDF.langString}>)"
_MAX_NESTED_COUNT = 5


class UnsupportedShapeError(ValueError):
    """The shapes use a SHACL feature this compiler does not implement."""

    def __init__(self, shape: Node, term: object, why: str = "is not supported by kg.validate.shacl_sparql") -> None:
        super().__init__(f"shape {_name(shape)}: {_name(term)} {why}")
        self.shape, self.term = shape, term


def _name(term: object) -> str:
    return term.n3() if isinstance(term, rdflib.term.Identifier) else str(term)


# --- compiled form ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Check:
    """One query and how its rows become findings.

    The query selects ``?this`` (the focus node), ``?value`` when the result has a value, and,
    for SPARQL-based constraints, whatever the constraint's own SELECT projects."""

    shape: Node
    query: str
    severity: str
    source: str
    #: The result path as ``shacl_findings`` prints it ("" for node shapes).
    path: str
    #: The message for a row; the graph holds the descriptions of the blank nodes in the row.
    message: Callable[[Row, rdflib.Graph], str]
    #: For SPARQL-based constraints: turns a row into (focus, path, value) the way pySHACL does.
    sparql: bool = False
    node_shape: bool = True


@dataclass
class CompiledShapes:
    checks: list[Check] = field(default_factory=list)
    #: Datatypes whose literals rdflib may judge ill-typed (for ``sh:datatype``).
    checked_datatypes: set[rdflib.URIRef] = field(default_factory=set)
    node_shapes: int = 0


# --- compiler --------------------------------------------------------------------------------


class _Compiler:
    def __init__(self, shapes: rdflib.Graph) -> None:
        self.g = shapes
        self.fresh = count(1)
        self.datatypes: set[rdflib.URIRef] = set()
        self.nesting: list[Node] = []  # the nested shapes being compiled, to refuse recursion
        # A custom constraint component's parameters are not in the sh: namespace: find them.
        self._custom_parameters = {
            p for c in shapes.subjects(RDF.type, SH.ConstraintComponent) for p in _parameter_paths(shapes, c)
        }

    def var(self) -> str:
        return f"?v{next(self.fresh)}"

    # shape structure

    def check_terms(self, shape: Node) -> None:
        for pred in set(self.g.predicates(shape)):
            if pred in self._custom_parameters:
                raise UnsupportedShapeError(shape, pred, "is a parameter of a custom constraint component")
            if str(pred).startswith(str(SH)) and pred not in _SUPPORTED:
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

    def path(self, shape: Node) -> _Path | None:
        """``sh:path``: an IRI or a sequence of IRIs."""
        path = self.one(shape, SH.path)
        if path is None:
            return None
        if isinstance(path, rdflib.URIRef):
            return _Path((path,))
        if isinstance(path, rdflib.BNode) and (path, RDF.first, None) in self.g:
            steps = tuple(rdflib.collection.Collection(self.g, path))
            if len(steps) > 1 and all(isinstance(s, rdflib.URIRef) for s in steps):
                return _Path(steps)  # type: ignore[arg-type]
        raise UnsupportedShapeError(shape, SH.path, f"form {self.g.cbd(path).serialize(format='nt')!r}")

    def items(self, shape: Node, pred: rdflib.URIRef) -> list[Node]:
        head = self.one(shape, pred)
        if head is None or (head != RDF.nil and (head, RDF.first, None) not in self.g):
            raise UnsupportedShapeError(shape, pred, "needs an RDF list")
        return list(rdflib.collection.Collection(self.g, head))

    # conformance of a value node, as a SPARQL expression that never raises an error

    def value_ok(self, shape: Node, pred: rdflib.URIRef, param: Node, v: str) -> str:
        """Does value node ``v`` satisfy the component ``pred`` with parameter ``param``?"""
        if pred == SH["class"]:
            return f"((isIRI({v}) || isBlank({v})) && EXISTS {{ {v} a/<{rdflib.RDFS.subClassOf}>* {param.n3()} }})"
        if pred == SH.datatype:
            return self.datatype_ok(param, v)
        if pred == SH.nodeKind:
            if param not in _NODE_KINDS:
                raise UnsupportedShapeError(shape, param, "is not a node kind")
            return _NODE_KINDS[param].format(v=v)
        if pred == SH.pattern:
            return pattern_ok(shape, param, self.one(shape, SH.flags), v)
        if pred == SH.minLength:
            length = _int(shape, pred, param)
            return "true" if length == 0 else f"(!isBlank({v}) && STRLEN(STR({v})) >= {length})"
        if pred == SH.minInclusive:
            return min_inclusive_ok(shape, param, v)
        if pred == SH.languageIn:
            return language_in_ok(shape, self.items(shape, pred), v)
        if pred == SH["or"]:
            members = [self.conforms(m, v) for m in self.items(shape, pred)]
            return "(" + " || ".join(members or ["false"]) + ")"
        if pred == SH.xone:
            members = [f"IF({self.conforms(m, v)}, 1, 0)" for m in self.items(shape, pred)]
            return "((" + " + ".join(members or ["0"]) + ") = 1)"
        if pred == SH.node:
            return self.conforms(param, v)
        raise UnsupportedShapeError(shape, pred)  # pragma: no cover - _VALUE_COMPONENTS lists the above

    def datatype_ok(self, dt: Node, v: str) -> str:
        if not isinstance(dt, rdflib.URIRef):
            raise UnsupportedShapeError(dt, SH.datatype, "needs an IRI")
        if dt == rdflib.RDFS.Literal:
            return f"isLiteral({v})"
        if dt == rdflib.RDFS.Datatype:  # rdflib gives plain and language strings no datatype
            return f"(isLiteral({v}) && DATATYPE({v}) NOT IN {_STRING_TYPES})"
        test = f"(isLiteral({v}) && DATATYPE({v}) = {dt.n3()}"
        if dt in rdflib.term.XSDToPython and dt not in (XSD.string, RDF.langString):
            self.datatypes.add(dt)
            # The runner knows the ill-typed literals (it asks the store): it fills this in.
            test += f" && !{_ILL_TYPED}({v})"
        return test + ")"

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
        for pred in (SH.sparql, SH.uniqueLang, SH.lessThanOrEquals, *_TARGETS):
            if (shape, pred, None) in self.g:
                raise UnsupportedShapeError(shape, pred, "is not supported in a nested shape")
        path = self.path(shape)
        tests = []
        for pred, param in sorted(self.g.predicate_objects(shape)):
            if pred in _VALUE_COMPONENTS and pred != SH.flags:
                if path is None:
                    tests.append(self.value_ok(shape, pred, param, x))
                else:
                    f = self.var()
                    tests.append(f"NOT EXISTS {{ {path(x, f)} FILTER(!{self.value_ok(shape, pred, param, f)}) }}")
            elif pred in (SH.minCount, SH.maxCount):
                tests.append(self.nested_count(shape, pred, param, x, path))
            elif pred == SH.hasValue:
                tests.append(f"EXISTS {{ {path(x, param.n3())} }}" if path else f"sameTerm({x}, {param.n3()})")
            elif pred == SH.property:
                if path is not None:
                    raise UnsupportedShapeError(shape, pred, "on a nested property shape is not supported")
                tests.append(self.conforms(param, x))
        return "(" + " && ".join(tests or ["true"]) + ")"

    def nested_count(self, shape: Node, pred: rdflib.URIRef, param: Node, x: str, path: _Path | None) -> str:
        """``sh:minCount n`` as "n distinct values exist", ``sh:maxCount n`` as "n + 1 do not"."""
        n = _int(shape, pred, param)
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


_step_names = count(1)


@dataclass(frozen=True)
class _Path:
    """A predicate or sequence path, written out as triple patterns (with fresh variables for the
    nodes in between): the store plans such a chain better than a ``p1/p2`` path expression."""

    steps: tuple[rdflib.URIRef, ...]

    def __call__(self, x: str, y: str) -> str:
        nodes = [x, *(f"?pathStep{next(_step_names)}" for _ in self.steps[1:]), y]
        return " . ".join(f"{a} {p.n3()} {b}" for a, p, b in zip(nodes, self.steps, nodes[1:], strict=False))


def _parameter_paths(shapes: rdflib.Graph, component: Node) -> Iterator[Node]:
    for parameter in shapes.objects(component, SH.parameter):
        yield from shapes.objects(parameter, SH.path)


def _int(shape: Node, pred: rdflib.URIRef, param: Node) -> int:
    if not (isinstance(param, rdflib.Literal) and isinstance(param.value, int)) or param.value < 0:
        raise UnsupportedShapeError(shape, pred, f"needs a non-negative integer, not {_name(param)}")
    return int(param.value)


def _sparql_string(text: str) -> str:
    return str(Literal(text))


def _python_dollar(pattern: str) -> str:
    """Python's ``$`` also matches before a final newline; the store's regex engine's does not."""
    out, in_class, escaped = [], False, False
    for char in pattern:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "[" and not in_class:
            in_class = True
        elif char == "]" and in_class:
            in_class = False
        elif char == "$" and not in_class:
            out.append("(?:\\n?$)")
            continue
        out.append(char)
    return "".join(out)


def pattern_ok(shape: Node, pattern: Node, flags: Node | None, v: str) -> str:
    if not isinstance(pattern, rdflib.Literal):
        raise UnsupportedShapeError(shape, SH.pattern, "needs a string")
    # pySHACL honours only the i and m flags.
    given = str(flags).lower() if flags is not None else ""
    kept = "".join(f for f in "im" if f in given)
    text = pattern if "m" in kept else _python_dollar(str(pattern))
    return f"(!isBlank({v}) && REGEX(STR({v}), {_sparql_string(str(text))}, {_sparql_string(kept)}))"


def min_inclusive_ok(shape: Node, bound: Node, v: str) -> str:
    if not isinstance(bound, rdflib.Literal):
        raise UnsupportedShapeError(shape, SH.minInclusive, "needs a literal")
    # pySHACL fails a value whose string-ness differs from the bound's, and any it cannot compare.
    bound_is_string = isinstance(bound.value, str)
    value_is_string = f"(DATATYPE({v}) IN {_STRING_TYPES})"
    same_kind = value_is_string if bound_is_string else f"!{value_is_string}"
    return f"(isLiteral({v}) && {same_kind} && COALESCE({v} >= {_ox_literal(bound)}, false))"


def language_in_ok(shape: Node, languages: list[Node], v: str) -> str:
    """pySHACL: the lower-cased tag, or its first subtag, is one of the listed languages."""
    if not all(isinstance(lang, rdflib.Literal) and isinstance(lang.value, str) for lang in languages):
        raise UnsupportedShapeError(shape, SH.languageIn, "needs a list of strings")
    wanted = {str(lang.value).lower() for lang in languages}
    if "*" in wanted:
        return f"(isLiteral({v}) && LANG({v}) != '')"
    listed = ", ".join(sorted(_sparql_string(w) for w in wanted)) or "''"
    tag = f"LCASE(LANG({v}))"
    first = f"STRBEFORE(CONCAT({tag}, '-'), '-')"
    return f"(isLiteral({v}) && LANG({v}) != '' && ({tag} IN ({listed}) || {first} IN ({listed})))"


def less_than_or_equals_ok(v: str, o: str) -> str:
    """pySHACL: IRIs and strings compare as strings; a string and a non-string never pass."""

    def is_string(x: str) -> str:
        return f"(isIRI({x}) || DATATYPE({x}) IN {_STRING_TYPES})"

    both = f"IF({is_string(v)}, STR({v}) <= STR({o}), {v} <= {o})"
    return f"COALESCE({is_string(v)} = {is_string(o)} && {both}, false)"


def _ox_literal(lit: rdflib.Literal) -> str:
    return str(_to_ox_literal(lit))


def _to_ox_literal(lit: rdflib.Literal) -> Literal:
    if lit.language:
        return Literal(str(lit), language=lit.language)
    if lit.datatype:
        return Literal(str(lit), datatype=NamedNode(str(lit.datatype)))
    return Literal(str(lit))


# --- targeted shapes: one query per constraint ----------------------------------------------


def _focus(compiler: _Compiler, shape: Node) -> str:
    """A sub-select of the shape's focus nodes as ``?this``, each once (pySHACL keeps a set)."""
    for pred in _UNSUPPORTED_TARGETS:
        if (shape, pred, None) in compiler.g:
            raise UnsupportedShapeError(shape, pred)
    parts = [f"{{ ?this a/<{rdflib.RDFS.subClassOf}>* {c.n3()} }}" for c in compiler.g.objects(shape, SH.targetClass)]
    parts += [f"{{ ?this {p.n3()} [] }}" for p in compiler.g.objects(shape, SH.targetSubjectsOf)]
    return "{ SELECT DISTINCT ?this WHERE { " + " UNION ".join(sorted(parts)) + " } }"


def _values(focus: str, path: _Path | None) -> str:
    """Focus nodes joined with their value nodes (``?value``), each pair once."""
    if path is None:
        return f"{focus} BIND(?this AS ?value)"
    if len(path.steps) > 1:  # a sequence path can reach the same value twice
        return f"{{ SELECT DISTINCT ?this ?value WHERE {{ {focus} {path('?this', '?value')} }} }}"
    return f"{focus} {path('?this', '?value')} ."


def _constraint_queries(c: _Compiler, shape: Node, focus: str, path: _Path | None) -> Iterator[tuple[Node, Node, str]]:
    """(component, parameter, query) for each constraint of ``shape`` that is checked here."""
    for pred, param in sorted(c.g.predicate_objects(shape)):
        if pred == SH["class"]:
            # An anti-join the store computes once: 4x faster than EXISTS per value at 10^6 quads.
            # (A literal never has a type, so MINUS keeps it: a violation, as in pySHACL.)
            instances = f"?value a/<{rdflib.RDFS.subClassOf}>* {param.n3()}"
            yield pred, param, f"SELECT ?this ?value WHERE {{ {_values(focus, path)} MINUS {{ {instances} }} }}"
        elif pred in _VALUE_COMPONENTS and pred != SH.flags:
            ok = c.value_ok(shape, pred, param, "?value")
            yield pred, param, f"SELECT ?this ?value WHERE {{ {_values(focus, path)} FILTER(!{ok}) }}"
        elif pred in _FOCUS_COMPONENTS:
            if path is None and pred != SH.hasValue:
                raise UnsupportedShapeError(shape, pred, "is supported on property shapes only")
            yield pred, param, _focus_query(c, shape, pred, param, focus, path)


def _focus_query(c: _Compiler, shape: Node, pred: Node, param: Node, focus: str, path: _Path | None) -> str:
    if pred == SH.minCount:
        n = _int(shape, pred, param)
        if n == 0:
            return f"SELECT ?this WHERE {{ {focus} FILTER(false) }}"
        if n == 1:
            # MINUS, an anti-join the store computes once; NOT EXISTS re-plans per focus node.
            return f"SELECT ?this WHERE {{ {focus} MINUS {{ {path('?this', '?value')} }} }}"
        return (
            f"SELECT ?this WHERE {{ {focus} OPTIONAL {{ {path('?this', '?value')} }} }} "
            f"GROUP BY ?this HAVING(COUNT(DISTINCT ?value) < {n})"
        )
    if pred == SH.maxCount:
        n = _int(shape, pred, param)
        values = path("?this", "?value")
        return f"SELECT ?this WHERE {{ {focus} {values} }} GROUP BY ?this HAVING(COUNT(DISTINCT ?value) > {n})"
    if pred == SH.hasValue:
        test = f"EXISTS {{ {path('?this', param.n3())} }}" if path else f"sameTerm(?this, {param.n3()})"
        return f"SELECT ?this WHERE {{ {focus} FILTER(!{test}) }}"
    if pred == SH.uniqueLang:
        if not (isinstance(param, rdflib.Literal) and isinstance(param.value, bool)):
            raise UnsupportedShapeError(shape, pred, "needs a boolean")
        if not param.value:
            return f"SELECT ?this WHERE {{ {focus} FILTER(false) }}"
        # One result per focus node and per language (lower-cased) that two values share.
        return (
            f"SELECT ?this ?lang WHERE {{ {_values(focus, path)} FILTER(isLiteral(?value) && LANG(?value) != '') "
            "BIND(LCASE(LANG(?value)) AS ?lang) } GROUP BY ?this ?lang HAVING(COUNT(DISTINCT ?value) > 1)"
        )
    if pred == SH.lessThanOrEquals:
        if not isinstance(param, rdflib.URIRef):
            raise UnsupportedShapeError(shape, pred, "needs an IRI")
        # One result per pair of a value and a greater-or-incomparable other value, as pySHACL.
        ok = less_than_or_equals_ok("?value", "?other")
        return (
            f"SELECT ?this ?value WHERE {{ {_values(focus, path)} ?this {param.n3()} ?other "
            f"FILTER(isBlank(?value) || isBlank(?other) || !{ok}) }}"
        )
    raise UnsupportedShapeError(shape, pred)  # pragma: no cover - _FOCUS_COMPONENTS lists the above


# --- SPARQL-based constraints ---------------------------------------------------------------

_SPARQL_TERMS = frozenset({RDF.type, SH.select, SH.message, SH.prefixes, SH.deactivated, SH.severity})
_PROJECTS_THIS = re.compile(r"^\s*SELECT\s+(DISTINCT\s+|REDUCED\s+)?(\*|[^{]*?[?$]this\b)", re.IGNORECASE)


def _sparql_queries(c: _Compiler, shape: Node, focus: str, path: _Path | None) -> Iterator[tuple[Node, str]]:
    for constraint in sorted(c.g.objects(shape, SH.sparql)):
        for pred in set(c.g.predicates(constraint)):
            if str(pred).startswith(str(SH)) and pred not in _SPARQL_TERMS:
                raise UnsupportedShapeError(shape, pred, "in a SPARQL constraint is not supported")
        if c.deactivated(constraint):
            continue
        select = c.one(constraint, SH.select)
        if select is None:
            raise UnsupportedShapeError(shape, SH.sparql, "has no sh:select")
        text = str(select)
        if path is not None:
            raise UnsupportedShapeError(shape, SH.sparql, "on a property shape ($PATH) is not supported")
        for bad in ("$PATH", "$currentShape", "$shapesGraph", "?failure"):
            if bad in text:
                raise UnsupportedShapeError(shape, bad, "in a SPARQL constraint is not supported")
        # Pre-binding $this is done as a join with the focus nodes: the SELECT must project it.
        if not _PROJECTS_THIS.match(text):
            raise UnsupportedShapeError(shape, SH.select, "must be a SELECT that projects $this")
        prologue = _prologue(c.g, constraint, text)
        yield constraint, f"{prologue}SELECT DISTINCT * WHERE {{ {focus} {{ {text} }} }}"


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


# --- messages --------------------------------------------------------------------------------

Generic = Callable[[Node, "Node | None", rdflib.Graph], str]


def _generic_message(g: rdflib.Graph, shape: Node, pred: Node, param: Node) -> Generic:
    """pySHACL's message for a constraint whose shape has no sh:message (its make_generic_messages)."""
    path = g.value(shape, SH.path)
    arrow = f"->{stringify_node(g, path)}" if path is not None else ""

    def sg(node: Node) -> str:
        return stringify_node(g, node)

    def dg(node: Node | None, data: rdflib.Graph) -> str:
        # A new rdflib Graph's prefixes, as the merged graph pySHACL is given (kg/validate/gate.py).
        return stringify_node(data, node) if node is not None else "None"

    def members() -> str:
        return " , ".join(sg(m) for m in g.items(param))

    fixed = {
        SH["class"]: lambda: f"Value does not have class {sg(param)}",
        SH.datatype: lambda: f"Value is not Literal with datatype {sg(param)}",
        SH.nodeKind: lambda: f"Value is not of Node Kind {sg(param)}",
        SH.pattern: lambda: f"Value does not match pattern '{param.value}'",
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
        SH.minCount: lambda f, v, d: f"Less than {param.value} values on {dg(f, d)}{arrow}",
        SH.maxCount: lambda f, v, d: f"More than {param.value} values on {dg(f, d)}{arrow}",
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


def _message(c: _Compiler, shape: Node, pred: Node, param: Node) -> Callable[[Row], str]:
    given = c.one(shape, SH.message)
    if given is not None:
        text = str(given.value) if isinstance(given, rdflib.Literal) else str(given)
        return lambda row, data: text
    generic = _generic_message(c.g, shape, pred, param)
    return lambda row, data: generic(_rdflib(row["this"]), _rdflib(row["value"]) if "value" in row else None, data)


# --- the whole shapes graph ------------------------------------------------------------------


def compile_shapes(shapes: rdflib.Graph) -> CompiledShapes:
    """Compile every targeted shape; raises UnsupportedShapeError on a feature it does not know."""
    c = _Compiler(shapes)
    compiled = CompiledShapes(node_shapes=len(set(shapes.subjects(RDF.type, SH.NodeShape))))
    targeted = {s for t in (*_TARGETS, *_UNSUPPORTED_TARGETS) for s in shapes.subjects(t, None)}
    for shape in sorted(targeted):
        c.check_terms(shape)
        if c.deactivated(shape):
            continue
        compiled.checks += _node_shape_checks(c, shape, _focus(c, shape))
    compiled.checked_datatypes = c.datatypes
    return compiled


def _severity(c: _Compiler, shape: Node) -> str:
    severity = c.one(shape, SH.severity)
    return str(severity or SH.Violation).rsplit("#", 1)[-1]


def _source(g: rdflib.Graph, shape: Node) -> str:
    """As kg.validate.gate.shacl_findings names it: a blank property shape by the shape holding it."""
    if isinstance(shape, rdflib.BNode):
        parent = g.value(predicate=SH.property, object=shape)
        shape = parent if parent is not None else shape
    return str(shape) if not isinstance(shape, rdflib.BNode) else ""


def _path_text(g: rdflib.Graph, shape: Node) -> str:
    path = g.value(shape, SH.path)
    return "" if path is None else NAMELESS if isinstance(path, rdflib.BNode) else str(path)


def _shape_checks(c: _Compiler, shape: Node, focus: str) -> list[Check]:
    path = c.path(shape)
    base = {
        "shape": shape,
        "severity": _severity(c, shape),
        "source": _source(c.g, shape),
        "path": _path_text(c.g, shape),
        "node_shape": path is None,
    }
    checks = []
    for pred, param, query in _constraint_queries(c, shape, focus, path):
        checks.append(Check(query=query, message=_message(c, shape, pred, param), **base))  # type: ignore[arg-type]
        if pred == SH.node:
            checks += _details(c, param, query)
    for constraint, query in _sparql_queries(c, shape, focus, path):
        checks.append(Check(query=query, message=_sparql_message(c, shape, constraint), sparql=True, **base))  # type: ignore[arg-type]
    return checks


def _details(c: _Compiler, node_shape: Node, failing: str) -> list[Check]:
    """pySHACL nests the results of validating a value against an ``sh:node`` shape under the
    result it reports (``sh:detail``), and kg.validate.gate.shacl_findings lists those too: the
    node shape's own checks, with the failing values (once per failing pair) as focus nodes."""
    where = failing.split(" WHERE ", 1)[1].replace("?this", "?nodeFocus")
    return _node_shape_checks(c, node_shape, f"{{ SELECT (?value AS ?this) WHERE {where} }}")


def _node_shape_checks(c: _Compiler, shape: Node, focus: str) -> list[Check]:
    checks = _shape_checks(c, shape, focus)
    for prop in sorted(c.g.objects(shape, SH.property)):
        checks += _property_checks(c, shape, prop, focus)
    return checks


def _property_checks(c: _Compiler, parent: Node, prop: Node, focus: str) -> list[Check]:
    c.check_terms(prop)
    if c.deactivated(prop):
        return []
    if c.path(prop) is None:
        raise UnsupportedShapeError(prop, SH.path, "is missing on a property shape")
    for pred in (SH.property, *_TARGETS):
        if (prop, pred, None) in c.g:
            raise UnsupportedShapeError(prop, pred, "on a nested property shape is not supported")
    return _shape_checks(c, prop, focus)


def _sparql_message(c: _Compiler, shape: Node, constraint: Node) -> Callable[[Row], str]:
    given = c.one(constraint, SH.message) or c.one(shape, SH.message)
    template = str(given.value) if isinstance(given, rdflib.Literal) else ""

    def message(row: Row, data: rdflib.Graph) -> str:
        # pySHACL's _format_sparql_based_result_message: other variables first, then this/path/value.
        values = {k: _rdflib(t) for k, t in row.items() if k not in ("this", "path", "value")}
        values.update({k: _rdflib(row[k]) for k in ("this", "path", "value") if k in row})
        text = template
        for var, val in values.items():
            text = re.sub(f"{{[?$]{var}}}", str(val), text)
        return text

    return message


# --- runner ----------------------------------------------------------------------------------


def run(store: Store, compiled: CompiledShapes) -> list[Finding]:
    """Run the compiled shapes on ``store`` (default graph: data merged with the ontology)."""
    ill_typed = _ill_typed(store, compiled.checked_datatypes)
    findings: list[Finding] = []
    for check in compiled.checks:
        for row in _select(store, _fill_ill_typed(check.query, ill_typed)):
            findings.append(_sparql_finding(store, check, row) if check.sparql else _finding(store, check, row))
    return findings


def validate_store(store: Store, shapes: rdflib.Graph) -> list[Finding]:
    return run(store, compile_shapes(shapes))


def _select(store: Store, query: str) -> Iterator[Row]:
    result = store.query(query)
    assert isinstance(result, QuerySolutions)
    names = [v.value for v in result.variables]
    for solution in result:
        yield {n: solution[n] for n in names if solution[n] is not None}


def _finding(store: Store, check: Check, row: Row) -> Finding:
    value = row.get("value")
    return Finding(
        severity=check.severity,
        focus=_text(row["this"]),
        path=check.path,
        message=check.message(row, _describe(store, row)),
        value=_text(value) if value is not None else "",
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
        focus=_text(focus),
        path=_text(path) if path is not None else check.path,
        message=check.message(filled, _describe(store, filled)),
        value=_text(value) if value is not None else "",
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
            graph.add((_rdflib(quad.subject), _rdflib(quad.predicate), _rdflib(quad.object)))
            if isinstance(quad.object, BlankNode):
                todo.append(quad.object)
    return graph


def _rdflib(term: OxTerm) -> Node:
    """The term as the data reaches pySHACL (kg.core.quads.QuadSet.to_rdflib), without the warning
    rdflib logs for each literal it cannot convert (expected here: ill-typed data is checked)."""
    with _quiet_rdflib():
        return rdflib_term(term)


def _text(term: OxTerm) -> str:
    return NAMELESS if isinstance(term, BlankNode) else str(_rdflib(term))


class _quiet_rdflib:
    """rdflib logs a traceback for every literal it cannot convert: expected here, not news."""

    def __enter__(self) -> None:
        self.logger = logging.getLogger("rdflib.term")
        self.level = self.logger.level
        self.logger.setLevel(logging.CRITICAL)

    def __exit__(self, *_: object) -> None:
        self.logger.setLevel(self.level)


# --- ill-typed literals, as rdflib judges them -----------------------------------------------


def _ill_typed(store: Store, datatypes: set[rdflib.URIRef]) -> list[Literal]:
    """The literals of ``datatypes`` that pySHACL's sh:datatype rejects: rdflib cannot convert them.

    One scan finds the literals whose lexical form is not certainly fine; rdflib judges those."""
    if not datatypes:
        return []
    tests = []
    for dt in sorted(datatypes):
        safe = _SURELY_WELL_TYPED.get(dt)
        regex = f" && !REGEX(STR(?v), {_sparql_string(safe)})" if safe else ""
        tests.append(f"(DATATYPE(?v) = {dt.n3()}{regex})")
    query = f"SELECT DISTINCT ?v WHERE {{ ?s ?p ?v FILTER(isLiteral(?v) && ({' || '.join(tests)})) }}"
    return [row["v"] for row in _select(store, query) if _rdflib_rejects(row["v"])]  # type: ignore[misc]


def _rdflib_rejects(term: Literal) -> bool:
    """pySHACL's DatatypeConstraintComponent on a literal of the constraint's own datatype."""
    literal = _rdflib(term)
    assert isinstance(literal, rdflib.Literal)
    if literal.ill_typed is True:
        return True
    python_types = {XSD.integer: int, XSD.decimal: object, XSD.boolean: bool, XSD.date: object}
    wanted = python_types.get(rdflib.URIRef(term.datatype.value), object)
    return not isinstance(literal.value, wanted)


def _fill_ill_typed(query: str, ill_typed: Sequence[Literal]) -> str:
    def expand(match: re.Match[str]) -> str:
        var = match.group(1)
        return "(" + " || ".join([f"sameTerm({var}, {lit})" for lit in ill_typed] or ["false"]) + ")"

    return re.sub(rf"{_ILL_TYPED}\((\?\w+)\)", expand, query)
