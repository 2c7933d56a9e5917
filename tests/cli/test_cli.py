"""The command line, in-process and through its real entry point."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import pytest

from kg.cli import cli as root
from kg.cli.main import COMMAND_MODULES, load_all_commands
from kg.pipeline.build import BuildReport
from tests.conftest import FIXTURES, Cli, run_module


def store(built: BuildReport) -> str:
    return str(built.out_dir / "store")


def test_console_script_points_at_the_click_group() -> None:
    [script] = [e for e in entry_points(group="console_scripts") if e.name == "igkg"]
    assert script.value == "kg.cli:cli"


def test_help_teaches_the_main_commands(cli: Cli) -> None:
    result = cli("--help")
    assert result.exit_code == 0
    for command in ("build", "validate", "queries", "query", "sparql", "export"):
        assert command in result.output
    assert "igkg query who-mandated --param id=wg-igf-improvements" in result.output
    assert "Exit codes: 0 ok, 1 a check failed (validation), 2 bad input or usage." in result.output


def test_real_entry_point_runs_a_query_on_the_built_store(built: BuildReport) -> None:
    args = ("query", "who-mandated", "--param", "id=wg-igf-improvements", "--store", store(built))
    done = run_module(*args, "--wide")  # labels whole; a default table fits 120 columns (tests/export/test_table.py)
    assert done.returncode == 0, done.stderr
    assert "Chair of the CSTD" in done.stdout and "ECOSOC resolution 2010/2" in done.stdout
    assert "Tunis Agenda for the Information Society" in done.stdout


def test_queries_lists_names_titles_and_parameters(cli: Cli) -> None:
    result = cli("queries")
    assert "who-mandated" in result.output and "--param id=wg-igf-improvements" in result.output
    listed = json.loads(cli("queries", "--format", "json").output)
    assert {q["name"] for q in listed} >= {"who-mandated", "mandated-by", "provenance"}


def test_query_json_is_sparql_results_json(cli: Cli, built: BuildReport) -> None:
    result = cli("query", "who-mandated", "-p", "id=wg-igf-improvements", "--format", "json", "--store", store(built))
    doc = json.loads(result.output)
    assert doc["head"]["vars"][0] == "mandate"
    chair = "https://w3id.org/igkg/id/mandate-cstd-chair-2010-wg"
    [binding] = [b for b in doc["results"]["bindings"] if b["mandate"]["value"] == chair]
    assert binding["mandate"] == {"type": "uri", "value": chair}
    assert binding["start"] == {
        "type": "literal",
        "value": "2010-12-17",
        "datatype": "http://www.w3.org/2001/XMLSchema#date",
    }


@pytest.mark.parametrize(("fmt", "first"), [("csv", "mandate,action,issuer"), ("tsv", "?mandate\t?action\t?issuer")])
def test_query_csv_and_tsv(cli: Cli, built: BuildReport, fmt: str, first: str) -> None:
    result = cli("query", "mandated-by", "-p", "id=ecosoc", "--format", fmt, "--store", store(built))
    assert result.output.startswith(first)
    assert "mandate-cstd-chair-2010-wg" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["query", "nope"], "unknown query 'nope'"),
        (["query", "who-mandated", "-p", "since=2012-01-01"], "has no parameter 'since'"),
        (["query", "who-mandated", "-p", "id=ghost"], "unknown id 'ghost'"),
        (["query", "who-mandated", "-p", "id"], "write NAME=VALUE"),
        (["sparql", "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"], "SERVICE"),
        (
            ["sparql", "SELEKT * WHERE { ?s ?p ?o }"],
            "SPARQL syntax error at line 1, column 1: expected SELECT, ASK, CONSTRUCT or DESCRIBE, found 'SELEKT'",
        ),
        (["sparql", "SELECT * WHERE { ?s ?p }"], "SPARQL syntax"),
    ],
)
def test_user_errors_exit_2_with_a_message_and_no_traceback(cli: Cli, built: BuildReport, args, message) -> None:
    result = cli(*args, "--store", store(built))
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_query_without_a_store_says_to_build_first(cli: Cli, tmp_path: Path) -> None:
    result = cli("query", "who-mandated", "-p", "id=igf", "--store", str(tmp_path / "nothing"))
    assert result.exit_code == 2
    assert "run `igkg build` first" in result.output


def test_store_can_be_chosen_with_the_environment(built: BuildReport, tmp_path: Path) -> None:
    done = run_module(
        "query", "mandated-by", "-p", "id=ecosoc", "--format", "csv", env={"IGKG_STORE": store(built)}, cwd=tmp_path
    )
    assert done.returncode == 0 and "mandate-cstd-chair-2010-wg" in done.stdout


def test_sparql_ad_hoc_with_default_prefixes(cli: Cli, built: BuildReport) -> None:
    result = cli(
        "sparql",
        "SELECT ?label WHERE { ?b a igkg:Forum ; rdfs:label ?label }",
        "--format",
        "csv",
        "--store",
        store(built),
    )
    lines = result.output.splitlines()
    assert lines[0] == "label" and "Internet Governance Forum" in lines[1:]
    result = cli(
        "sparql", "-", "--format", "json", "--store", store(built), input="ASK { id:cstd igkg:parent id:ecosoc }"
    )
    assert json.loads(result.output)["boolean"] is True


def test_validate_exit_codes(cli: Cli, tmp_path: Path) -> None:
    good = FIXTURES / "shapes" / "MandateShape.valid.ttl"
    ok = cli("validate", str(FIXTURES / "shapes" / "ParagraphShape.valid.ttl"))
    # The fixture holds a paragraph and no evidence: the provenance gate says so (exit 1).
    assert ok.exit_code == 1 and "has no evidence" in ok.output
    bad = cli("validate", str(FIXTURES / "shapes" / "MandateShape.invalid.ttl"), "--format", "json")
    report = json.loads(bad.output)
    assert bad.exit_code == 1 and report["conforms"] is False
    assert any("exactly one action" in f["message"] for f in report["findings"])
    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:d ex:e \n")
    unreadable = cli("validate", str(broken))
    assert unreadable.exit_code == 2 and "broken.ttl" in unreadable.output
    assert cli("validate", str(tmp_path / "missing.ttl")).exit_code == 2
    rdfxml = tmp_path / "x.rdf"
    rdfxml.write_text("<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a 'a'>]><x/>")
    assert cli("validate", str(rdfxml)).exit_code == 2
    assert good.exists()


def test_validate_engines_report_the_same_findings(cli: Cli) -> None:
    """--engine pyshacl (the reference) and the default (shapes compiled to SPARQL) agree."""
    bad = str(FIXTURES / "shapes" / "MandateShape.invalid.ttl")
    fast = cli("validate", bad, "--format", "json")
    reference = cli("validate", bad, "--format", "json", "--engine", "pyshacl")
    assert fast.exit_code == reference.exit_code == 1
    assert json.loads(fast.output) == json.loads(reference.output)
    assert cli("validate", bad, "--engine", "jena").exit_code == 2


def test_validate_a_conforming_export(cli: Cli, built: BuildReport) -> None:
    result = cli("validate", str(built.out_dir / "igkg.trig"))
    assert result.exit_code == 0, result.output
    assert result.output.startswith("igkg validation: conforms")


# -- igkg ingest-meeting ------------------------------------------------------------------


def _meta(tmp_path: Path, stem: str) -> Path:
    from kg.core import settings

    return settings.data_dir() / "meetings" / f"{stem}.meta.yaml"


def test_ingest_meeting_prints_the_extraction_as_record_yaml(cli: Cli, tmp_path: Path) -> None:
    from kg.core import settings

    stem = "001_ae93e3ef07a7236a"
    result = cli(
        "ingest-meeting",
        str(settings.sources_dir() / f"{stem}.txt"),
        "--meta",
        str(_meta(tmp_path, stem)),
        "--format",
        "yaml",
    )
    assert result.exit_code == 0, result.output
    committed = (settings.records_dir() / "meetings" / f"{stem}.yaml").read_text(encoding="utf-8")
    assert result.stdout == committed


def test_ingest_meeting_writes_out_only_when_it_succeeds(cli: Cli, tmp_path: Path) -> None:
    from kg.core import settings

    stem = "004_bf564407ef9a5607"
    out = tmp_path / "turns.yaml"
    result = cli(
        "ingest-meeting",
        str(settings.sources_dir() / f"{stem}.txt"),
        "--meta",
        str(_meta(tmp_path, stem)),
        "--format",
        "yaml",
        "--out",
        str(out),
    )
    assert result.exit_code == 0
    assert "notes record, 5 session(s), 179 turns" in result.stderr
    before = out.read_bytes()
    # A second run on an empty file fails, names the file, and leaves the earlier output intact.
    empty = tmp_path / "004_bf564407ef9a5607.txt"
    empty.write_text("")
    again = cli(
        "ingest-meeting", str(empty), "--meta", str(_meta(tmp_path, stem)), "--format", "yaml", "--out", str(out)
    )
    assert again.exit_code == 2
    assert f"{empty}: the file is empty" in again.output and "Traceback" not in again.output
    assert out.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_ingest_meeting_refuses_metadata_that_contradicts_the_record(cli: Cli, tmp_path: Path) -> None:
    from kg.core import settings

    meta = tmp_path / "m.meta.yaml"
    meta.write_text(
        "source: 004_bf564407ef9a5607.txt\nmeeting: meeting-2010-12-cstd\ntitle: t\ndate: 2010-12-17\nstyle: markdown\n"
    )
    out = tmp_path / "never.yaml"
    result = cli(
        "ingest-meeting",
        str(settings.sources_dir() / "004_bf564407ef9a5607.txt"),
        "--meta",
        str(meta),
        "--format",
        "yaml",
        "--out",
        str(out),
    )
    assert result.exit_code == 2
    assert f"{meta}:5: field 'style': says 'markdown'" in result.output
    assert not out.exists()


def test_the_command_table_names_the_module_of_every_command() -> None:
    load_all_commands()
    assert sorted(root.commands) == sorted(COMMAND_MODULES)
    for name, command in root.commands.items():
        defined_in = command.callback.__module__ if command.callback else ""
        assert defined_in in (f"kg.cli.{COMMAND_MODULES[name]}", "kg.cli.link"), name


def test_a_one_line_query_loads_neither_the_other_commands_nor_the_heavy_libraries(built: BuildReport) -> None:
    """Start-up stays lazy: `igkg query` imports what a query needs, not pyshacl, the reasoner,
    the server, the Wikidata client or rdflib's SPARQL engine (benchmarks/README.md, "CLI")."""
    script = (
        "import sys, json\n"
        "from kg.cli import cli\n"
        "try:\n"
        f"    cli(['query', 'who-mandated', '--param', 'id=wg-igf-improvements', '--store', {store(built)!r}])\n"
        "except SystemExit as exit:\n"
        "    assert exit.code == 0, exit.code\n"
        "print(json.dumps(sorted(sys.modules)), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    loaded = set(json.loads(done.stderr.strip().splitlines()[-1]))
    heavy = {"pyshacl", "owlready2", "starlette", "uvicorn", "SPARQLWrapper", "networkx", "rdflib.plugins.sparql"}
    assert heavy & loaded == set()
    stages_not_needed = {"kg.records", "kg.loaders", "kg.meetings", "kg.validate", "kg.analysis", "kg.pipeline"}
    assert (stages_not_needed | {"kg.serve", "kg.link"}) & loaded == set()
