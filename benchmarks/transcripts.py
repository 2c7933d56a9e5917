"""The transcript-ingestion benchmark (issue 14, item 10): many generated transcripts ingested by
the real loader, against a bare regex pass over the same files in the same run.

    python -m benchmarks.transcripts [--files 1000] [--lines 2000] [--seed 1] [--work DIR] [--jobs 2]
                                     [--out benchmarks/results] [--profile auto|always|never]

1. Generates ``--files`` transcripts of about ``--lines`` lines each, in the formats the readers
   cover, with invented names and speech (benchmarks/transcript_formats.py); each file knows its
   own turns. ``--work DIR`` keeps them there and reuses them on the next run with the same
   arguments; without it they go to a temporary folder, removed at the end.
2. Times the baseline: one process reads every file and runs ``re.findall`` of a generic speaker
   pattern on each line. It is the floor: reading the bytes and looking at every line once.
3. Times the ingestion: ``kg.meetings.transcripts.ingest.ingest(path, resolver)`` on every file,
   with the real speaker resolver (``kg.meetings.attribution.resolver_for(None)``, built once per
   worker), in ``--jobs`` worker processes fed chunks of files. The wall time includes starting
   the workers, importing igkg and building the speaker index in each.
4. Checks what ingestion found against what was generated: turns (header lines) found, generated
   and matched, and files whose detected reader is not the format's.
5. Profiles a sample (every stage and every reader timed, then cProfile's hottest functions) when
   the ingestion misses its 60 s target, or always with ``--profile always``
   (benchmarks/transcript_profile.py).

Memory is the peak resident set of the whole process tree: the parent's own peak over the step
(the kernel's high-water mark reset just before it, as benchmarks/timing.py does) plus each
worker's peak (each resets its mark when it starts, since a new process inherits nothing but
reports its own ``VmHWM``), summed: an upper bound, as the peaks need not coincide.
``getrusage(RUSAGE_CHILDREN).ru_maxrss`` (the largest single worker) is reported beside it.

Writes ``transcripts-latest.json`` and ``transcripts-latest.md`` into ``--out``. No figure here is
asserted by a test (benchmarks/__init__.py).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import platform
import re
import resource
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from benchmarks.plan import ROOT, Result
from benchmarks.timing import reset_peak, rss_kb
from benchmarks.transcript_formats import Generated, generate, stored

#: The issue's targets for 1 000 files of 2 000 lines on this 2-core machine.
TARGET_SECONDS = 60.0
TARGET_PEAK_MB = 500.0
#: Files per task handed to a worker: small enough to balance two workers near the end, large
#: enough that the cost of sending a task is nothing beside ~0.1 s of work per file.
CHUNK = 10
#: The baseline's speaker pattern: a capitalised name of up to six words, optionally after ``>>``
#: or ``**`` or in brackets, then a colon. Generic on purpose: it knows no format.
SPEAKER = re.compile(r"^\s*(?:>>\s*|\*\*)?\[?([A-Z][\w.'’-]*(?:[ \t]+[\w.'’()-]+){0,5}?)\]?\s*:")

# One (path, format, expected reader, lines, expected header lines) per file.
Task = tuple[str, str, str, int, tuple[int, ...]]


def _peak_kb() -> int:
    return rss_kb("VmHWM") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


# --- the workers --------------------------------------------------------------------------------

_WORKER: dict[str, object] = {}


def _start_worker() -> None:
    """Build the resolver once per worker (the speaker index: igkg's records and aliases)."""
    started = time.perf_counter()
    from kg.meetings.attribution import resolver_for

    _WORKER["resolver"] = resolver_for(None)
    _WORKER["start_seconds"] = time.perf_counter() - started
    reset_peak()  # measured from here: start-up's own peak is included through VmHWM below anyway


def _empty_format() -> Result:
    return {
        "files": 0,
        "lines": 0,
        "turns_generated": 0,
        "turns_found": 0,
        "turns_matched": 0,
        "cpu_seconds": 0.0,  # CPU, not wall: on a shared machine a worker's wall time includes waiting
        "misdetected": [],
        "errors": [],
    }


def _ingest_chunk(tasks: list[Task]) -> Result:
    """Ingest a chunk of files in this worker; the counts per format, and this worker's peak."""
    from kg.core.errors import SourceError
    from kg.meetings.attribution import RecordResolver
    from kg.meetings.transcripts.ingest import ingest

    resolver = _WORKER["resolver"]
    assert isinstance(resolver, RecordResolver)
    formats: dict[str, Result] = {}
    how: Counter[str] = Counter()
    named: Counter[str] = Counter()  # "label -> slug" of every resolved turn: invented names must not resolve
    for path, fmt, expected, lines, headers in tasks:
        stats = formats.setdefault(fmt, _empty_format())
        stats["files"] += 1
        stats["lines"] += lines
        stats["turns_generated"] += len(headers)
        started = time.process_time()
        try:
            report = ingest(Path(path), resolver)
        except SourceError as exc:
            stats["errors"].append(f"{Path(path).name}: {exc}")
            continue
        finally:
            stats["cpu_seconds"] += time.process_time() - started
        found = [turn.header.line for turn in report.turns]
        stats["turns_found"] += len(found)
        stats["turns_matched"] += len(set(found) & set(headers))
        if report.detection.reading.reader != expected:
            stats["misdetected"].append(f"{Path(path).name}: {report.detection.reading.reader}")
        how.update(a.how for a in report.attributions)
        named.update(
            f"{t.header.label} -> {a.speaker}"
            for t, a in zip(report.turns, report.attributions, strict=True)
            if a.speaker
        )
    return {
        "pid": os.getpid(),
        "peak_kb": _peak_kb(),
        "start_seconds": _WORKER["start_seconds"],
        "formats": formats,
        "how": dict(how),
        "named": dict(named),
    }


def _chunks(tasks: list[Task], size: int) -> Iterator[list[Task]]:
    for i in range(0, len(tasks), size):
        yield tasks[i : i + size]


def _merge(total: dict[str, Result], part: dict[str, Result]) -> None:
    for fmt, stats in part.items():
        into = total.setdefault(fmt, _empty_format())
        for key, value in stats.items():
            into[key] = into[key] + value


def _totals(formats: dict[str, Result]) -> Result:
    keys = ("files", "lines", "turns_generated", "turns_found", "turns_matched")
    out: Result = {key: sum(f[key] for f in formats.values()) for key in keys}
    out["misdetected"] = [m for f in formats.values() for m in f["misdetected"]]
    out["errors"] = [e for f in formats.values() for e in f["errors"]]
    return out


def run_ingestion(tasks: list[Task], jobs: int, chunk: int = CHUNK) -> Result:
    """The real ingestion of every task in ``jobs`` spawned workers: wall and CPU time, memory,
    and what was found per format."""
    # spawn, not fork: a worker starts as a fresh interpreter, so its peak RSS is its own (a forked
    # worker would count the parent's pages as its own) and it pays igkg's real start-up.
    context = multiprocessing.get_context("spawn")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    exact = reset_peak()
    started = time.perf_counter()
    cpu_started = time.process_time()
    formats: dict[str, Result] = {}
    how: Counter[str] = Counter()
    named: Counter[str] = Counter()
    workers: dict[int, Result] = {}
    with context.Pool(jobs, initializer=_start_worker) as pool:
        for part in pool.imap_unordered(_ingest_chunk, list(_chunks(tasks, chunk))):
            _merge(formats, part["formats"])
            how.update(part["how"])
            named.update(part["named"])
            seen = workers.setdefault(part["pid"], {"peak_kb": 0, "start_seconds": part["start_seconds"]})
            seen["peak_kb"] = max(seen["peak_kb"], part["peak_kb"])
        pool.close()
        pool.join()  # reaped, so that RUSAGE_CHILDREN counts them
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    parent_mb = _peak_kb() / 1024
    worker_mb = sorted((w["peak_kb"] / 1024 for w in workers.values()), reverse=True)
    totals = _totals(formats)
    return {
        **totals,
        "jobs": jobs,
        "chunk": chunk,
        "seconds": seconds,
        "lines_per_second": totals["lines"] / seconds,
        "cpu_seconds": time.process_time()
        - cpu_started
        + (after.ru_utime - before.ru_utime)
        + (after.ru_stime - before.ru_stime),
        "worker_start_seconds": max((w["start_seconds"] for w in workers.values()), default=0.0),
        "peak_rss_mb": {
            "parent": parent_mb,
            "workers": worker_mb,
            "tree": parent_mb + sum(worker_mb),
            "largest_child_rusage": after.ru_maxrss / 1024,
            "method": "VmHWM after clear_refs" if exact else "ru_maxrss",
        },
        "resolution": dict(sorted(how.items())),
        "resolved_labels": dict(named.most_common()),
        "formats": formats,
    }


# --- the baseline -------------------------------------------------------------------------------


def run_baseline(paths: list[Path], lines: int) -> Result:
    """One process reads every file and looks for a speaker on every line with one regex."""
    exact = reset_peak()
    started = time.perf_counter()
    matches = 0
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            matches += len(SPEAKER.findall(line))
    seconds = time.perf_counter() - started
    return {
        "files": len(paths),
        "lines": lines,
        "seconds": seconds,
        "lines_per_second": lines / seconds,
        "matches": matches,
        "peak_rss_mb": _peak_kb() / 1024,
        "memory_method": "VmHWM after clear_refs" if exact else "ru_maxrss",
    }


# --- the run ------------------------------------------------------------------------------------


def machine() -> Result:
    """What the figures were measured on."""
    return {
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "python": platform.python_version(),
        "load_average": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
    }


def _tasks(folder: Path, made: list[Generated]) -> list[Task]:
    return [(str(folder / g.name), g.fmt, g.reader, g.lines, g.headers) for g in made]


def measure(args: argparse.Namespace, folder: Path) -> Result:
    """Generate (or reuse) the files in ``folder``, then time the baseline and the ingestion."""
    started = time.perf_counter()
    reused = stored(folder, args.files, args.lines, args.seed) is not None
    made = generate(folder, args.files, args.lines, args.seed)
    lines = sum(g.lines for g in made)
    generation: Result = {
        "seconds": time.perf_counter() - started,
        "reused": reused,  # the files of an earlier run with the same arguments (--work)
        "files": len(made),
        "lines": lines,
        "bytes": sum((folder / g.name).stat().st_size for g in made),
        "formats": sorted({g.fmt for g in made}),
    }
    baseline = run_baseline([folder / g.name for g in made], lines)
    ingestion = run_ingestion(_tasks(folder, made), args.jobs)
    results: Result = {
        "benchmark": "transcripts",
        "machine": machine(),
        "params": {"files": args.files, "lines": args.lines, "seed": args.seed, "jobs": args.jobs},
        "generation": generation,
        "baseline": baseline,
        "ingestion": ingestion,
        "baseline_over_ingestion": baseline["lines_per_second"] / ingestion["lines_per_second"],
        # the baseline runs in one process, so its CPU time is about its wall time
        "baseline_over_ingestion_per_cpu_second": baseline["lines_per_second"]
        / (ingestion["lines"] / ingestion["cpu_seconds"]),
        "targets": {
            "seconds": TARGET_SECONDS,
            "peak_rss_mb": TARGET_PEAK_MB,
            "seconds_met": ingestion["seconds"] < TARGET_SECONDS,
            "memory_met": ingestion["peak_rss_mb"]["tree"] < TARGET_PEAK_MB,
        },
        "profile": None,
    }
    if args.profile == "always" or (args.profile == "auto" and not results["targets"]["seconds_met"]):
        from benchmarks.transcript_profile import profile

        results["profile"] = profile(folder, made, args.profile_files)
    return results


def run(args: argparse.Namespace) -> Result:
    """The whole benchmark; writes transcripts-latest.json and .md into ``args.out``."""
    from benchmarks.transcript_report import markdown

    started_at = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    started = time.perf_counter()
    if args.work is not None:
        results = measure(args, args.work)
    else:
        with tempfile.TemporaryDirectory(prefix="igkg-transcripts-") as tmp:
            results = measure(args, Path(tmp))
    results["started"] = started_at
    results["machine"]["load_average_after"] = list(os.getloadavg()) if hasattr(os, "getloadavg") else None
    results["wall_seconds"] = time.perf_counter() - started
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "transcripts-latest.json").write_text(json.dumps(results, indent=2, sort_keys=True) + "\n")
    (args.out / "transcripts-latest.md").write_text(markdown(results))
    return results


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="igkg transcript-ingestion benchmark (see benchmarks/README.md)")
    parser.add_argument("--files", type=int, default=1000, help="transcripts to generate (default 1000)")
    parser.add_argument("--lines", type=int, default=2000, help="about this many lines each (default 2000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, help="keep the generated files here (reused with the same arguments)")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes for the ingestion (default 2)")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results")
    parser.add_argument(
        "--profile",
        choices=("auto", "always", "never"),
        default="auto",
        help="profile a sample: when the ingestion misses its target (auto), always or never",
    )
    parser.add_argument(
        "--profile-files", type=int, default=4, help="files per format in the profiled sample (default 4)"
    )
    args = parser.parse_args(argv)
    if args.files < 1 or args.lines < 10 or args.jobs < 1:
        parser.error("--files and --jobs must be at least 1, --lines at least 10")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    results = run(args)
    print((args.out / "transcripts-latest.md").read_text())
    print(f"wrote {args.out}/transcripts-latest.json and .md in {results['wall_seconds']:.0f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
