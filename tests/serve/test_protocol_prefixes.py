"""Issue 17, deliverables 2 and 3a: one prefix table everywhere (HTTP, the Python API, the service
description, ``/prefixes.json``), parse errors at the user's own line and column in one sentence,
and the protocol's dataset meaning exactly FROM / FROM NAMED. Against a real ``igkg serve``."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request

import pytest
from rdflib import Graph, Namespace, URIRef

import kg
from kg.core.errors import QueryError
from kg.core.prefixes import PREFIXES
from kg.engines.oxigraph import OxigraphView
from kg.engines.rdflib_view import RdflibView
from kg.pipeline.build import BuildReport
from kg.query.run import run_sparql
from tests.serve.conftest import Server

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
SH = Namespace("http://www.w3.org/ns/shacl#")
README_QUERY = "SELECT ?b ?label WHERE { ?b a igkg:Forum ; rdfs:label ?label }"


def ask(
    server: Server, *params: tuple[str, str], accept: str = "application/sparql-results+json, text/turtle;q=0.9"
) -> tuple[int, str]:
    url = server.url + "sparql?" + urllib.parse.urlencode(params)
    request = urllib.request.Request(url, headers={"Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def rows(body: str) -> list[dict[str, str]]:
    return sorted(({k: v["value"] for k, v in b.items()} for b in json.loads(body)["results"]["bindings"]), key=str)


def test_the_readme_example_runs_on_http_with_the_predeclared_prefixes(server: Server) -> None:
    status, body = ask(server, ("query", README_QUERY))
    assert status == 200, body
    assert {"b": "https://w3id.org/igkg/id/igf"} in [{"b": r["b"]} for r in rows(body)]


def test_the_api_predeclares_the_same_prefixes(built: BuildReport) -> None:
    store = kg.open_store(built.out_dir / "store")
    direct = store.query(README_QUERY)
    bounded = kg.api.sparql(README_QUERY, built.out_dir / "store")
    assert direct.rows and sorted(map(str, direct.rows)) == sorted(map(str, bounded.rows))


def test_a_query_declaration_wins_over_the_table(view: OxigraphView) -> None:
    text = "PREFIX id: <http://example.org/> SELECT ?x WHERE { BIND(id:igf AS ?x) }"
    assert run_sparql(view, text).rows[0][0].value == "http://example.org/igf"  # type: ignore[union-attr]


def test_an_engine_given_no_table_gets_the_prefixes_in_the_text(rdflib_view: RdflibView) -> None:
    assert run_sparql(rdflib_view, README_QUERY).rows


def test_the_prefixes_are_published_for_the_editor_and_in_the_service_description(server: Server) -> None:
    with urllib.request.urlopen(server.url + "prefixes.json", timeout=30) as response:
        assert json.loads(response.read()) == PREFIXES
    status, turtle = ask(server, accept="text/turtle")
    assert status == 200
    graph = Graph().parse(data=turtle, format="turtle")
    declared = {
        str(graph.value(d, SH.prefix)): str(graph.value(d, SH.namespace)) for d in graph.objects(None, SH.declare)
    }
    assert declared == PREFIXES


@pytest.mark.parametrize(
    ("query", "where", "says"),
    [
        ("SELEC ?x WHERE { ?x ?p ?o }", "line 1, column 1", "expected SELECT, ASK, CONSTRUCT or DESCRIBE"),
        ("SELECT ?x\nWHERE {\n  ?x foo:bar ?o }", "line 3, column 6", "'foo:' of 'foo:bar' is not declared"),
        ("SELECT ?x\n  WHERE ?x ?p ?o", "line 2, column 9", "expected '{'"),
        ("\n\nCONSTRUCT { ?s rdfs:label } WHERE { ?s ?p ?o }", "line 3, column 27", "expected an RDF term"),
        ("WHERE { ?s ?p ?o }", "line 1, column 1", "expected SELECT"),
    ],
)
def test_a_parse_error_names_the_users_line_and_column_in_one_sentence(
    server: Server, query: str, where: str, says: str
) -> None:
    status, body = ask(server, ("query", query))
    assert status == 400
    message = body.strip()
    assert f"SPARQL syntax error at {where}" in message and says in message, message
    assert "\n" not in message and "\\u{" not in message and "read-only" not in message


def test_the_cli_and_api_errors_count_in_the_users_text(built: BuildReport) -> None:
    with pytest.raises(QueryError, match=r"at line 2, column 9 \(at '\?x'\): expected '\{'"):
        kg.api.sparql("SELECT ?x\n  WHERE ?x ?p ?o", built.out_dir / "store")


def _graph(view: OxigraphView) -> str:
    found = view.query(
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY DESC(?n) LIMIT 1"
    )
    return found.rows[0][0].value  # type: ignore[union-attr]


QUERY = "SELECT ?g (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } } GROUP BY ?g"


def test_named_graph_uri_alone_means_from_named(server: Server, view: OxigraphView) -> None:
    graph = _graph(view)
    status, by_protocol = ask(server, ("query", QUERY), ("named-graph-uri", graph))
    assert status == 200, by_protocol
    in_text = QUERY.replace(" WHERE", f" FROM NAMED <{graph}> WHERE")
    status, by_text = ask(server, ("query", in_text))
    assert status == 200, by_text
    assert rows(by_protocol) == rows(by_text)
    assert [r.get("g") for r in rows(by_text)] == [graph]  # an empty default graph: no row without ?g


def test_default_graph_uri_means_from(server: Server, view: OxigraphView) -> None:
    graph = _graph(view)
    status, by_protocol = ask(server, ("query", QUERY), ("default-graph-uri", graph))
    status_text, by_text = ask(server, ("query", QUERY.replace(" WHERE", f" FROM <{graph}> WHERE")))
    assert (status, status_text) == (200, 200)
    assert rows(by_protocol) == rows(by_text) and all("g" not in r for r in rows(by_text))


def test_the_service_description_lists_the_named_graphs(server: Server, view: OxigraphView) -> None:
    status, turtle = ask(server, accept="text/turtle")
    assert status == 200
    graph = Graph().parse(data=turtle, format="turtle")
    listed = {graph.value(n, SD.name) for n in graph.objects(None, SD.namedGraph)}
    stored = {URIRef(g.value) for g in view.store.named_graphs()}
    assert listed == stored and stored
