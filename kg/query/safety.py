"""The query policy: what igkg refuses before any engine sees a query, decided on its tokens.

The text is read by :func:`kg.core.sparql_lex.lex` (codepoint escapes decoded first, IRIs,
prefixed names with their escapes, the four kinds of string, comments; keywords however they are
cased or glued), never scanned with regular expressions. On those tokens:

- only a query runs: the first keyword after the prologue is SELECT, ASK, CONSTRUCT or DESCRIBE,
  and no update keyword (INSERT, DELETE, LOAD, CLEAR, DROP, CREATE, ADD, MOVE, COPY, WITH) is
  anywhere in it;
- SERVICE is refused unless every one names, as an IRI or a prefixed name resolved through the
  query's own PREFIX declarations, an endpoint the operator allowed (pyoxigraph follows SERVICE
  out to the network from Rust, out of Python's reach: reference/reliability-checklist.md, O1);
  a variable, an undeclared prefix or a relative IRI is refused;
- FROM and FROM NAMED, and a dataset given beside the query, may only name the store's own graphs
  (an engine may dereference such an IRI: rdflib does, from the network or the file system);
- the parse tree is bounded (:mod:`kg.query.limits`): nesting and chains that crash pyoxigraph's
  process (O3, issue 15) are refused with the measure and its limit.

The engine is then given :attr:`kg.core.sparql_lex.Lexed.text` — the text as decoded, comments
blanked — so that an engine which reads escapes or comments its own way has nothing left to read
differently (:func:`check_query` returns it; :func:`kg.query.run.run_sparql` runs it).
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.core.errors import QueryError
from kg.core.prefixes import PREFIXES
from kg.core.sparql_lex import PNAME, PUNCT, WORD, Lexed, Token, lex
from kg.core.sparql_text import QUERY_FORMS, body_start, form_of, iri_of
from kg.engines.base import QueryDataset
from kg.query.limits import MAX_NESTING, MAX_TOKENS, measure

__all__ = [
    "DEFAULT_POLICY",
    "MAX_NESTING",
    "MAX_QUERY_BYTES",
    "UPDATE_KEYWORDS",
    "Policy",
    "check_dataset",
    "check_query",
    "check_query_text",
    "dataset_iris",
    "read_query",
    "service_iris",
]

MAX_QUERY_BYTES = 1024 * 1024
UPDATE_KEYWORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"})


def read_query(query: str) -> Lexed:
    """The query's tokens, after the size cap (the lexer's cost is linear, but bounded anyway),
    with the predeclared prefixes (:mod:`kg.core.prefixes`) declared before its own."""
    size = len(query.encode("utf-8", "surrogatepass"))
    if size > MAX_QUERY_BYTES:
        raise QueryError(f"query is {size} bytes; at most {MAX_QUERY_BYTES} are accepted")
    return lex(query, MAX_TOKENS, prefixes=PREFIXES)


def _targets(lexed: Lexed, keyword: str, optional: str) -> list[tuple[Token, Token | None]]:
    """Each ``keyword`` token with the token it names (after the ``optional`` word, if there)."""
    tokens = lexed.tokens
    found: list[tuple[Token, Token | None]] = []
    for at, token in enumerate(tokens):
        if token.is_word(keyword):
            following = at + 1 + (at + 1 < len(tokens) and tokens[at + 1].is_word(optional))
            found.append((token, tokens[following] if following < len(tokens) else None))
    return found


def _iris(lexed: Lexed, keyword: str, optional: str) -> list[str | None]:
    return [iri_of(target, lexed) if target else None for _, target in _targets(lexed, keyword, optional)]


def dataset_iris(query: str) -> list[str | None]:
    """The graphs a query names in FROM and FROM NAMED (None where a name cannot be resolved)."""
    return _iris(read_query(query), "FROM", "NAMED")


def service_iris(query: str) -> list[str | None]:
    """The endpoints a query names in SERVICE (None for a variable or an unresolvable name)."""
    return _iris(read_query(query), "SERVICE", "SILENT")


def _check_dataset(lexed: Lexed, graphs: set[str] | frozenset[str]) -> None:
    for keyword, target in _targets(lexed, "FROM", "NAMED"):
        iri = iri_of(target, lexed) if target else None
        if iri is None or iri not in graphs:
            shown = f"<{iri}>" if iri else repr(target.text) if target else "nothing"
            raise QueryError(
                f"FROM {shown} ({lexed.where(keyword.pos)}) is not one of this dataset's graphs: igkg never "
                "fetches data; its graphs are listed in the dataset description (VoID)"
            )


def check_dataset(query: str, graphs: set[str] | frozenset[str]) -> None:
    """Refuse FROM / FROM NAMED naming anything but one of the dataset's own graphs.

    An engine may dereference such an IRI (rdflib can, from the network or the file system);
    igkg's answer never depends on anything outside the dataset.
    """
    _check_dataset(read_query(query), graphs)


def _check_services(lexed: Lexed, allowed_services: frozenset[str]) -> None:
    for keyword, target in _targets(lexed, "SERVICE", "SILENT"):
        iri = iri_of(target, lexed) if target else None
        if iri is None or iri not in allowed_services:
            named = f"<{iri}>" if iri else repr(target.text) if target else "nothing"
            hint = f" (allowed: {', '.join(sorted(allowed_services))})" if allowed_services else ""
            raise QueryError(
                f"SERVICE {named} at {lexed.where(keyword.pos)} is not allowed: igkg does not fetch from "
                f"the network unless the operator allows that endpoint{hint}"
            )


def _check_form(lexed: Lexed) -> None:
    for token in lexed.tokens:
        if token.kind == "WORD" and token.text in UPDATE_KEYWORDS:
            raise QueryError(
                f"{token.text} at {lexed.where(token.pos)}: only queries (SELECT, ASK, CONSTRUCT, DESCRIBE) "
                "are accepted: the store is read-only"
            )
    if form_of(lexed) in QUERY_FORMS:
        return
    # Not an update (refused above) and not a query: a syntax error where the query form should be.
    at = body_start(lexed.tokens)
    head = lexed.tokens[at] if at < len(lexed.tokens) else None
    where = lexed.where(head.pos) if head else lexed.where(len(lexed.text))
    found = f"found {head.text!r}" if head else "found the end of the query"
    raise QueryError(f"SPARQL syntax error at {where}: expected SELECT, ASK, CONSTRUCT or DESCRIBE, {found}")


def _check_prefixes(lexed: Lexed) -> None:
    """Refuse a prefixed name whose prefix is neither declared nor predeclared, naming it: the
    engine's own message for it is a list of character ranges, at a position past the name."""
    tokens = lexed.tokens
    for at, token in enumerate(tokens):
        if token.kind != PNAME or (at and tokens[at - 1].is_word("PREFIX")):
            continue
        prefix = token.text.partition(":")[0]
        if prefix not in lexed.prefixes:
            raise QueryError(
                f"SPARQL syntax error at {lexed.where(token.pos)}: the prefix {prefix + ':'!r} of "
                f"{token.text!r} is not declared; declare it (PREFIX {prefix}: <…>) or use one of the "
                f"predeclared: {', '.join(p + ':' for p in PREFIXES)}"
            )


def check_lexed(lexed: Lexed, allowed_services: frozenset[str] = frozenset()) -> None:
    """:func:`check_query_text` on a query already read."""
    measure(lexed)
    _check_services(lexed, allowed_services)
    _check_form(lexed)
    _check_prefixes(lexed)
    _check_rdf_1_2(lexed)


#: RDF 1.2 triple terms and reifiers (``<<( s p o )>>``, ``<< s p o >>``, ``{| … |}``, ``~``, the
#: TRIPLE function). igkg's graph holds none, and its answers (SPARQL results, JSON-LD) have no
#: form for one: a query that makes one is refused here rather than failing after it ran.
_RDF_1_2_PUNCT = frozenset({"<<", ">>", "{|", "|}", "~"})
_RDF_1_2_WORDS = frozenset({"TRIPLE"})


def _check_rdf_1_2(lexed: Lexed) -> None:
    for token in lexed.tokens:
        if (token.kind == PUNCT and token.text in _RDF_1_2_PUNCT) or (
            token.kind == WORD and token.text in _RDF_1_2_WORDS
        ):
            raise QueryError(
                f"RDF 1.2 triple terms ({token.text!r} at {lexed.where(token.pos)}) are not supported: "
                "igkg's graph holds none and its answers have no form for one"
            )


def check_query_text(query: str, allowed_services: frozenset[str] = frozenset()) -> str:
    """Refuse query text igkg will not run: too large, unreadable, too deep or long, federated or
    an update. SERVICE is refused unless every endpoint it names is in ``allowed_services`` (an
    operator's allow-list; empty by default, so nothing is ever fetched).

    :returns: the text to give the engine (decoded, comments blanked).
    """
    lexed = read_query(query)
    check_lexed(lexed, allowed_services)
    return lexed.text


@dataclass(frozen=True)
class Policy:
    """What a caller lets a query do beyond igkg's fixed refusals.

    ``allowed_services``: endpoints a query may reach through SERVICE (the operator's allow-list;
    empty: none). ``known_graphs``: when given, the only graphs a query may name in FROM / FROM
    NAMED or a protocol dataset (the server's graphs); None leaves the dataset clause to the
    engine, which never loads a graph from outside the store.
    """

    allowed_services: frozenset[str] = frozenset()
    known_graphs: frozenset[str] | None = None


DEFAULT_POLICY = Policy()


def check_query(query: str, policy: Policy = DEFAULT_POLICY, dataset: QueryDataset | None = None) -> str:
    """The whole policy, on the text that will run: :func:`check_query_text`, then the dataset
    it names (``FROM``) and the one given beside it, against the known graphs.

    :returns: the text to give the engine (decoded, comments blanked: module docstring).
    """
    lexed = read_query(query)
    check_lexed(lexed, policy.allowed_services)
    if policy.known_graphs is not None:
        _check_dataset(lexed, policy.known_graphs)
        given = (*dataset.default_graphs, *dataset.named_graphs) if dataset is not None else ()
        for graph in given:
            if graph not in policy.known_graphs:
                raise QueryError(f"<{graph}> is not one of this dataset's graphs; igkg never fetches data")
    return lexed.text
