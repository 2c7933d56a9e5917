"""The table for people: every canned query's example fits 120 columns, one row per line; --wide
keeps every value whole; widths are terminal cells and no value can break a row or drive the
terminal."""

from __future__ import annotations

import os

import pytest
from pyoxigraph import Literal, NamedNode

from kg.engines import OxigraphView, Results
from kg.engines.remote import EndpointView
from kg.export.results import render, to_table
from kg.export.shortnames import lookup, pick
from kg.export.table import cells, compact, cut, shown
from kg.pipeline.build import BuildReport
from kg.query.catalog import catalog
from kg.query.run import run_canned
from tests.conftest import Cli, free_port, run_module

ID = "https://w3id.org/igkg/id/"

EXAMPLES = {name: {p.name: p.example for p in q.params.values() if p.example} for name, q in catalog().items()}


def _widest(text: str) -> int:
    return max(cells(line) for line in text.splitlines())


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_every_canned_example_fits_120_columns_and_wide_keeps_everything(view: OxigraphView, name: str) -> None:
    results = run_canned(view, name, EXAMPLES[name])
    table = to_table(results)
    lines = table.splitlines()
    assert _widest(table) <= 120, table
    assert len(lines) == len(results.rows) + 3 or results.rows == []  # heading, rule, a line per row, count
    wide = to_table(results, None)
    wide_lines = wide.splitlines()
    assert len(wide_lines) == len(lines) and "--wide" not in wide_lines[-1]
    hidden = {i for i, v in enumerate(results.variables) if f"{v}Label" in results.variables}  # shown by label
    for row in results.rows:  # every value whole in --wide: labels, IRIs, quotes, sources
        for i, term in enumerate(row):
            assert i in hidden or shown(compact(term)) in wide, (results.variables[i], term)
    if _widest(wide) > 120:
        assert lines[-1].endswith("; shortened, --wide shows all)")


def test_a_long_label_gives_way_to_the_slug_and_free_text_is_cut(view: OxigraphView) -> None:
    results = run_canned(view, "mandated-by", {"id": "ecosoc"})
    wide, fitted = to_table(results, None), to_table(results)
    title = "Follow-up to the World Summit on the Information Society and review of the Commission"
    assert title in wide and title not in fitted
    assert "ecosoc-res-" in fitted  # the slug, which --param id= takes, instead of the title
    assert "https://" not in fitted and "id:mandate" not in fitted and "id:mandate" in wide
    assert "…" in fitted and "2006-07-28" in fitted  # dates are never cut


def test_a_narrow_table_is_left_as_it_is(view: OxigraphView) -> None:
    results = run_canned(view, "reports-to", {"id": "ungis"})
    assert to_table(results) == to_table(results, None) and "--wide" not in to_table(results)


def test_values_cannot_break_a_row_or_drive_the_terminal() -> None:
    hostile = ["line one\nline two", "\x1b]0;owned\x07\x1b[2J", "\u202eevil", "tab\there"]
    results = Results(["v"], [(Literal(v),) for v in hostile])
    for max_width in (None, 120):
        lines = to_table(results, max_width).splitlines()
        assert len(lines) == 3 + len(hostile)
        assert not any(c in line for line in lines for c in "\x1b\x07\u202e\t")
    assert shown("a\nb") == "a b" and shown("\x1b[2J") == "\ufffd[2J"


def test_widths_count_terminal_cells() -> None:
    assert cells("互联网治理论坛") == 14 and cells("e\u0301") == 1
    assert cut("互联网治理论坛", 6) == "互联…" and cells(cut("互联网治理论坛", 6)) == 5
    wide_label = "互联网治理论坛" * 20
    results = Results(["x", "xLabel"], [(NamedNode("https://w3id.org/igkg/id/igf"), Literal(wide_label))] * 2)
    table = to_table(results, 40)
    assert _widest(table) <= 40 and "igf" in table


def test_cli_default_is_120_columns_when_piped_and_wide_prints_everything(built: BuildReport, cli: Cli) -> None:
    store = str(built.out_dir / "store")
    args = ("query", "mandated-by", "--param", "id=ecosoc", "--store", store)
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    piped = run_module(*args, env=env)  # stdout a pipe, no $COLUMNS: 120
    assert piped.returncode == 0, piped.stderr
    assert _widest(piped.stdout) == 120 and "--wide shows all" in piped.stdout
    narrow = run_module(*args, env={"COLUMNS": "80"})
    assert _widest(narrow.stdout) <= 80
    wide = cli(*args, "--wide")
    assert wide.exit_code == 0 and _widest(wide.stdout) > 120
    assert "Follow-up to the World Summit on the Information Society and review of the Commission" in wide.stdout
    assert "--wide" in cli("sparql", "--help").output and "--wide" in cli("query", "--help").output


# --- short names (issue 17: symbols and short labels at 120 columns) ----------------------------


def _fitted(view: OxigraphView, name: str, params: dict[str, str]) -> tuple[Results, str]:
    results = run_canned(view, name, params)
    return results, to_table(results, 120, lookup(view, results))


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_short_names_fit_and_no_slug_is_cut_where_a_short_name_exists(view: OxigraphView, name: str) -> None:
    results, table = _fitted(view, name, EXAMPLES[name])
    assert _widest(table) <= 120, table
    names = lookup(view, results)
    cut_words = [w[:-1] for w in table.split() if w.endswith("…") and len(w) > 1]
    for iri in names:
        slug = iri.rsplit("/", 1)[-1]
        assert not any(slug.startswith(w) for w in cut_words), (iri, names[iri], table)


def test_who_mandated_shows_symbols_and_acronyms(view: OxigraphView) -> None:
    results, table = _fitted(view, "who-mandated", {"id": "wg-igf-improvements"})
    assert "A/RES/65/141" in table and "ECOSOC" in table and "WGIGF" in table
    assert "a-res-65-1…" not in table and "wg-igf-imp…" not in table
    assert "end empty" in table.splitlines()[-1]  # the column left out is named
    assert "A/RES/65/141" not in to_table(results, None).splitlines()[0]  # --wide: as it was


def test_the_short_name_rules() -> None:
    assert pick("ceb", {"alt": ["ACC", "UNCEB", "CEB", "Administrative Committee on Coordination"]}) == "CEB"
    assert pick("a-67-65", {"symbol": ["A/67/65"], "alt": ["A/67/65–E/2012/48"]}) == "A/67/65"
    assert pick("mongi-hamdi", {"alt": ["Mongi"]}) is None  # an alias is not a short name
    para = {"para": ["65"], "of": [ID + "a-res-70-125"], "of-symbol": ["A/RES/70/125"]}
    assert pick("a-res-70-125-para-65", para) == "A/RES/70/125 ¶65"
    assert pick("tunis-agenda-para-72", {"para": ["72"], "of": [ID + "tunis-agenda"]}) == "tunis-agenda ¶72"


def test_a_column_the_same_on_every_row_is_left_out_and_named() -> None:
    rows = [(Literal(f"{i:02d}" + "x" * 70), Literal("in force"), Literal("y" * 60)) for i in range(3)]
    table = to_table(Results(["a", "state", "b"], rows), 80)
    assert "state = in force" in table.splitlines()[-1] and "state" not in table.splitlines()[0]
    assert "state" in to_table(Results(["a", "state", "b"], rows), None).splitlines()[0]


def test_an_endpoint_that_cannot_answer_leaves_slugs(view: OxigraphView) -> None:
    results = run_canned(view, "who-mandated", {"id": "wg-igf-improvements"})
    gone = EndpointView(f"http://127.0.0.1:{free_port()}/sparql", timeout=5)
    assert lookup(gone, results) == {}
    assert to_table(results, 120, lookup(gone, results)) == to_table(results, 120)


def test_cli_machine_formats_and_wide_are_unchanged(built: BuildReport, view: OxigraphView, cli: Cli) -> None:
    results = run_canned(view, "who-mandated", {"id": "wg-igf-improvements"})
    args = ("query", "who-mandated", "--param", "id=wg-igf-improvements", "--store", str(built.out_dir / "store"))
    for fmt in ("csv", "tsv", "json"):
        # The same rows, byte for byte but for the line ends that the test runner reads as text.
        assert cli(*args, "--format", fmt).stdout.replace("\r\n", "\n") == render(results, fmt).replace("\r\n", "\n")
    assert cli(*args, "--wide").stdout == to_table(results, None)
    fitted = run_module(*args, env={"COLUMNS": "120"}).stdout
    assert fitted == to_table(results, 120, lookup(view, results)) and "A/RES/65/141" in fitted


def test_a_label_given_without_its_thing_gets_the_things_short_name(view: OxigraphView) -> None:
    results, table = _fitted(view, "in-force", {"as_of": "2012-06-01"})
    names = lookup(view, results)
    assert names['"Economic and Social Council"@en'] == "ECOSOC"
    assert " WSIS " in table and "World S…" not in table and "state = in force" in table.splitlines()[-1]
    heading = table.splitlines()[0].split()
    assert "issuer" in heading and "issuerLabel" not in heading  # headed by the thing's name
    # The mandate slugs would be cut on every row (``mandate-e…``): the column is left out, and said.
    assert "mandate" not in heading and "left out (every cell cut): mandate" in table.splitlines()[-1]
