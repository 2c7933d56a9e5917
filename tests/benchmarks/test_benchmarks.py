"""The benchmark groundwork: the synthetic generator and the suite (benchmarks/).

Speed is never asserted here (benchmarks/__init__.py): only that the generator is reproducible,
sized as asked and shaped so that every canned query finds something, and that the suite runs.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from pyoxigraph import NamedNode, RdfFormat, parse

from benchmarks import steps, suite, synthetic
from benchmarks.plan import EXTRA_CASES
from benchmarks.query_timing import time_queries
from benchmarks.synthetic.plenary import TURNS_MAX, turns_per_session
from kg.core.quads import QuadSet
from kg.engines import OxigraphView, RdflibView
from kg.loaders.ontology import ontology_quads
from kg.query.catalog import catalog
from kg.query.run import run_canned
from kg.tools.virtuoso import SERVER, SQL_CLIENT, program
from tests.conftest import require

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def small() -> tuple[QuadSet, synthetic.Generated]:
    data, info = synthetic.nquads(10_000, seed=3)
    return QuadSet(parse(data, format=RdfFormat.N_QUADS)), info


def test_same_seed_gives_the_same_bytes() -> None:
    first, _ = synthetic.nquads(5_000, seed=7)
    again, _ = synthetic.nquads(5_000, seed=7)
    other, _ = synthetic.nquads(5_000, seed=8)
    assert first == again
    assert first != other


def test_streamed_file_equals_in_memory_bytes(tmp_path: Path) -> None:
    data, _ = synthetic.nquads(3_000, seed=2)
    synthetic.write_nquads(tmp_path / "g.nq", 3_000, seed=2)
    assert (tmp_path / "g.nq").read_bytes() == data


def test_the_command_line_writes_the_same_bytes() -> None:
    data, info = synthetic.nquads(2_000, seed=5)
    command = [sys.executable, "-m", "benchmarks.synthetic", "--triples", "2e3", "--seed", "5"]
    done = subprocess.run(command, cwd=ROOT, check=True, capture_output=True, timeout=60)
    assert done.stdout == data
    assert json.loads(done.stderr) == info.__dict__


@pytest.mark.parametrize("size", [10_000, 30_000])
def test_size_is_within_ten_percent_and_quads_are_distinct(size: int) -> None:
    data, info = synthetic.nquads(size, seed=1)
    quads = list(parse(data, format=RdfFormat.N_QUADS))
    assert len(quads) == info.quads == len(set(quads))
    assert abs(len(quads) - size) <= size * 0.1


def test_facts_sit_in_source_graphs_with_citations(small: tuple[QuadSet, synthetic.Generated]) -> None:
    quads, _ = small
    graphs = {q.graph_name for q in quads}
    assert all(isinstance(g, NamedNode) for g in graphs)  # nothing in the default graph
    names = {g.value for g in graphs if isinstance(g, NamedNode)}
    assert all(g.startswith(("https://w3id.org/igkg/source/", "https://w3id.org/igkg/graph/derived")) for g in names)
    cited = {
        q.subject.value for q in quads if isinstance(q.subject, NamedNode) and q.predicate.value.endswith("#evidence")
    }
    assert "https://w3id.org/igkg/id/b0-wg" in cited


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_every_offline_canned_query_has_rows(small: tuple[QuadSet, synthetic.Generated], engine: str) -> None:
    quads, info = small
    everything = [*quads, *ontology_quads()]
    view = OxigraphView.from_quads(everything) if engine == "oxigraph" else RdflibView.from_quads(QuadSet(everything))
    params = synthetic.query_params(info)
    assert set(params) == set(catalog())
    empty = [name for name in catalog() if not run_canned(view, name, params[name]).rows]
    assert empty == []


def test_an_rdflib_run_past_the_limit_is_stopped_and_reported_as_a_lower_bound(
    small: tuple[QuadSet, synthetic.Generated],
) -> None:
    quads, info = small
    view = RdflibView.from_quads(QuadSet([*quads, *ontology_quads()]))
    limit = 0.002  # every canned query takes longer than 2 ms on rdflib
    timed = time_queries(view, synthetic.query_params(info), repeat=3, budget=10, limit=limit)
    stopped = [name for name, result in timed.items() if result.get("at_least")]
    assert len(stopped) >= len(timed) // 2
    for name in stopped:
        assert timed[name] == {"rows": None, "runs": 0, "p50": limit, "p95": limit, "at_least": True}
    # The alarm is off afterwards: a slow call later in the process is not interrupted.
    assert run_canned(view, "reports-to", synthetic.query_params(info)["reports-to"]).rows


@pytest.mark.slow
def test_suite_runs_end_to_end(tmp_path: Path) -> None:
    require(program(SERVER) is not None and program(SQL_CLIENT) is not None, "Virtuoso (Debian virtuoso-opensource)")
    command = [sys.executable, "-m", "benchmarks.suite", "--sizes", "1e4", "--repeat", "1", "--out", str(tmp_path)]
    # Virtuoso with few buffers: 10^4 quads need little, and the machine is shared.
    command += ["--virtuoso-buffers", "20000"]
    subprocess.run([*command, "--no-cli"], cwd=ROOT, check=True, capture_output=True, timeout=600)
    for name in ("latest.json", "latest.md", "latest.png"):
        assert (tmp_path / name).stat().st_size > 0
    results = json.loads((tmp_path / "latest.json").read_text())
    (size,) = results["sizes"]
    assert set(size["queries_oxigraph"]["queries"]) == set(catalog()) | set(EXTRA_CASES)
    assert size["load_project"]["store_quads"] > size["generate"]["quads"]
    assert results["machine"]["cpus"] >= 1
    # Both validation engines ran on the same graph and agree that it conforms.
    assert size["validate"]["engine"] == "sparql" and size["validate_pyshacl"]["engine"] == "pyshacl"
    assert (
        size["validate"]["findings"]
        == size["validate_pyshacl"]["findings"]
        == {"Violation": 0, "Warning": 0, "Info": 0}
    )
    assert size["summary"]["validation_speedup_over_pyshacl"] > 0
    markdown = (tmp_path / "latest.md").read_text()
    assert "### Targets" in markdown and "validation of the size within 60 s" in markdown
    # Virtuoso ran beside igkg: the same quads loaded, every case answered with the same rows.
    virtuoso = size["virtuoso"]
    assert virtuoso["store_quads"] == virtuoso["input_quads"] == size["load_bulk"]["store_quads"]
    ox = size["queries_oxigraph"]["queries"]
    assert {name: q["rows"] for name, q in virtuoso["queries"].items()} == {name: q["rows"] for name, q in ox.items()}
    assert set(size["summary"]["query_ratio_oxigraph_over_virtuoso"]) == set(ox)
    assert size["summary"]["load_ratio_project_over_virtuoso"] > 0
    assert virtuoso["server_peak_rss_mb"] > 0
    assert "igkg / Virtuoso" in markdown and "Virtuoso bulk load" in markdown
    assert "Virtuoso failed" not in markdown


def test_the_report_renders_a_results_file_without_the_suite() -> None:
    """The report only reads results: re-rendering one must not import (or run) the suite."""
    code = (
        "import json, sys; from benchmarks import report; "
        "text = report.markdown(json.load(open('benchmarks/results/latest.json'))); "
        "assert '### Targets' in text and '### Queries' in text; "
        "assert 'benchmarks.suite' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, capture_output=True, timeout=60)


def test_curated_build_is_timed_stage_by_stage(tmp_path: Path) -> None:
    result = steps.step_curated_stages(tmp_path, suite.parse_args([]))
    stages = result["stages"]
    assert {"reading records", "validating quads", "loading the store"} <= set(stages)
    assert sum(stages.values()) == pytest.approx(result["seconds"], rel=0.1)
    assert not (tmp_path / "curated-stages").exists()


def test_a_query_the_engine_cannot_answer_is_recorded_and_the_others_go_on(
    small: tuple[QuadSet, synthetic.Generated],
) -> None:
    """rdflib recurses on `*` paths and, at 10^6, exceeds Python's recursion limit: such a run is
    a result (`failed`), not the end of the suite. Here a low limit makes every query fail so."""
    import sys

    quads, info = small
    view = RdflibView.from_quads(QuadSet([*quads, *ontology_quads()]))
    params = synthetic.query_params(info)
    depth = sys.getrecursionlimit()
    sys.setrecursionlimit(120)
    try:
        timed = time_queries(view, params, repeat=1, budget=10)
    finally:
        sys.setrecursionlimit(depth)
    failed = {name for name, result in timed.items() if result.get("failed")}
    assert failed and all("recursion" in timed[name]["failed"] for name in failed)
    assert set(timed) == set(catalog()) | set(EXTRA_CASES)


ONTO = "https://w3id.org/igkg/ontology#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def _typed(quads: QuadSet, cls: str) -> set[str]:
    """The subjects of one class (every graph)."""
    return {q.subject.value for q in quads if q.predicate.value == RDF_TYPE and q.object.value == ONTO + cls}


def test_plenaries_are_shaped_like_read_transcripts(small: tuple[QuadSet, synthetic.Generated]) -> None:
    """Block 1 on holds a plenary recorded in a transcript: sessions, turns with their mentions,
    positions and support links, each with a citation naming its lines, and the turn count the
    build's rule gives (also for the plenary the run stopped in)."""
    quads, info = small
    assert info.blocks >= 3  # small sizes keep several institutional blocks
    plenaries = {m for m in _typed(quads, "Meeting") if m.endswith("-plenary")}
    assert "https://w3id.org/igkg/id/b1-plenary" in plenaries
    assert "https://w3id.org/igkg/id/b0-plenary" not in plenaries  # block 0 is as before
    in_meeting = {q.subject.value: q.object.value for q in quads if q.predicate.value == ONTO + "inMeeting"}
    for cls in ("Session", "Intervention", "Mention", "Position", "SupportLink", "Proposal"):
        assert any(in_meeting.get(s) in plenaries for s in _typed(quads, cls)), cls
    turns = [s for s in _typed(quads, "Intervention") if in_meeting[s] in plenaries]
    mentions = [s for s in _typed(quads, "Mention") if in_meeting[s] in plenaries]
    assert len(mentions) > len(turns)  # about two a turn
    lines = {q.subject.value for q in quads if q.predicate.value == ONTO + "lineStart"}
    cited = {q.subject.value for q in quads if q.predicate.value == ONTO + "evidence" and q.object.value in lines}
    assert set(turns) | set(mentions) <= cited
    counts = {q.subject.value: int(q.object.value) for q in quads if q.predicate.value == ONTO + "turnCount"}
    for plenary in plenaries:
        assert counts[plenary] == sum(1 for t in turns if in_meeting[t] == plenary)


def test_transcripts_take_over_as_the_graph_grows() -> None:
    """The plenaries ramp up (none in block 0, TURNS_MAX turns a session from block 10): at the
    small sizes most quads are institutional, at the large ones most are transcripts."""
    assert [turns_per_session(k) for k in (0, 1, 2)] == [0, 20, 40]
    assert turns_per_session(10) == turns_per_session(300) == TURNS_MAX

    def share(size: int) -> float:
        counted = {"all": 0, "plenary": 0}

        def sink(line: str) -> None:
            counted["all"] += 1
            counted["plenary"] += "-plenary" in line

        synthetic.generate(size, 1, sink)
        return counted["plenary"] / counted["all"]

    assert share(10_000) < 0.5 < share(100_000)
