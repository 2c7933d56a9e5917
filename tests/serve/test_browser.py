"""The HTML pages in a real browser (headless Chromium): the entity, its provenance and its
lineage picture render; markup in data is shown as text, never run. Screenshots are kept in
``test-artifacts/`` (or $IGKG_ARTIFACTS_DIR)."""

from __future__ import annotations

import contextlib
import os
import re
import struct
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, sync_playwright
from pyoxigraph import DefaultGraph, Literal, NamedNode, Quad, Store

from tests.conftest import REPO, require, system_tool
from tests.serve.conftest import Server, start_server

ARTIFACTS = Path(os.environ.get("IGKG_ARTIFACTS_DIR") or REPO / "test-artifacts")
# Chromium as the machine's probe runs it: no sandbox (root), and none of the background traffic
# that a closed network refuses.
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1280,2400",
]


def chromium(url: str, *extra: str) -> str:
    """Chromium's own one-shot modes (``--dump-dom``, ``--screenshot``): the page as the browser
    has it once loaded, with no script of ours waiting on anything."""
    binary = system_tool("chromium") or system_tool("chromium-browser")
    require(binary is not None, "Chromium (Debian `chromium`)")
    assert binary is not None
    with tempfile.TemporaryDirectory() as profile:
        done = subprocess.run(
            [binary, *FLAGS, f"--user-data-dir={profile}", *extra, url],
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


@contextlib.contextmanager
def browser_page() -> Iterator[Page]:
    """A page in the machine's Chromium driven by Playwright (no browser download: the system's
    binary), for tests that must wait for a condition instead of racing it."""
    binary = system_tool("chromium") or system_tool("chromium-browser")
    require(binary is not None, "Chromium (Debian `chromium`)")
    with tempfile.TemporaryDirectory() as profile, sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            profile,
            executable_path=binary,
            headless=True,
            args=[flag for flag in FLAGS if not flag.startswith(("--headless", "--window-size"))],
            viewport={"width": 1280, "height": 2400},
        )
        try:
            yield context.new_page()
        finally:
            context.close()


def png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", header[16:24])


def test_an_entity_page_renders_with_provenance_and_lineage_picture(server: Server) -> None:
    url = f"{server.url}id/wg-igf-improvements"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / "entity-wg-igf-improvements.png"
    shot.unlink(missing_ok=True)
    with browser_page() as page:
        page.goto(url)
        # The page's script marks a picture once the browser has loaded and decoded it; the
        # picture is drawn on request, so wait for the mark (a failed load marks it "no").
        page.wait_for_selector("#lineage-picture[data-loaded]", state="attached", timeout=60_000)
        assert page.get_attribute("#lineage-picture", "data-loaded") == "yes"
        dom = page.content()
        page.screenshot(path=str(shot))
    assert '<h1 id="label">CSTD Working Group on improvements to the IGF</h1>' in dom
    assert '<section id="provenance">' in dom and "The Chair of the CSTD establishes a Working Group" in dom
    assert f'href="{server.url}source/004_bf564407ef9a5607.txt#L1146"' in dom
    assert png_size(shot) == (1280, 2400) and shot.stat().st_size > 50_000


def test_the_home_page_query_box_runs_a_query_in_the_browser(server: Server) -> None:
    results = chromium(f"{server.url}sparql?format=html&query=ASK%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D", "--dump-dom")
    assert '<p class="boolean">yes</p>' in results
    home = chromium(server.url, "--dump-dom")
    assert '<option value="who-mandated">' in home


HOSTILE = (
    "<script>document.body.setAttribute('data-pwned', 'script')</script>"
    "<img src=x onerror=\"document.body.setAttribute('data-pwned', 'img')\"><b>bold</b>"
)


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A store whose one thing has a label full of markup."""
    root = tmp_path_factory.mktemp("hostile")
    store = Store(str(root / "store"))
    thing = NamedNode("https://w3id.org/igkg/id/hostile")
    label = NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    graph = NamedNode("https://w3id.org/igkg/source/hostile.txt")
    for g in (graph, DefaultGraph()):
        store.add(Quad(thing, label, Literal(HOSTILE), g))
    store.flush()
    del store
    running = start_server(root / "store", root / "serve.log", "--workers", "1", "--rate-limit", "0")
    yield running
    running.stop()


def test_markup_in_a_label_is_shown_as_text_never_run(hostile_server: Server) -> None:
    dom = chromium(f"{hostile_server.url}id/hostile", "--dump-dom")
    assert "<title>&lt;script&gt;" in dom  # the label, escaped
    assert not re.search(r"<body[^>]*data-pwned", dom)  # neither the script nor the handler ran
    assert "<b>bold</b>" not in dom and "&lt;b&gt;bold&lt;/b&gt;" in dom
