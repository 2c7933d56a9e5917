"""Every shape has a conforming and a violating fixture; every check query has a fixture that
trips it; the real build trips none of them."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib
from rdflib.namespace import SH

from kg.core import settings
from kg.core.quads import QuadSet
from kg.engines import OxigraphView
from kg.loaders.ontology import ontology_quads
from kg.loaders.rdffiles import read_rdf_files
from kg.validate import check_findings, load_ontology, load_shapes, shacl_findings
from tests.conftest import FIXTURES, REPO

SHAPES = load_shapes()
ONTOLOGY = load_ontology()
SHAPE_NAMES = sorted(str(s).rsplit("#", 1)[-1] for s in SHAPES.subjects(rdflib.RDF.type, SH.NodeShape))
CHECKS = sorted(p.stem for p in settings.queries_dir().glob("check-*.rq"))


def findings_of(shape: str, path: Path) -> list[str]:
    data = read_rdf_files([path]).to_rdflib()
    return [
        f"{f.severity}: {f.message}"
        for f in shacl_findings(data, SHAPES, ONTOLOGY)
        if f.source == f"https://w3id.org/igkg/shapes#{shape}"
    ]


@pytest.mark.parametrize("shape", SHAPE_NAMES)
def test_conforming_fixture_passes_the_shape(shape: str) -> None:
    path = FIXTURES / "shapes" / f"{shape}.valid.ttl"
    assert path.is_file(), f"{shape} has no conforming fixture"
    assert findings_of(shape, path) == []


@pytest.mark.parametrize("shape", SHAPE_NAMES)
def test_violating_fixture_fails_the_shape_with_a_message_for_a_person(shape: str) -> None:
    path = FIXTURES / "shapes" / f"{shape}.invalid.ttl"
    assert path.is_file(), f"{shape} has no violating fixture"
    found = findings_of(shape, path)
    assert found, f"{path.name} should violate {shape}"
    assert all(len(message) > 20 and "http" not in message.split(": ", 1)[1][:10] for message in found)


def test_every_shape_has_a_severity_and_a_message() -> None:
    for constraint in [*SHAPES.subjects(SH.message, None)]:
        assert SHAPES.value(constraint, SH.severity) in (SH.Violation, SH.Warning, SH.Info) or (
            (constraint, rdflib.RDF.type, SH.NodeShape) in SHAPES
        )


@pytest.mark.parametrize("check", CHECKS)
def test_check_query_returns_rows_on_its_fixture(check: str) -> None:
    path = FIXTURES / "checks" / f"{check}.trig"
    assert path.is_file(), f"{check} has no fixture"
    quads = read_rdf_files([path])
    view = OxigraphView.from_quads([*quads, *ontology_quads()])
    findings, _ = check_findings(view)
    assert any(f.source == f"queries/{check}.rq" for f in findings)


def test_the_built_graph_trips_no_check(view: OxigraphView) -> None:
    findings, count = check_findings(view)
    assert count == len(CHECKS) >= 5
    assert findings == []


def test_every_fixture_and_example_in_the_repository_parses() -> None:
    repo = REPO
    paths = [
        *repo.glob("ontology/*.ttl"),
        *repo.glob("shapes/*.ttl"),
        *FIXTURES.rglob("*.ttl"),
        *FIXTURES.rglob("*.trig"),
        repo / "kg" / "data" / "context.jsonld",
    ]
    for path in paths:
        if path.suffix == ".jsonld":
            rdflib.Graph().parse(data=path.read_text(), format="json-ld")
        else:
            assert len(read_rdf_files([path])) > 0 or isinstance(read_rdf_files([path]), QuadSet), path
