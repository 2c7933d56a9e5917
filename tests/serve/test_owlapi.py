"""The OWL API (the library inside Protégé) loads igkg's ontology from its address (issue 17, part 1).

A real client with its defaults: tests/serve/java/LoadOntology.java asks OWLManager's manager to
load ``http://127.0.0.1:PORT/ontology`` by URL, so the OWL API makes the request itself, with its
own ``Accept`` header (RDF/XML first, then XML, then anything at a low weight), and picks a parser
by what it got. Before issue 17 the server answered that header with the HTML documentation page:
the OWL API tried its 20 parsers and gave up (``UnparsableOntologyException``; the RDF/XML parser
said "Expecting rdf:RDF element"). Now the server answers RDF/XML, and every triple must become an
axiom: the OWL API keeps the triples it could not parse, and there must be none.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib
from rdflib.namespace import OWL, RDF

from kg.core import settings
from tests.javalibs import OWLAPI_JARS, classpath, run_java
from tests.serve.conftest import Server

PROGRAM = Path(__file__).parent / "java" / "LoadOntology.java"
ONTOLOGY_IRI = "https://w3id.org/igkg/ontology"


@pytest.fixture(scope="module")
def loaded(server: Server) -> dict[str, list[str]]:
    """What LoadOntology printed: each key with its values, in order."""
    out = run_java(PROGRAM, classpath(OWLAPI_JARS, "the OWL API (libowlapi-java)"), server.url + "ontology")
    facts: dict[str, list[str]] = {}
    for line in out.splitlines():
        key, _, value = line.partition("\t")
        facts.setdefault(key, []).append(value)
    return facts


@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    return rdflib.Graph().parse(settings.ontology_file(), format="turtle")


def test_the_owl_api_gets_rdf_xml_and_the_ontology(loaded: dict[str, list[str]]) -> None:
    assert loaded["format"] == ["RDF/XML Syntax"]
    assert loaded["iri"] == [ONTOLOGY_IRI]


def test_every_triple_became_an_axiom(loaded: dict[str, list[str]]) -> None:
    assert loaded["unparsed"] == ["0"], loaded.get("unparsed_triple")


def test_the_owl_api_sees_the_ontologys_classes_and_properties(
    loaded: dict[str, list[str]], ontology: rdflib.Graph
) -> None:
    declared = {str(c) for c in ontology.subjects(RDF.type, OWL.Class) if isinstance(c, rdflib.URIRef)}
    assert len(declared) > 50  # a real comparison
    assert set(loaded["declared_class"]) == declared
    assert loaded["classes"] == [str(len(declared))]  # no class used without being declared
    for owl_type, key in ((OWL.ObjectProperty, "object_properties"), (OWL.DatatypeProperty, "data_properties")):
        assert loaded[key] == [str(len(set(ontology.subjects(RDF.type, owl_type))))], key
    assert int(loaded["axioms"][0]) > len(declared)
