"""`igkg stats`'s evidence section, and provenance that lists only the entries supporting a fact."""

from __future__ import annotations

from pathlib import Path

from kg.analysis.evidence import evidence_ties, table_lines
from kg.engines import OxigraphView
from kg.loaders.records import records_to_quads
from kg.query.run import run_canned
from kg.records import read_records
from kg.records.sources import read_source_file
from tests.records.test_load import write_case

ID = "https://w3id.org/igkg/id/"
BODY = """bodies:
  - id: ecosoc
    type: intergovernmental-organ
    label: Economic and Social Council
    alt_labels: [ECOSOC, UN ECOSOC]
    sources:
      - source: notes.txt
        lines: 2
        quote: ECOSOC invites the Chair of the CSTD.
        supports: [label, alt_labels=ECOSOC]
      - source: page-example
        quote: the UN ECOSOC
        supports: [alt_labels=UN ECOSOC]
  - id: cstd
    type: functional-commission
    label: Commission on Science and Technology for Development
    parent: ecosoc
    sources:
      - source: notes.txt
        lines: 1
        quote: The Chair of the CSTD
        supports: [label]
      - source: notes.txt
        lines: 2
        quote: ECOSOC invites the Chair of the CSTD.
        supports: [parent]
"""


def view_of(tmp_path: Path, body: str) -> OxigraphView:
    tmp_path.mkdir(parents=True, exist_ok=True)
    records_dir, sources_dir = write_case(tmp_path, body)
    records = read_records(records_dir, sources_dir)
    files = {"notes.txt": read_source_file(sources_dir / "notes.txt")}
    return OxigraphView.from_quads(list(records_to_quads(records, files)))


def test_provenance_of_a_field_lists_only_the_entries_that_support_it(tmp_path: Path) -> None:
    rows = run_canned(view_of(tmp_path, BODY), "provenance", {"id": "cstd"}).dicts()
    quotes = {(r["property"].rsplit("#", 1)[-1].rsplit("/", 1)[-1], r.get("quote")) for r in rows}
    assert ("parent", "ECOSOC invites the Chair of the CSTD.") in quotes
    assert ("parent", "The Chair of the CSTD") not in quotes
    assert ("label", "ECOSOC invites the Chair of the CSTD.") not in quotes
    # A value named in `supports` is cited for that value only.
    rows = run_canned(view_of(tmp_path / "v", BODY), "provenance", {"id": "ecosoc"}).dicts()
    by_value = {(r["value"], r.get("quote")) for r in rows if r["property"].endswith("altLabel")}
    assert by_value == {("ECOSOC", "ECOSOC invites the Chair of the CSTD."), ("UN ECOSOC", "the UN ECOSOC")}


def test_the_evidence_section_counts_facts_with_and_without_a_tied_quote(tmp_path: Path) -> None:
    rows = {(r["kind"], r["field"]): r for r in evidence_ties(view_of(tmp_path, BODY))}
    assert rows["bodies", "label"]["facts"] == 2 and rows["bodies", "label"]["without_quote"] == 0
    assert rows["bodies", "alt_labels"]["with_quote"] == 2
    assert rows["bodies", "parent"] == {
        "kind": "bodies",
        "field": "parent",
        "facts": 1,
        "with_quote": 1,
        "without_quote": 0,
    }
    assert "evidence: facts per field with a tied quote / without (0 without)" in table_lines(list(rows.values()))


def test_every_fact_of_the_curated_graph_has_a_tied_quote(view: OxigraphView) -> None:
    rows = evidence_ties(view)
    assert {("bodies", "parent"), ("mentions", "of"), ("interventions", "speaker")} <= {
        (str(r["kind"]), str(r["field"])) for r in rows
    }
    assert [r for r in rows if r["without_quote"]] == []
