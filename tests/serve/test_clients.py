"""SPARQL clients people already use, against igkg serve: SPARQLWrapper directly, and igkg's own
``--endpoint`` (which is SPARQLWrapper underneath) running every canned query."""

from __future__ import annotations

import pytest
import rdflib
from SPARQLWrapper import JSON, TURTLE, XML, SPARQLWrapper

from kg.engines import OxigraphView
from kg.engines.remote import EndpointView
from kg.query import catalog as queries
from kg.query.run import run_canned
from tests.serve.conftest import Server

WG = "https://w3id.org/igkg/id/wg-igf-improvements"


def answers(rows: list[dict[str, str]]) -> list[tuple[tuple[str, str], ...]]:
    return sorted(tuple(sorted(r.items())) for r in rows)


@pytest.mark.parametrize("name", sorted(queries.catalog()))
def test_every_canned_query_answers_the_same_through_igkg_serve(name: str, server: Server, view: OxigraphView) -> None:
    query = queries.get(name)
    params = {p.name: p.example for p in query.params.values() if p.example}
    embedded = run_canned(view, name, params)
    served = run_canned(EndpointView(server.url + "sparql"), name, params)
    assert served.variables == embedded.variables
    assert answers(served.dicts()) == answers(embedded.dicts())
    assert embedded.rows


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_sparqlwrapper_select_as_json_and_xml(server: Server, method: str) -> None:
    client = SPARQLWrapper(server.url + "sparql")
    client.setMethod(method)
    client.setQuery(f"SELECT ?label WHERE {{ <{WG}> <http://www.w3.org/2000/01/rdf-schema#label> ?label }}")
    client.setReturnFormat(JSON)
    rows = client.queryAndConvert()["results"]["bindings"]  # type: ignore[index]
    assert [r["label"]["value"] for r in rows] == ["CSTD Working Group on improvements to the IGF"]
    client.setReturnFormat(XML)
    document = client.queryAndConvert()
    assert "CSTD Working Group on improvements to the IGF" in document.toxml()  # type: ignore[union-attr]


def test_sparqlwrapper_construct_as_turtle(server: Server) -> None:
    client = SPARQLWrapper(server.url + "sparql")
    client.setQuery(f"CONSTRUCT {{ <{WG}> ?p ?o }} WHERE {{ <{WG}> ?p ?o }}")
    client.setReturnFormat(TURTLE)
    graph = rdflib.Graph().parse(data=client.queryAndConvert(), format="turtle")  # type: ignore[arg-type]
    assert (rdflib.URIRef(WG), rdflib.RDFS.label, None) in graph


def test_sparqlwrapper_ask(server: Server) -> None:
    client = SPARQLWrapper(server.url + "sparql")
    client.setQuery(f"ASK {{ <{WG}> ?p ?o }}")
    client.setReturnFormat(JSON)
    assert client.queryAndConvert()["boolean"] is True  # type: ignore[index]


def test_the_cli_queries_igkg_serve(server: Server, cli) -> None:  # type: ignore[no-untyped-def]
    result = cli(
        "query", "who-mandated", "--param", "id=wg-igf-improvements", "--endpoint", server.url + "sparql", "--wide"
    )
    assert result.exit_code == 0, result.output
    assert "Economic and Social Council" in result.output  # labels whole: --wide
