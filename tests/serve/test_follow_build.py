"""The server follows the build folder: a new build replaces the old one whole, never in part.

Build A, serve it, build B (the same records and one more thing, "Testland") into the same
folder while a client keeps asking for the home page, a dump, the VoID, a query and a page. Every
answer names its build (X-Igkg-Build); each must be wholly that build's: the dump's bytes, the
VoID's checksums, the home page's sizes and counts, whether Testland exists. Once the server has
switched, everything is B's.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import httpx

from kg.core.publish import build_id, builds_dir, current_build
from kg.pipeline.build import BuildReport, build
from kg.serve.builds import Builds
from kg.serve.config import ServeConfig
from kg.serve.jobs import handle
from tests.serve.conftest import start_server

TESTLAND = "https://w3id.org/igkg/id/testland"
NEW_RECORD = """
  - id: testland
    type: delegation
    label: Testland
    sources:
      - source: page-igf2012-opening
        quote: Seventh Annual Meeting of the Internet Governance Forum 6-9 November 2012, Baku, Azerbaijan
        supports: [label]
"""


@dataclass(frozen=True)
class Expected:
    """What one build's answers hold."""

    id: str
    dump_sha256: str
    dump_size: int
    dump_checksums: frozenset[str]
    has_testland: bool


def expected(out: Path, has_testland: bool) -> Expected:
    folder = current_build(out)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    dumps = ("igkg.ttl", "igkg.jsonld", "igkg.trig", "igkg.nq")
    dump = (folder / "igkg.ttl").read_bytes()
    return Expected(
        build_id(folder),
        hashlib.sha256(dump).hexdigest(),
        len(dump),
        frozenset(manifest["outputs"][name] for name in dumps),
        has_testland,
    )


REQUESTS: list[tuple[str, dict[str, str], dict[str, str]]] = [
    ("", {}, {"Accept": "text/html"}),
    ("dumps/igkg.ttl", {}, {}),
    (".well-known/void", {}, {}),
    ("sparql", {"query": f"ASK {{ <{TESTLAND}> ?p ?o }}"}, {"Accept": "application/sparql-results+json"}),
    ("id/testland", {}, {"Accept": "text/turtle"}),
]


def agrees(path: str, response: httpx.Response, build: Expected) -> bool:
    """Whether ``response`` to ``path`` is wholly ``build``'s."""
    checks: dict[str, Callable[[], bool]] = {
        "": lambda: f"{build.dump_size:,} bytes" in response.text,
        "dumps/igkg.ttl": lambda: hashlib.sha256(response.content).hexdigest() == build.dump_sha256,
        ".well-known/void": lambda: build.dump_checksums <= set(re.findall(r'"([0-9a-f]{64})"', response.text)),
        "sparql": lambda: response.json()["boolean"] is build.has_testland,
        "id/testland": lambda: response.status_code == (200 if build.has_testland else 404),
    }
    return checks[path]()


def test_a_new_build_is_served_whole_and_no_answer_mixes_two(tmp_path: Path, records_dir: Path) -> None:
    out = tmp_path / "build"
    build(out)
    a = expected(out, has_testland=False)
    server = start_server(
        out / "store",
        tmp_path / "serve.log",
        "--workers",
        "2",
        "--follow-interval",
        "0.5",
        "--rate-limit",
        "0",
        "--query-budget",
        "0",
        "--client-queries",
        "0",
    )
    seen: list[tuple[str, str, httpx.Response]] = []
    stop = threading.Event()

    def keep_asking() -> None:
        with httpx.Client(base_url=server.url, timeout=60) as http:
            while not stop.is_set():
                for path, params, headers in REQUESTS:
                    response = http.get(path, params=params, headers=headers)
                    seen.append((path, response.headers.get("x-igkg-build", ""), response))

    asker = threading.Thread(target=keep_asking)
    try:
        with httpx.Client(base_url=server.url, timeout=60) as http:
            assert http.get("healthz").json()["build"] == a.id
            asker.start()
            with (records_dir / "hosts.yaml").open("a", encoding="utf-8") as records:
                records.write(NEW_RECORD)
            build(out, records_dir=records_dir)
            b = expected(out, has_testland=True)
            assert b.id != a.id and b.dump_sha256 != a.dump_sha256
            deadline = time.monotonic() + 120  # hang guard
            while http.get("healthz").json()["build"] != b.id:
                assert time.monotonic() < deadline, "the server did not move to the new build"
                time.sleep(0.2)
            time.sleep(1.0)  # a few more rounds of asking, after the switch
            stop.set()
            asker.join()
            after = [(path, http.get(path, params=params, headers=headers)) for path, params, headers in REQUESTS]
            health = http.get("healthz").json()
    finally:
        stop.set()
        server.stop()

    builds = {a.id: a, b.id: b}
    assert {header for _, header, _ in seen} <= set(builds), "an answer named no build, or another one"
    assert {header for _, header, _ in seen} == set(builds), "the asker saw only one build"
    for path, header, response in seen:
        assert response.status_code in (200, 404), (path, header, response.status_code, response.text[:200])
        assert agrees(path, response, builds[header]), f"{path or '/'} from build {header} holds another build's data"
    for path, response in after:
        assert response.headers["x-igkg-build"] == b.id
        assert agrees(path, response, b), f"{path or '/'} after the switch is not the new build's"
    assert health["following"]["switches"] == 1 and health["following"]["error"] is None


def publish_copy(out: Path, source: Path, ident: str, store: bool = True) -> None:
    """Lay out a build ``ident`` of ``out`` by hand, as kg.core.publish does (a copy of the build
    in ``source``, or one whose store is missing), and flip ``out`` to it."""
    folder = builds_dir(out) / ident
    folder.parent.mkdir(exist_ok=True)
    if store:
        shutil.copytree(source, folder)
    else:
        folder.mkdir()
        (folder / "manifest.json").write_text("{}", encoding="utf-8")
    link = out.parent / f".{out.name}.link"
    os.symlink(f"{folder.parent.name}/{ident}", link)
    os.replace(link, out)


def test_a_new_build_that_cannot_be_opened_is_reported_and_the_old_one_stays(
    built: BuildReport, tmp_path: Path
) -> None:
    out = tmp_path / "build"
    source = current_build(built.out_dir)
    publish_copy(out, source, "20260101T000000.000000Z-aaaaaa")
    builds = Builds(ServeConfig(store=out / "store", workers=1, follow_interval=0), handle)
    try:
        first = builds.current
        assert first.id == "20260101T000000.000000Z-aaaaaa" and first.root == current_build(out)
        publish_copy(out, source, "20260101T000001.000000Z-bbbbbb", store=False)
        assert builds.check() is False
        assert builds.current is first and "bbbbbb" in (builds.error or "")
        publish_copy(out, source, "20260101T000002.000000Z-cccccc")
        held = builds.acquire()  # a request still answering from the first build
        assert builds.check() is True
        assert builds.current.id == "20260101T000002.000000Z-cccccc" and builds.error is None
        assert held is first and first.pool.size == 1  # its workers stay while it is held
        builds.release(held)
        deadline = time.monotonic() + 60  # hang guard
        while builds.counts()["draining"]:
            assert time.monotonic() < deadline, "the old build was never let go"
            time.sleep(0.1)
        assert first.pool.size == 0 and builds.current.pool.size == 1
    finally:
        builds.close()
