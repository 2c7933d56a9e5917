"""A bounded load test of ``igkg serve``: a fixed number of concurrent clients for a fixed time,
on loopback, asking a fixed mix of requests (every canned query with its example, and entity
pages as HTML and Turtle). Reports throughput, p50/p99 latency and errors (target: 0).

The baseline, measured in the same run: the same SPARQL asked of the embedded store in-process,
one after another, with no HTTP and no worker processes in between. The server's throughput is
reported as a ratio to it.

Run it on a build:  python -m benchmarks.serve_load [--store build/store] [--clients 8] [--seconds 20]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import httpx

from kg.core import settings
from kg.engines import OxigraphView
from kg.query import catalog as queries
from kg.query.binding import bind

ENTITIES = ["wg-igf-improvements", "igf", "cstd", "ecosoc", "meeting-2010-12-cstd"]


def request_mix() -> list[tuple[str, dict[str, str], dict[str, str]]]:
    """(path, params, headers) for each request of the mix, in a fixed order."""
    mix = []
    for query in queries.catalog().values():
        params = {p.name: p.example for p in query.params.values() if p.example}
        text = bind(query.text, query.bind(params))
        mix.append(("sparql", {"query": text}, {"Accept": "application/sparql-results+json"}))
    for slug in ENTITIES:
        mix.append((f"id/{slug}", {}, {"Accept": "text/html"}))
        mix.append((f"id/{slug}", {}, {"Accept": "text/turtle"}))
    return mix


@dataclass
class LoadReport:
    clients: int
    seconds: float
    requests: int = 0
    errors: int = 0
    statuses: dict[str, int] = field(default_factory=dict)
    throughput: float = 0.0  # requests per second
    p50_ms: float = 0.0
    p99_ms: float = 0.0
    baseline_throughput: float = 0.0  # the same SPARQL in-process, serially
    ratio_to_baseline: float = 0.0


def run_load(url: str, clients: int, seconds: float) -> LoadReport:
    mix = request_mix()
    latencies: list[float] = []
    statuses: dict[str, int] = {}
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def client(offset: int) -> None:
        mine: list[float] = []
        seen: dict[str, int] = {}
        with httpx.Client(base_url=url, timeout=60) as http:
            i = offset
            while time.monotonic() < stop_at:
                path, params, headers = mix[i % len(mix)]
                i += 1
                started = time.perf_counter()
                try:
                    status = str(http.get(path, params=params, headers=headers).status_code)
                except httpx.HTTPError as exc:
                    status = type(exc).__name__
                mine.append(time.perf_counter() - started)
                seen[status] = seen.get(status, 0) + 1
        with lock:
            latencies.extend(mine)
            for status, n in seen.items():
                statuses[status] = statuses.get(status, 0) + n

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(n * 7,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    latencies.sort()
    report = LoadReport(clients=clients, seconds=round(elapsed, 2), requests=len(latencies), statuses=statuses)
    report.errors = sum(n for status, n in statuses.items() if status != "200")
    report.throughput = round(len(latencies) / elapsed, 1)
    if latencies:
        report.p50_ms = round(statistics.median(latencies) * 1000, 1)
        report.p99_ms = round(latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000, 1)
    return report


def baseline(store: Path, seconds: float) -> float:
    """Requests per second of the mix's SPARQL on the embedded store, in-process and serially."""
    view = OxigraphView.open(store)
    texts = [params["query"] for path, params, _ in request_mix() if path == "sparql"]
    done = 0
    stop_at = time.monotonic() + seconds
    started = time.monotonic()
    while time.monotonic() < stop_at:
        view.query(texts[done % len(texts)])
        done += 1
    return done / (time.monotonic() - started)


def measure(url: str, store: Path, clients: int, seconds: float) -> LoadReport:
    report = run_load(url, clients, seconds)
    report.baseline_throughput = round(baseline(store, min(seconds, 5.0)), 1)
    if report.baseline_throughput:
        report.ratio_to_baseline = round(report.throughput / report.baseline_throughput, 3)
    return report


def table(report: LoadReport) -> str:
    return "\n".join(
        [
            f"clients            {report.clients}",
            f"duration           {report.seconds} s",
            f"requests           {report.requests}",
            f"errors             {report.errors}  {report.statuses}",
            f"throughput         {report.throughput} req/s",
            f"latency p50 / p99  {report.p50_ms} ms / {report.p99_ms} ms",
            f"baseline           {report.baseline_throughput} queries/s (embedded store, in-process, serial)",
            f"ratio              {report.ratio_to_baseline} x baseline",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    from tests.serve.conftest import start_server

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", type=Path, default=settings.store_dir())
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args(argv)
    log = Path("serve-load.log")
    server = start_server(
        args.store.resolve(),
        log,
        "--rate-limit",
        "0",
        "--client-queries",
        "0",
        "--query-budget",
        "0",
        "--workers",
        str(args.workers),
    )
    try:
        report = measure(server.url, args.store.resolve(), args.clients, args.seconds)
    finally:
        server.stop()
    print(json.dumps(asdict(report), indent=2) if args.json else table(report))
    return 0 if report.errors == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
