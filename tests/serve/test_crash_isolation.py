"""A crash costs the request that caused it, and nobody else.

One client (from 127.0.0.2) sends queries that kill the worker that takes them, back to back, as
fast as the server's default limits let it (it does not even wait out Retry-After). A second
client (SPARQLWrapper, from 127.0.0.1) asks its questions meanwhile, ten a second (within the
default rate of twenty); every one of them must be answered, and right.

The crash is the test instruction of :mod:`tests.serve.testjobs` (the worker kills itself with
SIGSEGV, as pyoxigraph does on a stack overflow): the query policy refuses every crashing input
we know, so the test needs a crash that does not depend on finding a new one.
"""

from __future__ import annotations

import json
import statistics
import threading
import time
from collections import Counter
from pathlib import Path

import httpx
from SPARQLWrapper import JSON, SPARQLWrapper

from kg.pipeline.build import BuildReport
from tests.serve.conftest import start_server
from tests.serve.test_browser import ARTIFACTS
from tests.serve.test_fairness import client_from
from tests.serve.testjobs import crashing

SECONDS = 20.0
PACE = 0.1  # seconds between two questions of the second client
WG = "https://w3id.org/igkg/id/wg-igf-improvements"
QUESTIONS = [
    (f"ASK {{ <{WG}> ?p ?o }}", lambda answer: answer["boolean"] is True),
    (
        "PREFIX igkg: <https://w3id.org/igkg/ontology#> SELECT ?wg WHERE { ?wg a igkg:WorkingGroup } ORDER BY ?wg",
        lambda answer: WG in [b["wg"]["value"] for b in answer["results"]["bindings"]],
    ),
]


def test_a_client_crashing_workers_costs_a_second_client_nothing(built: BuildReport, tmp_path: Path) -> None:
    # The default limits (rate, query-time budget, one running request per client of two workers).
    server = start_server(built.out_dir / "store", tmp_path / "serve.log", "--workers", "2", test_jobs=True)
    stop = threading.Event()
    attacks: Counter[int] = Counter()

    def attack() -> None:
        with client_from(server.url, "127.0.0.2") as http:
            while not stop.is_set():
                attacks[http.post("sparql", data={"query": crashing()}).status_code] += 1

    attackers = [threading.Thread(target=attack) for _ in range(3)]
    failures: list[str] = []
    latencies: list[float] = []
    try:
        for thread in attackers:
            thread.start()
        time.sleep(1.0)
        sparql = SPARQLWrapper(server.url + "sparql", agent="igkg-test-second-client")
        sparql.setReturnFormat(JSON)
        sparql.setTimeout(60)
        until = time.monotonic() + SECONDS
        asked = 0
        while time.monotonic() < until:
            query, right = QUESTIONS[asked % len(QUESTIONS)]
            asked += 1
            sparql.setQuery(query)
            started = time.monotonic()
            try:
                answer = sparql.queryAndConvert()
                if not right(answer):
                    failures.append(f"wrong answer to {query!r}: {answer!r}")
            except Exception as exc:  # any failure of the second client is what the test counts
                failures.append(f"{type(exc).__name__}: {exc}")
            latencies.append(time.monotonic() - started)
            time.sleep(PACE)
    finally:
        stop.set()
        for thread in attackers:
            thread.join(timeout=120)
        with httpx.Client(base_url=server.url, timeout=30) as http:
            health = http.get("healthz").json()
        server.stop()
    report = {
        "seconds": SECONDS,
        "second_client": {
            "requests": len(latencies),
            "failures": len(failures),
            "p50_ms": round(statistics.median(latencies) * 1000, 1),
            "max_ms": round(max(latencies) * 1000, 1),
        },
        "attacker_statuses": dict(sorted(attacks.items())),
        "worker_crashes": health["worker_crashes"],
    }
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "serve-crash-isolation.json").write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report))
    assert failures == [], failures[:5]
    assert len(latencies) >= 10
    assert attacks[500] >= 5 and health["worker_crashes"] >= 5  # the attack really crashed workers
