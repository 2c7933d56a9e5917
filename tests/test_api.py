"""The Python API for notebooks."""

from __future__ import annotations

import networkx as nx

import kg
from kg.pipeline.build import BuildReport


def test_rows_table_and_graphs(built: BuildReport) -> None:
    store = built.out_dir / "store"
    rows = kg.run_query("who-mandated", store=store, id="wg-igf-improvements")
    assert any(r["issuerLabel"] == "Economic and Social Council" for r in rows)
    table = kg.query_table("mandate-timeline", store=store, id="igf")
    assert set(table) >= {"start", "end", "action", "mandate"}
    assert len({len(column) for column in table.values()}) == 1  # a rectangle: pandas.DataFrame(table) works
    assert "2011" in table["start"]
    graph = kg.lineage_graph(store)
    assert isinstance(graph, nx.DiGraph) and graph.nodes["mandate-a-res-65-141-igf"]["action"] == "renew"
    chain = kg.lineage_of("igf", as_of="2012-01-01", store=store).graph
    assert "mandate-a-res-65-141-igf" in chain
