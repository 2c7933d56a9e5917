"""What the committed mapping table links: per kind and graph, the six main bodies graph by
graph, and the instruments whose document symbol has a document address."""

from __future__ import annotations

import json

import pytest

from kg.core import settings
from kg.link.coverage import coverage_report, graph_of
from kg.link.undocs import document_address
from kg.records.load import read_records
from kg.records.mappings import table_path
from tests.conftest import Cli

#: The graphs that publish open data about the thing itself (not a page or a document about it).
OPEN_DATA_GRAPHS = {"Wikidata", "DBpedia"}


@pytest.fixture(scope="module")
def report() -> dict:
    return coverage_report(read_records(settings.records_dir(), settings.sources_dir()), table_path())


def test_objects_are_grouped_by_their_graph() -> None:
    assert graph_of("wikidata:Q47423") == "Wikidata"
    assert graph_of("dbpedia:Internet_Governance_Forum") == "DBpedia"
    assert graph_of("wikipedia:Internet_Governance_Forum") == "Wikipedia"
    assert graph_of("undocsorg:A/RES/65/141") == graph_of("undocs:A/RES/79/277") == "UN documents"
    assert graph_of("undl:591211") == "UN Digital Library"


def test_the_main_bodies_that_pages_support_link_to_an_open_data_graph(report: dict) -> None:
    graphs = report["main_body_graphs"]
    for slug in ("ga", "ecosoc", "cstd", "igf"):
        assert OPEN_DATA_GRAPHS & set(graphs[slug]), (slug, graphs[slug])
    assert graphs["igf"]["Wikipedia"] == ["wikipedia:Internet_Governance_Forum"]
    assert graphs["igf"]["DBpedia"] == ["dbpedia:Internet_Governance_Forum"]


def test_the_unlinked_main_bodies_are_named(report: dict) -> None:
    # No read page shows a Wikipedia article, a Wikidata item or a Digital Library record for the
    # MAG or UNGIS (searched 2026-12-02): named as a gap, not linked from memory.
    assert report["main_bodies_unlinked"] == ["mag", "ungis"]


def test_every_un_symbol_has_a_document_address(report: dict) -> None:
    assert document_address("A/RES/65/141") == "https://undocs.org/A/RES/65/141"
    assert document_address("WSIS-05/TUNIS/DOC/7-E") is None  # ITU publishes the WSIS documents
    missing = report["symbols_without_address"]
    assert [symbol for _, symbol in missing if document_address(symbol)] == []
    # The one WSIS symbol whose ITU address no read page shows.
    assert missing == [["tunis-agenda", "WSIS-05/TUNIS/DOC/6(Rev.1)-E"]]


def test_the_command_shows_each_graph_per_main_body(cli: Cli) -> None:
    table = cli("link", "coverage")
    assert table.exit_code == 0, table.output
    assert "igf     Wikipedia: wikipedia:Internet_Governance_Forum; DBpedia: dbpedia:Internet_Governance_Forum" in (
        table.output
    )
    assert "mag     - (not linked)" in table.output
    machine = json.loads(cli("link", "coverage", "--format", "json").output)
    assert machine["kinds"]["bodies"]["graphs"]["DBpedia"] >= 3
