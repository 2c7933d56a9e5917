"""The queries of a targeted shape: its focus nodes, and one set-oriented SELECT per constraint
that returns the focus nodes (and values) that violate it."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import rdflib
from rdflib.namespace import SH

from kg.validate.shacl_sparql.compiled import Node, UnsupportedShapeError
from kg.validate.shacl_sparql.conformance import Compiler
from kg.validate.shacl_sparql.expressions import less_than_or_equals_ok
from kg.validate.shacl_sparql.reader import (
    FOCUS_COMPONENTS,
    UNSUPPORTED_TARGETS,
    VALUE_COMPONENTS,
    PropertyPath,
    int_parameter,
    ordered,
    parameters,
)


def focus_nodes(c: Compiler, shape: Node) -> str:
    """A sub-select of the shape's focus nodes as ``?this``, each once (pySHACL keeps a set)."""
    for pred in UNSUPPORTED_TARGETS:
        if (shape, pred, None) in c.g:
            raise UnsupportedShapeError(shape, pred)
    subclass = f"<{rdflib.RDFS.subClassOf}>"
    parts = [f"{{ ?this a/{subclass}* {cls.n3()} }}" for cls in ordered(c.g.objects(shape, SH.targetClass))]
    parts += [f"{{ ?this {p.n3()} [] }}" for p in ordered(c.g.objects(shape, SH.targetSubjectsOf))]
    return "{ SELECT DISTINCT ?this WHERE { " + " UNION ".join(sorted(parts)) + " } }"


def _values(focus: str, path: PropertyPath | None) -> str:
    """Focus nodes joined with their value nodes (``?value``), each pair once."""
    if path is None:
        return f"{focus} BIND(?this AS ?value)"
    if len(path.steps) > 1:  # a sequence path can reach the same value twice
        return f"{{ SELECT DISTINCT ?this ?value WHERE {{ {focus} {path('?this', '?value')} }} }}"
    return f"{focus} {path('?this', '?value')} ."


def constraint_queries(
    c: Compiler, shape: Node, focus: str, path: PropertyPath | None
) -> Iterator[tuple[Node, Node, str]]:
    """(component, parameter, query) for each constraint of ``shape`` that is checked here."""
    for pred, param in parameters(c.g.predicate_objects(shape)):
        if pred == SH["class"]:
            # An anti-join the store computes once: 4x faster than EXISTS per value at 10^6 quads.
            # (A literal never has a type, so MINUS keeps it: a violation, as in pySHACL.)
            instances = f"?value a/<{rdflib.RDFS.subClassOf}>* {param.n3()}"
            yield pred, param, f"SELECT ?this ?value WHERE {{ {_values(focus, path)} MINUS {{ {instances} }} }}"
        elif pred in VALUE_COMPONENTS and pred != SH.flags:
            ok = c.value_ok(shape, pred, param, "?value")
            yield pred, param, f"SELECT ?this ?value WHERE {{ {_values(focus, path)} FILTER(!{ok}) }}"
        elif pred in FOCUS_COMPONENTS:
            yield pred, param, _focus_query(shape, pred, param, focus, path)


def _focus_query(shape: Node, pred: rdflib.URIRef, param: Node, focus: str, path: PropertyPath | None) -> str:
    if pred == SH.hasValue:
        test = f"EXISTS {{ {path('?this', param.n3())} }}" if path else f"sameTerm(?this, {param.n3()})"
        return f"SELECT ?this WHERE {{ {focus} FILTER(!{test}) }}"
    if path is None:
        raise UnsupportedShapeError(shape, pred, "is supported on property shapes only")
    queries: dict[Node, Callable[[Node, Node, str, PropertyPath], str]] = {
        SH.minCount: _min_count_query,
        SH.maxCount: _max_count_query,
        SH.uniqueLang: _unique_lang_query,
        SH.lessThanOrEquals: _less_than_or_equals_query,
    }
    if pred not in queries:  # pragma: no cover - FOCUS_COMPONENTS lists the above
        raise UnsupportedShapeError(shape, pred)
    return queries[pred](shape, param, focus, path)


def _min_count_query(shape: Node, param: Node, focus: str, path: PropertyPath) -> str:
    n = int_parameter(shape, SH.minCount, param)
    if n == 0:
        return f"SELECT ?this WHERE {{ {focus} FILTER(false) }}"
    if n == 1:
        # MINUS, an anti-join the store computes once; NOT EXISTS re-plans per focus node.
        return f"SELECT ?this WHERE {{ {focus} MINUS {{ {path('?this', '?value')} }} }}"
    return (
        f"SELECT ?this WHERE {{ {focus} OPTIONAL {{ {path('?this', '?value')} }} }} "
        f"GROUP BY ?this HAVING(COUNT(DISTINCT ?value) < {n})"
    )


def _max_count_query(shape: Node, param: Node, focus: str, path: PropertyPath) -> str:
    n = int_parameter(shape, SH.maxCount, param)
    values = path("?this", "?value")
    return f"SELECT ?this WHERE {{ {focus} {values} }} GROUP BY ?this HAVING(COUNT(DISTINCT ?value) > {n})"


def _unique_lang_query(shape: Node, param: Node, focus: str, path: PropertyPath) -> str:
    if not (isinstance(param, rdflib.Literal) and isinstance(param.value, bool)):
        raise UnsupportedShapeError(shape, SH.uniqueLang, "needs a boolean")
    if not param.value:
        return f"SELECT ?this WHERE {{ {focus} FILTER(false) }}"
    # One result per focus node and per language (lower-cased) that two values share.
    return (
        f"SELECT ?this ?lang WHERE {{ {_values(focus, path)} FILTER(isLiteral(?value) && LANG(?value) != '') "
        "BIND(LCASE(LANG(?value)) AS ?lang) } GROUP BY ?this ?lang HAVING(COUNT(DISTINCT ?value) > 1)"
    )


def _less_than_or_equals_query(shape: Node, param: Node, focus: str, path: PropertyPath) -> str:
    if not isinstance(param, rdflib.URIRef):
        raise UnsupportedShapeError(shape, SH.lessThanOrEquals, "needs an IRI")
    # One result per pair of a value and a greater-or-incomparable other value, as pySHACL.
    ok = less_than_or_equals_ok("?value", "?other")
    return (
        f"SELECT ?this ?value WHERE {{ {_values(focus, path)} ?this {param.n3()} ?other "
        f"FILTER(isBlank(?value) || isBlank(?other) || !{ok}) }}"
    )
