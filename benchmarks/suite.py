"""The performance suite: load, validation, canned queries, exports and the CLI, at several sizes.

    python -m benchmarks.suite [--sizes 1e4,1e5,1e6] [--seed 1] [--repeat 5] [--out benchmarks/results]

For each size the synthetic graph (benchmarks/synthetic.py) is generated once into a work folder,
and each step runs in its own fresh interpreter (``--step``), for two reasons: memory (see below)
and isolation (one step's caches and garbage cannot flatter or burden the next). Every figure is
reported with a baseline measured in the same run on the same machine, because absolute seconds
on a shared 2-core machine mean little, while ratios travel:

- load: the project's path (``kg.build._load_store``) against pyoxigraph's ``Store.bulk_load`` of
  the same final content (data, ontology and default-graph merge as one N-Quads text);
- queries: each offline canned query through ``kg.query.run.run_canned`` on ``OxigraphView`` (the
  built store, opened read-only as ``igkg query`` does) against ``RdflibView`` (rdflib's engine);
- validation (the shapes compiled to SPARQL, as ``igkg build`` runs it) against pyshacl, the
  reference engine, up to ``--reference-max`` (pyshacl needs minutes at 10^6);
- the cold CLI query against a bare interpreter start (``python -c pass``).

rdflib runs longer than ``--rdflib-limit`` are stopped and reported as at least that long, so a
ratio against them is a lower bound; rdflib's parse-and-translate time per query is measured too,
the floor under its runs.

Memory: each step's peak resident set size. ``tracemalloc`` sees only Python's allocator, not
Oxigraph/RocksDB's Rust heap or rdflib's C-level buffers, so it would miss most of it. The child
resets the kernel's high-water mark (``/proc/self/clear_refs`` = 5) just before the step and
reads ``VmHWM`` after it: the peak of the step alone, setup excluded. Where that is unavailable
(not Linux), it falls back to ``ru_maxrss`` minus the RSS before the step, which is an upper
bound (it may include setup's peak).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks import synthetic

ROOT = Path(__file__).resolve().parent.parent
STEPS = (
    "load_project",
    "load_bulk",
    "validate",
    "validate_pyshacl",
    "queries_oxigraph",
    "queries_rdflib",
    "export_turtle",
    "export_jsonld",
    "export_nquads",
    "cli_query",
)
CLI_QUERY = ["query", "who-mandated", "--param", "id=wg-igf-improvements"]
Result = dict[str, Any]
#: Cases beyond each canned query's block-0 parameters (label -> query, parameters): a hub, whose
#: answer grows with the graph. `mandated-by` of the global assembly walks every mandate chain it
#: starts; its rows stay few (GROUP BY) while the pairs behind them grow (queries/mandated-by.rq).
EXTRA_CASES = {"mandated-by (id=assembly, a hub)": ("mandated-by", {"id": "assembly"})}


# ------------------------------------------------------------------------------ memory helpers


def _rss_kb(field: str) -> int | None:
    """A field (``VmRSS``, ``VmHWM``) of /proc/self/status in KiB, or None off Linux."""
    try:
        match = re.search(rf"{field}:\s+(\d+)", Path("/proc/self/status").read_text())
    except OSError:
        return None
    return int(match.group(1)) if match else None


def _reset_peak() -> bool:
    """Reset the kernel's peak-RSS mark so that VmHWM measures what follows alone."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def measured(step: Callable[[], Result]) -> Result:
    """Run ``step`` and add its wall time and peak memory (MiB) to what it returns."""
    import gc

    gc.collect()
    before = _rss_kb("VmRSS") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    exact = _reset_peak()
    started = time.perf_counter()
    result = step()
    seconds = time.perf_counter() - started
    peak = (_rss_kb("VmHWM") if exact else None) or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result.update(
        seconds=seconds,
        rss_before_mb=before / 1024,
        peak_rss_mb=peak / 1024,
        step_rss_mb=max(0, peak - before) / 1024,
        memory_method="VmHWM after clear_refs" if exact else "ru_maxrss",
    )
    return result


# ------------------------------------------------------------------------- steps (in children)


def _data(work: Path) -> tuple[Any, Any]:
    """The generated data quads and the ontology quads, as the build holds them."""
    from pyoxigraph import RdfFormat, parse

    from kg.core.quads import QuadSet
    from kg.loaders.ontology import ontology_quads

    return QuadSet(parse((work / "igkg.nq").read_bytes(), format=RdfFormat.N_QUADS)), ontology_quads()


def step_load_project(work: Path, _: argparse.Namespace) -> Result:
    """The build's own store load: N-Quads bulk load + ontology + merged default graph + optimize."""
    from kg.pipeline.build import _load_store

    quads, onto = _data(work)
    shutil.rmtree(work / "store", ignore_errors=True)

    def run() -> Result:
        store = _load_store(work / "store", quads, onto)
        return {"store_quads": len(store), "input_quads": len(quads)}

    result = measured(run)
    result["quads_per_s"] = result["store_quads"] / result["seconds"]
    return result


def step_load_bulk(work: Path, _: argparse.Namespace) -> Result:
    """The baseline: the same final quads as one N-Quads text, one ``Store.bulk_load``."""
    from pyoxigraph import RdfFormat, Store

    from kg.core.quads import QuadSet
    from kg.engines.store import with_default_graph

    quads, onto = _data(work)
    text = QuadSet(with_default_graph([*quads, *onto])).nquads()
    del quads
    path = work / "bulk-store"
    shutil.rmtree(path, ignore_errors=True)

    def run() -> Result:
        store = Store(str(path))
        store.bulk_load(text, format=RdfFormat.N_QUADS)
        store.flush()
        return {"store_quads": len(store)}

    result = measured(run)
    result["quads_per_s"] = result["store_quads"] / result["seconds"]
    shutil.rmtree(path, ignore_errors=True)
    return result


def _validate_with(engine: str) -> Callable[[Path, argparse.Namespace], Result]:
    def step(work: Path, _: argparse.Namespace) -> Result:
        """``kg.validate.gate.validate`` with the project's shapes and checks, as ``igkg build`` runs it
        (engine ``sparql``: the shapes compiled to SPARQL on Oxigraph), or with the reference
        engine (``pyshacl``)."""
        from kg.validate.gate import load_ontology, load_shapes, validate

        quads, onto = _data(work)
        shapes, ontology = load_shapes(), load_ontology()

        def run() -> Result:
            report = validate(quads, onto, shapes, ontology, engine=engine)
            return {"conforms": report.conforms, "findings": report.counts(), "input_quads": len(quads)}

        result = measured(run)
        result["quads_per_s"] = result["input_quads"] / result["seconds"]
        result["engine"] = engine
        return result

    return step


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


class Overrun(BaseException):
    """A query run that passed the per-run time limit (a BaseException, so that no ``except
    Exception`` on the way, such as the views' error wrapping, turns it into a query error)."""


def _raise_overrun(_signum: int, _frame: object) -> None:
    raise Overrun


def _time_queries(
    view: Any, params: dict[str, dict[str, str]], repeat: int, budget: float, limit: float | None = None
) -> dict[str, Result]:
    """Each canned query ``repeat`` times through ``run_canned`` (what embedding code calls), or
    fewer once it has used ``budget`` seconds: rdflib can take minutes on the bigger sizes. With
    ``limit``, a run longer than that is stopped (SIGALRM; rdflib evaluates in Python, so the
    signal lands between bytecodes) and the query is reported as taking at least ``limit``."""
    import signal

    from kg.query.run import run_canned

    out: dict[str, Result] = {}
    for label, (name, values) in _cases(params).items():
        times: list[float] = []
        rows = 0
        overrun = False
        failed = ""
        while len(times) < repeat and sum(times) < budget:
            started = time.perf_counter()
            if limit:
                signal.signal(signal.SIGALRM, _raise_overrun)
                signal.setitimer(signal.ITIMER_REAL, limit)
            try:
                rows = len(run_canned(view, name, values).rows)
            except Overrun:
                overrun = True
                break
            except Exception as exc:
                # rdflib evaluates `*` paths by recursion: at 10^6 a long chain exceeds Python's
                # recursion limit (RecursionError). Recorded, not fatal: the other queries go on.
                failed = f"{type(exc).__name__}: {str(exc)[:120]}"
                break
            finally:
                if limit:
                    signal.setitimer(signal.ITIMER_REAL, 0)
            times.append(time.perf_counter() - started)
        if failed and not times:
            out[label] = {"rows": None, "runs": 0, "p50": None, "p95": None, "failed": failed}
            continue
        if overrun and not times:
            out[label] = {"rows": None, "runs": 0, "p50": limit, "p95": limit, "at_least": True}
            continue
        p50, p95 = statistics.median(times), _percentile(times, 0.95)
        out[label] = {"rows": rows, "runs": len(times), "p50": p50, "p95": p95}
    return out


def _cases(params: dict[str, dict[str, str]]) -> dict[str, tuple[str, dict[str, str]]]:
    """Every offline canned query with its block-0 parameters, then the extra cases."""
    from kg.query.catalog import catalog

    return {**{name: (name, params[name]) for name in catalog()}, **EXTRA_CASES}


def _engine_only(view: Any, params: dict[str, dict[str, str]], repeat: int, budget: float) -> dict[str, float]:
    """p50 of the engine alone (query already parsed and bound): what ``run_canned`` adds on top
    is reading the catalog of query files and checking the id exists."""
    from kg.query.catalog import bind, get

    out: dict[str, float] = {}
    for label, (name, values) in _cases(params).items():
        query = get(name)
        text = bind(query.text, query.bind(values))
        times: list[float] = []
        while len(times) < repeat and sum(times) < budget:
            started = time.perf_counter()
            list(view.store.query(text))
            times.append(time.perf_counter() - started)
        out[label] = statistics.median(times)
    return out


def _rdflib_parse_only(params: dict[str, dict[str, str]], repeat: int) -> dict[str, float]:
    """p50 of rdflib parsing and translating the bound query to its algebra, no data touched: a
    floor under every rdflib run that does not grow with the graph, and so a ceiling on the
    rdflib / oxigraph ratio of the queries that touch few triples."""
    from rdflib.plugins.sparql import prepareQuery

    from kg.query.catalog import bind, get

    out: dict[str, float] = {}
    for label, (name, values) in _cases(params).items():
        query = get(name)
        text = bind(query.text, query.bind(values))
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            prepareQuery(text)
            times.append(time.perf_counter() - started)
        out[label] = statistics.median(times)
    return out


def _params(work: Path) -> dict[str, dict[str, str]]:
    info = synthetic.Generated(**json.loads((work / "info.json").read_text()))
    return synthetic.query_params(info)


def step_queries_oxigraph(work: Path, args: argparse.Namespace) -> Result:
    """The canned queries on the store ``load_project`` wrote, opened read-only like the CLI."""
    from kg.engines.store import OxigraphView

    view = OxigraphView.open(work / "store")
    params = _params(work)
    result = measured(lambda: {"queries": _time_queries(view, params, args.repeat, args.budget)})
    result["engine_p50"] = _engine_only(view, params, args.repeat, args.budget)
    return result


def step_queries_rdflib(work: Path, args: argparse.Namespace) -> Result:
    """The baseline engine: rdflib over the same quads (data, ontology, merged default graph)."""
    from kg.core.quads import QuadSet
    from kg.engines.store import RdflibView

    quads, onto = _data(work)
    params = _params(work)
    started = time.perf_counter()
    view = RdflibView.from_quads(QuadSet([*quads, *onto]))
    load_seconds = time.perf_counter() - started
    limit = args.rdflib_limit or None
    result = measured(lambda: {"queries": _time_queries(view, params, args.repeat, args.budget, limit)})
    result["load_seconds"] = load_seconds
    result["parse_p50"] = _rdflib_parse_only(params, args.repeat)
    result["limit_seconds"] = limit
    return result


def _export(fmt: str) -> Callable[[Path, argparse.Namespace], Result]:
    def step(work: Path, _: argparse.Namespace) -> Result:
        """One dump through ``kg.export.dumps.FORMATS``, as ``igkg build`` and ``igkg export`` write it."""
        from kg.export.dumps import FORMATS

        quads, _onto = _data(work)
        result = measured(lambda: {"bytes": len(FORMATS[fmt].write(quads)), "input_quads": len(quads)})
        result["quads_per_s"] = result["input_quads"] / result["seconds"]
        return result

    return step


def step_cli_query(work: Path, args: argparse.Namespace) -> Result:
    """A cold ``igkg query who-mandated`` on the store ``load_project`` wrote: a new interpreter
    per run (imports, opening the store, the query, the table), as a user's shell runs it."""
    params = _params(work)["who-mandated"]
    command = [sys.executable, "-m", "kg", "query", "who-mandated", "--store", str(work / "store")]
    for name, value in params.items():
        command += ["--param", f"{name}={value}"]
    runs = [_timed(command, ROOT) for _ in range(max(3, args.repeat))]
    return {"seconds": statistics.median(runs), "runs": runs, "step_rss_mb": 0.0, "peak_rss_mb": 0.0}


def step_curated_stages(work: Path, _: argparse.Namespace) -> Result:
    """Where ``igkg build`` spends its time on the real curated records: the seconds from each
    progress message of ``kg.build.build`` to the next (records -> graph -> validation -> dumps
    -> store -> description -> ontology page)."""
    from kg.pipeline.build import build

    marks: list[tuple[str, float]] = []

    def progress(message: str) -> None:
        marks.append((re.sub(r"\d+ ", "", message), time.perf_counter()))

    def run() -> Result:
        report = build(out_dir=work / "curated-stages", progress=progress)
        marks.append(("done", time.perf_counter()))
        stages = {name: round(marks[i + 1][1] - at, 3) for i, (name, at) in enumerate(marks[:-1])}
        return {"stages": stages, "quads": report.quads}

    result = measured(run)
    result["quads_per_s"] = result["quads"] / result["seconds"]
    shutil.rmtree(work / "curated-stages", ignore_errors=True)
    return result


STEP_FUNCTIONS: dict[str, Callable[[Path, argparse.Namespace], Result]] = {
    "load_project": step_load_project,
    "load_bulk": step_load_bulk,
    "validate": _validate_with("sparql"),
    "validate_pyshacl": _validate_with("pyshacl"),
    "queries_oxigraph": step_queries_oxigraph,
    "queries_rdflib": step_queries_rdflib,
    "export_turtle": _export("turtle"),
    "export_jsonld": _export("jsonld"),
    "export_nquads": _export("nquads"),
    "cli_query": step_cli_query,
    "curated_stages": step_curated_stages,
}


# ------------------------------------------------------------------------------ parent process


def _child(step: str, work: Path, args: argparse.Namespace) -> Result:
    """Run one step in a fresh interpreter and read the JSON it prints last."""
    command = [sys.executable, "-m", "benchmarks.suite", "--step", step, "--work", str(work)]
    command += ["--repeat", str(args.repeat), "--budget", str(args.budget), "--rdflib-limit", str(args.rdflib_limit)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"step {step} failed:\n{done.stderr[-4000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _generate(size: int, seed: int, work: Path) -> Result:
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
        if step == "validate_pyshacl" and size > args.reference_max:
            # pyshacl runs at ~2 000 quads/s: minutes at 10^6. Its figures at the smaller sizes
            # show the ratio; it is the reference engine, not the build's.
            result[step] = {"skipped": f"size above --reference-max {args.reference_max:,}"}
            continue
        print(f"[{size}] {step}", file=sys.stderr, flush=True)
        result[step] = _child(step, work, args)
    shutil.rmtree(work, ignore_errors=True)
    return _summarise(result)


def _geomean(values: list[float]) -> float:
    import math

    values = [v for v in values if v > 0]
    return math.exp(sum(math.log(v) for v in values) / len(values)) if values else 0.0


def _summarise(result: Result) -> Result:
    """Ratios against the baselines of the same run: the figures the README reports. Where an
    rdflib run hit ``--rdflib-limit``, its ratio is a lower bound (``ratio_at_least``)."""
    ox, rd = result["queries_oxigraph"]["queries"], result["queries_rdflib"]["queries"]
    ratios = {name: rd[name]["p50"] / ox[name]["p50"] for name in ox if rd[name]["p50"] is not None}
    pyshacl = result.get("validate_pyshacl", {})
    result["summary"] = {
        "load_ratio_project_over_bulk": result["load_project"]["quads_per_s"] / result["load_bulk"]["quads_per_s"],
        "query_ratio_rdflib_over_oxigraph": ratios,
        "ratio_at_least": sorted(name for name in rd if rd[name].get("at_least")),
        "query_ratio_geomean": _geomean(list(ratios.values())),
        "query_ratio_min": min(ratios.values()),
        "oxigraph_p50_max": max(q["p50"] for q in ox.values()),
        "oxigraph_p50_median": statistics.median(q["p50"] for q in ox.values()),
        "oxigraph_engine_p50_max": max(result["queries_oxigraph"]["engine_p50"].values()),
        "rdflib_p50_median": statistics.median(q["p50"] for q in rd.values() if q["p50"] is not None),
        "rdflib_failed": {name: q["failed"] for name, q in rd.items() if q.get("failed")},
        "validation_speedup_over_pyshacl": (
            pyshacl["seconds"] / result["validate"]["seconds"] if "seconds" in pyshacl else None
        ),
    }
    return result


def _timed(command: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, capture_output=True)
    return time.perf_counter() - started


def run_cli(args: argparse.Namespace, scratch: Path) -> Result:
    """``igkg build`` of the real curated graph, then cold ``igkg query`` runs on that store,
    against a bare interpreter start as the baseline."""
    out = scratch / "curated-build"
    igkg = shutil.which("igkg")
    build = [igkg, "build"] if igkg else [sys.executable, "-m", "kg", "build"]
    print("[cli] igkg build", file=sys.stderr, flush=True)
    build_seconds = _timed([*build, "--out", str(out)], ROOT)
    query = [sys.executable, "-m", "kg", *CLI_QUERY, "--store", str(out / "store")]
    runs = max(3, args.repeat)
    cold = [_timed(query, ROOT) for _ in range(runs)]
    bare = [_timed([sys.executable, "-c", "pass"], ROOT) for _ in range(runs)]
    imports = [
        _timed([sys.executable, "-c", "import kg.cli.main, kg.engines.store, kg.query.run"], ROOT) for _ in range(runs)
    ]
    manifest = json.loads((out / "manifest.json").read_text())
    shutil.rmtree(out, ignore_errors=True)
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
    from benchmarks import report

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
    return [synthetic.parse_size(part) for part in text.split(",") if part.strip()]


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="igkg performance suite (see benchmarks/README.md)")
    parser.add_argument(
        "--sizes", type=_sizes, default=[10_000, 100_000, 1_000_000], help="comma-separated (default 1e4,1e5,1e6)"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=5, help="runs per query (p50/p95 over them)")
    parser.add_argument("--budget", type=float, default=20.0, help="max seconds of repeats per query and engine")
    parser.add_argument(
        "--rdflib-limit",
        type=float,
        default=120.0,
        help="stop an rdflib run after this many seconds and report the query as at least that slow (0: no limit)",
    )
    parser.add_argument(
        "--reference-max",
        type=synthetic.parse_size,
        default=100_000,
        help="largest size at which validation also runs on pyshacl, the reference engine (default 1e5)",
    )
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results")
    parser.add_argument("--no-cli", action="store_true", help="skip the curated build and cold CLI timings")
    parser.add_argument("--step", choices=sorted(STEP_FUNCTIONS), help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
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
