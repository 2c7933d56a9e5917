"""igkg's validation report (Turtle) speaks the SHACL report vocabulary as pySHACL does.

pySHACL's own report graph is the reference: on a graph that trips every constraint component the
project's shapes use (the cases of test_shacl_sparql.py, merged), igkg's report, read back as RDF,
must hold the same results — same focus nodes, paths, values, constraint components, source shapes
(the property shape that failed, with its description), severities and messages — with IRIs
written as IRIs and literals with their datatypes.
"""

from __future__ import annotations

from collections import Counter

import pyshacl
import pytest
import rdflib
from rdflib.namespace import RDF, RDFS, SH

from kg.core.quads import QuadSet
from kg.loaders.ontology import ontology_quads
from kg.validate import Finding, ValidationReport, load_ontology, load_shapes, validate
from kg.validate.result_terms import node_text
from tests.validate.test_shacl_sparql import CASES, turtle

SHAPES = load_shapes()
ONTOLOGY = load_ontology()
#: Every case at once: one graph that trips every component, severity, path form and target.
TRIPPED = "\n".join(case.data for case in CASES)

Key = tuple[str, ...]


def _results(graph: rdflib.Graph) -> Counter[Key]:
    """Each sh:ValidationResult (nested sh:detail results too) as comparable text; blank nodes by
    their description (kg.validate.result_terms), whatever their labels."""
    keys: Counter[Key] = Counter()
    for result in graph.subjects(RDF.type, SH.ValidationResult):
        if _is_quality_check(graph, graph.value(result, SH.sourceShape)):
            continue  # igkg's queries/check-*.rq: no SHACL engine runs them
        keys[
            tuple(
                node_text(graph, graph.value(result, pred))
                for pred in (
                    SH.focusNode,
                    SH.resultPath,
                    SH.value,
                    SH.sourceConstraintComponent,
                    SH.sourceShape,
                    SH.resultSeverity,
                    SH.resultMessage,
                )
            )
        ] += 1
    return keys


def _is_quality_check(graph: rdflib.Graph, shape: rdflib.term.Node | None) -> bool:
    comment = graph.value(shape, RDFS.comment) if shape is not None else None
    return comment is not None and str(comment).startswith("the quality check")


@pytest.fixture(scope="module")
def quads() -> QuadSet:
    return turtle(TRIPPED)


@pytest.fixture(scope="module")
def pyshacl_report(quads: QuadSet) -> rdflib.Graph:
    merged = quads.to_rdflib()
    merged += ONTOLOGY  # as kg/validate/pyshacl_engine.py: the concept schemes live in the ontology
    _conforms, results, _text = pyshacl.validate(merged, shacl_graph=SHAPES, inference="none", allow_warnings=True)
    return results


@pytest.fixture(scope="module", params=["sparql", "pyshacl"])
def igkg_report(request: pytest.FixtureRequest, quads: QuadSet) -> rdflib.Graph:
    report = validate(quads, ontology_quads(), SHAPES, ONTOLOGY, engine=request.param)
    return rdflib.Graph().parse(data=report.turtle(), format="turtle")


def test_the_report_holds_pyshacls_results(igkg_report: rdflib.Graph, pyshacl_report: rdflib.Graph) -> None:
    ours, theirs = _results(igkg_report), _results(pyshacl_report)
    assert len(theirs) > 20  # the cases trip every component: a real comparison
    assert ours == theirs
    report = igkg_report.value(predicate=RDF.type, object=SH.ValidationReport)
    reference = pyshacl_report.value(predicate=RDF.type, object=SH.ValidationReport)
    assert igkg_report.value(report, SH.conforms) == pyshacl_report.value(reference, SH.conforms)


def test_the_report_uses_the_shacl_terms_the_issue_names(igkg_report: rdflib.Graph) -> None:
    results = set(igkg_report.subjects(RDF.type, SH.ValidationResult))
    for result in results:
        for pred in (SH.focusNode, SH.resultSeverity, SH.sourceConstraintComponent, SH.sourceShape, SH.resultMessage):
            assert igkg_report.value(result, pred) is not None, pred
    components = {str(igkg_report.value(r, SH.sourceConstraintComponent)).removeprefix(str(SH)) for r in results}
    assert {"MinCountConstraintComponent", "ClassConstraintComponent", "SPARQLConstraintComponent"} <= components
    # A value that is an IRI is an IRI, not a string holding one.
    values = [igkg_report.value(r, SH.value) for r in results]
    assert any(isinstance(v, rdflib.URIRef) for v in values)
    # ... and a string that holds an address (WebPageShape's case) stays a string.
    texts = {str(v) for v in values if isinstance(v, rdflib.Literal) and str(v).startswith("https://")}
    assert texts == {"https://example.org/"}
    # A property shape's result names the property shape (with its path), not the node shape.
    for result in results:
        path = igkg_report.value(result, SH.resultPath)
        shape = igkg_report.value(result, SH.sourceShape)
        if path is not None and shape is not None:
            assert (shape, RDF.type, SH.NodeShape) not in igkg_report
            assert igkg_report.value(shape, SH.path) is not None


def test_a_sequence_path_is_written_as_a_list() -> None:
    quads = turtle(
        """id:i9 a igkg:Intervention ; igkg:inMeeting id:m9 ; igkg:order 1 ; igkg:evidence id:e9 .
           id:e9 a igkg:Citation . id:m9 a igkg:Meeting ."""
    )
    report = rdflib.Graph().parse(data=validate(quads, ontology_quads(), SHAPES, ONTOLOGY).turtle(), format="turtle")
    paths = [report.value(r, SH.resultPath) for r in report.subjects(RDF.type, SH.ValidationResult)]
    lists = [list(rdflib.collection.Collection(report, p)) for p in paths if isinstance(p, rdflib.BNode)]
    igkg = "https://w3id.org/igkg/ontology#"
    assert [rdflib.URIRef(igkg + "evidence"), rdflib.URIRef(igkg + "lineStart")] in lists


def test_the_report_is_deterministic_and_a_quality_check_is_a_sparql_result() -> None:
    finding = Finding("Violation", "https://w3id.org/igkg/id/x", "", "a check", source="queries/check-x.rq")
    bare = ValidationReport([finding]).turtle()
    assert bare == ValidationReport([finding]).turtle()
    # A finding made without its RDF terms still gives a report that parses.
    assert rdflib.Graph().parse(data=bare, format="turtle")
    quads = turtle("id:b a igkg:Body .")  # no label: LabelShape fails
    first = validate(quads, ontology_quads(), SHAPES, ONTOLOGY).turtle()
    assert first == validate(quads, ontology_quads(), SHAPES, ONTOLOGY).turtle()


def test_details_hang_off_the_results_pyshacl_hangs_them_off(
    igkg_report: rdflib.Graph, pyshacl_report: rdflib.Graph
) -> None:
    """The results of an sh:node constraint's nested shape are sh:detail of that constraint's
    result, not results of the report's own (tests/validate/test_report_jena.py: Jena agrees)."""

    terms = (SH.focusNode, SH.value, SH.sourceConstraintComponent, SH.sourceShape)

    def pairs(graph: rdflib.Graph) -> Counter[tuple[Key, Key]]:
        def key(node: rdflib.term.Node) -> Key:
            return tuple(node_text(graph, graph.value(node, t)) for t in terms)

        return Counter((key(parent), key(detail)) for parent, detail in graph.subject_objects(SH.detail))

    assert pairs(igkg_report) == pairs(pyshacl_report) != Counter()
    report = igkg_report.value(predicate=RDF.type, object=SH.ValidationReport)
    assert not set(igkg_report.objects(None, SH.detail)) & set(igkg_report.objects(report, SH.result))
