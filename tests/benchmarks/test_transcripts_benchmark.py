"""The transcript-ingestion benchmark (benchmarks/transcripts.py) end to end at a tiny size.

No speed is asserted (benchmarks/__init__.py): only that the generator is reproducible and writes
every format the readers cover, that the command writes its results in the documented shape, and
that ingestion finds exactly the turns the generated files hold.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from benchmarks.transcript_formats import FORMATS, generate, transcript
from benchmarks.transcripts import SPEAKER

ROOT = Path(__file__).resolve().parents[2]
FILES, LINES = 20, 200


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    work, out = tmp_path_factory.mktemp("work"), tmp_path_factory.mktemp("out")
    command = [sys.executable, "-m", "benchmarks.transcripts", "--files", str(FILES), "--lines", str(LINES)]
    command += ["--seed", "3", "--work", str(work), "--out", str(out), "--profile", "always", "--profile-files", "1"]
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True, timeout=300)
    assert (out / "transcripts-latest.md").read_text().startswith("# Transcript ingestion benchmark")
    loaded: dict[str, Any] = json.loads((out / "transcripts-latest.json").read_text())
    return loaded


def test_the_same_seed_gives_the_same_files_and_every_format_has_turns() -> None:
    for fmt in FORMATS:
        text, headers = transcript(fmt, LINES, seed=7)
        assert (text, headers) == transcript(fmt, LINES, seed=7)
        assert text != transcript(fmt, LINES, seed=8)[0]
        lines = text.splitlines()
        assert abs(len(lines) - LINES) <= 20, fmt  # "about N lines"
        assert len(headers) >= 5 and all(1 <= h <= len(lines) for h in headers), fmt


def test_generated_files_are_reused_only_with_the_same_arguments(tmp_path: Path) -> None:
    first = generate(tmp_path, 3, 50, seed=1)
    stamp = (tmp_path / first[0].name).stat().st_mtime_ns
    assert generate(tmp_path, 3, 50, seed=1) == first
    assert (tmp_path / first[0].name).stat().st_mtime_ns == stamp
    assert generate(tmp_path, 3, 50, seed=2) != first


def test_the_baseline_pattern_sees_the_generic_speaker_shapes() -> None:
    assert SPEAKER.findall(">> ORLA FENWICK:  Good morning.") == ["ORLA FENWICK"]
    assert SPEAKER.findall("**Amara Okafor:** Welcome.") == ["Amara Okafor"]
    assert SPEAKER.findall("Mr. Tomasz Wrona (Kenya): Thank you.") == ["Mr. Tomasz Wrona (Kenya)"]
    assert SPEAKER.findall("access network policy budget.") == []


def test_the_results_have_their_documented_shape(results: dict[str, Any]) -> None:
    assert results["benchmark"] == "transcripts"
    assert results["params"] == {"files": FILES, "lines": LINES, "seed": 3, "jobs": 2}
    baseline, ingestion = results["baseline"], results["ingestion"]
    for run in (baseline, ingestion):
        assert run["files"] == FILES and run["lines"] == results["generation"]["lines"]
        assert run["seconds"] > 0 and run["lines_per_second"] > 0
    memory = ingestion["peak_rss_mb"]
    assert len(memory["workers"]) == 2  # both workers ran a chunk (20 files, chunks of 10)
    assert memory["tree"] == pytest.approx(memory["parent"] + sum(memory["workers"]))
    assert ingestion["cpu_seconds"] > 0 and results["baseline_over_ingestion"] > 0
    assert set(ingestion["formats"]) == set(FORMATS)
    assert {"seconds_met", "memory_met"} <= set(results["targets"])


def test_the_profile_times_every_stage_and_names_the_hot_functions(results: dict[str, Any]) -> None:
    profile = results["profile"]
    assert profile["sample_files"] == len(FORMATS)
    assert {f"reader {name}" for name in ("igf", "webvtt", "markdown", "tei")} <= set(profile["stage_seconds"])
    assert profile["top_functions"] and {"function", "calls", "own_seconds"} <= set(profile["top_functions"][0])


def test_ingestion_finds_exactly_the_generated_turns_with_the_right_reader(results: dict[str, Any]) -> None:
    ingestion = results["ingestion"]
    assert ingestion["errors"] == [] and ingestion["misdetected"] == []
    assert ingestion["turns_generated"] > FILES * 5
    assert ingestion["turns_found"] == ingestion["turns_matched"] == ingestion["turns_generated"]
    for fmt, stats in ingestion["formats"].items():
        assert stats["turns_found"] == stats["turns_matched"] == stats["turns_generated"], fmt


def test_invented_speakers_never_resolve_to_a_person(results: dict[str, Any]) -> None:
    ingestion = results["ingestion"]
    # only "Country | Representative" labels may resolve: to that country's delegation
    for resolved in ingestion["resolved_labels"]:
        label, slug = resolved.split(" -> ")
        assert slug == label.lower(), resolved
