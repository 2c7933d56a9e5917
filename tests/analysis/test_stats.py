"""`igkg stats`: counts, gaps and disagreements; facts without provenance must be 0."""

from __future__ import annotations

import json
from pathlib import Path

from pyoxigraph import DefaultGraph, Literal, NamedNode, Quad, Store

from kg.analysis.stats import compute
from kg.engines import OxigraphView, with_default_graph
from kg.pipeline.build import BuildReport
from tests.conftest import Cli

ID = "https://w3id.org/igkg/id/"
IGKG = "https://w3id.org/igkg/ontology#"
RDF_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def test_the_curated_graph_has_no_fact_without_provenance(view: OxigraphView) -> None:
    stats = compute(view)
    assert stats.facts_without_provenance == 0
    assert stats.counts_per_class["igkg:Mandate"] >= 5
    assert stats.without_label == []
    sources = {s["source"]: s for s in stats.sources}
    assert sources["004_bf564407ef9a5607.txt"]["facts"] > 100
    ecosoc = next(m for m in stats.mandates_per_body if m["id"] == "ecosoc")
    assert ecosoc["issued"] >= 1


def test_disagreements_list_every_claim_with_rank_and_source(view: OxigraphView) -> None:
    claims = {(d["thing"], d["value"], d["rank"], d["source"]) for d in compute(view).disagreements}
    assert ("meeting-2010-12-cstd", "2010-12-18", "deprecated", "page-igcaucus-aizu-note") in claims
    assert ("meeting-2010-12-cstd", "2010-12-17", "preferred", "page-unctad-news-2010-12-23") in claims
    assert ("wg-igf-improvements", "2010-12-06", "normal", "004_bf564407ef9a5607.txt") in claims


def test_a_fact_without_a_citation_is_counted() -> None:
    graph = NamedNode("https://w3id.org/igkg/source/notes.txt")
    thing = NamedNode(ID + "x")
    quads = [
        Quad(thing, RDF_TYPE, NamedNode(IGKG + "Person"), graph),
        Quad(thing, NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), Literal("X", language="en"), graph),
    ]
    assert compute(OxigraphView.from_quads(quads)).facts_without_provenance == 2
    # A triple in the default graph only (in no source graph) has no provenance either.
    store = Store()
    store.extend(with_default_graph(quads))
    store.add(Quad(thing, NamedNode(IGKG + "place"), Literal("nowhere"), DefaultGraph()))
    assert compute(OxigraphView(store)).facts_without_provenance == 3


def test_stats_cli_json_and_exit_codes(cli: Cli, built: BuildReport, tmp_path: Path) -> None:
    result = cli("stats", "--format", "json", "--store", str(built.out_dir / "store"))
    assert result.exit_code == 0
    doc = json.loads(result.output)
    assert doc["facts_without_provenance"] == 0 and doc["igkg_stats_version"] == 1
    table = cli("stats", "--store", str(built.out_dir / "store")).output
    assert "facts without provenance: 0" in table and "disagreements:" in table
    # A store holding a fact without provenance makes `igkg stats` exit 1.
    path = tmp_path / "store"
    store = Store(str(path))
    thing = NamedNode(ID + "x")
    store.extend(
        with_default_graph(
            [Quad(thing, RDF_TYPE, NamedNode(IGKG + "Person"), NamedNode("https://w3id.org/igkg/source/n"))]
        )
    )
    del store
    assert cli("stats", "--store", str(path)).exit_code == 1
