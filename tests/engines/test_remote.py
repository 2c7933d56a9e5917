"""A real Oxigraph server on loopback: igkg push, then every canned query through SPARQLWrapper
(--endpoint) gives the same answers as the embedded store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.engines import OxigraphView
from kg.engines.push import DEFAULT, graphs_of, push
from kg.engines.remote import EndpointView
from kg.pipeline.build import BuildReport
from kg.query import catalog as queries
from kg.query.run import run_canned
from tests.conftest import Cli, free_port
from tests.conftest import oxigraph_server as start_oxigraph


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with start_oxigraph(tmp_path_factory.mktemp("oxigraph")) as base:
        yield base


@pytest.fixture(scope="module")
def pushed(oxigraph_server: str, view: OxigraphView) -> str:
    report = push(view, f"{oxigraph_server}/query", f"{oxigraph_server}/store")
    assert report.counts[DEFAULT] == sum(1 for _ in view.store.quads_for_pattern(None, None, None, None)) - sum(
        n for g, n in report.counts.items() if g != DEFAULT
    )
    return f"{oxigraph_server}/query"


def answers(rows: list[dict[str, str]]) -> list[tuple[tuple[str, str], ...]]:
    return sorted(tuple(sorted(r.items())) for r in rows)


@pytest.mark.parametrize("name", sorted(queries.catalog()))
def test_every_canned_query_answers_the_same_on_the_oxigraph_server(name: str, pushed: str, view: OxigraphView) -> None:
    query = queries.get(name)
    params = {p.name: p.example for p in query.params.values() if p.example}
    embedded = run_canned(view, name, params)
    remote = run_canned(EndpointView(pushed), name, params)
    assert remote.variables == embedded.variables
    assert answers(remote.dicts()) == answers(embedded.dicts())
    assert embedded.rows, f"{name}'s example gives no rows: the comparison would prove nothing"


def test_pushing_twice_gives_the_same_store(pushed: str, oxigraph_server: str, view: OxigraphView) -> None:
    again = push(view, pushed, f"{oxigraph_server}/store")  # verifies every graph's count itself
    assert len(again.counts) == len(graphs_of(view))


def test_push_to_a_store_that_is_not_there_fails_clearly(cli: Cli, built: BuildReport) -> None:
    url = f"http://127.0.0.1:{free_port()}/query"
    result = cli("push", "--endpoint", url, "--store", str(built.out_dir / "store"))
    assert result.exit_code == 1
    assert "failed at" in result.output and "safe to re-run" in result.output
    assert "Traceback" not in result.output


def test_query_and_sparql_take_an_endpoint(cli: Cli, pushed: str, tmp_path: Path) -> None:
    result = cli("query", "who-mandated", "--param", "id=igf", "--endpoint", pushed, "--format", "csv")
    assert result.exit_code == 0 and "mandate-a-res-65-141-igf" in result.output
    count = cli("sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?s a igkg:Intervention }", "--endpoint", pushed)
    assert count.exit_code == 0 and "253" in count.output.split()  # 59 + 15 + 179 turns
    both = cli("query", "who-mandated", "--param", "id=igf", "--endpoint", pushed, "--store", str(tmp_path))
    assert both.exit_code == 2 and "not both" in both.output
    refused = cli("sparql", "INSERT DATA { <a:b> <a:c> <a:d> }", "--endpoint", pushed)
    assert refused.exit_code == 2 and "read-only" in refused.output
