"""The performance suite: load, validation, canned queries, exports and the CLI, at several sizes.

    python -m benchmarks.suite [--sizes 1e5,1e6,1e7] [--seed 1] [--repeat 5] [--out benchmarks/results]

For each size the synthetic graph (benchmarks/synthetic/) is generated once into a work folder,
and each step (benchmarks/steps.py) runs in its own fresh interpreter (``--step``), for two
reasons: memory (benchmarks/timing.py) and isolation (one step's caches and garbage cannot
flatter or burden the next). Every figure is reported with a baseline measured in the same run on
the same machine, because absolute seconds on a shared 2-core machine mean little, while ratios
travel:

- load: the project's path (``kg.pipeline.build._load_store``) against pyoxigraph's
  ``Store.bulk_load`` of the same final content (data, ontology and default-graph merge as one
  N-Quads text);
- queries: each offline canned query through ``kg.query.run.run_canned`` on ``OxigraphView`` (the
  built store, opened read-only as ``igkg query`` does) against ``RdflibView`` (rdflib's engine,
  up to ``--rdflib-max``);
- load and queries against Virtuoso 7 on loopback: its bulk loader on the same quads, the same
  queries through its SPARQL endpoint (benchmarks/virtuoso_step.py);
- validation (the shapes compiled to SPARQL, as ``igkg build`` runs it) against pyshacl, the
  reference engine, up to ``--reference-max`` (pyshacl needs minutes at 10^6);
- the cold CLI query against a bare interpreter start (``python -c pass``).

rdflib (and Virtuoso) runs longer than ``--rdflib-limit`` are stopped and reported as at least that long, so a
ratio against them is a lower bound; rdflib's parse-and-translate time per query is measured too,
the floor under its runs (benchmarks/query_timing.py).

This module is the parent process and the command line: it runs the steps, sums them up against
their baselines, and writes the results (rendered by benchmarks/report.py).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import report, synthetic
from benchmarks.plan import CLI_QUERY, ROOT, STEPS, Result
from benchmarks.steps import STEP_FUNCTIONS
from benchmarks.timing import geomean, timed
from kg.core.publish import remove_build


def _child(step: str, work: Path, args: argparse.Namespace) -> Result:
    """Run one step in a fresh interpreter and read the JSON it prints last."""
    command = [sys.executable, "-m", "benchmarks.suite", "--step", step, "--work", str(work)]
    command += ["--repeat", str(args.repeat), "--budget", str(args.budget), "--rdflib-limit", str(args.rdflib_limit)]
    command += ["--virtuoso-buffers", str(args.virtuoso_buffers)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"step {step} failed:\n{done.stderr[-4000:]}")
    result: Result = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _generate(size: int, seed: int, work: Path) -> Result:
    """Write the synthetic graph of ``size`` quads and what it was generated with into ``work``."""
    started = time.perf_counter()
    info = synthetic.write_nquads(work / "igkg.nq", size, seed)
    (work / "info.json").write_text(json.dumps(info.__dict__))
    return {"quads": info.quads, "blocks": info.blocks, "seconds": time.perf_counter() - started}


def run_size(size: int, args: argparse.Namespace, scratch: Path) -> Result:
    """Every step at one size; the work folder is removed afterwards."""
    work = scratch / f"size-{size}"
    work.mkdir(parents=True, exist_ok=True)
    result: Result = {"size": size, "generate": _generate(size, args.seed, work)}
    for step in STEPS:
        if skipped := _skipped(step, size, args):
            result[step] = {"skipped": skipped}
            continue
        print(f"[{size}] {step}", file=sys.stderr, flush=True)
        result[step] = _child(step, work, args)
    shutil.rmtree(work, ignore_errors=True)
    return _summarise(result)


def _skipped(step: str, size: int, args: argparse.Namespace) -> str:
    """Why a step does not run at this size ("" if it does)."""
    if step == "validate_pyshacl" and size > args.reference_max:
        # pyshacl runs at ~2 000 quads/s: minutes at 10^6. Its figures at the smaller sizes
        # show the ratio; it is the reference engine, not the build's.
        return f"size above --reference-max {args.reference_max:,}"
    if step == "queries_rdflib" and size > args.rdflib_max:
        # rdflib holds the dataset in Python objects: 3.2 GB and 53 s to load at 10^6, so 10^7
        # would not fit this machine; the issue dropped the rdflib target for Virtuoso's.
        return f"size above --rdflib-max {args.rdflib_max:,}"
    if step == "virtuoso" and args.no_virtuoso:
        return "--no-virtuoso"
    return ""


def _summarise(result: Result) -> Result:
    """Ratios against the baselines of the same run: the figures the README reports."""
    ox = result["queries_oxigraph"]["queries"]
    pyshacl = result.get("validate_pyshacl", {})
    result["summary"] = {
        "load_ratio_project_over_bulk": result["load_project"]["quads_per_s"] / result["load_bulk"]["quads_per_s"],
        "oxigraph_p50_max": max(q["p50"] for q in ox.values()),
        "oxigraph_p50_median": statistics.median(q["p50"] for q in ox.values()),
        "oxigraph_engine_p50_max": max(result["queries_oxigraph"]["engine_p50"].values()),
        "validation_speedup_over_pyshacl": (
            pyshacl["seconds"] / result["validate"]["seconds"] if "seconds" in pyshacl else None
        ),
        **_rdflib_summary(ox, result["queries_rdflib"]),
        **_virtuoso_summary(result),
    }
    return result


def _rdflib_summary(ox: Result, rdflib: Result) -> Result:
    """rdflib / oxigraph per query (none where rdflib did not run at this size). Where an rdflib
    run hit ``--rdflib-limit``, its ratio is a lower bound (``ratio_at_least``)."""
    if "queries" not in rdflib:
        return {}
    rd = rdflib["queries"]
    ratios = {name: rd[name]["p50"] / ox[name]["p50"] for name in ox if rd[name]["p50"] is not None}
    return {
        "query_ratio_rdflib_over_oxigraph": ratios,
        "ratio_at_least": sorted(name for name in rd if rd[name].get("at_least")),
        "query_ratio_geomean": geomean(list(ratios.values())),
        "query_ratio_min": min(ratios.values()),
        "rdflib_p50_median": statistics.median(q["p50"] for q in rd.values() if q["p50"] is not None),
        "rdflib_failed": {name: q["failed"] for name, q in rd.items() if q.get("failed")},
    }


def _virtuoso_summary(result: Result) -> Result:
    """igkg against Virtuoso: load time per quad, and each query's p50 (igkg / Virtuoso: below 1,
    igkg is faster). A Virtuoso run stopped at the limit makes its ratio an upper bound."""
    virtuoso = result.get("virtuoso", {})
    if "queries" not in virtuoso:
        return {}
    ox, vq = result["queries_oxigraph"]["queries"], virtuoso["queries"]
    ratios = {name: ox[name]["p50"] / vq[name]["p50"] for name in ox if vq.get(name, {}).get("p50")}
    slower = sorted(name for name, ratio in ratios.items() if ratio > 1)
    return {
        # Seconds per quad of the project's load over Virtuoso's bulk loader's (the 2x).
        "load_ratio_project_over_virtuoso": virtuoso["quads_per_s"] / result["load_project"]["quads_per_s"],
        "query_ratio_oxigraph_over_virtuoso": ratios,
        "virtuoso_at_least": sorted(name for name in vq if vq[name].get("at_least")),
        "virtuoso_failed": {name: q["failed"] for name, q in vq.items() if q.get("failed")},
        "virtuoso_ratio_geomean": geomean(list(ratios.values())),
        "virtuoso_ratio_max": max(ratios.values(), default=0.0),
        "slower_than_virtuoso": slower,
        "virtuoso_p50_median": statistics.median(q["p50"] for q in vq.values() if q["p50"] is not None),
    }


def run_cli(args: argparse.Namespace, scratch: Path) -> Result:
    """``igkg build`` of the real curated graph, then cold ``igkg query`` runs on that store,
    against a bare interpreter start as the baseline."""
    out = scratch / "curated-build"
    igkg = shutil.which("igkg")
    build = [igkg, "build"] if igkg else [sys.executable, "-m", "kg", "build"]
    print("[cli] igkg build", file=sys.stderr, flush=True)
    build_seconds = timed([*build, "--out", str(out)], ROOT)
    query = [sys.executable, "-m", "kg", *CLI_QUERY, "--store", str(out / "store")]
    runs = max(3, args.repeat)
    cold = [timed(query, ROOT) for _ in range(runs)]
    bare = [timed([sys.executable, "-c", "pass"], ROOT) for _ in range(runs)]
    imports = [timed([sys.executable, "-c", "import kg.cli.main, kg.engines, kg.query.run"], ROOT) for _ in range(runs)]
    manifest = json.loads((out / "manifest.json").read_text())
    remove_build(out)
    print("[cli] igkg build, stage by stage", file=sys.stderr, flush=True)
    stages = _child("curated_stages", scratch, args)
    return {
        "build_stages": stages["stages"],
        "build_in_process_seconds": stages["seconds"],
        "build_peak_rss_mb": stages["peak_rss_mb"],
        "build_seconds": build_seconds,
        "build_command": " ".join(Path(build[0]).name if n == 0 else part for n, part in enumerate(build)),
        "curated_quads": manifest["quads"],
        "cold_query_p50": statistics.median(cold),
        "cold_query_runs": cold,
        "python_start_p50": statistics.median(bare),
        "import_kg_p50": statistics.median(imports),
        "cold_query_over_python_start": statistics.median(cold) / statistics.median(bare),
    }


def machine() -> Result:
    """What the figures were measured on: CPUs, platform, and the versions of the engines."""
    import pyoxigraph
    import pyshacl
    import rdflib

    return {
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "python": platform.python_version(),
        "pyoxigraph": pyoxigraph.__version__,
        "rdflib": rdflib.__version__,
        "pyshacl": pyshacl.__version__,
    }


def run(args: argparse.Namespace) -> Result:
    """The whole suite; writes latest.json, latest.md and latest.png into ``args.out``."""
    started = time.perf_counter()
    started_at = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    with tempfile.TemporaryDirectory(prefix="igkg-bench-") as tmp:
        scratch = Path(tmp)
        sizes = [run_size(size, args, scratch) for size in args.sizes]
        cli = run_cli(args, scratch) if not args.no_cli else None
    results: Result = {
        "machine": machine(),
        "seed": args.seed,
        "repeat": args.repeat,
        "budget_seconds": args.budget,
        "rdflib_limit_seconds": args.rdflib_limit,
        "reference_max": args.reference_max,
        "rdflib_max": args.rdflib_max,
        "virtuoso_buffers": args.virtuoso_buffers,
        "started": started_at,
        "sizes": sizes,
        "cli": cli,
        "wall_seconds": time.perf_counter() - started,
    }
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "latest.json").write_text(json.dumps(results, indent=2, sort_keys=True) + "\n")
    (args.out / "latest.md").write_text(report.markdown(results))
    report.plot(results, args.out / "latest.png")
    return results


def _sizes(text: str) -> list[int]:
    """``--sizes``: comma-separated sizes such as ``1e4,1e5``."""
    return [synthetic.parse_size(part) for part in text.split(",") if part.strip()]


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The suite's options, and the hidden ``--step``/``--work`` a step's own interpreter gets."""
    parser = argparse.ArgumentParser(description="igkg performance suite (see benchmarks/README.md)")
    parser.add_argument(
        "--sizes",
        type=_sizes,
        default=[100_000, 1_000_000, 10_000_000],
        help="comma-separated (default 1e5,1e6,1e7)",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=5, help="runs per query (p50/p95 over them)")
    parser.add_argument("--budget", type=float, default=20.0, help="max seconds of repeats per query and engine")
    parser.add_argument(
        "--rdflib-limit",
        type=float,
        default=120.0,
        help="stop an rdflib or Virtuoso run after this many seconds and report the query as at least that slow "
        "(0: no limit)",
    )
    parser.add_argument(
        "--reference-max",
        type=synthetic.parse_size,
        default=100_000,
        help="largest size at which validation also runs on pyshacl, the reference engine (default 1e5)",
    )
    parser.add_argument(
        "--rdflib-max",
        type=synthetic.parse_size,
        default=100_000,
        help="largest size at which the queries also run on rdflib (default 1e5; it needs 3 GB at 1e6)",
    )
    parser.add_argument(
        "--virtuoso-buffers",
        type=int,
        default=340_000,
        help="Virtuoso's NumberOfBuffers, 8 KiB pages (default 340000: 2.7 GB, Virtuoso's setting for 4 GB free); "
        "MaxDirtyBuffers is 3/4 of it",
    )
    parser.add_argument("--no-virtuoso", action="store_true", help="skip loading and querying Virtuoso")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results")
    parser.add_argument("--no-cli", action="store_true", help="skip the curated build and cold CLI timings")
    parser.add_argument("--step", choices=sorted(STEP_FUNCTIONS), help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run one step (in a child) or the whole suite (printing latest.md)."""
    args = parse_args(argv)
    if args.step:
        print(json.dumps(STEP_FUNCTIONS[args.step](args.work, args)))
        return 0
    results = run(args)
    print((args.out / "latest.md").read_text())
    print(f"wrote {args.out}/latest.json, latest.md, latest.png in {results['wall_seconds']:.0f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
