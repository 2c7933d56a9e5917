"""What a SPARQL text is, read from its tokens (:mod:`kg.core.sparql_lex`): its form, the IRIs
its names stand for, where its clauses are.

Shared by the stage that polices queries (:mod:`kg.query.safety`), the one that binds their
parameters (:mod:`kg.query.binding`), the engine that adds a dataset clause for a remote store
(:mod:`kg.engines.remote`) and the server's protocol, so that all read the same text the same way.
"""

from __future__ import annotations

import re

from kg.core.errors import QueryError
from kg.core.sparql_lex import IRI, PNAME, STRING, WORD, Lexed, Token, lex

QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
_ABSOLUTE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_LOCAL_ESCAPE = re.compile(r"\\(.)")


def body_start(tokens: list[Token]) -> int:
    """The index of the first token after the prologue (BASE, PREFIX and VERSION declarations)."""
    at = 0
    while at < len(tokens):
        token = tokens[at]
        if token.is_word("BASE") and at + 1 < len(tokens) and tokens[at + 1].kind == IRI:
            at += 2
        elif token.is_word("PREFIX") and at + 2 < len(tokens) and tokens[at + 2].kind == IRI:
            at += 3
        elif token.is_word("VERSION") and at + 1 < len(tokens) and tokens[at + 1].kind == STRING:
            at += 2
        else:
            break
    return at


def form_of(lexed: Lexed) -> str:
    """The first keyword after the prologue, upper case ("" if the body starts with no keyword)."""
    at = body_start(lexed.tokens)
    token = lexed.tokens[at] if at < len(lexed.tokens) else None
    return token.text if token is not None and token.kind == WORD else ""


#: Tokens read to find the form: a prologue of PREFIX and BASE declarations is 3 tokens each.
_FORM_HEAD = 4096


def first_keyword(query: str) -> str:
    """The first keyword after the prologue, upper case ("" if there is none or the text does not
    read as SPARQL)."""
    try:
        return form_of(lex(query, head=_FORM_HEAD))
    except QueryError:
        return ""


def query_form(query: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE (upper case), or "" when the text is none of them."""
    word = first_keyword(query)
    return word if word in QUERY_FORMS else ""


def iri_of(token: Token, lexed: Lexed) -> str | None:
    """The absolute IRI an IRI or prefixed-name token stands for, through the PREFIX declarations;
    None for anything else: a variable, an undeclared prefix, or a relative IRI (which would
    depend on BASE resolution, where engines and libraries differ in the corners)."""
    if token.kind == IRI:
        iri = token.text[1:-1]
    elif token.kind == PNAME:
        prefix, _, local = token.text.partition(":")
        if prefix not in lexed.prefixes:
            return None
        iri = lexed.prefixes[prefix] + _LOCAL_ESCAPE.sub(r"\1", local)
    else:
        return None
    return iri if _ABSOLUTE.match(iri) else None
