"""Abusive requests get the right status, nothing is fetched from anywhere, and the server keeps
answering afterwards. A request logger on loopback stands in for "the network": every query that
names it is refused before any engine could reach it, and the logger sees no request."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import httpx
import pytest

from tests.serve.conftest import Server

ALIVE = "ASK { ?s ?p ?o }"


class RequestLog(BaseHTTPRequestHandler):
    seen: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        RequestLog.seen.append(f"GET {self.path}")
        self.send_response(200)
        self.send_header("Content-Type", "text/turtle")
        self.end_headers()
        self.wfile.write(b"<urn:fetched> <urn:fetched> <urn:fetched> .\n")

    do_POST = do_GET

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def logger() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), RequestLog)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    assert RequestLog.seen == [], f"igkg fetched from the network: {RequestLog.seen}"


@pytest.fixture(scope="module")
def http(server: Server) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=60) as client:
        yield client


def still_answers(http: httpx.Client) -> None:
    response = http.get("sparql", params={"query": ALIVE})
    assert response.status_code == 200 and response.json()["boolean"] is True


def test_the_logger_really_logs(logger: str) -> None:
    # Proof that the logger would notice a fetch; then forget this one.
    assert httpx.get(f"{logger}/probe").status_code == 200
    assert RequestLog.seen == ["GET /probe"]
    RequestLog.seen.clear()


@pytest.mark.parametrize(
    ("kind", "request_args", "status", "message"),
    [
        ("update (form)", {"data": {"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}}, 403, "read-only"),
        (
            "update (direct)",
            {"content": b"DROP ALL", "headers": {"Content-Type": "application/sparql-update"}},
            403,
            "read-only",
        ),
        ("LOAD as an update", {"data": {"update": "LOAD <{logger}/data.ttl>"}}, 403, "read-only"),
        ("LOAD as a query", {"data": {"query": "LOAD <{logger}/data.ttl>"}}, 400, "read-only"),
        ("SERVICE", {"data": {"query": "SELECT * WHERE { SERVICE <{logger}/sparql> { ?s ?p ?o } }"}}, 400, "SERVICE"),
        (
            "SERVICE SILENT",
            {"data": {"query": "SELECT * WHERE { SERVICE SILENT <{logger}/sparql> { ?s ?p ?o } }"}},
            400,
            "SERVICE",
        ),
        ("FROM a URL", {"data": {"query": "SELECT * FROM <{logger}/data.ttl> WHERE { ?s ?p ?o }"}}, 400, "FROM"),
        ("FROM a file", {"data": {"query": "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }"}}, 400, "FROM"),
        (
            "FROM NAMED a URL",
            {"data": {"query": "SELECT * FROM NAMED <{logger}/g> WHERE { GRAPH ?g { ?s ?p ?o } }"}},
            400,
            "FROM",
        ),
        (
            "default-graph-uri to a URL",
            {"data": {"query": "SELECT * WHERE { ?s ?p ?o }", "default-graph-uri": "{logger}/g"}},
            400,
            "graphs",
        ),
        (
            "deeply nested (about 10 KB)",
            {"data": {"query": "SELECT * WHERE " + "{" * 5000 + "}" * 5000}},
            400,
            "nests",
        ),
        (
            "oversized body",
            {"content": b"#" * (1024 * 1024 + 10), "headers": {"Content-Type": "application/sparql-query"}},
            413,
            "bytes",
        ),
    ],
)
def test_an_abusive_request_is_refused_and_the_server_goes_on(
    http: httpx.Client, logger: str, kind: str, request_args: dict, status: int, message: str
) -> None:
    def fill(value: object) -> object:
        if isinstance(value, str):
            return value.replace("{logger}", logger)
        if isinstance(value, dict):
            return {k: fill(v) for k, v in value.items()}
        return value

    response = http.post("sparql", **fill(request_args))  # type: ignore[arg-type]
    assert response.status_code == status, response.text
    assert message in response.text
    still_answers(http)


@pytest.mark.parametrize(
    ("kind", "query"),
    [
        ("cartesian product", "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"),
        ("unbounded path", "SELECT (COUNT(*) AS ?n) WHERE { ?s (<urn:x>|!<urn:x>)* ?o . ?x ?y ?z }"),
        (
            "pathological regex",
            'SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f FILTER(REGEX(CONCAT(STR(?c), STR(?f)), "(a|aa)+$")) }',
        ),
    ],
)
def test_a_runaway_query_is_stopped_at_the_deadline(http: httpx.Client, kind: str, query: str) -> None:
    response = http.post("sparql", data={"query": query})
    assert response.status_code == 503, response.text
    assert "deadline" in response.text
    still_answers(http)
    assert http.get("healthz").json()["status"] == "ok"


def test_an_answer_over_the_row_limit_is_refused_whole(built, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.serve.conftest import start_server

    small = start_server(built.out_dir / "store", tmp_path / "serve.log", "--row-limit", "10", "--workers", "1")
    try:
        with httpx.Client(base_url=small.url, timeout=30) as client:
            over = client.get("sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 11"})
            assert over.status_code == 422 and "more than 10 rows" in over.text
            assert over.headers["content-type"].startswith("text/plain")  # no partial result
            assert client.get("sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 10"}).status_code == 200
    finally:
        small.stop()


def test_a_client_over_its_rate_gets_429_with_retry_after(built, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.serve.conftest import start_server

    limited = start_server(built.out_dir / "store", tmp_path / "serve.log", "--rate-limit", "1", "--workers", "1")
    try:
        with httpx.Client(base_url=limited.url, timeout=30) as client:
            statuses = [client.get("sparql", params={"query": ALIVE}).status_code for _ in range(6)]
            assert statuses[0] == 200 and 429 in statuses
            refused = client.get("sparql", params={"query": ALIVE})
            assert refused.status_code == 429 and int(refused.headers["retry-after"]) >= 1
    finally:
        limited.stop()


def test_an_operator_can_allow_one_service_endpoint(built, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.serve.conftest import start_server

    seen: list[str] = []

    class Endpoint(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            seen.append(self.path)
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            body = b'{"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "literal", "value": "hi"}}]}}'
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_POST = do_GET

        def log_message(self, *args: object) -> None:
            pass

    remote = ThreadingHTTPServer(("127.0.0.1", 0), Endpoint)
    threading.Thread(target=remote.serve_forever, daemon=True).start()
    allowed = f"http://127.0.0.1:{remote.server_address[1]}/sparql"
    served = start_server(built.out_dir / "store", tmp_path / "serve.log", "--workers", "1", "--allow-service", allowed)
    try:
        with httpx.Client(base_url=served.url, timeout=30) as client:
            other = client.post("sparql", data={"query": f"SELECT * WHERE {{ SERVICE <{allowed}x> {{ ?x ?p ?o }} }}"})
            assert other.status_code == 400 and seen == []
            answer = client.post("sparql", data={"query": f"SELECT ?x WHERE {{ SERVICE <{allowed}> {{ ?x ?p ?o }} }}"})
            assert answer.status_code == 200, answer.text
            assert [b["x"]["value"] for b in answer.json()["results"]["bindings"]] == ["hi"]
            assert len(seen) == 1
    finally:
        served.stop()
        remote.shutdown()
