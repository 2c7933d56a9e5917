"""Ill-typed literals as rdflib judges them, for ``sh:datatype``: pySHACL rejects a literal of the
constraint's own datatype that rdflib cannot convert. One scan of the store finds the literals
whose lexical form is not certainly fine; rdflib judges those, and the compiled queries get the
rejected ones in place of their ``ILL_TYPED(?v)`` placeholder."""

from __future__ import annotations

import re
from collections.abc import Sequence

import rdflib
from pyoxigraph import Literal
from rdflib.namespace import XSD

from kg.engines.base import View
from kg.validate.shacl_sparql.compiled import ILL_TYPED
from kg.validate.shacl_sparql.expressions import sparql_string
from kg.validate.shacl_sparql.rows import select, to_rdflib

#: Lexical forms rdflib certainly converts (a subset of the valid ones): literals of these
#: datatypes that do not match go to rdflib for its verdict.
_SURELY_WELL_TYPED = {
    XSD.integer: r"^[+-]?[0-9]+$",
    XSD.decimal: r"^[+-]?[0-9]+([.][0-9]+)?$",
    XSD.date: r"^[1-9][0-9]{3}-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])$",
    XSD.boolean: r"^(true|false)$",
}
#: The Python type pySHACL wants rdflib's value of such a literal to have.
_PYTHON_TYPES: dict[rdflib.URIRef, type] = {XSD.integer: int, XSD.decimal: object, XSD.boolean: bool, XSD.date: object}


def ill_typed(view: View, datatypes: set[rdflib.URIRef]) -> list[Literal]:
    """The literals of ``datatypes`` in the store that pySHACL's sh:datatype rejects."""
    if not datatypes:
        return []
    tests = []
    for dt in sorted(datatypes):
        safe = _SURELY_WELL_TYPED.get(dt)
        regex = f" && !REGEX(STR(?v), {sparql_string(safe)})" if safe else ""
        tests.append(f"(DATATYPE(?v) = {dt.n3()}{regex})")
    query = f"SELECT DISTINCT ?v WHERE {{ ?s ?p ?v FILTER(isLiteral(?v) && ({' || '.join(tests)})) }}"
    literals = (row["v"] for row in select(view, query))
    return [term for term in literals if isinstance(term, Literal) and _rdflib_rejects(term)]


def _rdflib_rejects(term: Literal) -> bool:
    """pySHACL's DatatypeConstraintComponent on a literal of the constraint's own datatype."""
    literal = to_rdflib(term)
    if not isinstance(literal, rdflib.Literal):
        return False
    if literal.ill_typed is True:
        return True
    wanted = _PYTHON_TYPES.get(rdflib.URIRef(term.datatype.value), object)
    return not isinstance(literal.value, wanted)


def fill_ill_typed(query: str, ill_typed: Sequence[Literal]) -> str:
    """The query with each ``ILL_TYPED(?v)`` placeholder replaced by a test against the literals."""

    def expand(match: re.Match[str]) -> str:
        var = match.group(1)
        return "(" + " || ".join([f"sameTerm({var}, {lit})" for lit in ill_typed] or ["false"]) + ")"

    return re.sub(rf"{ILL_TYPED}\((\?\w+)\)", expand, query)
