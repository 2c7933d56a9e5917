"""``igkg link wikidata`` against a real Oxigraph server on loopback, loaded with a small
Wikidata-shaped fixture (tests/data/wikidata/fixture.ttl, fake item numbers), behind a tiny
counting proxy: the proxy records every request (method, User-Agent) and can answer 429/503,
so the tests see what the command sends. No network beyond loopback."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from pyoxigraph import RdfFormat, Store

from kg.core.errors import ConfigError
from kg.link import wikidata as wd
from kg.pipeline.build import BuildReport
from kg.records.mappings import Mapping, MappingTable, default_metadata, read_table, write_table
from tests.conftest import FIXTURES, Cli, free_port, oxigraph_server, require

FIXTURE = FIXTURES / "wikidata" / "fixture.ttl"


# ---------------------------------------------------------------------------
# The server, the proxy and a runner
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def oxigraph_wikidata(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An Oxigraph server holding the fixture; yields its query endpoint."""
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph-wikidata"), load=FIXTURE) as base:
        yield f"{base}/query"


@dataclass
class Proxy:
    """Counts and forwards requests to the upstream endpoint; ``refuse`` holds answers
    (status, headers) to give instead of forwarding, one per request, first first."""

    upstream: str
    url: str = ""
    seen: list[dict[str, str]] = field(default_factory=list)
    refuse: list[tuple[int, dict[str, str]]] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.seen)


def _handler(proxy: Proxy) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self._forward(None)

        def do_POST(self) -> None:
            self._forward(self.rfile.read(int(self.headers.get("Content-Length", "0"))))

        def _forward(self, body: bytes | None) -> None:
            record = {"method": self.command, "user_agent": self.headers.get("User-Agent", "")}
            proxy.seen.append(record)
            if proxy.refuse:
                status, headers = proxy.refuse.pop(0)
                record["answer"] = str(status)
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            query = self.path.partition("?")[2]
            request = urllib.request.Request(
                proxy.upstream + (f"?{query}" if query else ""),
                data=body,
                method=self.command,
                headers={k: v for k in ("Accept", "Content-Type") if (v := self.headers.get(k)) is not None},
            )
            try:
                with urllib.request.urlopen(request, timeout=30) as response:
                    status, data, ctype = response.status, response.read(), response.headers.get("Content-Type", "")
            except urllib.error.HTTPError as exc:
                status, data, ctype = exc.code, exc.read(), exc.headers.get("Content-Type", "")
            record["answer"] = str(status)
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:  # quiet
            pass

    return Handler


@pytest.fixture
def proxy(oxigraph_wikidata: str) -> Iterator[Proxy]:
    state = Proxy(oxigraph_wikidata)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    state.url = f"http://127.0.0.1:{server.server_address[1]}/sparql"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    """Every file the command touches, in this test's tmp folder (never the repository's)."""
    monkeypatch.setenv("IGKG_MAPPINGS", str(tmp_path / "mappings" / "igkg.sssom.tsv"))
    monkeypatch.setenv("IGKG_CACHE_DIR", str(tmp_path / "cache-env"))
    return {"cache": tmp_path / "cache", "out": tmp_path / "proposals.sssom.tsv", "table": tmp_path / "reviewed.tsv"}


def run(cli: Cli, built: BuildReport, endpoint: str, paths: dict[str, Path], *extra: str) -> Result:
    return cli(
        "link",
        "wikidata",
        "--endpoint",
        endpoint,
        "--store",
        str(built.out_dir / "store"),
        "--cache",
        str(paths["cache"]),
        "--out",
        str(paths["out"]),
        "--table",
        str(paths["table"]),
        "--delay",
        "0",
        "--format",
        "json",
        *extra,
    )


def scores(result: Result) -> dict[tuple[str, str], float]:
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    return {(c["subject_id"], c["object_id"]): c["score"] for c in report["candidates"]}


# ---------------------------------------------------------------------------
# The command against the server
# ---------------------------------------------------------------------------


def test_candidates_rank_symbol_then_label_then_alias_and_decoys_fall(
    cli: Cli, built: BuildReport, proxy: Proxy, paths: dict[str, Path]
) -> None:
    found = scores(run(cli, built, proxy.url, paths, "--min-score", "0"))
    res = {q: found.get(("igkg:a-res-65-141", f"wikidata:{q}"), 0.0) for q in ("Q990000011", "Q990000012")}
    res |= {q: found.get(("igkg:a-res-65-141", f"wikidata:{q}"), 0.0) for q in ("Q990000013", "Q990000014")}
    # symbol (with type and date) > exact label > alias > exact label with another symbol
    assert res["Q990000011"] > res["Q990000012"] > res["Q990000013"] > res["Q990000014"]
    assert res["Q990000011"] == pytest.approx(0.916) and res["Q990000012"] == pytest.approx(0.776)
    assert res["Q990000014"] < wd.DEFAULT_MIN_SCORE
    igf = {q: found[("igkg:igf", f"wikidata:{q}")] for q in ("Q990000001", "Q990000002", "Q990000005")}
    assert igf["Q990000001"] > igf["Q990000005"] > igf["Q990000002"]  # right type > bare alias > wrong type
    assert ("igkg:igf", "wikidata:Q990000003") not in found  # a similar name is never a candidate
    assert found[("igkg:ecosoc", "wikidata:Q990000004")] == pytest.approx(0.52)  # alias + type
    tunis = ("igkg:tunis-agenda", "wikidata:Q990000016"), ("igkg:tunis-agenda", "wikidata:Q990000015")
    assert found[tunis[0]] > found[tunis[1]]  # the date agrees / differs
    kummer = ("igkg:markus-kummer", "wikidata:Q990000021"), ("igkg:markus-kummer", "wikidata:Q990000022")
    assert found[kummer[0]] > wd.DEFAULT_MIN_SCORE > found[kummer[1]]
    assert {object_id for _, object_id in found} <= {f"wikidata:Q9900000{n:02d}" for n in range(1, 23)}


def test_proposals_are_a_valid_table_with_the_decoys_left_out(
    cli: Cli, built: BuildReport, proxy: Proxy, paths: dict[str, Path]
) -> None:
    result = run(cli, built, proxy.url, paths)
    assert result.exit_code == 0, result.output
    table = read_table(paths["out"])
    rows = {(m.subject_id, m.object_id): m for m in table.rows}
    assert ("igkg:a-res-65-141", "wikidata:Q990000014") not in rows  # below --min-score
    assert ("igkg:markus-kummer", "wikidata:Q990000022") not in rows
    best = rows[("igkg:a-res-65-141", "wikidata:Q990000011")]
    assert best.predicate_id == "skos:exactMatch" and not best.reviewed
    assert best.author_id == "igkgagent:igkg-link"
    assert best.mapping_justification == "semapv:CompositeMatching"
    assert best.confidence == "0.916"
    assert best.see_also == "https://www.wikidata.org/wiki/Q990000011"
    assert best.subject_label == "General Assembly resolution 65/141"
    assert best.object_label == "Fixture item carrying A/RES/65/141 (fake)"
    assert "symbol A/RES/65/141 (P3069)" in best.comment and "date agrees" in best.comment
    bare = rows[("igkg:igf", "wikidata:Q990000005")]
    assert bare.mapping_justification == "semapv:LexicalMatching" and "alias match" in bare.comment
    assert all(0 <= float(m.confidence) <= 1 and len(m.comment.split()) <= 25 for m in table.rows)


def test_a_second_run_asks_nothing(cli: Cli, built: BuildReport, proxy: Proxy, paths: dict[str, Path]) -> None:
    first = run(cli, built, proxy.url, paths, "--only", "instruments")
    assert first.exit_code == 0, first.output
    asked = proxy.count
    report = json.loads(first.stdout)
    assert asked > 0 and report["requests"] == asked and report["cache_hits"] == 0
    assert list(paths["cache"].glob("*/*.json")), "answers are cached on disk"
    before = paths["out"].read_bytes()
    second = run(cli, built, proxy.url, paths, "--only", "instruments")
    assert second.exit_code == 0, second.output
    again = json.loads(second.stdout)
    assert proxy.count == asked, "the re-run sent requests"
    assert again["requests"] == 0 and again["cache_hits"] == asked
    assert again["candidates"] == report["candidates"]
    assert paths["out"].read_bytes() == before


def test_the_user_agent_is_igkgs(cli: Cli, built: BuildReport, proxy: Proxy, paths: dict[str, Path]) -> None:
    result = run(cli, built, proxy.url, paths, "--only", "people", "--limit", "2", "--contact", "tester@example.org")
    assert result.exit_code == 0, result.output
    agents = {r["user_agent"] for r in proxy.seen}
    assert len(agents) == 1
    (agent,) = agents
    assert agent.startswith("igkg/") and "https://w3id.org/igkg" in agent and "tester@example.org" in agent
    assert agent == f"{wd.USER_AGENT[:-1]}; tester@example.org)"


def test_only_asks_about_one_kind(cli: Cli, built: BuildReport, proxy: Proxy, paths: dict[str, Path]) -> None:
    report = json.loads(run(cli, built, proxy.url, paths, "--only", "people").stdout)
    assert list(report["kinds"]) == ["people"]
    assert report["kinds"]["people"]["things"] > 1
    assert {c["subject_id"] for c in report["candidates"]} == {"igkg:markus-kummer"}
    both = json.loads(run(cli, built, proxy.url, paths, "--only", "people", "--only", "bodies").stdout)
    assert list(both["kinds"]) == ["bodies", "people"]


def test_reviewed_mappings_are_not_proposed_again(
    cli: Cli, built: BuildReport, proxy: Proxy, paths: dict[str, Path]
) -> None:
    reviewed = [
        Mapping(  # rejected
            subject_id="igkg:igf",
            predicate_id="skos:exactMatch",
            predicate_modifier="Not",
            object_id="wikidata:Q990000001",
            mapping_justification="semapv:LexicalMatching",
            reviewer_id="igkgagent:tester",
            mapping_date="2026-01-02",
        ),
        Mapping(  # accepted under another predicate
            subject_id="igkg:ecosoc",
            predicate_id="skos:closeMatch",
            object_id="wikidata:Q990000004",
            mapping_justification="semapv:ManualMappingCuration",
            reviewer_id="igkgagent:tester",
            mapping_date="2026-01-02",
            see_also="https://www.wikidata.org/wiki/Q990000004",
            comment="a quote",
        ),
    ]
    meta = default_metadata("https://w3id.org/igkg/mappings/test", "test")
    paths["table"].write_bytes(write_table(MappingTable(paths["table"], meta, reviewed)))
    stale = Mapping("igkg:igf", "skos:exactMatch", "wikidata:Q990000001", "semapv:LexicalMatching")
    other = Mapping("igkg:wsis", "skos:exactMatch", "wikidata:Q990000099", "semapv:ManualMappingCuration")
    paths["out"].write_bytes(write_table(MappingTable(paths["out"], meta, [stale, other])))

    report = json.loads(run(cli, built, proxy.url, paths, "--only", "bodies").stdout)
    assert report["skipped_reviewed"] == 2
    keys = {(m.subject_id, m.object_id) for m in read_table(paths["out"]).rows}
    assert ("igkg:igf", "wikidata:Q990000001") not in keys  # rejected: neither proposed nor kept
    assert ("igkg:ecosoc", "wikidata:Q990000004") not in keys  # accepted as closeMatch
    assert ("igkg:wsis", "wikidata:Q990000099") in keys  # someone else's proposal stays
    assert ("igkg:igf", "wikidata:Q990000005") in keys  # the rest is still proposed


def test_429_waits_for_retry_after_then_goes_on(
    cli: Cli, built: BuildReport, proxy: Proxy, paths: dict[str, Path]
) -> None:
    proxy.refuse = [(429, {"Retry-After": "0"})]
    report = json.loads(run(cli, built, proxy.url, paths, "--only", "people", "--limit", "1").stdout)
    assert proxy.seen[0]["answer"] == "429" and proxy.seen[1]["answer"] == "200"
    assert report["requests"] == proxy.count == 2  # one lookup, asked twice; no candidates


def test_an_endpoint_that_keeps_refusing_fails_clearly(
    cli: Cli, built: BuildReport, proxy: Proxy, paths: dict[str, Path]
) -> None:
    proxy.refuse = [(503, {"Retry-After": "0"})] * 10
    result = run(cli, built, proxy.url, paths, "--only", "people")
    assert result.exit_code == 2
    assert "HTTP 503" in result.output and "Traceback" not in result.output
    assert proxy.count == 4  # the request and three retries
    assert not paths["out"].exists()


def test_an_unreachable_endpoint_fails_clearly(cli: Cli, built: BuildReport, paths: dict[str, Path]) -> None:
    result = run(cli, built, f"http://127.0.0.1:{free_port()}/sparql", paths, "--only", "people")
    assert result.exit_code == 2
    assert "cannot reach the SPARQL endpoint" in result.output and "Traceback" not in result.output
    bad = run(cli, built, "query.wikidata.org/sparql", paths)
    assert bad.exit_code == 2 and "--endpoint" in bad.output and "Traceback" not in bad.output


@pytest.mark.filterwarnings("ignore")  # pandas deprecations inside sssom-py
def test_a_written_table_reads_with_sssom_py(
    cli: Cli, built: BuildReport, proxy: Proxy, paths: dict[str, Path]
) -> None:
    try:
        from sssom.parsers import parse_sssom_table
    except ImportError:  # pragma: no cover
        parse_sssom_table = None
    require(parse_sssom_table is not None, "sssom-py (in the link extra)")
    assert run(cli, built, proxy.url, paths, "--only", "instruments").exit_code == 0
    msdf = parse_sssom_table(paths["out"])
    assert "wikidata:Q990000011" in set(msdf.df["object_id"])


# ---------------------------------------------------------------------------
# The parts, without a server
# ---------------------------------------------------------------------------


def _item(qid: str, labels: tuple[str, ...] = (), aliases: tuple[str, ...] = (), **statements: list[str]) -> wd.Item:
    return wd.Item(qid, list(labels), list(aliases), "", dict(statements))


RES = wd.Thing(
    "https://w3id.org/igkg/id/a-res-65-141",
    "instruments",
    "General Assembly resolution 65/141",
    symbols=("A/RES/65/141",),
    date="2010-12-20",
)


def test_the_score_orders_the_evidence() -> None:
    symbol = wd.score(RES, _item("Q1", ("Something else",), P3069=["A/RES/65/141"]))
    label = wd.score(RES, _item("Q2", ("general assembly resolution 65/141",)))
    alias = wd.score(RES, _item("Q3", ("Other",), ("General Assembly  Resolution 65/141",)))
    nothing = wd.score(RES, _item("Q4", ("Other",), P577=["2010-12-20T00:00:00Z"]))
    assert symbol.score > label.score > alias.score > nothing.score == 0
    assert (label.score, alias.score) == (0.6, 0.4)
    assert symbol.score == pytest.approx(0.88)  # 0.85, and P3069 shows a document: the type fits
    typed = wd.score(RES, _item("Q5", ("General Assembly resolution 65/141",), P577=["2010-12-20T00:00:00Z"]))
    assert typed.score == pytest.approx(0.776) and typed.composite and not label.composite
    wrong = wd.score(RES, _item("Q6", ("General Assembly resolution 65/141",), P39=["Q9"]))
    assert wrong.score == pytest.approx(0.24) and "type conflicts (P39)" in wrong.reasons


def test_dates_agree_at_the_coarser_precision() -> None:
    body = wd.Thing("https://w3id.org/igkg/id/x", "bodies", "X", date="2006")
    assert wd.date_fit(body, _item("Q1", P571=["2006-01-01T00:00:00Z"]))[0] == 1
    assert wd.date_fit(body, _item("Q1", P571=["2006-07-14T00:00:00Z"]))[0] == 1
    assert wd.date_fit(body, _item("Q1", P571=["2007-01-01T00:00:00Z"]))[0] == -1
    assert wd.date_fit(RES, _item("Q1", P577=["2010-01-01T00:00:00Z"]))[0] == 1  # a year on Wikidata
    assert wd.date_fit(RES, _item("Q1", P577=["2010-12-21T00:00:00Z"]))[0] == -1
    assert wd.date_fit(RES, _item("Q1", P571=["2010-12-20T00:00:00Z"]))[0] == 0  # not the instrument's date
    person = wd.Thing("https://w3id.org/igkg/id/p", "people", "P")
    assert wd.date_fit(person, _item("Q1", P571=["2010-12-20T00:00:00Z"])) == (0, "")


def test_the_class_check_is_off_unless_named() -> None:
    people = wd.Thing("https://w3id.org/igkg/id/p", "people", "P")
    item = _item("Q1", ("P",), P31=["Q77"])
    assert wd.type_fit("people", item) == (0, "")
    check = wd.TypeCheck("P31", {"people": frozenset({"Q77"}), "bodies": frozenset({"Q88"})})
    assert wd.type_fit("people", item, check)[0] == 1
    assert wd.type_fit("bodies", item, check)[0] == -1
    assert "P31" in wd.details_query(["Q1"], check.class_property) and "P31" not in wd.details_query(["Q1"])
    assert wd.score(people, item, check).score == pytest.approx(0.68)
    for bad in (("P31", {"things": frozenset({"Q1"})}), ("31", {}), (None, {"people": frozenset({"Q1"})})):
        with pytest.raises(ConfigError):
            wd.TypeCheck(bad[0], bad[1])  # type: ignore[arg-type]


def test_queries_run_on_the_fixture_in_memory() -> None:
    store = Store()
    store.load(path=str(FIXTURE), format=RdfFormat.TURTLE)

    def select(query: str) -> list[dict[str, Any]]:
        solutions = store.query(query)
        names = solutions.variables  # type: ignore[union-attr]
        return [{v.value: {"type": "uri", "value": s[v].value} for v in names if s[v] is not None} for s in solutions]

    assert wd.qids_of(select(wd.lookup_query(RES))) == ["Q990000012", "Q990000013", "Q990000014"]
    symbol_query = wd.symbol_query(RES)
    assert symbol_query is not None and wd.qids_of(select(symbol_query)) == ["Q990000011"]
    assert wd.symbol_query(wd.Thing("https://w3id.org/igkg/id/x", "bodies", "X")) is None
    tricky = wd.Thing("https://w3id.org/igkg/id/x", "bodies", 'A "quoted" name\\ } UNION {')
    assert select(wd.lookup_query(tricky)) == []  # escaped: a name cannot change the query


def test_variants_and_normalisation() -> None:
    assert wd.variants("Internet governance forum") == [
        "Internet governance forum",
        "internet governance forum",
        "Internet Governance Forum",
    ]
    assert wd.normalise(" ECOSOC\u00a0 Council ") == "ecosoc council"
    assert wd.normalise_symbol("a/res/65/141 ") == "A/RES/65/141"


def test_a_comment_keeps_to_25_words() -> None:
    text = wd.comment([" ".join(["word"] * 10)] * 5)
    assert len(text.split()) <= 25 and text


def test_retry_after_reads_seconds_and_dates() -> None:
    now = datetime(2026, 1, 1, 12, 0, 0, tzinfo=timezone.utc)
    assert wd.retry_after("7", 60) == 7
    assert wd.retry_after(None, 60) == 60 and wd.retry_after("soon", 60) == 60
    assert wd.retry_after("Thu, 01 Jan 2026 12:00:30 GMT", 60, now) == 30


def test_the_throttle_spaces_requests() -> None:
    clock, slept = [100.0], []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        clock[0] += seconds

    throttle = wd.Throttle(1.0, clock=lambda: clock[0], sleep=sleep)
    throttle.wait()
    clock[0] += 0.25
    throttle.wait()
    clock[0] += 3
    throttle.wait()
    assert slept == [pytest.approx(0.75)]


def test_the_cache_is_one_file_per_endpoint_and_query(tmp_path: Path) -> None:
    cache = wd.Cache(tmp_path)
    answer = {"head": {"vars": []}, "results": {"bindings": []}}
    cache.put("http://a/sparql", "SELECT 1", answer)
    assert cache.get("http://a/sparql", "SELECT 1") == answer
    assert cache.get("http://b/sparql", "SELECT 1") is None
    assert cache.get("http://a/sparql", "SELECT 2") is None
    path = cache.path("http://a/sparql", "SELECT 1")
    assert path.parent.parent == tmp_path and json.loads(path.read_text())["query"] == "SELECT 1"
    path.write_text("{broken")
    assert cache.get("http://a/sparql", "SELECT 1") is None


def test_the_default_cache_is_outside_the_build(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("IGKG_CACHE_DIR", str(tmp_path))
    assert wd.default_cache_dir() == tmp_path / "wikidata"
    monkeypatch.delenv("IGKG_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert wd.default_cache_dir() == tmp_path / "xdg" / "igkg" / "wikidata"
