"""Federated canned queries: igkg joined with a Wikidata-shaped endpoint through SERVICE, run
only when the operator allows that endpoint; tested against a local Oxigraph server with a
fixture (no network beyond loopback)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.pipeline.build import BuildReport
from kg.query import catalog as queries
from tests.conftest import FIXTURES, Cli, oxigraph_server


@pytest.fixture(scope="module")
def wikidata_fixture(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An Oxigraph server on loopback holding tests/data/wikidata/federated.ttl; yields its query URL."""
    fixture = FIXTURES / "wikidata" / "federated.ttl"
    with oxigraph_server(tmp_path_factory.mktemp("wikidata"), load=fixture, read_only=True) as base:
        yield f"{base}/query"


def test_a_federated_query_is_listed_as_needing_the_network(cli: Cli) -> None:
    assert "wikidata-bodies" not in queries.catalog()  # the ones that answer offline
    assert queries.get("wikidata-bodies").federated
    listing = cli("queries")
    assert "wikidata-bodies" in listing.output and "needs the network" in listing.output


def test_without_the_operators_permission_nothing_is_asked(cli: Cli, built: BuildReport) -> None:
    result = cli("query", "wikidata-bodies", "--store", str(built.out_dir / "store"))
    assert result.exit_code == 2
    assert "needs the network" in result.output and "--allow-service https://query.wikidata.org/sparql" in result.output


def test_igkg_and_the_wikidata_fixture_meet_in_one_answer(cli: Cli, built: BuildReport, wikidata_fixture: str) -> None:
    result = cli(
        "query",
        "wikidata-bodies",
        "--param",
        "id=ecosoc",
        "--param",
        f"endpoint={wikidata_fixture}",
        "--allow-service",
        wikidata_fixture,
        "--store",
        str(built.out_dir / "store"),
        "--format",
        "csv",
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "id,label,established,item,wikidataLabel,inception"
    assert any(
        "https://w3id.org/igkg/id/ecosoc,Economic and Social Council" in line
        and "http://www.wikidata.org/entity/Q170075,ECOSOC label from the test fixture,1900-01-01" in line
        for line in lines[1:]
    ), result.output


def test_allowing_one_endpoint_does_not_allow_another(cli: Cli, built: BuildReport, wikidata_fixture: str) -> None:
    result = cli(
        "query",
        "wikidata-bodies",
        "--param",
        f"endpoint={wikidata_fixture}",
        "--allow-service",
        "https://query.wikidata.org/sparql",
        "--store",
        str(built.out_dir / "store"),
    )
    assert result.exit_code == 2 and "needs the network" in result.output


def test_the_example_mapping_table_has_the_rows_the_join_needs() -> None:
    text = (Path(__file__).parents[2] / "kg" / "data" / "mappings" / "igkg.sssom.tsv").read_text()
    assert "igkg:ecosoc\t" in text and "wikidata:Q170075" in text
