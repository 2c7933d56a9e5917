"""Render the suite's results: Markdown tables (latest.md) and a log-log picture (latest.png).

Kept apart from the measuring code so that a results file can be re-rendered without re-running
anything:  python -m benchmarks.report benchmarks/results/latest.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from benchmarks.plan import GROWING, STEPS, Result


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
        *_virtuoso_machine(results),
    ]


def _virtuoso_machine(results: Result) -> list[str]:
    """Which Virtuoso ran beside igkg, with which memory settings (nothing if none ran)."""
    ran = [r["virtuoso"] for r in results["sizes"] if "load_seconds" in r.get("virtuoso", {})]
    if not ran:
        return []
    v = ran[-1]
    return [
        f"Virtuoso {v['version'] or '7'} on loopback, NumberOfBuffers {v['number_of_buffers']:,}, MaxDirtyBuffers "
        f"{v['max_dirty_buffers']:,}; loaded with its bulk loader (ld_dir, rdf_loader_run, checkpoint), queried "
        "through its SPARQL endpoint as `igkg query --endpoint` does (HTTP, JSON, the dataset named). "
        "igkg / Virtuoso below 1: igkg is faster.",
        "",
    ]


def _ratio(r: Result, name: str) -> str:
    """A query's rdflib / oxigraph ratio, marked ≥ where rdflib was stopped at the limit."""
    if "query_ratio_rdflib_over_oxigraph" not in r["summary"]:
        return "not run"
    if name not in r["summary"]["query_ratio_rdflib_over_oxigraph"]:
        return "rdflib failed"
    bound = "≥ " if name in r["summary"].get("ratio_at_least", []) else ""
    return f"{bound}{r['summary']['query_ratio_rdflib_over_oxigraph'][name]:.1f}×"


def _vs_virtuoso(r: Result, name: str) -> str:
    """A query's igkg / Virtuoso p50 ratio, marked ≤ where Virtuoso was stopped at the limit."""
    ratios = r["summary"].get("query_ratio_oxigraph_over_virtuoso", {})
    if name not in ratios:
        failed = r["summary"].get("virtuoso_failed", {}).get(name)
        return f"Virtuoso failed: {failed.split(':')[0]}" if failed else "not run"
    bound = "≤ " if name in r["summary"].get("virtuoso_at_least", []) else ""
    return f"{bound}{ratios[name]:.2f}"


def _virtuoso_overview(r: Result) -> str:
    """The overview's Virtuoso cells: load rate, load ratio, query p50 median, ratio geomean and max."""
    s = r["summary"]
    if "load_ratio_project_over_virtuoso" not in s:
        return "not run | | | | |"
    return (
        f"{_rate(r['virtuoso']['quads_per_s'])} | {s['load_ratio_project_over_virtuoso']:.2f} | "
        f"{_ms(s['virtuoso_p50_median'])} | {s['virtuoso_ratio_geomean']:.2f} | {s['virtuoso_ratio_max']:.2f} |"
    )


def _rdflib_overview(s: Result) -> str:
    """The overview's rdflib cells: the ratio's geometric mean and minimum."""
    if "query_ratio_geomean" not in s:
        return "not run | |"
    bound = "≥ " if s.get("ratio_at_least") else ""
    return f"{bound}{s['query_ratio_geomean']:.1f}× | {s['query_ratio_min']:.1f}× |"


def _overview(sizes: list[Result]) -> list[str]:
    """One row per size: load, validation and query figures with their baselines."""
    lines = [
        "| size (quads asked) | data quads | store quads | build load (quads/s) | bulk load (quads/s) | "
        "build / bulk | validation (s) | validation (quads/s) | pyshacl (s) | pyshacl / validation | "
        "query p50 median, oxigraph (ms) | query p50 max, oxigraph (ms) | rdflib / oxigraph (geomean) | "
        "rdflib / oxigraph (min) | Virtuoso bulk load (quads/s) | igkg / Virtuoso load time | "
        "query p50 median, Virtuoso (ms) | igkg / Virtuoso p50 (geomean) | igkg / Virtuoso p50 (max) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in sizes:
        s = r["summary"]
        ref = r.get("validate_pyshacl", {})
        ref_s = f"{ref['seconds']:.1f}" if "seconds" in ref else "not run"
        speedup = s.get("validation_speedup_over_pyshacl")
        lines.append(
            f"| {r['size']:,} | {r['generate']['quads']:,} | {r['load_project']['store_quads']:,} | "
            f"{_rate(r['load_project']['quads_per_s'])} | {_rate(r['load_bulk']['quads_per_s'])} | "
            f"{s['load_ratio_project_over_bulk']:.2f} | {r['validate']['seconds']:.1f} | "
            f"{_rate(r['validate']['quads_per_s'])} | {ref_s} | {f'{speedup:.1f}×' if speedup else ''} | "
            f"{_ms(s['oxigraph_p50_median'])} | {_ms(s['oxigraph_p50_max'])} | "
            f"{_rdflib_overview(s)} {_virtuoso_overview(r)}"
        )
    return [*lines, ""]


def _verdict(ok: bool) -> str:
    return "met" if ok else "**missed**"


def _latency_targets(r: Result) -> list[str]:
    """Issue 18's query targets: p50 ≤ 50 ms, or ≤ 10 ms + 0.1 ms a row for the answers that grow
    with the graph (``GROWING``), and no case over 1 s."""
    ox = r["queries_oxigraph"]["queries"]

    def bound(name: str) -> float:
        return 0.010 + 0.0001 * (ox[name]["rows"] or 0) if name in GROWING else 0.050

    over = sorted(name for name, q in ox.items() if q["p50"] > bound(name))
    slow = sorted(name for name, q in ox.items() if q["p50"] > 1.0)
    return [
        f"| every canned query p50 ≤ 50 ms, or ≤ 10 ms + 0.1 ms a row where the answer grows with the graph "
        f"({', '.join(sorted(GROWING))}) | max {_ms(max(q['p50'] for q in ox.values()))} ms; over its bound: "
        f"{', '.join(over) or 'none'} | {_verdict(not over)} |",
        f"| no canned query case over 1 s | over 1 s: {', '.join(slow) or 'none'} | {_verdict(not slow)} |",
    ]


def _engine_targets(r: Result) -> list[str]:
    """igkg against Virtuoso (queries, load) and against pyoxigraph's own bulk load, and the
    rdflib ratio where rdflib ran (a target no more: issue 18 dropped it)."""
    s = r["summary"]
    lines = []
    if "query_ratio_oxigraph_over_virtuoso" in s:
        slower = s["slower_than_virtuoso"]
        lines += [
            f"| embedded no slower than Virtuoso on any canned query | igkg / Virtuoso p50: max "
            f"{s['virtuoso_ratio_max']:.2f}, geomean {s['virtuoso_ratio_geomean']:.2f}; slower: "
            f"{', '.join(slower) or 'none'} | {_verdict(not slower)} |",
            f"| load within 2× Virtuoso's bulk loader | "
            f"{s['load_ratio_project_over_virtuoso']:.2f}× its time per quad | "
            f"{_verdict(s['load_ratio_project_over_virtuoso'] <= 2)} |",
        ]
    else:
        lines.append("| embedded no slower than Virtuoso; load within 2× its bulk loader | Virtuoso not run | |")
    lines.append(
        f"| build ≥ ½ the bulk-load rate | {s['load_ratio_project_over_bulk']:.2f} | "
        f"{_verdict(s['load_ratio_project_over_bulk'] >= 0.5)} |"
    )
    if "query_ratio_min" in s:
        lines.append(
            f"| (dropped by issue 18) rdflib / oxigraph | min {s['query_ratio_min']:.1f}×, geomean "
            f"{s['query_ratio_geomean']:.1f}× | |"
        )
    return lines


def _targets(results: Result) -> list[str]:
    """The issue's targets, read at the largest size measured (10^7 when the suite ran it)."""
    r = results["sizes"][-1]
    cli = results.get("cli") or {}
    lines = [
        f"At {r['size']:,} quads asked ({r['generate']['quads']:,} data quads):",
        "",
        "| target | measured | verdict |",
        "|---|---|---|",
        *_latency_targets(r),
        *_engine_targets(r),
        f"| validation of the size within 60 s | {r['validate']['seconds']:.1f} s | "
        f"{_verdict(r['validate']['seconds'] <= 60)} |",
    ]
    if cli:
        lines.append(
            f"| cold `igkg query` on the curated graph < 1.5 s | {cli['cold_query_p50']:.2f} s | "
            f"{_verdict(cli['cold_query_p50'] < 1.5)} |"
        )
    if "seconds" in r.get("cli_query", {}):
        lines.append(
            f"| cold `igkg query who-mandated` on the synthetic store of this size < 1 s | "
            f"{r['cli_query']['seconds']:.2f} s | {_verdict(r['cli_query']['seconds'] < 1)} |"
        )
    return [*lines, ""]


def _timed_cells(q: Result | None, mark: str) -> tuple[str, str]:
    """p50 and p95 of one engine's run of a case (``mark`` before a stopped run's limit)."""
    if q is None:
        return "not run", ""
    if q.get("failed"):
        return f"failed: {q['failed'].split(':')[0]}", ""
    bound = f"{mark} " if q.get("at_least") else ""
    return f"{bound}{_ms(q['p50'])}", f"{bound}{_ms(q['p95'])}"


def _rows(ox: Result, others: dict[str, Result | None]) -> str:
    """The case's row count, and any other engine's where it disagrees: said, never hidden."""
    text = str(ox["rows"])
    for engine, q in others.items():
        if q is not None and q["rows"] not in (None, ox["rows"]):
            text += f" ({engine}: {q['rows']})"
    return text


def _queries(r: Result) -> list[str]:
    """One size's table of every query case on every engine that ran."""
    ox = r["queries_oxigraph"]["queries"]
    engine = r["queries_oxigraph"]["engine_p50"]
    rd_step, v_step = r["queries_rdflib"], r.get("virtuoso", {})
    rd, vq = rd_step.get("queries", {}), v_step.get("queries", {})
    parse = rd_step.get("parse_p50", {})
    loaded = f"rdflib loaded its dataset in {rd_step['load_seconds']:.1f} s" if rd else "rdflib not run"
    if vq:
        loaded += f"; Virtuoso's bulk loader took {v_step['load_seconds']:.1f} s"
    lines = [
        f"#### Canned queries at {r['size']:,} (ms; {loaded}; ≥ / ≤: a run stopped at the limit)",
        "",
        "| query | rows | oxigraph p50 | oxigraph p95 | engine only p50 | Virtuoso p50 | Virtuoso p95 | "
        "igkg / Virtuoso | rdflib p50 | rdflib p95 | rdflib runs | rdflib parse only p50 | rdflib / oxigraph |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name in ox:
        v50, v95 = _timed_cells(vq.get(name) if vq else None, "≥")
        rd50, rd95 = _timed_cells(rd.get(name) if rd else None, "≥")
        rows = _rows(ox[name], {"Virtuoso": vq.get(name), "rdflib": rd.get(name)})
        lines.append(
            f"| {name} | {rows} | {_ms(ox[name]['p50'])} | {_ms(ox[name]['p95'])} | {_ms(engine[name])} | "
            f"{v50} | {v95} | {_vs_virtuoso(r, name)} | {rd50} | {rd95} | {rd[name]['runs'] if rd else ''} | "
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
            if step == "virtuoso":  # a server's load and queries: its own memory, read from the kernel
                lines.append(
                    f"| {r['size']:,} | Virtuoso bulk load | {d['load_seconds']:.2f} | {_rate(d['quads_per_s'])} | | "
                    f"{d['server_peak_rss_mb']:.0f} (server) | |"
                )
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
        "query p50 median, rdflib": [r["summary"].get("rdflib_p50_median") for r in sizes],
        "bulk load, Virtuoso (baseline)": [r.get("virtuoso", {}).get("load_seconds") for r in sizes],
        "query p50 median, Virtuoso (baseline)": [r["summary"].get("virtuoso_p50_median") for r in sizes],
    }


def _linestyle(label: str) -> str:
    """Dashed for what the project is measured against, solid for the project itself."""
    return "--" if any(word in label for word in ("baseline", "rdflib", "reference", "Virtuoso")) else "-"


def _points(xs: list[int], values: list[float | None]) -> list[tuple[int, float]]:
    """(size, value) pairs where the value was measured."""
    return [(x, y) for x, y in zip(xs, values, strict=True) if y is not None]


def plot(results: Result, path: Path) -> None:
    """Cost against size, log-log: seconds per step, and the median query p50 on every engine."""
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
