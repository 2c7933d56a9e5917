"""The linking workflow end to end against a local Wikidata-shaped endpoint: propose, review,
build, and query across both graphs (igkg joined with the endpoint through SERVICE)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.pipeline.build import BuildReport, build
from kg.records.mappings import MappingTable, default_metadata, read_table, write_table
from tests.conftest import Cli
from tests.link.test_wikidata import oxigraph_wikidata  # noqa: F401 - the fixture endpoint

FAKE_IGF_ITEM = "wikidata:Q990000001"  # the fixture's test item labelled "Internet Governance Forum"


@pytest.fixture
def tables(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "mappings" / "igkg.sssom.tsv"
    path.parent.mkdir()
    path.write_bytes(write_table(MappingTable(path, default_metadata("https://example.org/t", "test"), [])))
    monkeypatch.setenv("IGKG_MAPPINGS", str(path))
    monkeypatch.setenv("IGKG_CACHE_DIR", str(tmp_path / "cache"))
    return path


def test_propose_review_build_and_query_across_both_graphs(
    cli: Cli,
    built: BuildReport,
    oxigraph_wikidata: str,  # noqa: F811
    tables: Path,
    records_dir: Path,
    tmp_path: Path,
) -> None:
    # 1. Propose: ask the endpoint about the bodies of the built graph.
    store = str(built.out_dir / "store")
    proposed = cli(
        "link", "wikidata", "--endpoint", oxigraph_wikidata, "--store", store, "--only", "bodies", "--delay", "0"
    )
    assert proposed.exit_code == 0, proposed.output
    pending = read_table(tables.with_name("proposals.sssom.tsv")).rows
    igf = [n for n, m in enumerate(pending, 1) if m.subject_id == "igkg:igf" and m.object_id == FAKE_IGF_ITEM]
    assert igf, [(m.subject_id, m.object_id) for m in pending]

    # 2. Review: accept that one; its page becomes a recorded source.
    reviewed = cli("link", "review", "--reviewer", "tester", "--accept", str(igf[0]))
    assert reviewed.exit_code == 0, reviewed.output
    assert [m.object_id for m in read_table(tables).accepted()] == [FAKE_IGF_ITEM]

    # 3. Build: the accepted mapping is in the graph, in its page's graph, with a citation.
    report = build(tmp_path / "out", records_dir=records_dir)

    # 4. Query across both graphs: igkg's label beside the endpoint's, through SERVICE.
    result = cli(
        "query",
        "wikidata-bodies",
        "--param",
        "id=igf",
        "--param",
        f"endpoint={oxigraph_wikidata}",
        "--allow-service",
        oxigraph_wikidata,
        "--store",
        str(report.out_dir / "store"),
        "--format",
        "csv",
    )
    assert result.exit_code == 0, result.output
    rows = result.output.splitlines()[1:]
    assert len(rows) == 1 and rows[0].startswith("https://w3id.org/igkg/id/igf,Internet Governance Forum,")
    assert "http://www.wikidata.org/entity/Q990000001,Internet Governance Forum" in rows[0]


def test_instruments_meet_wikidata_items_on_their_symbol(
    cli: Cli,
    built: BuildReport,
    oxigraph_wikidata: str,  # noqa: F811
) -> None:
    result = cli(
        "query",
        "wikidata-by-symbol",
        "--param",
        "id=a-res-65-141",
        "--param",
        f"endpoint={oxigraph_wikidata}",
        "--allow-service",
        oxigraph_wikidata,
        "--store",
        str(built.out_dir / "store"),
        "--format",
        "csv",
    )
    assert result.exit_code == 0, result.output
    rows = result.output.splitlines()[1:]
    assert rows and all(",A/RES/65/141,http://www.wikidata.org/entity/Q99" in row for row in rows), rows
