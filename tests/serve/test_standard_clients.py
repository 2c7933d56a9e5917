"""Standard clients with their default settings against a real ``igkg serve`` (issue 17, part 1).

Each client is used the way its documentation shows, with nothing tuned for igkg: SPARQLWrapper
(which adds ``format``, ``output`` and ``results`` parameters to every request), owlready2 and the
OWL API's ``Accept`` header loading ``/ontology``, rdflib loading a thing by its URL, and a browser's
CORS preflight.
"""

from __future__ import annotations

import warnings
from typing import Any

import httpx
import pytest
import rdflib
from SPARQLWrapper import CSV, JSON, JSONLD, N3, RDFXML, TSV, TURTLE, XML, SPARQLWrapper

from tests.serve.conftest import Server

WG = "https://w3id.org/igkg/id/wg-igf-improvements"
LABEL = "CSTD Working Group on improvements to the IGF"
ONTOLOGY = "https://w3id.org/igkg/ontology#"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SELECT = f"SELECT ?label WHERE {{ <{WG}> <{RDFS_LABEL}> ?label }}"
QUERIES = {
    "SELECT": SELECT,
    "ASK": f"ASK {{ <{WG}> ?p ?o }}",
    "CONSTRUCT": f"CONSTRUCT {{ <{WG}> ?p ?o }} WHERE {{ <{WG}> ?p ?o }}",
    "DESCRIBE": f"DESCRIBE <{WG}>",
}
#: The OWL API's header, as Protégé sends it when it opens an ontology by its address.
OWL_API_ACCEPT = "application/rdf+xml, application/xml; q=0.7, text/xml; q=0.6, text/plain; q=0.1, */*; q=0.09"


@pytest.fixture(scope="module")
def http(server: Server) -> httpx.Client:
    return httpx.Client(base_url=server.url, timeout=30)


def wrapper(server: Server, form: str, return_format: str | None) -> Any:
    """SPARQLWrapper's answer, converted as it converts it; any warning (a content type other than
    the one asked for) fails the test."""
    client = SPARQLWrapper(server.url + "sparql")
    client.setQuery(QUERIES[form])
    if return_format is not None:
        client.setReturnFormat(return_format)
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)  # the answer is not in the format asked for
        return client.queryAndConvert()


def as_graph(answer: Any, syntax: str) -> rdflib.Graph:
    if isinstance(answer, rdflib.Graph):
        return answer
    return rdflib.Graph().parse(data=answer, format=syntax)


# --- SPARQLWrapper, its defaults -------------------------------------------------------------------


@pytest.mark.parametrize("return_format", [None, JSON, XML, CSV, TSV])
def test_sparqlwrapper_select(server: Server, return_format: str | None) -> None:
    answer = wrapper(server, "SELECT", return_format)
    if return_format == JSON:
        assert [r["label"]["value"] for r in answer["results"]["bindings"]] == [LABEL]
    elif return_format in (None, XML):  # XML is SPARQLWrapper's default
        assert LABEL in answer.toxml()
    else:
        lines = answer.decode("utf-8").splitlines()
        assert lines[0] in ("label", "?label") and LABEL in lines[1]


@pytest.mark.parametrize("return_format", [None, JSON, XML])
def test_sparqlwrapper_ask(server: Server, return_format: str | None) -> None:
    answer = wrapper(server, "ASK", return_format)
    if return_format == JSON:
        assert answer["boolean"] is True
    else:
        assert "<boolean>true</boolean>" in answer.toxml()


@pytest.mark.parametrize("form", ["CONSTRUCT", "DESCRIBE"])
@pytest.mark.parametrize(
    ("return_format", "syntax"),
    [(None, "xml"), (XML, "xml"), (RDFXML, "xml"), (TURTLE, "turtle"), (N3, "turtle"), (JSONLD, "json-ld")],
)
def test_sparqlwrapper_graphs(server: Server, form: str, return_format: str | None, syntax: str) -> None:
    graph = as_graph(wrapper(server, form, return_format), syntax)
    assert (rdflib.URIRef(WG), rdflib.RDFS.label, rdflib.Literal(LABEL, lang="en")) in graph or (
        rdflib.URIRef(WG),
        rdflib.RDFS.label,
        rdflib.Literal(LABEL),
    ) in graph


@pytest.mark.parametrize(
    ("form", "media", "syntax"),
    [
        ("CONSTRUCT", "application/n-triples", "nt"),
        ("DESCRIBE", "application/rdf+xml", "xml"),
        ("CONSTRUCT", "application/ld+json", "json-ld"),
    ],
)
def test_a_media_type_is_a_format(http: httpx.Client, form: str, media: str, syntax: str) -> None:
    response = http.get("sparql", params={"query": QUERIES[form], "format": media, "output": "ignored"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(media)
    assert (rdflib.URIRef(WG), None, None) in rdflib.Graph().parse(data=response.text, format=syntax)


def test_a_select_in_a_media_type_format(http: httpx.Client) -> None:
    params = {"query": SELECT, "format": "application/sparql-results+json", "results": "json"}
    response = http.get("sparql", params=params)
    assert response.status_code == 200, response.text
    assert response.json()["results"]["bindings"][0]["label"]["value"] == LABEL


# --- the ontology --------------------------------------------------------------------------------


def test_owlready2_loads_the_ontology_from_its_address(server: Server) -> None:
    from owlready2 import World

    world = World()
    onto = world.get_ontology(server.url + "ontology").load()
    assert world[ONTOLOGY + "WorkingGroup"] is not None, list(onto.classes())[:5]


def test_the_owl_api_header_gets_rdf_xml(http: httpx.Client) -> None:
    response = http.get("ontology", headers={"Accept": OWL_API_ACCEPT})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/rdf+xml")
    graph = rdflib.Graph().parse(data=response.content, format="xml")
    assert (rdflib.URIRef(ONTOLOGY + "WorkingGroup"), None, None) in graph


@pytest.mark.parametrize(
    ("accept", "media", "syntax"),
    [
        ("text/turtle", "text/turtle", "turtle"),
        ("application/n-triples", "application/n-triples", "nt"),
        ("application/ld+json", "application/ld+json", "json-ld"),
        ("application/rdf+xml", "application/rdf+xml", "xml"),
        (None, "application/rdf+xml", "xml"),
    ],
)
def test_the_ontology_in_every_graph_format(http: httpx.Client, accept: str | None, media: str, syntax: str) -> None:
    response = http.get("ontology", headers={"Accept": accept} if accept else {})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media)
    assert response.headers["vary"] == "Accept"
    graph = rdflib.Graph().parse(data=response.content, format=syntax)
    assert (rdflib.URIRef(ONTOLOGY + "WorkingGroup"), None, None) in graph


def test_the_ontology_is_a_page_for_browsers_and_406_for_the_rest(http: httpx.Client) -> None:
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
    page = http.get("ontology", headers={"Accept": browser})
    assert page.headers["content-type"].startswith("text/html") and page.headers["vary"] == "Accept"
    refused = http.get("ontology", headers={"Accept": "image/png"})
    assert refused.status_code == 406 and refused.headers["vary"] == "Accept"


# --- things, the dataset, the endpoint -----------------------------------------------------------


def test_rdflib_loads_a_thing_by_its_url(server: Server) -> None:
    graph = rdflib.Graph().parse(server.url + "id/wg-igf-improvements")
    assert (rdflib.URIRef(WG), rdflib.RDFS.label, None) in graph


@pytest.mark.parametrize(
    ("accept", "media", "syntax"),
    [
        (None, "text/turtle", "turtle"),
        ("application/n-triples", "application/n-triples", "nt"),
        ("application/rdf+xml", "application/rdf+xml", "xml"),
        ("application/ld+json", "application/ld+json", "json-ld"),
    ],
)
def test_void_honours_accept(http: httpx.Client, accept: str | None, media: str, syntax: str) -> None:
    response = http.get(".well-known/void", headers={"Accept": accept} if accept else {})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media) and response.headers["vary"] == "Accept"
    graph = rdflib.Graph().parse(data=response.content, format=syntax)
    assert (None, rdflib.URIRef("http://rdfs.org/ns/void#sparqlEndpoint"), None) in graph
    assert http.get(".well-known/void", headers={"Accept": "image/png"}).status_code == 406


@pytest.mark.parametrize(
    ("path", "params", "accept", "status"),
    [
        ("sparql", {"query": SELECT}, "application/sparql-results+json", 200),
        ("sparql", {"query": SELECT}, "image/png", 406),
        ("sparql", {}, "text/turtle", 200),  # the service description
        ("sparql", {}, "image/png", 406),
        ("id/wg-igf-improvements", {}, "text/turtle", 200),
        ("id/wg-igf-improvements", {}, "text/html", 200),
        ("id/wg-igf-improvements", {}, "image/png", 406),
        ("id/no-such-thing", {}, "text/html", 404),
    ],
)
def test_vary_accept_wherever_the_body_depends_on_it(
    http: httpx.Client, path: str, params: dict[str, str], accept: str, status: int
) -> None:
    response = http.get(path, params=params, headers={"Accept": accept})
    assert response.status_code == status
    assert "Accept" in [v.strip() for v in response.headers.get("vary", "").split(",")]


def test_a_browser_on_another_origin_may_query(http: httpx.Client) -> None:
    preflight = http.options(
        "sparql",
        headers={
            "Origin": "https://example.org",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert preflight.status_code == 204
    assert preflight.headers["access-control-allow-origin"] == "*"
    assert preflight.headers["access-control-allow-methods"] == "GET, POST, OPTIONS"
    assert preflight.headers["access-control-allow-headers"] == "Content-Type, Accept"
    answer = http.post(
        "sparql",
        content=SELECT,
        headers={"Origin": "https://example.org", "Content-Type": "application/sparql-query"},
    )
    assert answer.status_code == 200 and answer.headers["access-control-allow-origin"] == "*"


@pytest.mark.parametrize("slug", ["wg-igf-improvements", "igf", "a-res-65-141", "meeting-2010-12-cstd"])
def test_a_thing_as_rdf_xml(http: httpx.Client, slug: str) -> None:
    response = http.get(f"id/{slug}", headers={"Accept": "application/rdf+xml"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/rdf+xml")
    graph = rdflib.Graph().parse(data=response.content, format="xml")
    assert (rdflib.URIRef(f"https://w3id.org/igkg/id/{slug}"), rdflib.RDFS.label, None) in graph
