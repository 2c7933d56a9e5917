"""A remote SPARQL 1.1 endpoint as a view, through SPARQLWrapper.

The same canned queries (with the same ``VALUES`` parameter binding and the same refusals of
hostile text) run against any endpoint: an Oxigraph server, Virtuoso, Fuseki, GraphDB. Results
come back as SPARQL JSON (SELECT, ASK) or N-Triples (CONSTRUCT, DESCRIBE) and are turned into the
same terms the embedded store gives, so every output format works unchanged.
"""

from __future__ import annotations

import json
import urllib.error

from pyoxigraph import BlankNode, Literal, NamedNode, Quad, RdfFormat, parse
from SPARQLWrapper import JSON, N3, POST, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from kg.errors import QueryError, StoreError
from kg.queries import with_values
from kg.safety import check_query_text, query_form
from kg.store import Results, Term

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


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
    if datatype and datatype != _XSD_STRING:
        return Literal(value["value"], datatype=NamedNode(datatype))
    return Literal(value["value"])


class EndpointView:
    """Read-only queries on a SPARQL endpoint (``--endpoint URL``)."""

    def __init__(self, url: str, timeout: int = 60, auth: tuple[str, str] | None = None) -> None:
        self.url = url
        self.timeout = timeout
        self.auth = auth

    def _client(self, text: str) -> SPARQLWrapper:
        client = SPARQLWrapper(self.url)
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
            return client.query().response.read()
        except (SPARQLWrapperException, urllib.error.URLError, OSError) as exc:
            raise StoreError(f"SPARQL endpoint {self.url}: {exc}") from None

    def query(self, text: str, bindings: dict[str, NamedNode | Literal] | None = None) -> Results:
        check_query_text(text)
        full = with_values(text, bindings or {})
        client = self._client(full)
        if client.queryType in ("CONSTRUCT", "DESCRIBE"):
            client.setReturnFormat(N3)
            client.addCustomHttpHeader("Accept", "application/n-triples")
            data = self._run(client)
            triples = [Quad(t.subject, t.predicate, t.object) for t in parse(data, format=RdfFormat.N_TRIPLES)]
            return Results([], [], triples=triples)
        client.setReturnFormat(JSON)
        try:
            body = json.loads(self._run(client))
        except json.JSONDecodeError as exc:
            raise QueryError(f"SPARQL endpoint {self.url} did not answer SPARQL JSON: {exc}") from None
        if "boolean" in body:
            return Results([], [], boolean=bool(body["boolean"]))
        variables = list(body["head"]["vars"])
        rows = [tuple(term_from_json(b[v]) if v in b else None for v in variables) for b in body["results"]["bindings"]]
        return Results(variables, rows)

    def contains(self, iri: NamedNode) -> bool:
        answer = self.query(f"ASK {{ {{ {iri} ?p ?o }} UNION {{ ?s ?p {iri} }} }}")
        return bool(answer.boolean)
