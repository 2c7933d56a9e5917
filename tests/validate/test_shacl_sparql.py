"""The SPARQL-compiled SHACL engine (kg/validate/shacl_sparql/) gives exactly pySHACL's findings.

pySHACL is the reference: on the curated graph, on a mutated copy of it, on small graphs that trip
every constraint component and target type the project's shapes use, on the shape fixtures and on
the synthetic benchmark graph, both engines must list the same findings (compared sorted). A shape
feature the compiler does not know is an error, never a silently skipped constraint.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
import rdflib
from pyoxigraph import DefaultGraph, Literal, NamedNode, Quad, RdfFormat, parse
from rdflib.namespace import SH

from benchmarks.synthetic import nquads
from kg.core.quads import QuadSet
from kg.loaders.ontology import ontology_quads
from kg.pipeline.build import assemble
from kg.validate import (
    Finding,
    load_ontology,
    load_shapes,
    shacl_findings,
    shacl_sparql,
    validate,
    validation_store,
)
from tests.conftest import FIXTURES

SHAPES = load_shapes()
ONTOLOGY = load_ontology()
ONTOLOGY_QUADS = ontology_quads()
IGKG = "https://w3id.org/igkg/ontology#"
ID = "https://w3id.org/igkg/id/"
SHAPES_NS = "https://w3id.org/igkg/shapes#"

PREFIXES = """
@prefix igkg: <https://w3id.org/igkg/ontology#> .
@prefix id: <https://w3id.org/igkg/id/> .
@prefix src: <https://w3id.org/igkg/source/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix role: <https://w3id.org/igkg/id/role/> .
@prefix rank: <https://w3id.org/igkg/id/rank/> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <https://example.org/> .
"""
# A citation that satisfies CitationShape, for the cases that need evidence.
CITED = 'igkg:evidence id:e . id:e a igkg:Citation ; igkg:inSource src:n ; igkg:quote "q" ; igkg:lineStart 1 .'


def turtle(text: str) -> QuadSet:
    return QuadSet(parse((PREFIXES + text).encode(), format=RdfFormat.TURTLE))


def both_engines(quads: QuadSet, shapes: rdflib.Graph = SHAPES) -> tuple[list[Finding], list[Finding]]:
    """(pySHACL's findings, the SPARQL engine's findings), each sorted."""
    reference = shacl_findings(quads.to_rdflib(), shapes, ONTOLOGY)
    compiled = shacl_sparql.compile_shapes(shapes)
    fast = shacl_sparql.run(validation_store(quads, ONTOLOGY_QUADS), compiled)
    return sorted(reference), sorted(fast)


@dataclass(frozen=True)
class Case:
    """A small graph that trips ``shape`` through the SHACL ``terms`` it names."""

    name: str
    terms: tuple[str, ...]
    shape: str
    data: str


CASES = [
    Case("class target", ("targetClass", "property", "path", "minCount"), "LabelShape", "id:b a igkg:Body ."),
    Case("subclass target", ("targetClass",), "LabelShape", "id:wg a igkg:WorkingGroup ."),
    Case(
        "two target classes and two types, one focus node",
        ("targetClass",),
        "EvidenceShape",
        "id:x a igkg:Body , igkg:Person , igkg:WorkingGroup .",
    ),
    Case(
        "subjects-of target, two dates",
        ("targetSubjectsOf", "maxCount"),
        "PartialDateShape",
        'id:x igkg:startDate "2010-12"^^xsd:gYearMonth , "2011"^^xsd:gYear .',
    ),
    Case(
        "a date that is no date type",
        ("or", "datatype"),
        "PartialDateShape",
        'id:x igkg:adopted "June 2010" ; igkg:attestedOn "2010-06-01T10:00:00"^^xsd:dateTime , 2010 .',
    ),
    Case(
        "an ill-typed date (rdflib cannot read it)",
        ("datatype",),
        "PartialDateShape",
        'id:x igkg:startDate "2010-02-30"^^xsd:date ; igkg:endDate "2010-2-3"^^xsd:date .',
    ),
    Case(
        "integers: ill-typed, as a string, and a non-canonical one that rdflib normalises",
        ("datatype",),
        "SessionShape",
        """id:s1 a igkg:Session ; igkg:inMeeting id:m ; igkg:order "1.0"^^xsd:integer .
           id:s2 a igkg:Session ; igkg:inMeeting id:m ; igkg:order "2" .
           id:s3 a igkg:Session ; igkg:inMeeting id:m ; igkg:order "03"^^xsd:integer , 4 .
           id:m a igkg:Meeting .""",
    ),
    Case(
        "a parent that is not a body, a literal and a blank node as bodies",
        ("class",),
        "BodyShape",
        """id:b a igkg:Body ; igkg:parent id:p ; igkg:reportsTo "GA" ; igkg:drawnFrom [ a igkg:Person ] .
           id:p a igkg:Person .""",
    ),
    Case(
        "a stance from another scheme",
        ("node", "hasValue"),
        "PositionShape",
        f"""id:pos a igkg:Position ; igkg:heldBy id:p ; igkg:inMeeting id:m ; igkg:stance role:chair ; {CITED}
            id:pos2 a igkg:Position ; igkg:heldBy id:p ; igkg:inMeeting id:m ; igkg:stance role:chair ; {CITED}
            id:p a igkg:Person . id:m a igkg:Meeting .""",
    ),
    Case(
        "an address that is a string",
        ("nodeKind",),
        "WebPageShape",
        'src:w a igkg:WebPage ; prov:atLocation "https://example.org/" .',
    ),
    Case(
        "symbols: bad, with a final newline (Python's $ accepts it), with an inner newline",
        ("pattern",),
        "InstrumentShape",
        """id:r1 a igkg:Resolution ; igkg:symbol "res 65/141" .
           id:r2 a igkg:Resolution ; igkg:symbol "A/RES/65/141\\n" .
           id:r3 a igkg:Resolution ; igkg:symbol "A/RES/65\\n/141" .""",
    ),
    Case(
        "an empty quotation",
        ("minLength",),
        "CitationShape",
        'id:e a igkg:Citation ; igkg:inSource src:n ; igkg:quote "" ; igkg:lineStart 1 .',
    ),
    Case(
        "lines from 0, lines as text",
        ("minInclusive",),
        "CitationShape",
        """id:e1 a igkg:Citation ; igkg:inSource src:n ; igkg:quote "q" ; igkg:lineStart 0 .
           id:e2 a igkg:Citation ; igkg:inSource src:n ; igkg:quote "q" ; igkg:lineStart "3" .""",
    ),
    Case(
        "a range that ends before it starts, or against text",
        ("lessThanOrEquals",),
        "CitationShape",
        """id:e1 a igkg:Citation ; igkg:inSource src:n ; igkg:quote "q" ; igkg:lineStart 9 ; igkg:lineEnd 3 , 4 .
           id:e2 a igkg:Citation ; igkg:inSource src:n ; igkg:quote "q" ; igkg:lineStart 2 ; igkg:lineEnd "7" .""",
    ),
    Case(
        "labels in French, without a language, and in British English (allowed)",
        ("languageIn",),
        "LabelShape",
        """id:b1 a igkg:Body ; rdfs:label "Corps"@fr .
           id:b2 a igkg:Body ; rdfs:label "Body" .
           id:b3 a igkg:Body ; rdfs:label "Body"@EN-gb .""",
    ),
    Case(
        "two English labels",
        ("uniqueLang",),
        "LabelShape",
        'id:b a igkg:Body ; rdfs:label "A body"@en , "The body"@EN , "Un corps"@fr , "Ein Körper"@fr .',
    ),
    Case(
        "a claim with a value and a thing",
        ("xone",),
        "ClaimShape",
        f"""id:c a igkg:Claim ; igkg:claimProperty igkg:startDate ; igkg:rank rank:normal ;
            igkg:claimValue "2010" ; igkg:claimObject id:b ; {CITED}
            id:d a igkg:Claim ; igkg:claimProperty igkg:startDate ; igkg:rank rank:normal ; {CITED}""",
    ),
    Case(
        "a body without an establishment date, and a membership without dates (Info, Warning)",
        ("or", "severity", "message"),
        "EstablishmentShape",
        """id:b a igkg:Body ; rdfs:label "B"@en .
           id:d a igkg:Delegation ; rdfs:label "D"@en .
           id:ms a igkg:Membership ; igkg:member id:d ; igkg:role role:chair .""",
    ),
    Case(
        "dates in the wrong order, at their precisions",
        ("sparql", "select", "prefixes", "declare", "prefix", "namespace"),
        "DateOrderShape",
        """id:x igkg:startDate "2012"^^xsd:gYear ; igkg:endDate "2011-05"^^xsd:gYearMonth .
           id:y igkg:established "2010-05-02"^^xsd:date ; igkg:dissolved "2010-05"^^xsd:gYearMonth .
           id:z igkg:established "2010-05"^^xsd:gYearMonth ; igkg:dissolved "2010-05-01"^^xsd:date .""",
    ),
    Case(
        "an intervention that cites no lines (a sequence path)",
        ("path",),
        "InterventionShape",
        """id:i a igkg:Intervention ; igkg:inMeeting id:m ; igkg:order 1 ; igkg:evidence id:e , id:f .
           id:e a igkg:Citation . id:f a igkg:Citation . id:m a igkg:Meeting .""",
    ),
]

#: Severities the shapes use, each of which some case must produce.
SEVERITIES = {"Violation", "Warning", "Info"}


@pytest.fixture(scope="module")
def curated() -> QuadSet:
    return assemble()[1]


def test_both_engines_agree_on_the_curated_graph(curated: QuadSet) -> None:
    sparql = validate(curated, ONTOLOGY_QUADS, SHAPES, ONTOLOGY, engine="sparql")
    reference = validate(curated, ONTOLOGY_QUADS, SHAPES, ONTOLOGY, engine="pyshacl")
    assert sorted(sparql.findings) == sorted(reference.findings)
    assert (sparql.shapes, sparql.checks) == (reference.shapes, reference.checks)
    assert sparql.shapes == len(set(SHAPES.subjects(rdflib.RDF.type, SH.NodeShape)))


def test_both_engines_agree_on_a_mutated_curated_graph(curated: QuadSet) -> None:
    label = NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    ga, cstd, igf = (NamedNode(ID + slug) for slug in ("ga", "cstd", "igf"))
    # Remove a label; add a second parent; dissolve a body before it was established; cite line 0.
    mutated = QuadSet(q for q in curated.unordered() if not (q.subject == ga and q.predicate == label))
    mutated.add(Quad(cstd, NamedNode(IGKG + "parent"), ga, DefaultGraph()))
    gyear = NamedNode("http://www.w3.org/2001/XMLSchema#gYear")
    mutated.add(Quad(igf, NamedNode(IGKG + "dissolved"), Literal("1990", datatype=gyear), DefaultGraph()))
    citation = next(q.subject for q in curated.unordered() if q.predicate.value == IGKG + "lineStart")
    integer = NamedNode("http://www.w3.org/2001/XMLSchema#integer")
    mutated.add(Quad(citation, NamedNode(IGKG + "lineStart"), Literal("0", datatype=integer), DefaultGraph()))
    reference, fast = both_engines(mutated)
    assert fast == reference
    reported = {f.source.removeprefix(SHAPES_NS) for f in fast}
    assert {"LabelShape", "BodyShape", "DateOrderShape", "CitationShape"} <= reported


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_both_engines_agree_on_a_graph_that_trips_a_constraint(case: Case) -> None:
    reference, fast = both_engines(turtle(case.data))
    assert fast == reference
    assert any(f.source == SHAPES_NS + case.shape for f in fast), f"{case.name} should trip {case.shape}"


def test_every_shacl_term_the_shapes_use_has_a_case() -> None:
    used = {str(p).removeprefix(str(SH)) for p in SHAPES.predicates() if str(p).startswith(str(SH))}
    covered = {term for case in CASES for term in case.terms}
    assert used - covered == set(), "add a Case for each SHACL term the shapes use"


def test_the_cases_produce_every_severity_the_shapes_use() -> None:
    used = {str(s).rsplit("#", 1)[-1] for s in SHAPES.objects(None, SH.severity)}
    produced = {f.severity for case in CASES for f in both_engines(turtle(case.data))[1]}
    assert used <= SEVERITIES <= produced


def test_default_messages_are_pyshacls_when_a_shape_has_no_message() -> None:
    bare = rdflib.Graph()
    for triple in SHAPES:
        if triple[1] != SH.message:
            bare.add(triple)
    data = QuadSet()
    for case in CASES:
        data.update(turtle(case.data).unordered())
    reference, fast = both_engines(data, bare)
    assert fast == reference
    assert len({f.message for f in fast}) > 10


@pytest.mark.parametrize("path", sorted((FIXTURES / "shapes").glob("*.ttl")), ids=lambda p: p.name)
def test_both_engines_agree_on_the_shape_fixtures(path: Path) -> None:
    quads = QuadSet(parse(path.read_bytes(), format=RdfFormat.TURTLE))
    reference, fast = both_engines(quads)
    assert fast == reference
    shape = SHAPES_NS + path.name.split(".", 1)[0]
    assert any(f.source == shape for f in fast) == path.name.endswith(".invalid.ttl")


@pytest.mark.slow
def test_both_engines_agree_on_the_synthetic_graph() -> None:
    data, _info = nquads(10_000, seed=1)
    quads = QuadSet(parse(data, format=RdfFormat.N_QUADS))
    reference, fast = both_engines(quads)
    assert fast == reference == []


UNSUPPORTED = {
    "closed": ("ex:S a sh:NodeShape ; sh:targetClass igkg:Body ; sh:closed true .", "closed"),
    "custom component": (
        """ex:MaxWords a sh:ConstraintComponent ; sh:parameter [ sh:path ex:maxWords ] .
           ex:S a sh:NodeShape ; sh:targetClass igkg:Body ; ex:maxWords 3 .""",
        "maxWords",
    ),
    "inverse path": (
        "ex:S a sh:NodeShape ; sh:targetClass igkg:Body ; sh:property [ sh:path [ sh:inversePath igkg:parent ] ; "
        "sh:minCount 1 ] .",
        "path",
    ),
    "node target": ("ex:S a sh:NodeShape ; sh:targetNode id:ga ; sh:class igkg:Body .", "targetNode"),
    "recursive": ("ex:S a sh:NodeShape ; sh:targetClass igkg:Body ; sh:node ex:N . ex:N sh:node ex:N .", "recursive"),
    "nested": (
        "ex:S a sh:NodeShape ; sh:targetClass igkg:Body ; sh:or ( [ sh:maxLength 3 ] [ sh:class igkg:Body ] ) .",
        "maxLength",
    ),
}


@pytest.mark.parametrize("name", sorted(UNSUPPORTED))
def test_an_unknown_shacl_feature_is_an_error_naming_the_shape_and_the_term(name: str) -> None:
    text, term = UNSUPPORTED[name]
    shapes = rdflib.Graph().parse(data=PREFIXES + text, format="turtle")
    with pytest.raises(shacl_sparql.UnsupportedShapeError) as error:
        shacl_sparql.compile_shapes(shapes)
    assert term in str(error.value)
    assert "shape " in str(error.value)


def test_validate_knows_its_engines() -> None:
    quads = turtle("id:b a igkg:Body .")
    with pytest.raises(ValueError, match="pyshacl"):
        validate(quads, ONTOLOGY_QUADS, SHAPES, ONTOLOGY, engine="owl")
