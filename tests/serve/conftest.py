"""A real ``igkg serve`` on loopback, started as its own process over the session's build."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from kg.pipeline.build import BuildReport
from tests.conftest import free_port


@dataclass
class Server:
    url: str  # ends with "/"
    store: Path
    process: subprocess.Popen[bytes]
    log: Path

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:  # pragma: no cover
            self.process.kill()


def start_server(store: Path, log: Path, *options: str, base_url: str | None = None, test_jobs: bool = False) -> Server:
    """``igkg serve`` on a free loopback port; with ``test_jobs``, its workers also obey the test
    instructions of :mod:`tests.serve.testjobs` (sleep, crash)."""
    port = free_port()
    command = ["tests.serve.launch"] if test_jobs else ["kg", "serve"]
    args = [sys.executable, "-m", *command, "--port", str(port), "--store", str(store), *options]
    if base_url:
        args += ["--base-url", base_url]
    handle = log.open("wb")
    process = subprocess.Popen(args, stdout=handle, stderr=subprocess.STDOUT, env={**os.environ})
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"igkg serve exited with {process.returncode}:\n{log.read_text()}")
        try:
            urllib.request.urlopen(url + "healthz", timeout=1).read()
            return Server(url, store, process, log)
        except OSError:
            time.sleep(0.2)
    process.kill()
    pytest.fail(f"igkg serve did not answer within 90 s:\n{log.read_text()}")


@pytest.fixture(scope="session")
def server(built: BuildReport, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The server most tests share: a short deadline (runaway queries are tested against it), no
    per-client limits (the load test's clients share one address), two workers, the default base
    URL."""
    log = tmp_path_factory.mktemp("serve") / "serve.log"
    running = start_server(
        built.out_dir / "store",
        log,
        "--timeout",
        "3",
        "--rate-limit",
        "0",
        "--query-budget",
        "0",
        "--client-queries",
        "0",
        "--workers",
        "2",
    )
    yield running
    running.stop()
