"""igkg serve over HTTP, through a real HTTP client: the SPARQL 1.1 Protocol, content negotiation
on linked-data IRIs, dumps, the dataset description and the ontology documentation."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import httpx
import pytest
import rdflib

from tests.serve.conftest import Server

WG = "wg-igf-improvements"
SELECT_WGS = "PREFIX igkg: <https://w3id.org/igkg/ontology#> SELECT ?wg WHERE { ?wg a igkg:WorkingGroup } ORDER BY ?wg"


@pytest.fixture(scope="module")
def http(server: Server) -> httpx.Client:
    with httpx.Client(base_url=server.url, timeout=30) as client:
        yield client


# --- SPARQL 1.1 Protocol --------------------------------------------------------------------------


def test_get_and_both_kinds_of_post_give_the_same_answer(http: httpx.Client) -> None:
    get = http.get("sparql", params={"query": SELECT_WGS}, headers={"Accept": "application/sparql-results+json"})
    form = http.post("sparql", data={"query": SELECT_WGS}, headers={"Accept": "application/sparql-results+json"})
    direct = http.post(
        "sparql",
        content=SELECT_WGS.encode(),
        headers={"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"},
    )
    assert get.status_code == form.status_code == direct.status_code == 200
    assert get.headers["content-type"] == "application/sparql-results+json"
    assert get.json() == form.json() == direct.json()
    wgs = [b["wg"]["value"] for b in get.json()["results"]["bindings"]]
    assert f"https://w3id.org/igkg/id/{WG}" in wgs


@pytest.mark.parametrize(
    ("accept", "fmt", "media"),
    [
        ("application/sparql-results+xml", None, "application/sparql-results+xml"),
        ("text/csv", None, "text/csv"),
        ("text/tab-separated-values", None, "text/tab-separated-values"),
        ("application/json", None, "application/sparql-results+json"),
        ("*/*", "xml", "application/sparql-results+xml"),
        ("text/html", "csv", "text/csv"),
    ],
)
def test_select_results_come_in_the_format_asked_for(
    http: httpx.Client, accept: str, fmt: str | None, media: str
) -> None:
    params = {"query": SELECT_WGS} | ({"format": fmt} if fmt else {})
    response = http.get("sparql", params=params, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media
    if media.endswith("xml"):
        ns = {"r": "http://www.w3.org/2005/sparql-results#"}
        uris = [u.text for u in ET.fromstring(response.content).findall(".//r:uri", ns)]
        assert f"https://w3id.org/igkg/id/{WG}" in uris
    elif media == "text/csv":
        rows = list(csv.reader(io.StringIO(response.text)))
        assert rows[0] == ["wg"] and [f"https://w3id.org/igkg/id/{WG}"] in rows
    elif media == "text/tab-separated-values":
        assert response.text.startswith("?wg\n") and f"<https://w3id.org/igkg/id/{WG}>" in response.text


def test_ask_answers_json_and_xml(http: httpx.Client) -> None:
    ask = f"ASK {{ <https://w3id.org/igkg/id/{WG}> ?p ?o }}"
    assert http.get("sparql", params={"query": ask}).json() == {"head": {}, "boolean": True}
    xml = http.get("sparql", params={"query": ask, "format": "xml"})
    assert "<boolean>true</boolean>" in xml.text


@pytest.mark.parametrize(
    ("accept", "rdflib_format"),
    [("text/turtle", "turtle"), ("application/n-triples", "nt"), ("application/ld+json", "json-ld")],
)
def test_construct_and_describe_come_as_rdf(http: httpx.Client, accept: str, rdflib_format: str) -> None:
    construct = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ BIND(<https://w3id.org/igkg/id/{WG}> AS ?s) ?s ?p ?o }}"
    for query in (construct, f"DESCRIBE <https://w3id.org/igkg/id/{WG}>"):
        response = http.get("sparql", params={"query": query}, headers={"Accept": accept})
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].split(";")[0] == accept
        graph = rdflib.Graph().parse(data=response.text, format=rdflib_format)
        assert (rdflib.URIRef(f"https://w3id.org/igkg/id/{WG}"), None, None) in graph


def test_a_dataset_given_in_the_protocol_is_used(http: httpx.Client) -> None:
    derived = "https://w3id.org/igkg/graph/derived"
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ <https://w3id.org/igkg/id/{WG}> ?p ?o }}"
    whole = http.get("sparql", params={"query": query}).json()["results"]["bindings"][0]["n"]["value"]
    only_derived = http.get("sparql", params={"query": query, "default-graph-uri": derived}).json()
    assert 0 < int(only_derived["results"]["bindings"][0]["n"]["value"]) < int(whole)


def test_without_a_query_the_endpoint_describes_itself(http: httpx.Client) -> None:
    response = http.get("sparql", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    graph = rdflib.Graph().parse(data=response.text, format="turtle")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    assert (None, sd.endpoint, rdflib.URIRef(http.base_url.join("sparql").__str__())) in graph
    browser = http.get("sparql", headers={"Accept": "text/html"})
    assert browser.status_code == 200 and 'id="query-form"' in browser.text  # a person: the query page


def test_an_unacceptable_format_is_406_and_an_unknown_one_400(http: httpx.Client) -> None:
    assert http.get("sparql", params={"query": SELECT_WGS}, headers={"Accept": "image/png"}).status_code == 406
    assert http.get("sparql", params={"query": SELECT_WGS, "format": "yaml"}).status_code == 400


def test_a_syntax_error_is_a_400_that_says_so(http: httpx.Client) -> None:
    response = http.get("sparql", params={"query": "SELECT ?x WHERE { ?x "})
    assert response.status_code == 400 and "syntax" in response.text.lower()


# --- linked-data pages ------------------------------------------------------------------------------


def test_one_iri_answers_html_turtle_and_json_ld(http: httpx.Client) -> None:
    iri = rdflib.URIRef(f"https://w3id.org/igkg/id/{WG}")
    html = http.get(f"id/{WG}", headers={"Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"})
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
    assert "CSTD Working Group on improvements to the IGF" in html.text
    assert html.headers["vary"] == "Accept"
    turtle = http.get(f"id/{WG}", headers={"Accept": "text/turtle"})
    assert turtle.headers["content-type"].startswith("text/turtle")
    graph = rdflib.Graph().parse(data=turtle.text, format="turtle")
    assert (iri, rdflib.RDFS.label, None) in graph
    jsonld = http.get(f"id/{WG}", headers={"Accept": "application/ld+json"})
    assert jsonld.headers["content-type"].startswith("application/ld+json")
    assert set(rdflib.Graph().parse(data=jsonld.text, format="json-ld")) == set(graph)
    # The citations of the thing travel with it.
    assert any(str(o).startswith(f"{iri}/evidence/") for o in graph.objects(iri, None))
    assert http.get(f"id/{WG}", params={"format": "turtle"}).text == turtle.text


def test_an_unknown_slug_is_404_with_a_hint(http: httpx.Client) -> None:
    response = http.get("id/wg-igf-improvement", headers={"Accept": "text/plain"})
    assert response.status_code == 404
    assert WG in response.text
    page = http.get("id/wg-igf-improvement", headers={"Accept": "text/html"})
    assert page.status_code == 404 and f'href="{http.base_url}id/{WG}"' in page.text


def test_the_lineage_picture_is_an_svg(http: httpx.Client) -> None:
    response = http.get(f"id/{WG}/lineage.svg")
    assert response.status_code == 200 and response.headers["content-type"] == "image/svg+xml"
    assert response.text.lstrip().startswith("<?xml") and "<svg" in response.text


def test_a_source_page_numbers_its_lines(http: httpx.Client) -> None:
    response = http.get("source/004_bf564407ef9a5607.txt")
    assert response.status_code == 200
    assert 'id="L1146"' in response.text and "The Chair of the CSTD establishes a Working Group" in response.text


def test_links_come_from_the_configured_base_url_not_the_host_header(http: httpx.Client) -> None:
    page = http.get(f"id/{WG}", headers={"Host": "evil.example", "Accept": "text/html"})
    assert page.status_code == 200
    assert "evil.example" not in page.text
    assert f'href="{http.base_url}id/ecosoc"' in page.text


# --- the dataset ------------------------------------------------------------------------------------


def test_the_home_page_has_a_query_box_with_the_canned_queries(http: httpx.Client) -> None:
    page = http.get("")
    assert page.status_code == 200
    assert '<textarea id="query-text" name="query"' in page.text
    assert 'value="who-mandated"' in page.text
    for target in ("dumps/igkg.ttl", "ontology", ".well-known/void"):
        assert f'href="{http.base_url}{target}"' in page.text


@pytest.mark.parametrize("name", ["igkg.ttl", "igkg.jsonld", "igkg.trig", "igkg.nq"])
def test_dumps_download_byte_for_byte(http: httpx.Client, server: Server, name: str) -> None:
    response = http.get(f"dumps/{name}")
    assert response.status_code == 200
    assert response.content == (server.store.parent / name).read_bytes()
    assert http.get("dumps/../manifest.json").status_code == 404


def test_html_results_for_people(http: httpx.Client) -> None:
    page = http.get("sparql", params={"query": SELECT_WGS, "format": "html"})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert f'href="{http.base_url}id/{WG}"' in page.text


def test_the_ontology_documentation_is_html_and_the_ontology_is_turtle(http: httpx.Client) -> None:
    html = http.get("ontology", headers={"Accept": "text/html"})
    assert html.status_code == 200 and "WorkingGroup" in html.text
    turtle = http.get("ontology", headers={"Accept": "text/turtle"})
    graph = rdflib.Graph().parse(data=turtle.text, format="turtle")
    assert (rdflib.URIRef("https://w3id.org/igkg/ontology#WorkingGroup"), None, None) in graph


def test_the_dataset_description_is_void(http: httpx.Client) -> None:
    response = http.get(".well-known/void")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/turtle")
    graph = rdflib.Graph().parse(data=response.text, format="turtle")
    void = rdflib.Namespace("http://rdfs.org/ns/void#")
    endpoints = set(graph.objects(None, void.sparqlEndpoint))
    assert endpoints == {rdflib.URIRef(f"{http.base_url}sparql")}
    assert json.dumps(sorted(map(str, graph.objects(None, void.dataDump))))  # dumps are listed


def test_the_home_page_example_query_has_answers(http: httpx.Client) -> None:
    import html
    import re

    page = http.get("").text
    query = html.unescape(re.search(r'<textarea id="query-text" name="query"[^>]*>(.*?)</textarea>', page, re.S)[1])
    response = http.get("sparql", params={"query": query, "format": "json"})
    assert response.status_code == 200 and len(response.json()["results"]["bindings"]) == 50
