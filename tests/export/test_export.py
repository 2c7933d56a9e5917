"""Exports: the same graph in every format (round trips compared as graphs, not text)."""

from __future__ import annotations

import json

import pytest
import rdflib
from pyoxigraph import RdfFormat, parse
from rdflib.compare import isomorphic

from kg.pipeline.build import BuildReport
from tests.conftest import Cli


def merged(dataset: rdflib.Dataset) -> rdflib.Graph:
    graph = rdflib.Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        graph.add((s, p, o))
    return graph


def test_turtle_jsonld_and_trig_are_the_same_graph(built: BuildReport) -> None:
    turtle = rdflib.Graph().parse(built.out_dir / "igkg.ttl", format="turtle")
    jsonld = rdflib.Graph().parse(built.out_dir / "igkg.jsonld", format="json-ld")
    trig = rdflib.Dataset()
    trig.parse(built.out_dir / "igkg.trig", format="trig")
    nquads = rdflib.Dataset()
    nquads.parse(built.out_dir / "igkg.nq", format="nquads")
    assert len(turtle) == built.triples
    assert isomorphic(turtle, jsonld)
    assert isomorphic(turtle, merged(trig))
    assert isomorphic(turtle, merged(nquads))


def test_trig_and_nquads_keep_one_graph_per_source(built: BuildReport) -> None:
    trig = rdflib.Dataset()
    trig.parse(built.out_dir / "igkg.trig", format="trig")
    names = {str(g.identifier) for g in trig.graphs() if len(g)}
    assert "https://w3id.org/igkg/source/004_bf564407ef9a5607.txt" in names
    assert "https://w3id.org/igkg/source/page-unctad-news-2010-12-23" in names
    assert "https://w3id.org/igkg/graph/derived" in names
    quads = list(parse(path=str(built.out_dir / "igkg.nq"), format=RdfFormat.N_QUADS))
    assert len({q.graph_name for q in quads}) == len(names) == built.graphs


def test_jsonld_is_compacted_with_the_embedded_project_context(built: BuildReport) -> None:
    doc = json.loads((built.out_dir / "igkg.jsonld").read_text())
    assert isinstance(doc["@context"], dict), "embedded, so reading it fetches nothing"
    ecosoc = next(n for n in doc["@graph"] if n["@id"] == "id:ecosoc")
    assert ecosoc["label"] == "Economic and Social Council"
    ids = [n["@id"] for n in doc["@graph"]]
    assert ids == sorted(ids)


def test_nquads_are_sorted_and_blank_node_free(built: BuildReport) -> None:
    lines = (built.out_dir / "igkg.nq").read_text().splitlines()
    assert lines == sorted(lines)
    assert not any(" _:" in line or line.startswith("_:") for line in lines)


@pytest.mark.parametrize(
    ("fmt", "name"), [("turtle", "igkg.ttl"), ("trig", "igkg.trig"), ("nquads", "igkg.nq"), ("jsonld", "igkg.jsonld")]
)
def test_export_of_the_store_equals_the_build_output(cli: Cli, built: BuildReport, tmp_path, fmt, name) -> None:
    out = tmp_path / f"export.{fmt}"
    result = cli("export", "--format", fmt, "--out", str(out), "--store", str(built.out_dir / "store"))
    assert result.exit_code == 0
    assert out.read_bytes() == (built.out_dir / name).read_bytes()


def test_export_guesses_the_format_from_the_extension_and_writes_stdout(cli: Cli, built: BuildReport, tmp_path) -> None:
    store = str(built.out_dir / "store")
    assert cli("export", "--out", str(tmp_path / "x.nt"), "--store", store).exit_code == 0
    graph = rdflib.Graph().parse(tmp_path / "x.nt", format="nt")
    assert len(graph) == built.triples
    result = cli("export", "--format", "nquads", "--store", store)
    assert result.stdout_bytes == (built.out_dir / "igkg.nq").read_bytes()
    result = cli("export", "--store", store)
    assert result.exit_code == 2 and "say which --format" in result.output
