"""The table for people: every canned query's example fits 120 columns, one row per line; --wide
keeps every value whole; widths are terminal cells and no value can break a row or drive the
terminal."""

from __future__ import annotations

import os

import pytest
from pyoxigraph import Literal, NamedNode

from kg.engines import OxigraphView, Results
from kg.export.results import to_table
from kg.export.table import cells, compact, cut, shown
from kg.pipeline.build import BuildReport
from kg.query.catalog import catalog
from kg.query.run import run_canned
from tests.conftest import Cli, run_module

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
