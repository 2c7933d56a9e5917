"""The ontology: OWL 2 DL, consistent (HermiT), documented, aligned, and in sync with kg/core/vocab.py."""

from __future__ import annotations

import pytest
import rdflib
from rdflib import OWL, RDF, RDFS, SKOS, URIRef
from rdflib.namespace import DCTERMS

from kg.core import settings
from kg.tools.gen_vocab import ontology_terms, render
from kg.validate import check_consistency

ONTOLOGY = rdflib.Graph().parse(settings.ontology_file(), format="turtle")
IGKG = rdflib.Namespace(settings.ONTOLOGY_NS)
HEADER = URIRef(settings.ONTOLOGY_IRI)


@pytest.mark.java
def test_hermit_finds_the_ontology_consistent(require_java: None) -> None:
    assert check_consistency(ONTOLOGY).consistent


@pytest.mark.java
def test_hermit_catches_an_inconsistent_addition(require_java: None) -> None:
    bad = rdflib.Graph().parse(
        data="@prefix igkg: <https://w3id.org/igkg/ontology#> .\n"
        "<https://w3id.org/igkg/id/x> a igkg:Body , igkg:Person .",
        format="turtle",
    )
    result = check_consistency(ONTOLOGY, bad)
    assert not result.consistent


@pytest.mark.java
def test_the_ontology_with_the_curated_graph_is_consistent(require_java: None, built) -> None:
    data = rdflib.Graph().parse(built.out_dir / "igkg.ttl", format="turtle")
    assert check_consistency(ONTOLOGY, data).consistent


def test_header_carries_version_licence_and_creators() -> None:
    assert (HEADER, RDF.type, OWL.Ontology) in ONTOLOGY
    assert ONTOLOGY.value(HEADER, OWL.versionIRI) == URIRef("https://w3id.org/igkg/ontology/0.1.0")
    assert ONTOLOGY.value(HEADER, DCTERMS.license) is not None
    assert ONTOLOGY.value(HEADER, DCTERMS.creator) is not None
    assert ONTOLOGY.value(HEADER, DCTERMS.title) is not None and ONTOLOGY.value(HEADER, DCTERMS.description)


def test_nothing_is_imported_from_the_network() -> None:
    assert not list(ONTOLOGY.objects(None, OWL.imports))


@pytest.mark.parametrize("term", sorted(ontology_terms(settings.ontology_file())))
def test_every_term_has_an_english_label_and_definition(term: str) -> None:
    iri = IGKG[term]
    labels = [lit for lit in ONTOLOGY.objects(iri, RDFS.label) if getattr(lit, "language", None) == "en"]
    definitions = [lit for lit in ONTOLOGY.objects(iri, SKOS.definition) if getattr(lit, "language", None) == "en"]
    assert len(labels) == 1, f"{term} needs one English rdfs:label"
    assert len(definitions) == 1, f"{term} needs one English skos:definition"


def test_igkg_terms_reuse_public_vocabularies() -> None:
    def parents(term: str, prop: URIRef) -> set[str]:
        return {str(o) for o in ONTOLOGY.transitive_objects(IGKG[term], prop)}

    assert "http://www.w3.org/ns/org#Organization" in parents("Body", RDFS.subClassOf)
    assert "http://www.w3.org/ns/org#Post" in parents("Office", RDFS.subClassOf)
    assert "http://www.w3.org/ns/org#Membership" in parents("Membership", RDFS.subClassOf)
    assert "http://xmlns.com/foaf/0.1/Person" in parents("Person", RDFS.subClassOf)
    assert "http://data.europa.eu/eli/ontology#LegalResource" in parents("Resolution", RDFS.subClassOf)
    assert "http://data.europa.eu/eli/ontology#LegalResourceSubdivision" in parents("Paragraph", RDFS.subClassOf)
    assert "http://www.w3.org/ns/prov#Entity" in parents("Mandate", RDFS.subClassOf)
    assert "http://www.w3.org/2004/02/skos/core#Concept" in parents("StakeholderCategory", RDFS.subClassOf)
    assert "http://www.w3.org/ns/org#subOrganizationOf" in parents("parent", RDFS.subPropertyOf)
    assert "http://data.europa.eu/eli/ontology#passed_by" in parents("adoptedBy", RDFS.subPropertyOf)
    assert "http://www.w3.org/ns/prov#wasRevisionOf" in parents("renews", RDFS.subPropertyOf)
    assert "http://purl.org/dc/terms/identifier" in parents("symbol", RDFS.subPropertyOf)


def test_body_subclasses_cover_the_kinds_design_lists() -> None:
    for name in (
        "IntergovernmentalOrgan",
        "FunctionalCommission",
        "Forum",
        "AdvisoryGroup",
        "CoordinationMechanism",
        "WorkingGroup",
        "Secretariat",
        "SpecializedAgency",
        "StakeholderOrganization",
        "Delegation",
    ):
        assert (IGKG[name], RDF.type, OWL.Class) in ONTOLOGY, name


def test_vocab_module_is_generated_from_the_ontology() -> None:
    generated = render(ontology_terms(settings.ontology_file()))
    current = (settings.PACKAGE_DIR / "core" / "vocab.py").read_text(encoding="utf-8")
    assert current == generated, "run `python -m kg.tools.gen_vocab` after editing ontology/igkg.ttl"
