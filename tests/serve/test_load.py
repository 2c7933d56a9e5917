"""A bounded load test on loopback: a fixed number of clients for a fixed time, zero errors.
Speed is reported (test-artifacts/serve-load.json), not asserted: benchmarks/ measures it."""

from __future__ import annotations

import json
from dataclasses import asdict

from benchmarks.serve_load import measure, table
from tests.serve.conftest import Server
from tests.serve.test_browser import ARTIFACTS


def test_concurrent_clients_get_no_errors(server: Server) -> None:
    report = measure(server.url, server.store, clients=6, seconds=8)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "serve-load.json").write_text(json.dumps(asdict(report), indent=2) + "\n")
    print(table(report))
    assert report.requests > 0
    assert report.errors == 0, report.statuses
