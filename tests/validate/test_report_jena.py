"""igkg's SHACL report (Turtle) holds the results Apache Jena's SHACL engine reports (issue 17, part 3).

pySHACL is the reference the project's engines are held to (test_report.py); Jena is a second,
independent SHACL implementation. The same data graph goes to both — the small graph that trips
every constraint component the shapes use (test_report.py's), the real build's self-contained dump
(``igkg export --with-ontology``), and a copy of that dump broken on purpose — and the reports are
compared as graphs, result by result: ``sh:conforms``; per result the focus node, path, value,
constraint component, severity and source shape. Blank terms (the property shapes, sequence paths)
are compared by their description (kg.validate.result_terms); tests/validate/java/JenaShacl.java
writes Jena's report with those descriptions, which Jena's own ``shacl`` command leaves out.

Where the two engines legitimately differ, the difference is named here and checked, never skipped:

1. **Details.** Validating a value against an ``sh:node`` shape gives one result for the
   ``sh:node`` constraint; pySHACL (and igkg, as pySHACL does) adds the nested shape's results
   under it with ``sh:detail``, which SHACL makes optional (SHACL 1.0, section 3.6.2.6: results
   "may" have ``sh:detail``) and Jena 4.5 does not write. Compared: the report's own
   ``sh:result``s; each igkg detail must hang off a result Jena also reports.
2. **Messages.** Where the shape gives ``sh:message`` both engines must report it; elsewhere each
   engine words its own message (SHACL leaves that to the engine), so those are not compared.
3. **Quality checks.** igkg's report also holds the findings of queries/check-*.rq (source shapes
   described as "the quality check ..."): they are not SHACL shapes, no SHACL engine runs them.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import rdflib
from rdflib.namespace import RDF, RDFS, SH, XSD

from kg.pipeline.build import BuildReport
from kg.validate import load_ontology, load_shapes
from kg.validate.result_terms import node_text
from tests.conftest import Cli
from tests.javalibs import JENA_JARS, classpath, jena_resources, run_java
from tests.validate.test_report import TRIPPED
from tests.validate.test_shacl_sparql import turtle

PROGRAM = Path(__file__).parent / "java" / "JenaShacl.java"
IGKG = rdflib.Namespace("https://w3id.org/igkg/ontology#")
ID = rdflib.Namespace("https://w3id.org/igkg/id/")
#: What a result is compared by: its terms, each as kg.validate.result_terms writes it.
TERMS = (SH.focusNode, SH.resultPath, SH.value, SH.sourceConstraintComponent, SH.sourceShape, SH.resultSeverity)

Key = tuple[str, ...]


@pytest.fixture(scope="module")
def jena(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    jars = classpath(JENA_JARS, "Apache Jena (libapache-jena-java)")  # first: it requires them
    return [jena_resources(tmp_path_factory.mktemp("jena") / "resources"), *jars]


@pytest.fixture(scope="module")
def shapes_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("shapes") / "shapes.ttl"
    load_shapes().serialize(path, format="turtle")
    return path


def jena_report(jars: list[Path], shapes: Path, data: Path) -> rdflib.Graph:
    return rdflib.Graph().parse(data=run_java(PROGRAM, jars, str(shapes), str(data)), format="nt")


def igkg_report(cli: Cli, data: Path) -> rdflib.Graph:
    """igkg's report as a user gets it: ``igkg validate --format turtle FILE``."""
    result = cli("validate", "--format", "turtle", str(data))
    assert result.exit_code in (0, 1), result.output
    return rdflib.Graph().parse(data=result.output, format="turtle")


def top_results(graph: rdflib.Graph) -> Counter[Key]:
    """The report's own results (sh:result; not the sh:detail ones, difference 1), without the
    quality checks (difference 3)."""
    report = graph.value(predicate=RDF.type, object=SH.ValidationReport)
    keys: Counter[Key] = Counter()
    for result in graph.objects(report, SH.result):
        if not _is_quality_check(graph, result):
            keys[tuple(node_text(graph, graph.value(result, term)) for term in TERMS)] += 1
    return keys


def given_messages(graph: rdflib.Graph, shapes: rdflib.Graph) -> Counter[tuple[str, str, str]]:
    """(focus, shape, message) for each result whose shape gives sh:message (difference 2)."""
    report = graph.value(predicate=RDF.type, object=SH.ValidationReport)
    given = {node_text(shapes, s) for s in shapes.subjects(SH.message, None)}
    out: Counter[tuple[str, str, str]] = Counter()
    for result in graph.objects(report, SH.result):
        shape = node_text(graph, graph.value(result, SH.sourceShape))
        if shape in given:
            focus = node_text(graph, graph.value(result, SH.focusNode))
            out[(focus, shape, str(graph.value(result, SH.resultMessage)))] += 1
    return out


def _is_quality_check(graph: rdflib.Graph, result: rdflib.term.Node) -> bool:
    comment = graph.value(graph.value(result, SH.sourceShape), RDFS.comment)
    return comment is not None and str(comment).startswith("the quality check")


def conforms(graph: rdflib.Graph) -> bool:
    value = graph.value(graph.value(predicate=RDF.type, object=SH.ValidationReport), SH.conforms)
    assert isinstance(value, rdflib.Literal) and value.datatype == XSD.boolean
    return bool(value.toPython())


def assert_same_report(ours: rdflib.Graph, theirs: rdflib.Graph, checks_failed: bool = False) -> None:
    mine, jenas = top_results(ours), top_results(theirs)
    assert mine == jenas, {"only igkg": mine - jenas, "only Jena": jenas - mine}
    # SHACL's sh:conforms: no result at all, Warnings and Info included (igkg's gate, the exit
    # code, lets those through); igkg's also counts its quality checks, which Jena does not run
    # (difference 3).
    assert conforms(ours) == (conforms(theirs) and not checks_failed)
    shapes = load_shapes()
    assert given_messages(ours, shapes) == given_messages(theirs, shapes)
    # Difference 1: a detail hangs off an sh:node result, which Jena reports too.
    for parent, _detail in ours.subject_objects(SH.detail):
        assert ours.value(parent, SH.sourceConstraintComponent) == SH.NodeConstraintComponent
        key = tuple(node_text(ours, ours.value(parent, term)) for term in TERMS)
        assert jenas[key] > 0, key
    # A value is the same kind of term in both (an IRI stays an IRI, a literal keeps its datatype).
    assert {type(ours.value(r, SH.value)) for r in ours.objects(None, SH.result)} >= {
        type(theirs.value(r, SH.value)) for r in theirs.objects(None, SH.result)
    }


def test_a_graph_that_trips_every_component(cli: Cli, jena: list[Path], shapes_file: Path, tmp_path: Path) -> None:
    data = tmp_path / "tripped.ttl"
    # The ontology goes with the data, as pySHACL gets it: the concept schemes live there.
    graph = turtle(TRIPPED).to_rdflib() + load_ontology()
    graph.serialize(data, format="turtle")
    ours, theirs = igkg_report(cli, data), jena_report(jena, shapes_file, data)
    assert sum(top_results(theirs).values()) > 50  # every component: a real comparison
    assert_same_report(ours, theirs, checks_failed=True)
    assert any(ours.subject_objects(SH.detail))  # the sh:node case has its details
    components = {str(c).removeprefix(str(SH)) for c in theirs.objects(None, SH.sourceConstraintComponent)}
    assert {"MinCountConstraintComponent", "NodeConstraintComponent", "SPARQLConstraintComponent"} <= components


@pytest.fixture(scope="module")
def dump(built: BuildReport, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The build's dump with the ontology, as README's "Validating a dump" makes it."""
    path = tmp_path_factory.mktemp("dump") / "igkg-full.ttl"
    result = Cli()("export", "--with-ontology", "--store", str(built.out_dir / "store"), "--out", str(path))
    assert result.exit_code == 0, result.output
    return path


def test_the_builds_dump(cli: Cli, jena: list[Path], shapes_file: Path, dump: Path) -> None:
    result = cli("validate", str(dump))
    assert result.exit_code == 0, result.output  # igkg's gate: no Violation
    ours, theirs = igkg_report(cli, dump), jena_report(jena, shapes_file, dump)
    severities = {str(s).removeprefix(str(SH)) for s in theirs.objects(None, SH.resultSeverity)}
    assert severities == {"Warning", "Info"}  # so SHACL's sh:conforms is false in both reports
    assert_same_report(ours, theirs)


def test_a_broken_copy_of_the_dump(cli: Cli, jena: list[Path], shapes_file: Path, dump: Path, tmp_path: Path) -> None:
    graph = rdflib.Graph().parse(dump, format="turtle")
    position = ID["meeting-2010-12-cstd-position-argentina-1"]
    mandate = ID["mandate-a-res-56-183-itu"]
    turn = ID["meeting-2010-12-cstd-turn-001"]
    citation = ID["a-67-65/evidence/04e22db3ca03"]
    for triple in [(position, RDF.type, IGKG.Position), (mandate, RDF.type, IGKG.Mandate), (turn, None, None)]:
        assert triple in graph, triple  # the things broken below are in the dump
    graph.remove((ID.ga, RDFS.label, None))  # a body without a label
    graph.set((position, IGKG.stance, ID["action/invite"]))  # a concept from the wrong scheme
    graph.remove((mandate, IGKG.evidence, None))  # a fact without evidence
    graph.set((turn, IGKG.order, rdflib.Literal("first")))  # a string where an integer belongs
    graph.set((citation, IGKG.quote, rdflib.URIRef("https://example.org/quote")))  # an IRI for a text
    broken = tmp_path / "broken.ttl"
    graph.serialize(broken, format="turtle")
    ours, theirs = igkg_report(cli, broken), jena_report(jena, shapes_file, broken)
    assert not conforms(theirs)
    focus = {str(f) for f in theirs.objects(None, SH.focusNode)}
    assert {str(ID.ga), str(position), str(mandate), str(turn), str(citation)} <= focus
    assert_same_report(ours, theirs, checks_failed=True)
