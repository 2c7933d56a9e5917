"""Render the suite's results: Markdown tables (latest.md) and a log-log picture (latest.png).

Kept apart from the measuring code so that a results file can be re-rendered without re-running
anything:  python -m benchmarks.report benchmarks/results/latest.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from benchmarks.plan import STEPS, Result


def _ms(seconds: float) -> str:
    """Seconds as milliseconds, one decimal."""
    return f"{seconds * 1000:.1f}"


def _rate(value: float) -> str:
    """A rate (quads/s) with thousands separators."""
    return f"{value:,.0f}"


def _machine(results: Result) -> list[str]:
    """The paragraph saying what the run measured on and with which settings."""
    m = results["machine"]
    return [
        f"Machine: {m['cpus']} CPUs ({m['processor']}), {m['platform']}; Python {m['python']}, "
        f"pyoxigraph {m['pyoxigraph']}, rdflib {m['rdflib']}, pyshacl {m['pyshacl']}. "
        f"Seed {results['seed']}, {results['repeat']} runs per query (at most {results['budget_seconds']:.0f} s of "
        f"repeats per query and engine; an rdflib run is stopped after {results.get('rdflib_limit_seconds', 0):.0f} s "
        f"and its ratio shown as a lower bound, ≥), run started {results['started']}, "
        f"{results['wall_seconds']:.0f} s in all.",
        "",
    ]


def _ratio(r: Result, name: str) -> str:
    """A query's rdflib / oxigraph ratio, marked ≥ where rdflib was stopped at the limit."""
    if name not in r["summary"]["query_ratio_rdflib_over_oxigraph"]:
        return "rdflib failed"
    bound = "≥ " if name in r["summary"].get("ratio_at_least", []) else ""
    return f"{bound}{r['summary']['query_ratio_rdflib_over_oxigraph'][name]:.1f}×"


def _overview(sizes: list[Result]) -> list[str]:
    """One row per size: load, validation and query figures with their baselines."""
    lines = [
        "| size (quads asked) | data quads | store quads | build load (quads/s) | bulk load (quads/s) | "
        "build / bulk | validation (s) | validation (quads/s) | pyshacl (s) | pyshacl / validation | "
        "query p50 median, oxigraph (ms) | query p50 max, oxigraph (ms) | rdflib / oxigraph (geomean) | "
        "rdflib / oxigraph (min) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in sizes:
        s = r["summary"]
        ref = r.get("validate_pyshacl", {})
        ref_s = f"{ref['seconds']:.1f}" if "seconds" in ref else "not run"
        speedup = s.get("validation_speedup_over_pyshacl")
        bound = "≥ " if s.get("ratio_at_least") else ""
        lines.append(
            f"| {r['size']:,} | {r['generate']['quads']:,} | {r['load_project']['store_quads']:,} | "
            f"{_rate(r['load_project']['quads_per_s'])} | {_rate(r['load_bulk']['quads_per_s'])} | "
            f"{s['load_ratio_project_over_bulk']:.2f} | {r['validate']['seconds']:.1f} | "
            f"{_rate(r['validate']['quads_per_s'])} | {ref_s} | {f'{speedup:.1f}×' if speedup else ''} | "
            f"{_ms(s['oxigraph_p50_median'])} | {_ms(s['oxigraph_p50_max'])} | "
            f"{bound}{s['query_ratio_geomean']:.1f}× | {s['query_ratio_min']:.1f}× |"
        )
    return [*lines, ""]


def _targets(results: Result) -> list[str]:
    """The issue's targets, read at the largest size measured (10^6 when the suite ran it)."""
    r = results["sizes"][-1]
    s = r["summary"]
    ox = r["queries_oxigraph"]["queries"]
    over_50 = sorted(name for name, q in ox.items() if q["p50"] > 0.050)
    under_100 = sorted(name for name, v in s["query_ratio_rdflib_over_oxigraph"].items() if v < 100)
    failed = sorted(s.get("rdflib_failed", {}))
    cli = results.get("cli") or {}

    def verdict(ok: bool) -> str:
        return "met" if ok else "**missed**"

    lines = [
        f"At {r['size']:,} quads asked ({r['generate']['quads']:,} data quads):",
        "",
        "| target | measured | verdict |",
        "|---|---|---|",
        f"| every canned query p50 ≤ 50 ms (embedded) | max {_ms(s['oxigraph_p50_max'])} ms; above 50 ms: "
        f"{', '.join(over_50) or 'none'} | {verdict(not over_50)} |",
        f"| every canned query ≥ 100× faster than rdflib | min {s['query_ratio_min']:.1f}×, geomean "
        f"{s['query_ratio_geomean']:.1f}×; under 100×: {len(under_100)} of {len(ox)}"
        f"{'; rdflib could not answer ' + ', '.join(failed) if failed else ''} | {verdict(not under_100)} |",
        f"| build ≥ ½ the bulk-load rate | {s['load_ratio_project_over_bulk']:.2f} | "
        f"{verdict(s['load_ratio_project_over_bulk'] >= 0.5)} |",
        f"| validation of the size within 60 s | {r['validate']['seconds']:.1f} s | "
        f"{verdict(r['validate']['seconds'] <= 60)} |",
    ]
    if cli:
        lines.append(
            f"| cold `igkg query` on the curated graph < 1.5 s | {cli['cold_query_p50']:.2f} s | "
            f"{verdict(cli['cold_query_p50'] < 1.5)} |"
        )
    if "seconds" in r.get("cli_query", {}):
        lines.append(
            f"| (not a target) cold `igkg query who-mandated` on the synthetic store of this size | "
            f"{r['cli_query']['seconds']:.2f} s | |"
        )
    return [*lines, ""]


def _queries(r: Result) -> list[str]:
    """One size's table of every query case on both engines."""
    ox, rd = r["queries_oxigraph"]["queries"], r["queries_rdflib"]["queries"]
    engine = r["queries_oxigraph"]["engine_p50"]
    parse = r["queries_rdflib"].get("parse_p50", {})
    lines = [
        f"#### Canned queries at {r['size']:,} (ms; rdflib loaded its dataset in "
        f"{r['queries_rdflib']['load_seconds']:.1f} s; ≥: rdflib stopped at the limit)",
        "",
        "| query | rows | oxigraph p50 | oxigraph p95 | engine only p50 | rdflib p50 | rdflib p95 | rdflib runs | "
        "rdflib parse only p50 | rdflib / oxigraph |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name in ox:
        rows = str(ox[name]["rows"])
        if rd[name]["rows"] not in (None, ox[name]["rows"]):  # the engines disagree: say so
            rows += f" (rdflib: {rd[name]['rows']})"
        bound = "≥ " if rd[name].get("at_least") else ""
        if rd[name].get("failed"):
            rd_p50, rd_p95 = f"failed: {rd[name]['failed'].split(':')[0]}", ""
        else:
            rd_p50, rd_p95 = f"{bound}{_ms(rd[name]['p50'])}", f"{bound}{_ms(rd[name]['p95'])}"
        lines.append(
            f"| {name} | {rows} | {_ms(ox[name]['p50'])} | {_ms(ox[name]['p95'])} | {_ms(engine[name])} | "
            f"{rd_p50} | {rd_p95} | {rd[name]['runs']} | "
            f"{_ms(parse[name]) if name in parse else ''} | {_ratio(r, name)} |"
        )
    return [*lines, ""]


def _steps(sizes: list[Result]) -> list[str]:
    """Every step's time and memory at every size, in the order the suite runs them."""
    lines = [
        "| size | step | seconds | quads/s | step peak RSS (MiB) | process peak RSS (MiB) | output (MB) |",
        "|---:|---|---:|---:|---:|---:|---:|",
    ]
    for r in sizes:
        for step in STEPS:
            d = r.get(step, {"skipped": "not in this run"})
            if "skipped" in d:
                lines.append(f"| {r['size']:,} | {step} | {d['skipped']} | | | | |")
                continue
            if step == "cli_query":  # a wall time of child processes: no memory figure of its own
                lines.append(f"| {r['size']:,} | cold `igkg query who-mandated` (p50) | {d['seconds']:.2f} | | | | |")
                continue
            rate = _rate(d["quads_per_s"]) if "quads_per_s" in d else ""
            out = f"{d['bytes'] / 1e6:.1f}" if "bytes" in d else ""
            lines.append(
                f"| {r['size']:,} | {step} | {d['seconds']:.2f} | {rate} | {d['step_rss_mb']:.0f} | "
                f"{d['peak_rss_mb']:.0f} | {out} |"
            )
    method = sizes[0]["load_project"]["memory_method"] if sizes else ""
    return [*lines, "", f"Memory: {method} (per step, in a fresh interpreter; see benchmarks/suite.py).", ""]


def _cli(cli: Result | None) -> list[str]:
    """The curated build and cold query timings against a bare interpreter start."""
    if not cli:
        return ["CLI timings skipped (--no-cli).", ""]
    return [
        "| CLI measure | value |",
        "|---|---:|",
        f"| `{cli['build_command']}` of the curated graph ({cli['curated_quads']:,} quads), wall | "
        f"{cli['build_seconds']:.1f} s |",
        f"| cold `igkg query who-mandated --param id=wg-igf-improvements`, p50 | {cli['cold_query_p50']:.2f} s |",
        f"| baseline: `python -c pass`, p50 | {cli['python_start_p50']:.2f} s |",
        f"| `python -c 'import kg.cli.main, kg.engines, kg.query.run'`, p50 | {cli['import_kg_p50']:.2f} s |",
        f"| cold query / bare interpreter start | {cli['cold_query_over_python_start']:.1f}× |",
        "",
        *_stages(cli),
    ]


def _stages(cli: Result) -> list[str]:
    """The curated build's seconds per progress message, when they were measured."""
    if "build_stages" not in cli:
        return []
    total = cli["build_in_process_seconds"]
    lines = [
        f"`igkg build` stage by stage (in process, {total:.1f} s, peak RSS {cli['build_peak_rss_mb']:.0f} MiB):",
        "",
        "| stage (progress message) | seconds | share |",
        "|---|---:|---:|",
    ]
    for name, seconds in cli["build_stages"].items():
        lines.append(f"| {name} | {seconds:.2f} | {seconds / total:.0%} |")
    return [*lines, ""]


def markdown(results: Result) -> str:
    """latest.md: overview per size, per-step time and memory, per-query latencies, CLI."""
    lines = ["# igkg benchmark results", "", *_machine(results), "### Targets", "", *_targets(results)]
    lines += ["### Overview", "", *_overview(results["sizes"])]
    lines += ["### Steps: time and memory", "", *_steps(results["sizes"])]
    lines += ["### CLI", "", *_cli(results["cli"]), "### Queries", ""]
    for r in results["sizes"]:
        lines += _queries(r)
    return "\n".join(lines)


def _series(sizes: list[Result]) -> dict[str, list[float | None]]:
    """The lines of the picture: seconds per step and the median query p50, one value per size
    (None where a step did not run at that size)."""
    return {
        "build load (kg.build._load_store)": [r["load_project"]["seconds"] for r in sizes],
        "bulk load (baseline)": [r["load_bulk"]["seconds"] for r in sizes],
        "validation (shapes as SPARQL + checks)": [r["validate"]["seconds"] for r in sizes],
        "validation, pyshacl (reference)": [r.get("validate_pyshacl", {}).get("seconds") for r in sizes],
        "export turtle": [r["export_turtle"]["seconds"] for r in sizes],
        "export json-ld": [r["export_jsonld"]["seconds"] for r in sizes],
        "export n-quads": [r["export_nquads"]["seconds"] for r in sizes],
        "query p50 median, oxigraph": [r["summary"]["oxigraph_p50_median"] for r in sizes],
        "query p50 median, rdflib": [r["summary"]["rdflib_p50_median"] for r in sizes],
    }


def _linestyle(label: str) -> str:
    """Dashed for what the project is measured against, solid for the project itself."""
    return "--" if any(word in label for word in ("baseline", "rdflib", "reference")) else "-"


def _points(xs: list[int], values: list[float | None]) -> list[tuple[int, float]]:
    """(size, value) pairs where the value was measured."""
    return [(x, y) for x, y in zip(xs, values, strict=True) if y is not None]


def plot(results: Result, path: Path) -> None:
    """Cost against size, log-log: seconds per step, and the median query p50 on both engines."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = results["sizes"]
    xs = [r["generate"]["quads"] for r in sizes]
    fig, ax = plt.subplots(figsize=(8, 5.5))
    for label, values in _series(sizes).items():
        points = _points(xs, values)
        if not points:
            continue
        ax.plot([x for x, _ in points], [y for _, y in points], marker="o", label=label, linestyle=_linestyle(label))
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("data quads (synthetic, named graphs)")
    ax.set_ylabel("seconds")
    m = results["machine"]
    ax.set_title(f"igkg cost against size — {m['cpus']} CPUs, Python {m['python']}, pyoxigraph {m['pyoxigraph']}")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def main(argv: list[str] | None = None) -> int:
    """Re-render latest.md and latest.png next to a results file (default: the committed one)."""
    source = Path((argv or sys.argv[1:] or ["benchmarks/results/latest.json"])[0])
    results = json.loads(source.read_text())
    (source.parent / "latest.md").write_text(markdown(results))
    plot(results, source.parent / "latest.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
