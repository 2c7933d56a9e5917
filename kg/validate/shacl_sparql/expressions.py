"""SPARQL expressions, each true when one value node passes one constraint component, written to
judge as pySHACL does (and never to raise an error, which a FILTER would take for false)."""

from __future__ import annotations

import rdflib
from pyoxigraph import Literal, NamedNode
from rdflib.namespace import RDF, SH, XSD

from kg.validate.shacl_sparql.compiled import Node, UnsupportedShapeError
from kg.validate.shacl_sparql.reader import int_parameter

NODE_KINDS: dict[Node, str] = {
    SH.IRI: "isIRI({v})",
    SH.BlankNode: "isBlank({v})",
    SH.Literal: "isLiteral({v})",
    SH.BlankNodeOrIRI: "(isBlank({v}) || isIRI({v}))",
    SH.BlankNodeOrLiteral: "(isBlank({v}) || isLiteral({v}))",
    SH.IRIOrLiteral: "(isIRI({v}) || isLiteral({v}))",
}
#: The datatypes of plain and language-tagged strings.
STRING_TYPES = f"(<{XSD.string}>, <{RDF.langString}>)"


def sparql_string(text: str) -> str:
    return str(Literal(text))


def class_ok(cls: Node, v: str) -> str:
    return f"((isIRI({v}) || isBlank({v})) && EXISTS {{ {v} a/<{rdflib.RDFS.subClassOf}>* {cls.n3()} }})"


def node_kind_ok(shape: Node, kind: Node, v: str) -> str:
    if kind not in NODE_KINDS:
        raise UnsupportedShapeError(shape, kind, "is not a node kind")
    return NODE_KINDS[kind].format(v=v)


def min_length_ok(shape: Node, param: Node, v: str) -> str:
    length = int_parameter(shape, SH.minLength, param)
    return "true" if length == 0 else f"(!isBlank({v}) && STRLEN(STR({v})) >= {length})"


def pattern_ok(shape: Node, pattern: Node, flags: Node | None, v: str) -> str:
    if not isinstance(pattern, rdflib.Literal):
        raise UnsupportedShapeError(shape, SH.pattern, "needs a string")
    # pySHACL honours only the i and m flags.
    given = str(flags).lower() if flags is not None else ""
    kept = "".join(f for f in "im" if f in given)
    text = pattern if "m" in kept else _python_dollar(str(pattern))
    return f"(!isBlank({v}) && REGEX(STR({v}), {sparql_string(str(text))}, {sparql_string(kept)}))"


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


def min_inclusive_ok(shape: Node, bound: Node, v: str) -> str:
    if not isinstance(bound, rdflib.Literal):
        raise UnsupportedShapeError(shape, SH.minInclusive, "needs a literal")
    # pySHACL fails a value whose string-ness differs from the bound's, and any it cannot compare.
    bound_is_string = isinstance(bound.value, str)
    value_is_string = f"(DATATYPE({v}) IN {STRING_TYPES})"
    same_kind = value_is_string if bound_is_string else f"!{value_is_string}"
    return f"(isLiteral({v}) && {same_kind} && COALESCE({v} >= {_ox_literal(bound)}, false))"


def language_in_ok(shape: Node, languages: list[Node], v: str) -> str:
    """pySHACL: the lower-cased tag, or its first subtag, is one of the listed languages."""
    wanted = set()
    for lang in languages:
        if not (isinstance(lang, rdflib.Literal) and isinstance(lang.value, str)):
            raise UnsupportedShapeError(shape, SH.languageIn, "needs a list of strings")
        wanted.add(lang.value.lower())
    if "*" in wanted:
        return f"(isLiteral({v}) && LANG({v}) != '')"
    listed = ", ".join(sorted(sparql_string(w) for w in wanted)) or "''"
    tag = f"LCASE(LANG({v}))"
    first = f"STRBEFORE(CONCAT({tag}, '-'), '-')"
    return f"(isLiteral({v}) && LANG({v}) != '' && ({tag} IN ({listed}) || {first} IN ({listed})))"


def less_than_or_equals_ok(v: str, o: str) -> str:
    """pySHACL: IRIs and strings compare as strings; a string and a non-string never pass."""

    def is_string(x: str) -> str:
        return f"(isIRI({x}) || DATATYPE({x}) IN {STRING_TYPES})"

    both = f"IF({is_string(v)}, STR({v}) <= STR({o}), {v} <= {o})"
    return f"COALESCE({is_string(v)} = {is_string(o)} && {both}, false)"


def _ox_literal(lit: rdflib.Literal) -> str:
    if lit.language:
        return str(Literal(str(lit), language=lit.language))
    if lit.datatype:
        return str(Literal(str(lit), datatype=NamedNode(str(lit.datatype))))
    return str(Literal(str(lit)))
