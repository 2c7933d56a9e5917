"""Over a thousand hostile requests (tests/hostile.py) against one real ``igkg serve``, with a
request logger on loopback standing for "the network" (issue 15, item 8).

Nothing reaches the logger; no query worker crashes; every answer is a 4xx with a message, or a
200 for a harmless query (or, for a query the policy accepts and pyoxigraph plans for longer than
the deadline, the deadline's 503); and the server goes on answering a health check and a normal
query, asked by a second client all through the attack.

The server keeps its load control on, with room for a test: two workers, a 5 s deadline, a
request rate of 200 a second and 600 s of query time a minute per client (the defaults, 20 and
30 s, would turn most of the corpus away with 429 before the policy saw it). The attacker sends
from 127.0.0.1 on two connections; the second client sends from 127.0.0.2, so that it is counted
as another client, as it would be in production. A 429 or a 503 with Retry-After is waited out
and the request sent again: every request is answered by the policy, not by load control.

A second server, whose operator allowed one SERVICE endpoint on the logger (so its workers keep
the network), gets every SERVICE disguise aimed elsewhere: there the policy alone refuses them,
and the logger hears only the allowed endpoint. A control shows that the run would see a crashed
worker; findings that are a 500 today are strict xfails at the end (each passes, and so fails as
an xfail, once it is fixed).
"""

from __future__ import annotations

import random
import threading
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from kg.pipeline.build import BuildReport
from tests.hostile import ANSWERED, EITHER, REFUSED, SLOW, Hostile, corpus
from tests.netlog import RequestLogger
from tests.serve.conftest import Server, start_server
from tests.serve.testjobs import crashing

ATTACKER_CONNECTIONS = 2
COUNT_ALL = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
HANG_GUARD = 120.0  # seconds any one answer may take before the test calls it a hang


@pytest.fixture(scope="module")
def hostile_server(built: BuildReport, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    log = tmp_path_factory.mktemp("hostile") / "serve.log"
    options = ["--workers", "2", "--timeout", "5", "--rate-limit", "200", "--query-budget", "600"]
    running = start_server(built.out_dir / "store", log, *options)
    yield running
    running.stop()


@dataclass
class Outcome:
    item: Hostile
    status: int
    text: str
    retries: int


def send(client: httpx.Client, item: Hostile) -> Outcome:
    """``item``'s final answer, after waiting out load control (429, 503 with Retry-After)."""
    retries = 0
    while True:
        response = client.request(**item.request())
        waited = response.status_code in (429, 503) and "retry-after" in response.headers
        if not waited or retries == 20:
            return Outcome(item, response.status_code, response.text, retries)
        retries += 1
        time.sleep(min(float(response.headers["retry-after"]), 5.0))


#: What each expectation allows, in the words of :func:`verdict`.
ALLOWED = {
    REFUSED: {"refused"},
    ANSWERED: {"answered"},
    EITHER: {"answered", "refused"},
    SLOW: {"answered", "refused", "deadline"},
}


def verdict(status: int, text: str) -> str:
    """An answer in one word: answered, refused (a 4xx with a message), deadline (the deadline's
    503), load (429 or 503 from load control), or the status of anything else."""
    if status == 200:
        return "answered"
    if status in (429, 503):
        return "deadline" if status == 503 and "deadline" in text else "load"
    return "refused" if 400 <= status < 500 and text.strip() else f"status {status}"


def problem(outcome: Outcome) -> str | None:
    """What is wrong with an answer, or None."""
    if "leaked" in outcome.text:
        return "the answer holds the logger's row"
    if "crashed" in outcome.text:
        return "a worker crashed"
    said = verdict(outcome.status, outcome.text)
    if said == "load":
        return f"load control never let it in ({outcome.retries} tries)"
    return None if said in ALLOWED[outcome.item.expect] else f"expected {outcome.item.expect}, got {said}"


REASONS = ("SERVICE", "FROM", "read-only", "graphs", "nests", "too deep", "tokens", "bytes", "syntax", "format")


def reasons(outcomes: list[Outcome]) -> Counter[str]:
    """The refusals by what their message names first (for the summary)."""
    found: Counter[str] = Counter()
    for outcome in outcomes:
        if verdict(outcome.status, outcome.text) == "refused":
            found[next((word for word in REASONS if word in outcome.text), str(outcome.status))] += 1
    return found


@dataclass
class Monitor:
    """A second client that asks for /healthz and a normal query every half second."""

    url: str
    expected_count: str
    rounds: int = 0
    failures: list[str] = field(default_factory=list)
    slowest: dict[str, float] = field(default_factory=lambda: {"healthz": 0.0, "query": 0.0})
    stop: threading.Event = field(default_factory=threading.Event)

    def run(self) -> None:
        transport = httpx.HTTPTransport(local_address="127.0.0.2")
        with httpx.Client(base_url=self.url, timeout=HANG_GUARD, transport=transport) as client:
            while not self.stop.is_set():
                self.check(client)
                self.rounds += 1
                self.stop.wait(0.5)

    def check(self, client: httpx.Client) -> None:
        try:
            started = time.monotonic()
            health = client.get("healthz")
            self.slowest["healthz"] = max(self.slowest["healthz"], time.monotonic() - started)
            if health.status_code != 200 or health.json()["status"] != "ok":
                self.failures.append(f"healthz {health.status_code}: {health.text[:200]}")
            started = time.monotonic()
            answer = client.post("sparql", data={"query": COUNT_ALL}, headers={"accept": "application/json"})
            self.slowest["query"] = max(self.slowest["query"], time.monotonic() - started)
            if answer.status_code != 200 or count_of(answer) != self.expected_count:
                self.failures.append(f"normal query {answer.status_code}: {answer.text[:200]}")
        except httpx.HTTPError as exc:
            self.failures.append(f"{type(exc).__name__}: {exc}")


def count_of(response: httpx.Response) -> str:
    value: str = response.json()["results"]["bindings"][0]["n"]["value"]
    return value


def attack(url: str, items: list[Hostile]) -> list[Outcome]:
    """Send every item from 127.0.0.1 over ``ATTACKER_CONNECTIONS`` connections at once."""
    local = threading.local()
    clients: list[httpx.Client] = []

    def one(item: Hostile) -> Outcome:
        if not hasattr(local, "client"):
            local.client = httpx.Client(base_url=url, timeout=HANG_GUARD)
            clients.append(local.client)
        return send(local.client, item)

    try:
        with ThreadPoolExecutor(ATTACKER_CONNECTIONS) as pool:
            return list(pool.map(one, items))
    finally:
        for client in clients:
            client.close()


def dataset(url: str) -> tuple[list[str], str, dict[str, Any]]:
    """The store's graphs, its number of triples, and /healthz now."""
    with httpx.Client(base_url=url, timeout=HANG_GUARD) as client:
        query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { } } ORDER BY ?g"
        rows = client.get("sparql", params={"query": query}).json()["results"]["bindings"]
        return (
            [row["g"]["value"] for row in rows],
            count_of(client.post("sparql", data={"query": COUNT_ALL})),
            health(url),
        )


def health(url: str) -> dict[str, Any]:
    body: dict[str, Any] = httpx.get(url + "healthz", timeout=HANG_GUARD).json()
    return body


def watched(url: str, items: list[Hostile], monitor: Monitor) -> tuple[list[Outcome], float]:
    """The attack, with the second client watching from start to end; the seconds it took."""
    watching = threading.Thread(target=monitor.run, name="second-client")
    started = time.monotonic()
    watching.start()
    try:
        outcomes = attack(url, items)
    finally:
        monitor.stop.set()
        watching.join(timeout=HANG_GUARD)
    return outcomes, time.monotonic() - started


def summary(outcomes: list[Outcome], seconds: float, kills: int, monitor: Monitor) -> str:
    statuses = dict(sorted(Counter(o.status for o in outcomes).items()))
    return (
        f"{len(outcomes)} hostile requests in {seconds:.0f} s: statuses {statuses}, refusals naming "
        f"{dict(reasons(outcomes))}, {sum(o.retries for o in outcomes)} retries after load control, {kills} "
        f"deadline kills; the second client: {monitor.rounds} rounds, slowest healthz "
        f"{monitor.slowest['healthz']:.2f} s, slowest query {monitor.slowest['query']:.2f} s"
    )


def wrong_answers(outcomes: list[Outcome]) -> list[str]:
    return [f"{why}: {o.status} {o.text.strip()[:200]!r} for {o.item.shown()}" for o in outcomes if (why := problem(o))]


def forget_a_probe(logger: RequestLogger) -> None:
    """Show that the logger hears whoever reaches it, then forget the probe."""
    assert httpx.get(logger.url + "/probe", timeout=HANG_GUARD).status_code == 200
    assert logger.requests == ["GET /probe"]
    logger.requests.clear()
    logger.connections.clear()


def test_a_thousand_hostile_queries_reach_nothing_crash_nothing_and_the_server_answers_throughout(
    hostile_server: Server, request_logger: RequestLogger
) -> None:
    forget_a_probe(request_logger)
    log_before = len(hostile_server.log.read_bytes())  # other tests of the module may log first
    url = hostile_server.url
    graphs, expected_count, before = dataset(url)
    items = corpus(request_logger.url, graphs)
    assert len(items) >= 1000 and graphs
    random.Random(15).shuffle(items)  # the large ones spread through the run

    monitor = Monitor(url, expected_count)
    outcomes, seconds = watched(url, items, monitor)
    after = health(url)
    print("\n" + summary(outcomes, seconds, after["deadline_kills"] - before["deadline_kills"], monitor))
    assert not request_logger.connections and not request_logger.requests, request_logger.requests
    assert after["worker_crashes"] == before["worker_crashes"], after
    assert after["workers_alive"] == 2, after
    wrong = wrong_answers(outcomes)
    assert not wrong, f"{len(wrong)} wrong answers:\n" + "\n".join(wrong[:30])
    assert monitor.rounds > 0 and not monitor.failures, monitor.failures[:20]
    assert b"Traceback" not in hostile_server.log.read_bytes()[log_before:]


def test_the_run_would_see_a_crashed_worker(built: BuildReport, tmp_path: Path) -> None:
    # The control: a worker that dies of SIGSEGV (tests/serve/testjobs.py) is seen both in the
    # answer and in /healthz's count, the two places the corpus run looks.
    crashing_server = start_server(built.out_dir / "store", tmp_path / "serve.log", "--workers", "1", test_jobs=True)
    try:
        before = health(crashing_server.url)
        with httpx.Client(base_url=crashing_server.url, timeout=HANG_GUARD) as client:
            outcome = send(client, Hostile("control", crashing(), ANSWERED, "form"))
        assert problem(outcome) == "a worker crashed", outcome
        assert health(crashing_server.url)["worker_crashes"] == before["worker_crashes"] + 1
    finally:
        crashing_server.stop()


@pytest.fixture(scope="module")
def endpoint_logger() -> Iterator[RequestLogger]:
    """A request logger that outlives one test: the server below is told its address as it starts."""
    with RequestLogger() as logger:
        yield logger


@pytest.fixture(scope="module")
def allowing_server(
    built: BuildReport, tmp_path_factory: pytest.TempPathFactory, endpoint_logger: RequestLogger
) -> Iterator[Server]:
    """A server whose operator allowed one SERVICE endpoint: its workers keep the network, and the
    query policy is all that stands between a disguised SERVICE and any other address."""
    log = tmp_path_factory.mktemp("allowing") / "serve.log"
    options = ["--workers", "2", "--timeout", "5", "--rate-limit", "200", "--query-budget", "600"]
    running = start_server(built.out_dir / "store", log, *options, "--allow-service", f"{endpoint_logger.url}/allowed")
    yield running
    running.stop()


def near_misses(allowed: str) -> list[Hostile]:
    """Endpoints that an HTTP client may take for the allowed one, or that lead from it elsewhere:
    the policy allows the endpoint as written, nothing else."""
    port = allowed.split(":")[2].split("/")[0]
    near = [f"{allowed}/../sparql", f"{allowed}/", f"{allowed}#x", f"{allowed}?query=1", allowed.upper()]
    near += [
        allowed.replace("127.0.0.1", "localhost"),
        allowed.replace(port, f"0{port}"),
        allowed.replace("http", "HTTP"),
    ]
    queries = [f"SELECT * WHERE {{ SERVICE <{iri}> {{ ?s ?p ?o }} }}" for iri in near]
    return [Hostile("service/near-miss", query, REFUSED, "form") for query in queries]


def test_with_one_endpoint_allowed_no_disguise_reaches_another(
    allowing_server: Server, endpoint_logger: RequestLogger
) -> None:
    forget_a_probe(endpoint_logger)
    items = [item for item in corpus(endpoint_logger.url) if item.family.startswith("service/")]
    items += near_misses(f"{endpoint_logger.url}/allowed")
    allowed = f"SELECT ?s WHERE {{ SERVICE <{endpoint_logger.url}/allowed> {{ ?s ?p ?o }} }}"
    controls = [Hostile("control", allowed, ANSWERED, transport) for transport in ("get", "form", "direct")]
    outcomes = attack(allowing_server.url, items + controls)
    wrong = wrong_answers(outcomes[: len(items)])
    assert len(items) >= 500 and not wrong, f"{len(wrong)} wrong answers:\n" + "\n".join(wrong[:30])
    # The controls show the allowed endpoint is reached, and answers (its one row, "leaked").
    assert all(o.status == 200 and "leaked" in o.text for o in outcomes[len(items) :]), outcomes[len(items) :]
    assert len(endpoint_logger.requests) == len(controls), endpoint_logger.requests
    assert all(request.split(" ", 1)[1].startswith("/allowed") for request in endpoint_logger.requests)


# --- findings of the fuzzing, fixed: each was a 500 ---------------------------------------------------

TRIPLE_TERM = 'SELECT ?x WHERE { BIND(<<( <urn:a> <urn:b> "c" )>> AS ?x) }'
TRIPLE_TERM_GRAPH = "CONSTRUCT { <urn:a> <urn:b> ?x } WHERE { BIND(<<( <urn:a> <urn:b> <urn:c> )>> AS ?x) }"


@pytest.mark.parametrize(
    ("query", "fmt"),
    [(TRIPLE_TERM, fmt) for fmt in ("json", "xml", "csv", "tsv", "html")] + [(TRIPLE_TERM_GRAPH, "jsonld")],
    ids=["json", "xml", "csv", "tsv", "html", "construct-jsonld"],
)
def test_a_triple_term_in_an_answer_is_written_or_refused_never_a_500(
    hostile_server: Server, query: str, fmt: str
) -> None:
    answer = httpx.get(hostile_server.url + "sparql", params={"query": query, "format": fmt}, timeout=HANG_GUARD)
    assert answer.status_code < 500, answer.text


@pytest.mark.parametrize("path", ["id/a%20b", "id/%00", "id/a%3Cb?format=turtle", "id/%5E/lineage.svg", "source/a%7C"])
def test_a_path_that_names_no_iri_is_not_found_never_a_500(hostile_server: Server, path: str) -> None:
    answer = httpx.get(hostile_server.url + path, timeout=HANG_GUARD)
    assert answer.status_code == 404, answer.text
