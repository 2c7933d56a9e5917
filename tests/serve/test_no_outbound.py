"""The processes that evaluate queries reach nothing, even when a query gets past the policy:
the server's query workers and the command line are cut off the network (kg.core.sandbox).

"The network" is a real request logger on loopback (tests/netlog.py). A query past the policy
is simulated without weakening igkg: a query worker started exactly as the server starts it
(``jobs.initialise``) is handed a job that runs its engine directly. The real server and the real
command line are shown cut off from /proc, and fed the disguises the issue found in the policy.
A container that forbids namespaces, or seccomp as well, is a seccomp filter of the test's own.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from kg.pipeline.build import BuildReport
from kg.serve import jobs
from kg.serve.workers import WorkerPool
from tests.conftest import REPO, free_port, run_module
from tests.netlog import RequestLogger, engine_query
from tests.serve.conftest import Server

ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def disguised_services(url: str) -> list[str]:
    """SERVICE as the issue smuggled it past the text-scanning policy, and plainly."""
    return [
        f"PREFIX ex: <http://e/> SELECT ?x WHERE {{ BIND(ex:a\\# AS ?x) SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ \\u0053ERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * FROM <{url}> WHERE {{ ?s ?p ?o }} LIMIT 1",
    ]


def service(url: str) -> str:
    return f"SELECT ?s WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}"


# --- what /proc says of a process ---------------------------------------------------------------


def cut_off(pid: int) -> bool:
    """In a network namespace other than the test's, or under a seccomp filter."""
    if os.readlink(f"/proc/{pid}/ns/net") != os.readlink("/proc/self/ns/net"):
        return True
    status = Path(f"/proc/{pid}/status").read_text()
    return re.search(r"^Seccomp:\s+2$", status, re.M) is not None


def query_workers(server_pid: int) -> list[int]:
    """The server's worker processes (spawned by multiprocessing; not its resource tracker)."""
    workers = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:  # it ended meanwhile
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == server_pid and b"spawn_main" in cmdline:
            workers.append(int(entry.name))
    return sorted(workers)


# --- the query workers --------------------------------------------------------------------------


@pytest.fixture
def worker_pool(built: BuildReport, request: pytest.FixtureRequest) -> Iterator[WorkerPool]:
    """One query worker started as the server starts it, with ``request.param`` SERVICE endpoints
    allowed, whose handler runs a query straight on the engine (past the policy)."""
    pool = WorkerPool(1, engine_query, jobs.initialise, (str(built.out_dir / "store"), request.param))
    yield pool
    pool.close()


@pytest.mark.parametrize("worker_pool", [()], indirect=True)
@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_a_query_past_the_policy_in_a_query_worker_reaches_nothing(
    worker_pool: WorkerPool, request_logger: RequestLogger, engine: str
) -> None:
    answer = worker_pool.run((engine, service(request_logger.sparql)), deadline=60)
    assert answer.startswith("error:") and ("unreachable" in answer or "denied" in answer), answer
    assert not request_logger.reached


def test_the_same_worker_with_the_endpoint_allowed_does_reach_it(built: BuildReport) -> None:
    # The control: the handler really runs the engine, which really fetches when not cut off.
    with RequestLogger() as logger:
        pool = WorkerPool(1, engine_query, jobs.initialise, (str(built.out_dir / "store"), (logger.sparql,)))
        try:
            assert "leaked" in pool.run(("oxigraph", service(logger.sparql)), deadline=60)
        finally:
            pool.close()
        assert len(logger.requests) == 1


# --- the real server ----------------------------------------------------------------------------


def test_the_servers_workers_are_cut_off_and_the_server_is_not(server: Server) -> None:
    workers = query_workers(server.process.pid)
    assert len(workers) == 2
    assert all(cut_off(pid) for pid in workers)
    assert not cut_off(server.process.pid)  # it listens on the host's loopback
    # The operator sees it when the server starts, and in /healthz.
    assert "cut off (network namespace)" in server.log.read_text()
    assert httpx.get(server.url + "healthz", timeout=30).json()["network"] == "cut off (network namespace)"


def test_a_replaced_worker_is_cut_off_too(server: Server) -> None:
    before = query_workers(server.process.pid)
    with httpx.Client(base_url=server.url, timeout=60) as client:
        assert client.get("sparql", params={"query": ENDLESS}).status_code == 503  # past the deadline
        # The replacement exists before its initializer has run; it takes jobs only after that.
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:  # a hang guard
            after = query_workers(server.process.pid)
            if len(after) == 2 and after != before and all(cut_off(pid) for pid in after):
                break
            time.sleep(0.2)
        assert len(after) == 2 and after != before
        assert all(cut_off(pid) for pid in after)
        assert client.get("sparql", params={"query": "ASK { ?s ?p ?o }"}).json()["boolean"] is True


def test_disguised_service_queries_to_the_server_reach_nothing(server: Server, request_logger: RequestLogger) -> None:
    with httpx.Client(base_url=server.url, timeout=60) as client:
        for query in disguised_services(request_logger.sparql):
            response = client.post("sparql", data={"query": query})
            assert response.status_code in (200, 400, 502), (query, response.status_code, response.text)
            assert "leaked" not in response.text
        assert client.get("sparql", params={"query": "ASK { ?s ?p ?o }"}).json()["boolean"] is True
    assert not request_logger.reached


# --- the server in a container ------------------------------------------------------------------


def in_container(forbidden: tuple[str, ...], *args: str) -> list[str]:
    """``python -m kg ARGS`` under a seccomp filter that forbids the named system calls."""
    program = (
        "import runpy, sys\n"
        "from tests.netlog import forbid_syscalls\n"
        f"forbid_syscalls(*{forbidden!r})\n"
        "sys.argv = ['igkg', *sys.argv[1:]]\n"
        "runpy.run_module('kg', run_name='__main__', alter_sys=True)\n"
    )
    return [sys.executable, "-c", program, *args]


def serve_in_container(built: BuildReport, log: Path, forbidden: tuple[str, ...], *options: str) -> str:
    """Start ``igkg serve`` in the container until it answers; the log of what it said."""
    port = free_port()
    args = ["serve", "--port", str(port), "--store", str(built.out_dir / "store"), "--workers", "1", *options]
    with log.open("wb") as handle:
        process = subprocess.Popen(in_container(forbidden, *args), stdout=handle, stderr=subprocess.STDOUT, cwd=REPO)
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:  # a hang guard
            if process.poll() is not None:
                pytest.fail(f"igkg serve exited with {process.returncode}:\n{log.read_text()}")
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1).read()
                return log.read_text()
            except OSError:
                time.sleep(0.2)
        pytest.fail(f"igkg serve did not answer within 90 s:\n{log.read_text()}")
    finally:
        process.terminate()
        process.wait(timeout=15)


def test_a_container_that_forbids_namespaces_gets_workers_under_the_seccomp_filter(
    built: BuildReport, tmp_path: Path
) -> None:
    log = serve_in_container(built, tmp_path / "serve.log", ("unshare",))
    assert "cut off (seccomp filter)" in log


def test_where_workers_cannot_be_cut_off_the_server_refuses_to_start(built: BuildReport) -> None:
    args = ["serve", "--port", str(free_port()), "--store", str(built.out_dir / "store"), "--workers", "1"]
    done = subprocess.run(
        in_container(("unshare", "seccomp"), *args), capture_output=True, text=True, cwd=REPO, timeout=120
    )
    assert done.returncode == 2, done.stderr
    assert "cannot be cut off the network (network namespace: unshare(CLONE_NEWNET): " in done.stderr
    assert "--allow-network-unsandboxed" in done.stderr and "Traceback" not in done.stderr


def test_the_operator_may_serve_unsandboxed_and_is_told_so(built: BuildReport, tmp_path: Path) -> None:
    log = serve_in_container(built, tmp_path / "serve.log", ("unshare", "seccomp"), "--allow-network-unsandboxed")
    assert "not cut off (cannot be cut off the network (" in log
    assert "--allow-network-unsandboxed: the query policy is the only line" in log


def test_with_an_allowed_endpoint_the_workers_keep_the_network_and_the_log_says_so(
    built: BuildReport, tmp_path: Path
) -> None:
    log = serve_in_container(built, tmp_path / "serve.log", (), "--allow-service", "http://127.0.0.1:9/sparql")
    assert "not cut off: SERVICE may reach http://127.0.0.1:9/sparql (--allow-service)" in log


# --- the command line ---------------------------------------------------------------------------


def test_the_command_line_evaluates_cut_off_the_network(built: BuildReport) -> None:
    args = [sys.executable, "-m", "kg", "sparql", "--store", str(built.out_dir / "store"), ENDLESS]
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and process.poll() is None and not cut_off(process.pid):
            time.sleep(0.02)  # a hang guard; it is cut off before it opens the store
        assert process.poll() is None and cut_off(process.pid)
    finally:
        process.kill()
        process.wait(timeout=15)


def test_disguised_service_queries_on_the_command_line_reach_nothing(
    built: BuildReport, request_logger: RequestLogger
) -> None:
    for query in disguised_services(request_logger.sparql):
        done = run_module("sparql", "--store", str(built.out_dir / "store"), query)
        assert "leaked" not in done.stdout, done.stdout
    assert not request_logger.reached


def test_the_command_line_keeps_the_network_for_a_remote_endpoint(request_logger: RequestLogger) -> None:
    done = run_module("sparql", "--endpoint", request_logger.sparql, "SELECT ?s WHERE { ?s ?p ?o }")
    assert done.returncode == 0 and "leaked" in done.stdout, done.stderr
    assert len(request_logger.requests) == 1


def test_the_command_line_keeps_the_network_for_an_allowed_service(
    built: BuildReport, request_logger: RequestLogger
) -> None:
    store = str(built.out_dir / "store")
    endpoint = request_logger.sparql
    done = run_module(
        "query", "wikidata-bodies", "--param", f"endpoint={endpoint}", "--allow-service", endpoint, "--store", store
    )
    assert done.returncode == 0, done.stderr
    assert request_logger.requests


def test_where_the_command_line_cannot_be_cut_off_it_warns_once_and_answers(built: BuildReport) -> None:
    args = ["sparql", "--store", str(built.out_dir / "store"), "ASK { ?s ?p ?o }"]
    done = subprocess.run(
        in_container(("unshare", "seccomp"), *args), capture_output=True, text=True, cwd=REPO, timeout=120
    )
    assert done.returncode == 0 and done.stdout == "yes\n", done.stderr
    warnings = [line for line in done.stderr.splitlines() if line.startswith("igkg: warning: this process cannot")]
    assert len(warnings) == 1 and warnings[0].endswith("the query policy is the only line of defence")
