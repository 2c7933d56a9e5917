"""`igkg analyse`: roots, chains, lapses, renewal anomalies and cycles."""

from __future__ import annotations

import datetime as dt
import json

import networkx as nx

from kg.analysis.lineage import mandate_graph
from kg.analysis.mandates import analyse
from kg.engines import OxigraphView
from kg.pipeline.build import BuildReport
from tests.conftest import Cli


def test_analysis_of_the_curated_graph(view: OxigraphView) -> None:
    result = analyse(mandate_graph(view), "2026-11-22")
    assert result.cycles == []
    assert {r["issuer"] for r in result.roots_of_authority} >= {"wsis"}
    assert [
        "mandate-tunis-72-igf",
        "mandate-a-res-65-141-igf",
        "mandate-a-res-70-125-igf",
        "mandate-a-res-80-173-igf",
    ] in result.longest_chains
    assert any(m["mandate"] == "mandate-a-res-80-173-igf" for m in result.open_ended)  # permanent since 2025
    assert result.renewed_more_than_once == []


def _mandate(graph: nx.DiGraph, node: str, action: str, mandatee: str, latest: str = "") -> None:
    # The course the build would derive (kg/loaders/lapse.py): in force from 2001, ended after
    # ``latest`` when there is one, else unknown.
    if latest:
        periods = [
            {"from": "2001-01-01", "until": latest, "state": "in force", "reason": f"until its end date {latest}"},
            {
                "from": str(dt.date.fromisoformat(latest) + dt.timedelta(days=1)),
                "until": "",
                "state": "ended",
                "reason": "over",
            },
        ]
    else:
        periods = [{"from": "2001-01-01", "until": "", "state": "unknown", "reason": "nothing recorded ends it"}]
    graph.add_node(
        node,
        kind="mandate",
        action=action,
        issuer="ga",
        mandatee=mandatee,
        start="2001",
        end="2002" if latest else "",
        latest=latest,
        periods=periods,
    )


def test_anomalies_and_cycles_are_found() -> None:
    graph = nx.DiGraph()
    _mandate(graph, "m1", "establish", "body-a", latest="2002-12-31")
    _mandate(graph, "m2", "renew", "body-a", latest="2004-12-31")
    _mandate(graph, "m3", "renew", "body-a", latest="2005-12-31")
    _mandate(graph, "m4", "extend", "body-b")
    graph.add_edge("m2", "m1", relation="renews")
    graph.add_edge("m3", "m1", relation="renews")
    result = analyse(graph, "2010-01-01")
    assert result.renewed_more_than_once == [{"mandate": "m1", "renewed_by": ["m2", "m3"]}]
    assert result.renewals_renewing_nothing == ["m4"]
    assert result.lapsed == [{"mandatee": "body-a", "ended": "2005-12-31"}]
    graph.add_edge("m1", "m3", relation="pursuant to")
    cyclic = analyse(graph, "2010-01-01")
    assert cyclic.cycles == [["m1", "m3"]]
    assert "cycles (data errors): 1" in cyclic.table()


def test_analyse_cli(cli: Cli, built: BuildReport) -> None:
    result = cli("analyse", "--as-of", "2026-11-22", "--format", "json", "--store", str(built.out_dir / "store"))
    assert result.exit_code == 0
    doc = json.loads(result.output)
    assert doc["cycles"] == [] and doc["mandates"] >= 25
