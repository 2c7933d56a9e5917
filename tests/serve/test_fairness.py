"""Fairness under load: each client's budget of query time, one client's share of the workers, a
bounded queue that answers 503 at once, and files, pages and /healthz that never wait on queries.

The admission and the budget are tested on their own (a clock the test moves, an event loop of its
own), then through the real server on loopback. Clients are told apart by their address: a test
client that must be another client connects from 127.0.0.2 (all of 127/8 is loopback on Linux).
Time limits in these tests are hang guards, generous next to what they guard (a query held for
many seconds), never measures of speed.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from kg.pipeline.build import BuildReport
from kg.serve.admission import Admission, Refused
from kg.serve.ratelimit import TimeBudget, client_key
from tests.serve.conftest import Server, start_server
from tests.serve.test_browser import ARTIFACTS
from tests.serve.testjobs import sleeping

ALIVE = "ASK { ?s ?p ?o }"
CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def client_from(url: str, address: str, timeout: float = 60) -> httpx.Client:
    """An HTTP client whose connections come from ``address`` (a loopback address of its own)."""
    return httpx.Client(base_url=url, timeout=timeout, transport=httpx.HTTPTransport(local_address=address))


# --- the query-time budget --------------------------------------------------------------------------


def test_a_query_is_charged_its_duration_and_an_empty_budget_waits_for_the_refill() -> None:
    clock = Clock()
    budget = TimeBudget(per_minute=60, clock=clock)  # one second a second, 120 s saved up
    assert budget.wait("a") == 0
    budget.charge("a", 119.5)
    assert budget.wait("a") == 0  # half a second left: let in, the cost is only known afterwards
    budget.charge("a", 10.5)  # the query ran past what was left: the bucket owes 10 s
    wait = budget.wait("a")
    assert 10 <= wait < 10.1
    clock.now += 5
    assert 5 <= budget.wait("a") < 5.1
    clock.now += 5.1
    assert budget.wait("a") == 0


def test_the_budget_is_per_client_and_a_debt_is_bounded() -> None:
    clock = Clock()
    budget = TimeBudget(per_minute=6, clock=clock)  # a tenth of a second a second, 12 s saved up
    budget.charge("a", 10_000)
    assert budget.left("a") == -12  # never owes more than a full bucket
    assert 119 < budget.wait("a") < 121
    assert budget.wait("b") == 0


def test_clients_are_told_apart_by_address_and_an_ipv6_client_by_its_network() -> None:
    assert client_key("192.0.2.7") == "192.0.2.7"
    assert client_key("::ffff:192.0.2.7") == "192.0.2.7"
    assert client_key("2001:db8:1:2::1") == client_key("2001:db8:1:2:ffff::9") == "2001:db8:1:2::/64"
    assert client_key("2001:db8:1:3::1") != client_key("2001:db8:1:2::1")
    assert client_key(None) == "unknown"


# --- admission ----------------------------------------------------------------------------------------


def run(coroutine: object) -> object:
    return asyncio.run(coroutine)  # type: ignore[arg-type]


def test_when_every_worker_is_busy_and_the_queue_is_full_the_answer_is_503_at_once() -> None:
    async def scenario() -> None:
        gate = Admission(workers=1, queue=1, per_client=0, deadline=10)
        running = await gate.enter("a", wait=5)
        waiting = asyncio.create_task(gate.enter("b", wait=5))
        await asyncio.sleep(0)
        assert gate.busy == 1 and gate.waiting == 1 and gate.saturated
        started = time.monotonic()
        with pytest.raises(Refused) as refused:
            await gate.enter("c", wait=5)
        assert time.monotonic() - started < 0.1  # refused without waiting
        assert refused.value.status == 503 and 1 <= refused.value.retry_after <= 10
        gate.leave(running)
        ticket = await waiting
        assert ticket.running and gate.waiting == 0
        gate.leave(ticket)
        assert gate.busy == 0 and gate.rejected["saturated"] == 1

    run(scenario())


def test_a_client_has_its_share_of_the_workers_and_the_others_go_first() -> None:
    async def scenario() -> None:
        gate = Admission(workers=2, queue=4, per_client=1, deadline=10)
        first = await gate.enter("greedy", wait=5)
        second = asyncio.create_task(gate.enter("greedy", wait=5))
        await asyncio.sleep(0)
        assert gate.busy == 1 and gate.waiting == 1  # a worker is free, but not for this client
        with pytest.raises(Refused) as refused:
            await gate.enter("greedy", wait=5)  # one running and one waiting: that is its share
        assert refused.value.status == 429
        other = await gate.enter("polite", wait=5)  # another client walks past the greedy one's queue
        assert other.running and gate.busy == 2
        gate.leave(other)
        await asyncio.sleep(0)
        assert not second.done()  # a free worker, still not the greedy client's second one
        gate.leave(first)
        gate.leave(await second)

    run(scenario())


def test_a_free_worker_goes_to_the_client_with_the_fewest_running() -> None:
    async def scenario() -> None:
        gate = Admission(workers=2, queue=4, per_client=0, deadline=10)
        busy = await gate.enter("busy", wait=5)
        other = await gate.enter("other", wait=5)
        older = asyncio.create_task(gate.enter("busy", wait=5))
        await asyncio.sleep(0)
        newer = asyncio.create_task(gate.enter("idle", wait=5))
        await asyncio.sleep(0)
        gate.leave(other)  # "busy" still runs one; "idle" runs none: it goes first, though it came later
        ticket = await newer
        assert ticket.running and not older.done()
        gate.leave(ticket)
        gate.leave(busy)
        gate.leave(await older)

    run(scenario())


def test_a_request_waits_in_the_queue_only_so_long() -> None:
    async def scenario() -> None:
        gate = Admission(workers=1, queue=3, per_client=0, deadline=10)
        held = await gate.enter("a", wait=5)
        with pytest.raises(Refused) as refused:
            await gate.enter("b", wait=0.05)
        assert refused.value.status == 503 and gate.waiting == 0 and gate.rejected["waited"] == 1
        gone = asyncio.create_task(gate.enter("c", wait=5))
        await asyncio.sleep(0)
        gone.cancel()  # the client went away while waiting: it leaves the queue
        with pytest.raises(asyncio.CancelledError):
            await gone
        assert gate.waiting == 0
        gate.leave(held)
        gate.leave(held)  # a second release changes nothing
        assert gate.busy == 0

    run(scenario())


# --- through the real server ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def queued(built: BuildReport, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One worker, one place in the queue, no per-client limits: saturated by two slow requests."""
    log = tmp_path_factory.mktemp("serve-queue") / "serve.log"
    running = start_server(
        built.out_dir / "store",
        log,
        "--workers",
        "1",
        "--queue",
        "1",
        "--client-queries",
        "0",
        "--query-budget",
        "0",
        "--rate-limit",
        "0",
        "--timeout",
        "30",
        test_jobs=True,
    )
    yield running
    running.stop()


def timed_get(http: httpx.Client, path: str) -> tuple[int, float, httpx.Response]:
    started = time.monotonic()
    response = http.get(path)
    return response.status_code, time.monotonic() - started, response


def flood(url: str, requests: int, hold: float) -> tuple[list[threading.Thread], list[tuple[int, float]]]:
    """``requests`` queries at once, each holding its worker ``hold`` seconds; the threads that
    send them, and (status, seconds) of each answer as it comes."""
    answers: list[tuple[int, float]] = []
    lock = threading.Lock()

    def slow() -> None:
        with httpx.Client(base_url=url, timeout=120) as http:
            started = time.monotonic()
            status = http.post("sparql", data={"query": sleeping(hold)}).status_code
            with lock:
                answers.append((status, time.monotonic() - started))

    threads = [threading.Thread(target=slow) for _ in range(requests)]
    for thread in threads:
        thread.start()
    return threads, answers


def test_a_flood_of_queries_is_refused_at_once_while_files_pages_and_healthz_answer(queued: Server) -> None:
    hold = 10.0  # how long each admitted query holds the one worker
    threads, answers = flood(queued.url, 40, hold)
    time.sleep(1.5)
    seen = {}
    with httpx.Client(base_url=queued.url, timeout=hold * 3) as http:
        health_status, _, health = timed_get(http, "healthz")
        for path in ("dumps/igkg.ttl", "static/igkg.css", "", ".well-known/void", "ontology"):
            status, seconds, _ = timed_get(http, path)
            seen[path or "/"] = (status, round(seconds, 3))
    for thread in threads:
        thread.join()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "serve-flood.json").write_text(
        json.dumps({"while_saturated": seen, "queries": sorted(answers)}, indent=2) + "\n"
    )
    # Hang guards: a file that waited for a worker would wait for the held queries (10 s each), a
    # refused query that had waited in the queue would have waited 45 s (1.5 deadlines).
    assert [path for path, (status, seconds) in seen.items() if status != 200 or seconds > hold / 2] == [], seen
    assert health_status == 503 and health.json()["status"] == "saturated"
    assert health.json()["busy"] == 1 and health.json()["queued"] == 1
    assert sorted(status for status, _ in answers) == [200] * 2 + [503] * 38
    assert max(seconds for status, seconds in answers if status == 503) < hold  # refused at once
    with httpx.Client(base_url=queued.url, timeout=30) as http:
        after = http.get("healthz")
        assert after.status_code == 200 and after.json()["status"] == "ok"
        assert after.json()["rejected"]["queue_full"] >= 38


def test_a_refusal_for_a_full_queue_says_when_to_come_back(queued: Server) -> None:
    holders, _ = flood(queued.url, 2, 4.0)
    time.sleep(1.0)
    with httpx.Client(base_url=queued.url, timeout=30) as http:
        refused = http.post("sparql", data={"query": ALIVE})
    for thread in holders:
        thread.join()
    assert refused.status_code == 503, refused.text
    assert 1 <= int(refused.headers["retry-after"]) <= 30
    assert "queue is full" in refused.text


@pytest.fixture(scope="module")
def shared(built: BuildReport, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """Two workers with the default share per client (one running, one waiting)."""
    log = tmp_path_factory.mktemp("serve-share") / "serve.log"
    running = start_server(
        built.out_dir / "store", log, "--workers", "2", "--rate-limit", "0", "--timeout", "30", test_jobs=True
    )
    yield running
    running.stop()


def test_one_client_cannot_hold_every_worker(shared: Server) -> None:
    hold = 8.0
    greedy_statuses: list[int] = []

    def greedy() -> None:
        with client_from(shared.url, "127.0.0.2") as http:
            greedy_statuses.append(http.post("sparql", data={"query": sleeping(hold)}).status_code)

    threads = [threading.Thread(target=greedy) for _ in range(4)]
    for thread in threads:
        thread.start()
    time.sleep(1.0)
    with httpx.Client(base_url=shared.url, timeout=hold * 4) as http:
        started = time.monotonic()
        answer = http.get("sparql", params={"query": ALIVE})
        waited = time.monotonic() - started
    for thread in threads:
        thread.join()
    assert answer.status_code == 200 and answer.json()["boolean"] is True
    assert waited < hold / 2  # hang guard: it did not wait for the greedy client's queries
    assert sorted(greedy_statuses) == [200, 200, 429, 429]  # one running, one waiting, the rest told so


def test_a_client_past_its_query_time_gets_429_with_retry_after_and_others_do_not(
    built: BuildReport, tmp_path: Path
) -> None:
    # A budget of half a second a minute (1 s saved up): one query killed at the 1.5 s deadline
    # (its worker's restart on top) spends more than all of it.
    budgeted = start_server(
        built.out_dir / "store",
        tmp_path / "serve.log",
        "--workers",
        "1",
        "--timeout",
        "1.5",
        "--query-budget",
        "0.5",
        "--rate-limit",
        "0",
    )
    try:
        with client_from(budgeted.url, "127.0.0.2") as heavy, httpx.Client(base_url=budgeted.url, timeout=60) as light:
            killed = heavy.post("sparql", data={"query": CARTESIAN})
            assert killed.status_code == 503 and "deadline" in killed.text
            throttled = heavy.get("sparql", params={"query": ALIVE})
            assert throttled.status_code == 429, throttled.text
            assert "query time" in throttled.text
            # Owed: over half a second (the deadline less the 1 s saved), at most the 1 s a debt is
            # bounded by, refilled at half a second a minute.
            assert 60 <= int(throttled.headers["retry-after"]) <= 121
            assert light.get("sparql", params={"query": ALIVE}).status_code == 200
            health = light.get("healthz").json()
            assert health["rejected"]["query_budget"] == 1 and health["deadline_kills"] == 1
    finally:
        budgeted.stop()


# --- who the client is -------------------------------------------------------------------------------


def rate_limited_statuses(url: str, forwarded: bool) -> list[int]:
    with httpx.Client(base_url=url, timeout=30) as http:
        return [
            http.get(
                "sparql",
                params={"query": ALIVE},
                headers={"X-Forwarded-For": f"198.51.100.{i}"} if forwarded else {},
            ).status_code
            for i in range(8)
        ]


def test_x_forwarded_for_is_ignored_unless_the_peer_is_a_trusted_proxy(built: BuildReport, tmp_path: Path) -> None:
    plain = start_server(built.out_dir / "store", tmp_path / "plain.log", "--workers", "1", "--rate-limit", "1")
    try:
        assert 429 in rate_limited_statuses(plain.url, forwarded=True)  # a forged header changes nothing
    finally:
        plain.stop()
    proxied = start_server(
        built.out_dir / "store",
        tmp_path / "proxied.log",
        "--workers",
        "1",
        "--rate-limit",
        "1",
        "--trusted-proxy",
        "127.0.0.1",
    )
    try:
        assert 429 not in rate_limited_statuses(proxied.url, forwarded=True)  # each named client has its own
        assert 429 in rate_limited_statuses(proxied.url, forwarded=False)  # the proxy itself is one client
    finally:
        proxied.stop()
