"""The dataset description (VoID, DCAT, SPARQL-SD): counted from the store, links on the base given."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pytest
import rdflib
from pyoxigraph import NamedNode, Quad, RdfFormat, parse
from rdflib.namespace import DCAT, DCTERMS, RDF, VOID, XSD

from kg.core import settings
from kg.engines import OxigraphView, RdflibView
from kg.export.description import EXAMPLE_IDS, LICENSE, PUBLIC_BASE, dataset_description, dataset_iri
from kg.pipeline.build import DESCRIPTION, EXPORTS, MANIFEST, BuildReport

SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
SPDX = rdflib.Namespace("http://spdx.org/rdf/terms#")
#: A deployment somewhere else, under a path, to tell its links from the published ones.
BASE = "http://127.0.0.1:8123/igkg/"
#: The predicates whose objects are addresses to fetch from, all of which must be the deployment's.
LINKS = (
    VOID.sparqlEndpoint,
    VOID.dataDump,
    DCAT.downloadURL,
    DCAT.accessURL,
    DCAT.endpointURL,
    DCAT.landingPage,
    SD.endpoint,
)
#: Identifiers published under w3id.org, which stay as they are whatever the deployment.
IDENTIFIERS = (settings.ID_BASE, settings.SOURCE_BASE, settings.GRAPH_BASE, settings.ONTOLOGY_IRI)


@pytest.fixture(scope="module")
def manifest(built: BuildReport) -> dict[str, Any]:
    return json.loads((built.out_dir / MANIFEST).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def turtle(view: OxigraphView, manifest: dict[str, Any]) -> bytes:
    return dataset_description(view, manifest, BASE)


@pytest.fixture(scope="module")
def graph(turtle: bytes) -> rdflib.Graph:
    return rdflib.Graph().parse(data=turtle.decode("utf-8"), format="turtle")


@pytest.fixture(scope="module")
def dataset() -> rdflib.URIRef:
    return rdflib.URIRef(dataset_iri(BASE))


def count(view: OxigraphView, query: str) -> int:
    return int(view.query(query).rows[0][0].value)  # type: ignore[union-attr]


def value(graph: rdflib.Graph, subject: rdflib.term.Node, predicate: rdflib.URIRef) -> Any:
    found = graph.value(subject, predicate)
    assert found is not None, (subject, predicate)
    return found.toPython() if isinstance(found, rdflib.Literal) else found


def test_the_dataset_is_void_and_dcat_with_the_projects_licence(graph: rdflib.Graph, dataset: rdflib.URIRef) -> None:
    assert {VOID.Dataset, DCAT.Dataset} <= set(graph.objects(dataset, RDF.type))
    assert value(graph, dataset, DCTERMS.title).startswith("igkg")
    assert value(graph, dataset, DCTERMS.description)
    assert value(graph, dataset, DCTERMS.license) == rdflib.URIRef(LICENSE)
    assert value(graph, dataset, VOID.uriSpace) == settings.ID_BASE


def test_statistics_are_counted_in_the_store(graph: rdflib.Graph, dataset: rdflib.URIRef, view: OxigraphView) -> None:
    triples = count(view, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert value(graph, dataset, VOID.triples) == triples > 20_000
    assert value(graph, dataset, VOID.distinctSubjects) == count(
        view, "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o }"
    )
    entities = count(
        view, f'SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s ?p ?o FILTER(STRSTARTS(STR(?s), "{settings.ID_BASE}")) }}'
    )
    assert value(graph, dataset, VOID.entities) == entities > 1000
    # The partitions add up: every triple has one predicate, and each class and property has one partition.
    properties = list(graph.objects(dataset, VOID.propertyPartition))
    assert sum(value(graph, p, VOID.triples) for p in properties) == triples
    assert value(graph, dataset, VOID.properties) == len(properties)
    classes = {
        value(graph, p, VOID["class"]): value(graph, p, VOID.entities)
        for p in graph.objects(dataset, VOID.classPartition)
    }
    assert value(graph, dataset, VOID.classes) == len(classes)
    mandates = count(view, "SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m a <https://w3id.org/igkg/ontology#Mandate> }")
    assert classes[rdflib.URIRef(settings.ONTOLOGY_NS + "Mandate")] == mandates > 0


def test_vocabularies_are_those_the_predicates_and_classes_use(graph: rdflib.Graph, dataset: rdflib.URIRef) -> None:
    vocabularies = {str(v) for v in graph.objects(dataset, VOID.vocabulary)}
    assert {settings.ONTOLOGY_NS, str(RDF), str(DCTERMS), "http://www.w3.org/ns/prov#"} <= vocabularies
    used = [value(graph, p, VOID.property) for p in graph.objects(dataset, VOID.propertyPartition)]
    assert all(any(str(p).startswith(v) for v in vocabularies) for p in used)
    assert str(VOID) not in vocabularies, "the description's own vocabulary is not in the data"


def test_one_subset_per_named_graph_with_its_triples(
    graph: rdflib.Graph, dataset: rdflib.URIRef, view: OxigraphView
) -> None:
    in_store = {
        row[0].value: int(row[1].value)  # type: ignore[union-attr]
        for row in view.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g").rows
    }
    subsets = {
        str(value(graph, s, SD.name)): value(graph, s, VOID.triples) for s in graph.objects(dataset, VOID.subset)
    }
    assert subsets == in_store
    assert {settings.DERIVED_GRAPH, settings.ONTOLOGY_GRAPH} <= subsets.keys()
    assert any(name.startswith(settings.SOURCE_BASE) for name in subsets)
    named = {str(value(graph, n, SD.name)) for n in graph.objects(dataset, SD.namedGraph)}
    assert named == subsets.keys()


def test_example_resources_are_in_the_store(graph: rdflib.Graph, dataset: rdflib.URIRef, view: OxigraphView) -> None:
    examples = {str(e) for e in graph.objects(dataset, VOID.exampleResource)}
    assert examples == {settings.ID_BASE + slug for slug in EXAMPLE_IDS}
    assert all(view.contains(NamedNode(e)) for e in examples)


def test_every_dump_exists_with_its_size_and_checksum(
    graph: rdflib.Graph, dataset: rdflib.URIRef, built: BuildReport
) -> None:
    dumps = {str(d) for d in graph.objects(dataset, VOID.dataDump)}
    assert dumps == {f"{BASE}dumps/{name}" for name in EXPORTS}
    downloads = [d for d in graph.objects(dataset, DCAT.distribution) if (d, DCAT.downloadURL, None) in graph]
    assert len(downloads) == len(EXPORTS)
    for distribution in downloads:
        url = str(value(graph, distribution, DCAT.downloadURL))
        assert url in dumps
        path = built.out_dir / url.rsplit("/", 1)[1]
        assert path.is_file(), path
        assert value(graph, distribution, DCAT.byteSize) == path.stat().st_size
        assert graph.value(distribution, DCAT.byteSize).datatype == XSD.nonNegativeInteger  # type: ignore[union-attr]
        checksum = value(graph, distribution, SPDX.checksum)
        digest = graph.value(checksum, SPDX.checksumValue)
        assert str(digest) == hashlib.sha256(path.read_bytes()).hexdigest()
        assert str(value(graph, distribution, DCAT.mediaType)).startswith(
            "https://www.iana.org/assignments/media-types/"
        )


def test_links_use_the_base_given_and_nothing_points_at_another_host(
    graph: rdflib.Graph, dataset: rdflib.URIRef, view: OxigraphView, manifest: dict[str, Any]
) -> None:
    assert str(dataset).startswith(BASE)
    links = [str(o) for p in LINKS for o in graph.objects(None, p)]
    assert len(links) > len(EXPORTS) * 3
    assert all(link.startswith(BASE) for link in links), [x for x in links if not x.startswith(BASE)]
    assert value(graph, dataset, VOID.sparqlEndpoint) == rdflib.URIRef(BASE + "sparql")
    # The published base appears only in the identifiers of the data, never as an address.
    published = {
        str(t) for triple in graph for t in triple if isinstance(t, rdflib.URIRef) and str(t).startswith(PUBLIC_BASE)
    }
    assert published and all(iri.startswith(IDENTIFIERS) for iri in published), published
    # Only the base differs between two deployments' descriptions (blank nodes keep their labels in pyoxigraph).
    other = "https://example.org/kg/"
    moved = set(parse(dataset_description(view, manifest, other), format=RdfFormat.TURTLE))
    here = set(parse(dataset_description(view, manifest, BASE), format=RdfFormat.TURTLE))
    assert {
        Quad(*(NamedNode(t.value.replace(BASE, other)) if isinstance(t, NamedNode) else t for t in q)) for q in here
    } == moved


def test_the_build_writes_it_with_the_published_base_as_a_server_would(
    built: BuildReport, view: OxigraphView, manifest: dict[str, Any]
) -> None:
    written = (built.out_dir / DESCRIPTION).read_bytes()
    assert dataset_description(view, manifest, PUBLIC_BASE) == written
    assert dataset_description(view, manifest, PUBLIC_BASE.rstrip("/")) == written
    assert b"<https://w3id.org/igkg/sparql>" in written


def test_it_is_deterministic_and_engine_neutral(
    turtle: bytes, view: OxigraphView, rdflib_view: RdflibView, manifest: dict[str, Any]
) -> None:
    assert dataset_description(view, manifest, BASE) == turtle
    assert dataset_description(rdflib_view, manifest, BASE) == turtle


def test_without_a_manifest_it_describes_the_store_and_no_dumps(view: OxigraphView, dataset: rdflib.URIRef) -> None:
    graph = rdflib.Graph().parse(data=dataset_description(view, {}, BASE).decode("utf-8"), format="turtle")
    assert value(graph, dataset, VOID.triples) > 20_000
    assert not list(graph.objects(dataset, VOID.dataDump))
    assert value(graph, dataset, VOID.sparqlEndpoint) == rdflib.URIRef(BASE + "sparql")


@pytest.mark.parametrize("base", ["file:///srv/igkg/", "/igkg/", "igkg.example.org", "http://host/?q=1", "ftp://host/"])
def test_a_base_that_is_not_an_http_url_is_refused(view: OxigraphView, manifest: dict[str, Any], base: str) -> None:
    with pytest.raises(ValueError, match="absolute http"):
        dataset_description(view, manifest, base)
