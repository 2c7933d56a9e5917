"""A query's process of its own (kg/export/bounded.py), through the Python API: it has the
command line's limits, a deadline (``timeout=``), a row limit (``limit=``) and a memory bound, and
a script that calls it at its top level, without a main guard, runs once."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import kg
import kg.api
from kg.api import sparql
from kg.core.errors import ConfigError, QueryError, QueryTimeout, RowLimitError, StoreError
from kg.export.limits import DEFAULT_ROW_LIMIT, DEFAULT_TIMEOUT, Limits
from kg.pipeline.build import BuildReport

RUNAWAY = "SELECT * WHERE { ?s ?p ?o . ?a ?b ?c }"


def store(built: BuildReport) -> Path:
    return built.out_dir / "store"


def test_the_defaults_are_the_command_lines() -> None:
    assert (DEFAULT_TIMEOUT, DEFAULT_ROW_LIMIT) == (60.0, 100_000)
    assert (kg.api.DEFAULT_TIMEOUT, kg.api.DEFAULT_ROW_LIMIT) == (DEFAULT_TIMEOUT, DEFAULT_ROW_LIMIT)
    assert Limits().timeout == 60.0 and Limits().rows == 100_000


def test_a_canned_query_over_the_limit_is_refused_whole(built: BuildReport) -> None:
    rows = kg.run_query("mandated-by", store=store(built), id="ecosoc")
    assert len(rows) > 1
    with pytest.raises(RowLimitError, match="more than 1 rows; it is given whole or not at all: raise limit="):
        kg.run_query("mandated-by", store=store(built), limit=1, id="ecosoc")
    table = kg.query_table("mandated-by", store=store(built), limit=None, id="ecosoc")
    assert len(next(iter(table.values()))) == len(rows)


def test_a_runaway_query_stops_at_its_deadline(built: BuildReport) -> None:
    with pytest.raises(QueryTimeout, match="its 2 s deadline and was stopped"):
        sparql(RUNAWAY, store=store(built), timeout=2, limit=None)


def test_sparql_answers_select_ask_and_construct(built: BuildReport) -> None:
    assert sparql("ASK { id:igf a igkg:Forum }", store=store(built)).boolean is True
    select = sparql("SELECT ?label WHERE { id:igf rdfs:label ?label }", store=store(built))
    assert select.variables == ["label"] and select.dicts()[0]["label"]
    graph = sparql("CONSTRUCT { id:igf ?p ?o } WHERE { id:igf ?p ?o }", store=store(built))
    assert graph.triples and all(t.subject.value.endswith("/igf") for t in graph.triples)


def test_the_errors_are_those_of_the_command_line(built: BuildReport, tmp_path: Path) -> None:
    with pytest.raises(QueryError, match="SERVICE"):
        sparql("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", store=store(built))
    with pytest.raises(StoreError, match="run `igkg build` first"):
        kg.run_query("who-mandated", store=tmp_path, id="igf")
    with pytest.raises(QueryError, match=r"control character U\+000A"):
        kg.run_query("who-mandated", store=store(built), id="igf\n")
    with pytest.raises(ConfigError, match="timeout="):
        Limits(timeout=-1)
    with pytest.raises(QueryError, match="'A B' is not a slug"):
        kg.lineage_of("A B", store=store(built))


def test_a_script_without_a_main_guard_runs_once(built: BuildReport, tmp_path: Path) -> None:
    """The query's process is started with "spawn", which would run the caller's main script
    again in it; igkg's child skips it (kg/export/bounded.py, _main_module_left_alone)."""
    log = tmp_path / "ran.txt"
    script = tmp_path / "notebook_like.py"
    script.write_text(
        "import kg\n"
        f"open({str(log)!r}, 'a').write('ran\\n')\n"
        f"rows = kg.run_query('who-mandated', store={str(store(built))!r}, id='wg-igf-improvements')\n"
        "print(len(rows))\n"
    )
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) > 0
    assert log.read_text() == "ran\n"
