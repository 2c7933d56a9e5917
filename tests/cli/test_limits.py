"""`igkg query` and `igkg sparql` have the server's limits (issue 15, item 6): a deadline, a row
limit and a memory bound, each with a default and an option, and answers written as rows come.

The runaway query is a cartesian product of the store with itself (25,000 squared rows). Times
here are hang guards only; how fast rows come is measured in benchmarks/.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from kg.engines import OxigraphView
from kg.export.results import render, to_table
from kg.pipeline.build import BuildReport
from kg.query.run import run_sparql
from tests.conftest import Cli

RUNAWAY = "SELECT * WHERE { ?s ?p ?o . ?a ?b ?c }"
#: Generous: a hang guard, not a measure.
GUARD = 300


def store(built: BuildReport) -> str:
    return str(built.out_dir / "store")


def test_help_states_the_defaults_and_how_to_lift_them(cli: Cli) -> None:
    for command in ("query", "sparql"):
        text = " ".join(cli(command, "--help").output.split())
        assert "--timeout SECONDS" in text and "[default: 60.0]" in text
        assert "--limit ROWS" in text and "[default: 100000]" in text
        assert "0 or none: no deadline" in text and "0 or none: no limit" in text
        assert "IGKG_QUERY_MEMORY" in text


def test_a_runaway_query_stops_at_its_deadline_after_writing_what_came(cli: Cli, built: BuildReport) -> None:
    result = cli("sparql", RUNAWAY, "--format", "csv", "--timeout", "3", "--limit", "none", "--store", store(built))
    assert result.exit_code == 2
    assert "the query ran longer than its 3 s deadline and was stopped" in result.stderr
    assert "--timeout SECONDS" in result.stderr and "Traceback" not in result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "a,b,c,o,p,s" and len(lines) > 1  # rows were written as they came


def test_a_streamed_answer_stops_after_the_limit_and_says_so(cli: Cli, built: BuildReport) -> None:
    for fmt, head in (("csv", 1), ("tsv", 1)):
        result = cli("sparql", RUNAWAY, "--format", fmt, "--limit", "5", "--store", store(built))
        assert result.exit_code == 2
        assert len(result.stdout.splitlines()) == head + 5
        assert "the answer has more than 5 rows; the output stops after the first 5: raise --limit" in result.stderr


def test_a_table_over_the_limit_is_not_written_at_all(cli: Cli, built: BuildReport) -> None:
    result = cli("sparql", RUNAWAY, "--limit", "5", "--store", store(built))
    assert result.exit_code == 2 and result.stdout == ""
    assert "it is given whole or not at all" in result.stderr


def test_the_default_row_limit_holds_without_an_option(cli: Cli, built: BuildReport) -> None:
    result = cli("sparql", RUNAWAY, "--format", "tsv", "--store", store(built))
    assert result.exit_code == 2 and "more than 100000 rows" in result.stderr
    assert len(result.stdout.splitlines()) == 1 + 100_000


@pytest.mark.parametrize("lifted", ["0", "none", "NONE"])
def test_zero_or_none_lifts_the_limit(cli: Cli, built: BuildReport, lifted: str) -> None:
    query = "SELECT * WHERE { ?s ?p ?o } LIMIT 40"
    assert cli("sparql", query, "--limit", "39", "--format", "csv", "--store", store(built)).exit_code == 2
    result = cli("sparql", query, "--limit", lifted, "--timeout", lifted, "--format", "csv", "--store", store(built))
    assert result.exit_code == 0 and len(result.stdout.splitlines()) == 41


def test_a_canned_query_has_the_same_limits(cli: Cli, built: BuildReport) -> None:
    result = cli("query", "mandated-by", "-p", "id=ecosoc", "--limit", "1", "--format", "csv", "--store", store(built))
    assert result.exit_code == 2 and "more than 1 rows" in result.stderr
    assert len(result.stdout.splitlines()) == 2


def test_a_query_over_its_memory_bound_ends_with_a_message(
    cli: Cli, built: BuildReport, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Sorting the product holds it all: past 1 GiB of address space the query's process ends.
    monkeypatch.setenv("IGKG_QUERY_MEMORY", "1024")
    result = cli("sparql", RUNAWAY + " ORDER BY ?o ?c", "--timeout", "none", "--store", store(built))
    assert result.exit_code == 2, result.output
    assert "the query needed more than the 1024 MiB of memory its process may use and was stopped" in result.stderr
    assert "IGKG_QUERY_MEMORY=MiB" in result.stderr


def test_a_bad_memory_setting_is_refused_naming_it(cli: Cli, built: BuildReport, monkeypatch) -> None:
    monkeypatch.setenv("IGKG_QUERY_MEMORY", "lots")
    result = cli("sparql", "ASK {}", "--store", store(built))
    assert result.exit_code == 2 and "IGKG_QUERY_MEMORY='lots'" in result.stderr


QUERIES = [
    "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o LIMIT 2500",
    "SELECT ?x WHERE { ?x a <http://example.org/Nothing> }",
    "ASK { ?s ?p ?o }",
    "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o LIMIT 3000",
]


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "table"])
@pytest.mark.parametrize("query", QUERIES, ids=["select", "empty", "ask", "construct"])
def test_streamed_output_is_byte_for_byte_the_whole_answer(
    cli: Cli, built: BuildReport, view: OxigraphView, fmt: str, query: str
) -> None:
    wide = ("--wide",) if fmt == "table" else ()  # every value whole, as render's table
    result = cli("sparql", query, "--format", fmt, *wide, "--store", store(built))
    assert result.exit_code == 0, result.output
    whole = run_sparql(view, query)
    expected = to_table(whole, None) if fmt == "table" else render(whole, fmt)
    assert result.stdout_bytes == expected.encode("utf-8")
    if fmt == "json" and whole.boolean is None and whole.triples is None:
        assert len(json.loads(result.stdout)["results"]["bindings"]) == len(whole.rows)


def _start(built: BuildReport, *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "kg", "sparql", RUNAWAY, "--store", store(built), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
        # Ctrl-C as a terminal gives it: a run started in the background by a shell without job
        # control (`cmd &`, as CI scripts do) inherits SIGINT ignored, and Python then keeps it
        # ignored, as nohup means. The test is of igkg's answer to Ctrl-C, not of its launcher.
        preexec_fn=_default_sigint,
    )


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _query_processes(pid: int) -> list[int]:
    """The processes ``pid`` started to run queries (multiprocessing's "spawn" children; not its
    resource tracker, which ends on its own once its parent is gone)."""
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            if b"spawn_main" in Path(f"/proc/{child}/cmdline").read_bytes():
                found.append(int(child))
    return found


def _ended(pid: int) -> bool:
    status = Path(f"/proc/{pid}/status")
    return not status.exists() or "zombie" in status.read_text()


def test_rows_are_written_while_the_query_still_runs(built: BuildReport) -> None:
    process = _start(built, "--format", "csv", "--timeout", "120", "--limit", "none")
    try:
        assert process.stdout is not None
        first, second = process.stdout.readline(), process.stdout.readline()
        assert first == b"a,b,c,o,p,s\r\n" and second.count(b",") >= 5
        assert process.poll() is None  # still running: the rows came before the answer was done
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(GUARD)


def test_ctrl_c_stops_the_query_and_its_process(built: BuildReport) -> None:
    process = _start(built, "--format", "csv", "--timeout", "120", "--limit", "none")
    assert process.stdout is not None and process.stderr is not None
    process.stdout.readline()  # the query runs
    children = _query_processes(process.pid)
    assert len(children) == 1, "the query runs in a process of its own"
    os.killpg(process.pid, signal.SIGINT)  # what a terminal sends to the whole foreground group
    process.stdout.read()
    assert process.wait(GUARD) == 130
    assert b"igkg: interrupted" in process.stderr.read()
    assert _ended(children[0])  # killed by igkg before it exited, not left to run


def test_a_reader_that_goes_away_ends_the_query_quietly(built: BuildReport) -> None:
    process = _start(built, "--format", "csv", "--timeout", "120", "--limit", "none")
    assert process.stdout is not None and process.stderr is not None
    process.stdout.readline()
    process.stdout.close()  # `igkg sparql ... | head -1`
    assert process.wait(GUARD) == 0
    errors = process.stderr.read()
    assert b"Traceback" not in errors and b"Exception ignored" not in errors
