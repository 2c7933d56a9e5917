"""Binding a query's parameters: RDF terms put into its text, never user text.

Each parameter is inlined where that keeps the query's meaning (pyoxigraph then starts from the
term), the others are bound by a ``VALUES`` block; both are the terms pyoxigraph serialises, so
the same bound text runs on any SPARQL 1.1 engine or endpoint. Where a variable is and where the
WHERE group opens are read from the query's tokens (:mod:`kg.core.sparql_lex`), so a variable
or a brace inside a string, an IRI or a comment is never touched. The bound text is the query as
the lexer reads it: codepoint escapes decoded (comments stay; the policy blanks them).
"""

from __future__ import annotations

from pyoxigraph import Literal, NamedNode

from kg.core.errors import QueryError
from kg.core.sparql_lex import PUNCT, VAR, Lexed, Token, lex
from kg.core.sparql_text import QUERY_FORMS, body_start


def _matching(tokens: list[Token], at: int) -> int:
    """The index of the token that closes the bracket opened at ``at``."""
    depth = 0
    for index in range(at, len(tokens)):
        if tokens[index].kind == PUNCT and tokens[index].text in ("{", "(", "[", "{|", "<<"):
            depth += 1
        elif tokens[index].kind == PUNCT and tokens[index].text in ("}", ")", "]", "|}", ">>"):
            depth -= 1
            if depth == 0:
                return index
    return len(tokens) - 1


def where_group(lexed: Lexed) -> int:
    """The index of the ``{`` that opens the query's WHERE group (the one after ``WHERE``, else
    the first group after the form keyword, past a CONSTRUCT template)."""
    tokens = lexed.tokens
    start = body_start(tokens)
    for index in range(start, len(tokens) - 1):
        if tokens[index].is_word("WHERE") and tokens[index + 1].text == "{":
            return index + 1
    for index in range(start, len(tokens)):
        if tokens[index].text == "{" and tokens[index].kind == PUNCT:
            if tokens[start].is_word("CONSTRUCT") and index == start + 1:
                after = _matching(tokens, index) + 1
                if after < len(tokens) and tokens[after].text == "{":
                    return after
            return index
    raise QueryError("cannot bind parameters: the query has no WHERE group")


def with_values(text: str, bindings: dict[str, NamedNode | Literal]) -> str:
    """The query with a ``VALUES`` block binding each parameter, as the first thing in its WHERE
    group. The values are RDF terms serialised by pyoxigraph (escaped), never user text, so this
    is binding, not splicing; and the same text runs on any SPARQL 1.1 engine or endpoint.
    """
    if not bindings:
        return text
    lexed = lex(text)
    at = lexed.tokens[where_group(lexed)].end
    names = sorted(bindings)
    block = f" VALUES ({' '.join('?' + n for n in names)}) {{ ({' '.join(str(bindings[n]) for n in names)}) }} "
    return lexed.decoded[:at] + block + lexed.decoded[at:]


def bind(text: str, bindings: dict[str, NamedNode | Literal]) -> str:
    """The query with its parameters bound: each inlined where that is safe, the others by
    ``VALUES``.

    Measured on the canned queries with their examples (pyoxigraph, this build): all sixteen take
    2.6 s with VALUES and 0.7 s with inlining where it applies; the slowest goes from 2.0 s to
    0.2 s. One gets slower (``instrument-lineage``, 0.001 s to 0.14 s), none beyond 0.25 s.
    A SERVICE endpoint given as a parameter must be inlined: SERVICE takes an IRI or a variable,
    and igkg's allow-list check reads the IRI.
    """
    inline = {n: v for n, v in bindings.items() if _inlinable(text, {n: v})}
    rest = {n: v for n, v in bindings.items() if n not in inline}
    return with_values(_inline(text, inline) if inline else text, rest)


def inlined(text: str, bindings: dict[str, NamedNode | Literal]) -> str | None:
    """The query with each variable replaced by its term where it occurs in the query's structure,
    or None where that would change its meaning or syntax (see :func:`_inlinable`).

    Same answers as :func:`with_values`, at a different speed on pyoxigraph, which does not push a
    ``VALUES`` binding into a ``UNION`` or ``GRAPH`` pattern: ``provenance`` takes 2.0 s with
    VALUES and 0.12 s inlined, but ``instrument-lineage`` 0.001 s with VALUES and 0.14 s inlined
    (a property path from a constant). So it is a choice per query, not a default.
    """
    return _inline(text, bindings) if _inlinable(text, bindings) else None


def _occurrences(tokens: list[Token], name: str) -> list[int]:
    return [i for i, t in enumerate(tokens) if t.kind == VAR and t.text[1:] == name]


def _assigned(tokens: list[Token], at: int) -> bool:
    """Whether the variable at ``at`` is in a position a term cannot take: ``AS ?x``, ``VALUES
    ?x`` or a VALUES variable list, ``BOUND(?x)``, ``GROUP BY ?x``, ``ORDER BY ?x``."""
    prev = tokens[at - 1] if at else None
    if prev is None:
        return False
    if prev.is_word("AS", "VALUES", "BY") or (prev.text == "(" and at >= 2 and tokens[at - 2].is_word("BOUND")):
        return True
    before = at - 1
    while before >= 0 and tokens[before].kind == VAR:  # VALUES (?a ?b ...)
        before -= 1
    return before >= 1 and tokens[before].text == "(" and tokens[before - 1].is_word("VALUES")


def _inlinable(text: str, bindings: dict[str, NamedNode | Literal]) -> bool:
    """Whether replacing the variables by their terms keeps the query's meaning and syntax: the
    query has no subquery (a variable there is another variable), and no variable is projected,
    assigned (``AS ?x``), or used in a position a term cannot take (``VALUES ?x``, ``BOUND(?x)``)."""
    tokens = lex(text).tokens
    if sum(t.is_word(*QUERY_FORMS) for t in tokens) > 1:
        return False
    where = next((i for i, t in enumerate(tokens) if t.is_word("WHERE")), len(tokens))
    last_close = max((i for i, t in enumerate(tokens) if t.text == "}"), default=len(tokens))
    for name in bindings:
        for at in _occurrences(tokens, name):
            # projected, after the WHERE group (GROUP BY / ORDER BY / HAVING), or assigned
            if at < where or at > last_close or _assigned(tokens, at):
                return False
    return True


def _inline(text: str, bindings: dict[str, NamedNode | Literal]) -> str:
    lexed = lex(text)
    spans = sorted(
        (lexed.tokens[at].pos, lexed.tokens[at].end, str(term))
        for name, term in bindings.items()
        for at in _occurrences(lexed.tokens, name)
    )
    out = []
    at = 0
    for start, end, written in spans:
        out.append(lexed.decoded[at:start])
        out.append(written)
        at = end
    out.append(lexed.decoded[at:])
    return "".join(out)
