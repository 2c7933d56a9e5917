"""The review workflow on the UN document proposals: propose, review (accept, reject), build,
and the rejected candidate never comes back."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.core.errors import ConfigError
from kg.engines import OxigraphView
from kg.link.review import decisions_from_options
from kg.pipeline.build import build
from kg.records.mappings import Mapping, MappingTable, default_metadata, read_table, write_table
from tests.conftest import Cli


@pytest.fixture
def empty_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "mappings" / "igkg.sssom.tsv"
    path.parent.mkdir()
    path.write_bytes(write_table(MappingTable(path, default_metadata("https://example.org/t", "test"), [])))
    monkeypatch.setenv("IGKG_MAPPINGS", str(path))
    return path


def test_propose_review_build(cli: Cli, empty_table: Path, records_dir: Path, tmp_path: Path) -> None:
    proposed = cli("link", "undocs")  # one per UN symbol, in the order of the things' ids
    assert proposed.exit_code == 0, proposed.output
    assert proposed.output.startswith("10 new proposals")
    listing = cli("link", "review", "--reviewer", "tester", "--list")
    assert "  1  igkg:a-67-65" in listing.output and "undocsorg:A/67/65" in listing.output

    decided = cli("link", "review", "--reviewer", "tester", "--accept", "5", "--reject", "1", "--date", "2026-11-22")
    assert decided.exit_code == 0, decided.output
    assert "1 accepted, 1 rejected, 8 left to review" in decided.output
    table = read_table(empty_table)
    assert {(m.object_id, m.predicate_modifier, m.reviewer_id) for m in table.rows} == {
        ("undocsorg:A/RES/65/141", "", "igkgagent:tester"),
        ("undocsorg:A/67/65", "Not", "igkgagent:tester"),
    }
    assert len(read_table(empty_table.with_name("proposals.sssom.tsv")).rows) == 8

    again = cli("link", "undocs")
    assert again.output.startswith("0 new proposals")  # neither the decided nor the pending come back

    report = build(tmp_path / "out", records_dir=records_dir)
    store = OxigraphView.open(report.out_dir / "store")
    exact = "<http://www.w3.org/2004/02/skos/core#exactMatch>"
    assert store.query(
        f"ASK {{ <https://w3id.org/igkg/id/a-res-65-141> {exact} <https://undocs.org/A/RES/65/141> }}"
    ).boolean
    assert not store.query(f"ASK {{ <https://w3id.org/igkg/id/a-67-65> {exact} ?o }}").boolean


def test_accepting_a_proposal_records_its_page(cli: Cli, empty_table: Path, records_dir: Path, tmp_path: Path) -> None:
    proposal = Mapping(
        subject_id="igkg:igf",
        subject_label="Internet Governance Forum",
        predicate_id="skos:exactMatch",
        object_id="wikidata:Q990000001",
        object_label='Internet "Governance" Forum \\ (test item): a title YAML must keep as text',
        mapping_justification="semapv:LexicalMatching",
        confidence="0.9",
        author_id="igkgagent:igkg-link",
        see_also="https://www.wikidata.org/wiki/Q990000001",
        comment="Internet Governance Forum (test item)",
    )
    proposals = empty_table.with_name("proposals.sssom.tsv")
    proposals.write_bytes(
        write_table(MappingTable(proposals, default_metadata("https://example.org/p", "p"), [proposal]))
    )
    done = cli("link", "review", "--reviewer", "tester", "--accept-all")
    assert done.exit_code == 0 and "recorded 1 page source" in done.output, done.output
    assert "https://www.wikidata.org/wiki/Q990000001" in (records_dir / "sources-linking.yaml").read_text()
    report = build(tmp_path / "out", records_dir=records_dir)
    store = OxigraphView.open(report.out_dir / "store")
    assert store.query(
        "ASK { GRAPH ?g { <https://w3id.org/igkg/id/igf> <http://www.w3.org/2004/02/skos/core#exactMatch> "
        "<http://www.wikidata.org/entity/Q990000001> } "
        "FILTER(STRSTARTS(STR(?g), 'https://w3id.org/igkg/source/page-')) }"
    ).boolean


def test_bad_review_input_is_a_usage_error(cli: Cli, empty_table: Path) -> None:
    cli("link", "undocs")
    out_of_range = cli("link", "review", "--reviewer", "tester", "--accept", "99")
    assert out_of_range.exit_code == 2 and "from 1 to 10" in out_of_range.output
    both = cli("link", "review", "--reviewer", "tester", "--accept", "1", "--reject", "1")
    assert both.exit_code == 2 and "both" in both.output


def test_coverage_counts_the_committed_table(cli: Cli) -> None:
    result = cli("link", "coverage", "--format", "json")
    assert result.exit_code == 0
    import json

    report = json.loads(result.output)
    assert report["kinds"]["bodies"]["wikidata"] >= 21
    assert "wikidata:Q5152737" in report["main_bodies"]["cstd"].split(", ")
    assert report["main_body_graphs"]["cstd"]["Wikidata"] == ["wikidata:Q5152737"]


def test_the_review_asks_about_each_proposal_until_quit(cli: Cli, empty_table: Path, records_dir: Path) -> None:
    cli("link", "undocs")
    done = cli("link", "review", "--reviewer", "tester", "--date", "2026-11-22", input="a\nr\ns\nq\n")
    assert done.exit_code == 0, done.output
    assert "[4/10]" in done.output and "[5/10]" not in done.output  # q stops the questions
    assert "1 accepted, 1 rejected, 8 left to review" in done.output


def test_the_options_give_the_decisions() -> None:
    assert decisions_from_options(3, ("1", "3"), ("2",), False) == {1: "accept", 3: "accept", 2: "reject"}
    assert decisions_from_options(2, (), (), True) == {1: "accept", 2: "accept"}
    assert decisions_from_options(2, (), (), False) is None  # none given: each is asked about
    for accepted, rejected in ((("0",), ()), (("x",), ()), ((), ("3",)), (("1",), ("1",))):
        with pytest.raises(ConfigError):
            decisions_from_options(2, accepted, rejected, False)
