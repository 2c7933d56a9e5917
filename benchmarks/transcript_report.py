"""The Markdown table of the transcript-ingestion benchmark (benchmarks/transcripts.py), from its
results: ingestion against the regex baseline, the targets, the correctness check per format,
and the profile when there is one."""

from __future__ import annotations

from benchmarks.plan import Result


def _n(value: float) -> str:
    """A count with thin-space thousands, as the suite's tables write them."""
    return f"{value:,.0f}".replace(",", " ")


def _loads(values: list[float] | None) -> str:
    return " / ".join(f"{x:.2f}" for x in values) if values else "unknown"


def _overview(r: Result) -> list[str]:
    ing, base = r["ingestion"], r["baseline"]
    mem = ing["peak_rss_mb"]
    workers = " + ".join(f"{w:.0f}" for w in mem["workers"])
    return [
        "| run | files | lines | seconds | lines/s | peak RSS (MiB) |",
        "|---|---:|---:|---:|---:|---:|",
        f"| ingestion, {ing['jobs']} worker processes | {_n(ing['files'])} | {_n(ing['lines'])} | "
        f"{ing['seconds']:.1f} | {_n(ing['lines_per_second'])} | {mem['tree']:.0f} "
        f"(parent {mem['parent']:.0f} + workers {workers}) |",
        f"| baseline: read + one regex per line, 1 process | {_n(base['files'])} | {_n(base['lines'])} | "
        f"{base['seconds']:.1f} | {_n(base['lines_per_second'])} | {base['peak_rss_mb']:.0f} |",
        "",
        f"**baseline / ingestion: {r['baseline_over_ingestion']:.0f}×** in lines per second of wall time, "
        f"{r['baseline_over_ingestion_per_cpu_second']:.0f}× per CPU second (the baseline uses one core). "
        f"Ingestion used {ing['cpu_seconds']:.1f} CPU seconds in all ({_n(ing['lines'] / ing['cpu_seconds'])} "
        f"lines per CPU second), so on {ing['jobs']} otherwise idle cores it would take about "
        f"{ing['cpu_seconds'] / ing['jobs']:.0f} s (an estimate, not a measurement); worker start-up "
        f"(igkg import + speaker index) {ing['worker_start_seconds']:.1f} s, included.",
    ]


def _targets(r: Result) -> list[str]:
    t, ing = r["targets"], r["ingestion"]

    def verdict(met: bool) -> str:
        return "met" if met else "**missed**"

    return [
        "| target | measured | verdict |",
        "|---|---:|---|",
        f"| ingestion under {t['seconds']:.0f} s | {ing['seconds']:.1f} s | {verdict(t['seconds_met'])} |",
        f"| peak memory under {t['peak_rss_mb']:.0f} MB (whole tree) | {ing['peak_rss_mb']['tree']:.0f} MiB "
        f"| {verdict(t['memory_met'])} |",
    ]


def _formats(r: Result) -> list[str]:
    ing = r["ingestion"]
    out = [
        "| format | files | lines | turns generated | found | matched | misdetected | CPU s | lines/CPU s |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for fmt, f in sorted(ing["formats"].items()):
        out.append(
            f"| {fmt} | {f['files']} | {_n(f['lines'])} | {_n(f['turns_generated'])} | {_n(f['turns_found'])} | "
            f"{_n(f['turns_matched'])} | {len(f['misdetected'])} | {f['cpu_seconds']:.1f} | "
            f"{_n(f['lines'] / f['cpu_seconds']) if f['cpu_seconds'] else '—'} |"
        )
    out.append(
        f"| **all** | {ing['files']} | {_n(ing['lines'])} | {_n(ing['turns_generated'])} | "
        f"{_n(ing['turns_found'])} | {_n(ing['turns_matched'])} | {len(ing['misdetected'])} | | |"
    )
    how = ", ".join(f"{k} {_n(v)}" for k, v in ing["resolution"].items())
    named = ", ".join(f"{k} ({_n(v)})" for k, v in list(ing["resolved_labels"].items())[:12]) or "none"
    out += [
        "",
        f"Speaker resolution of the turns: {how}. The people are invented, so only labels that name a "
        f"delegation by its country may resolve; resolved: {named}.",
    ]
    if ing["errors"]:
        out += ["", "Files refused: " + "; ".join(ing["errors"][:10])]
    return out


def _profile(p: Result) -> list[str]:
    total = sum(p["stage_seconds"].values())
    out = [
        f"Profile of a sample: {p['sample_files']} files, {_n(p['sample_lines'])} lines, one process, CPU "
        f"seconds; `ingest` took {p['ingest_seconds']:.2f} s, the stages timed one by one {total:.2f} s.",
        "",
        "| stage | seconds | share |",
        "|---|---:|---:|",
    ]
    out += [f"| {stage} | {s:.2f} | {s / total:.0%} |" for stage, s in p["stage_seconds"].items()]
    out += ["", "| reader | on its own format (s) | on the other formats (s) |", "|---|---:|---:|"]
    out += [f"| {name} | {c['own_format']:.2f} | {c['other_formats']:.2f} |" for name, c in p["reader_seconds"].items()]
    out += ["", "| function (cProfile, by own time) | calls | own s | cumulative s |", "|---|---:|---:|---:|"]
    out += [
        f"| `{f['function']}` | {_n(f['calls'])} | {f['own_seconds']:.2f} | {f['cumulative_seconds']:.2f} |"
        for f in p["top_functions"][:12]
    ]
    return out


def markdown(r: Result) -> str:
    """The results as Markdown: overview, targets, correctness per format, profile."""
    params, m = r["params"], r["machine"]
    lines = [
        "# Transcript ingestion benchmark",
        "",
        f"{params['files']} generated transcripts of about {params['lines']} lines (seed {params['seed']}), "
        f"{m['cpus']} CPUs, Python {m['python']}, {m['platform']}; started {r.get('started', '?')}, "
        f"load average (1, 5, 15 min) before the run {_loads(m.get('load_average'))}, "
        f"after it {_loads(m.get('load_average_after'))}.",
        "",
        *_overview(r),
        "",
        *_targets(r),
        "",
        *_formats(r),
    ]
    if r.get("profile"):
        lines += ["", *_profile(r["profile"])]
    return "\n".join(lines) + "\n"
