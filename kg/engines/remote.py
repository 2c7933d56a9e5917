"""A remote SPARQL 1.1 endpoint as a view, through SPARQLWrapper.

The same canned queries, checked and bound by :mod:`kg.query.run` as for the embedded store, run
against any endpoint: an Oxigraph server, Virtuoso, Fuseki, GraphDB. Results
come back as SPARQL JSON (SELECT, ASK) or N-Triples (CONSTRUCT, DESCRIBE) and are turned into the
same terms the embedded store gives, so every output format works unchanged.

The dataset: igkg's store answers a query without ``GRAPH`` from the merge of all its graphs
(each distinct triple once) and ``GRAPH ?g`` from its named graphs. ``igkg push`` puts that merge
into the store's default graph, which is enough where the default graph is a graph of its own
(Oxigraph, Fuseki). Where the default graph is the union of every graph in the store (Virtuoso:
a triple in two graphs counts twice, and the store's system graphs are in it too), push the merge
into a named graph instead (``--default-graph IRI``) and query with the same option: each query
then carries a dataset description (SPARQL 1.1 Query, 13.2), ``FROM`` that graph and ``FROM
NAMED`` every other igkg graph in the store (found by one query, the first time), which any
SPARQL 1.1 store honours. (The protocol's ``default-graph-uri`` / ``named-graph-uri`` parameters
mean the same, but Virtuoso echoes each as a response header, and Python's HTTP client refuses a
response with more than 100 headers; igkg has over 200 graphs.) A query that names its own
``FROM`` or ``FROM NAMED`` keeps its own dataset.
"""

from __future__ import annotations

import json
import urllib.error
from typing import Any

from pyoxigraph import BlankNode, Literal, NamedNode, Quad, RdfFormat, parse
from SPARQLWrapper import JSON, N3, POST, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from kg.core import settings
from kg.core.errors import ConfigError, QueryError, RowLimitError, StoreError
from kg.core.sparql_lex import Token, lex
from kg.core.sparql_text import QUERY_FORMS, body_start, query_form
from kg.core.terms import XSD_STRING
from kg.engines.base import QueryDataset, Results, Term

_IGKG_GRAPH_BASES = (settings.SOURCE_BASE, settings.GRAPH_BASE)
# Where a dataset clause may go: before the WHERE clause, or before the solution modifiers of a
# DESCRIBE without one.
_BEFORE = {"WHERE", "{", "GROUP", "HAVING", "ORDER", "LIMIT", "OFFSET", "VALUES"}


def graph_iri(value: str, option: str = "--default-graph") -> NamedNode:
    """An absolute IRI for a graph, or a clear refusal."""
    try:
        return NamedNode(value)
    except ValueError:
        raise ConfigError(
            f"{option} {value!r}: give an absolute IRI, for example {settings.GRAPH_BASE}merged"
        ) from None


def term_from_json(value: dict[str, str]) -> Term:
    """A term of the SPARQL 1.1 Query Results JSON format."""
    kind = value["type"]
    if kind == "uri":
        return NamedNode(value["value"])
    if kind == "bnode":
        return BlankNode(value["value"])
    if "xml:lang" in value:
        return Literal(value["value"], language=value["xml:lang"])
    datatype = value.get("datatype")
    if datatype and datatype != XSD_STRING:
        return Literal(value["value"], datatype=NamedNode(datatype))
    return Literal(value["value"])


def _past_group(tokens: list[Token], at: int) -> int:
    """The index just past the ``}`` that closes the ``{`` at ``at``."""
    depth = 0
    for index in range(at, len(tokens)):
        if tokens[index].kind == "PUNCT" and tokens[index].text in ("{", "}"):
            depth += 1 if tokens[index].text == "{" else -1
            if depth == 0:
                return index + 1
    return len(tokens)


def _dataset_position(tokens: list[Token], start: int) -> int | None:
    """Where a dataset clause goes in a query whose form keyword is at ``start``: before the
    first WHERE, group or solution modifier outside parentheses (past a CONSTRUCT template)."""
    index, depth = start + 1, 0
    if tokens[start].is_word("CONSTRUCT") and index < len(tokens) and tokens[index].text == "{":
        index = _past_group(tokens, index)  # the template
    for token in tokens[index:]:
        if token.kind == "PUNCT" and token.text in ("(", ")"):
            depth += 1 if token.text == "(" else -1
        elif depth == 0 and token.text in _BEFORE and token.kind in ("WORD", "PUNCT"):
            return token.pos
    return None


def with_dataset(text: str, default_graph: str, named_graphs: list[str]) -> str:
    """The query with a dataset clause (``FROM`` and ``FROM NAMED``) before its WHERE clause.

    A query that already has a dataset clause is returned unchanged: its own dataset wins. Where
    the clause goes is read from the query's tokens (:mod:`kg.core.sparql_lex`), so a brace or a
    keyword inside a string, an IRI or a comment never moves it.
    """
    lexed = lex(text)
    tokens = lexed.tokens
    if any(t.is_word("FROM") for t in tokens):
        return text
    start = body_start(tokens)
    if start >= len(tokens) or not tokens[start].is_word(*QUERY_FORMS):
        return text
    at = _dataset_position(tokens, start)
    at = len(lexed.text) if at is None else at
    clause = "".join(f"FROM NAMED {NamedNode(g)}\n" for g in named_graphs)
    return f"{lexed.text[:at]}\nFROM {NamedNode(default_graph)}\n{clause}{lexed.text[at:]}"


def ask_answer(body: dict[str, Any]) -> bool:
    """The answer of an ASK query in SPARQL JSON.

    The standard form is ``{"boolean": true}``. Virtuoso 7.2 answers ASK as a one-column result
    set instead: one row holding 1 for true, no rows (or 0) for false.
    """
    if "boolean" in body:
        return bool(body["boolean"])
    bindings = body.get("results", {}).get("bindings", [])
    return any(v.get("value") not in ("0", "false") for row in bindings for v in row.values())


class EndpointView:
    """Read-only queries on a SPARQL endpoint (``--endpoint URL``).

    ``default_graph``: the named graph that holds the merge (``igkg push --default-graph``);
    queries then name their dataset, ``FROM`` that graph and ``FROM NAMED`` igkg's other graphs
    (module docstring). Without it, the endpoint's own default dataset is used.
    """

    def __init__(
        self,
        url: str,
        timeout: int = 60,
        auth: tuple[str, str] | None = None,
        default_graph: str | None = None,
    ) -> None:
        self.url = url
        self.timeout = timeout
        self.auth = auth
        self.default_graph = graph_iri(default_graph).value if default_graph else None
        self._named_graphs: list[str] | None = None

    def named_graphs(self) -> list[str]:
        """igkg's named graphs in the store, other than the default graph (asked once)."""
        if self._named_graphs is None and self.default_graph:
            bases = " || ".join(f'STRSTARTS(STR(?g), "{base}")' for base in _IGKG_GRAPH_BASES)
            default = NamedNode(self.default_graph)
            text = f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g = {default} || {bases}) }}"
            found = {row[0].value for row in self._select(self._client(text)).rows if row[0] is not None}
            if self.default_graph not in found:
                raise StoreError(
                    f"SPARQL endpoint {self.url} has no graph {default} (--default-graph): "
                    f"push the graph there first with `igkg push --default-graph {self.default_graph}`"
                )
            self._named_graphs = sorted(found - {self.default_graph})
        return self._named_graphs or []

    def _client(self, text: str) -> SPARQLWrapper:
        client = SPARQLWrapper(self.url)
        # Content negotiation only: SPARQLWrapper's extra format/output parameters make Virtuoso
        # answer CONSTRUCT as Turtle ("n3"), or 406 when the Accept header asks for N-Triples.
        client.setOnlyConneg(True)
        client.setQuery(text)
        # SPARQLWrapper guesses the form from words anywhere in the text, comments included
        # ("add" in a description makes it an update); igkg's own reading is exact.
        client.queryType = query_form(text)
        client.setMethod(POST)  # queries can be long; POST avoids URL length limits
        client.setTimeout(self.timeout)
        if self.auth:
            client.setCredentials(*self.auth)
        return client

    def _run(self, client: SPARQLWrapper) -> bytes:
        try:
            response = client.query().response
            body: bytes = response.read()
        except (SPARQLWrapperException, urllib.error.URLError, OSError) as exc:
            raise StoreError(f"SPARQL endpoint {self.url}: {exc}") from None
        # Virtuoso cuts an answer at ResultSetMaxRows (10000 in Debian's virtuoso.ini) and says so
        # only in this header, with 200 OK: a cut answer is refused, never shown as the answer.
        cap = response.headers.get("X-SPARQL-MaxRows") if hasattr(response, "headers") else None
        if cap is not None:
            raise StoreError(
                f"SPARQL endpoint {self.url} cut the answer at {cap} rows (X-SPARQL-MaxRows); "
                "on Virtuoso raise ResultSetMaxRows in the [SPARQL] section of virtuoso.ini"
            )
        return body

    def _json(self, client: SPARQLWrapper) -> dict[str, Any]:
        client.setReturnFormat(JSON)
        try:
            body = json.loads(self._run(client))
        except json.JSONDecodeError as exc:
            raise QueryError(f"SPARQL endpoint {self.url} did not answer SPARQL JSON: {exc}") from None
        if not isinstance(body, dict):
            raise QueryError(f"SPARQL endpoint {self.url} did not answer SPARQL JSON")
        return body

    def _select(self, client: SPARQLWrapper) -> Results:
        body = self._json(client)
        variables = list(body["head"]["vars"])
        rows = [tuple(term_from_json(b[v]) if v in b else None for v in variables) for b in body["results"]["bindings"]]
        return Results(variables, rows)

    def query(self, text: str, *, dataset: QueryDataset | None = None, row_limit: int | None = None) -> Results:
        if dataset is not None:
            raise QueryError(
                "a dataset given beside the query is answered by the Oxigraph store, not through --endpoint"
            )
        results = self._query(text)
        if row_limit is not None and len(results.triples or results.rows) > row_limit:
            raise RowLimitError(row_limit, "triples" if results.triples is not None else "rows")
        return results

    def _query(self, full: str) -> Results:
        if self.default_graph:
            full = with_dataset(full, self.default_graph, self.named_graphs())
        client = self._client(full)
        if client.queryType in ("CONSTRUCT", "DESCRIBE"):
            client.setReturnFormat(N3)
            client.addCustomHttpHeader("Accept", "application/n-triples")
            data = self._run(client)
            triples = [Quad(t.subject, t.predicate, t.object) for t in parse(data, format=RdfFormat.N_TRIPLES)]
            return Results([], [], triples=triples)
        if client.queryType == "ASK":
            return Results([], [], boolean=ask_answer(self._json(client)))
        return self._select(client)

    def contains(self, iri: NamedNode) -> bool:
        answer = self.query(f"ASK {{ {{ {iri} ?p ?o }} UNION {{ ?s ?p {iri} }} }}")
        return bool(answer.boolean)
