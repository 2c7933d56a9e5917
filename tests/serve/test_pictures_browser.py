"""The lineage and coalition pictures as a browser renders them (headless Chromium): no text
under 10 px, no edge across a label, shown at 1:1 (wider than the page: scrolled, not shrunk).

The pictures are inlined in the pages (not <img>): their text is then part of the page (found by
the browser's search, read by screen readers), and the test can measure every <text> and <path>
of the rendered DOM. Screenshots of the two figures are kept in ``test-artifacts/`` as
``lineage-*.png`` and ``coalitions-*.png``; the whole pages are shot by test_browser.py and
test_pages_browser.py under their own names (one writer per file).
"""

from __future__ import annotations

import urllib.error
import urllib.request
from typing import Any

import pytest
from playwright.sync_api import Page

from tests.serve.conftest import Server
from tests.serve.test_browser import ARTIFACTS, browser_page

#: Reads a figure's SVG as rendered: its size against its own width, every text's computed font
#: size and box, and every edge sampled every 3 px along its length, in page coordinates.
MEASURE = """(selector) => {
  const svg = document.querySelector(selector + ' svg');
  if (!svg) { return null; }
  const box = svg.getBoundingClientRect();
  const texts = Array.from(svg.querySelectorAll('text')).map((t) => {
    const r = t.getBoundingClientRect();
    return {text: t.textContent, size: parseFloat(getComputedStyle(t).fontSize), height: r.height,
            rect: [r.left, r.top, r.right, r.bottom]};
  });
  const edges = Array.from(svg.querySelectorAll('path.edge')).map((p) => {
    const m = p.getScreenCTM();
    const length = p.getTotalLength();
    const steps = Math.max(2, Math.ceil(length / 3));
    const points = [];
    for (let i = 0; i <= steps; i++) {
      const q = p.getPointAtLength(length * i / steps);
      points.push([q.x * m.a + q.y * m.c + m.e, q.x * m.b + q.y * m.d + m.f]);
    }
    const title = p.querySelector('title');
    return {title: title ? title.textContent : '', points: points};
  });
  return {width: box.width, declared: parseFloat(svg.getAttribute('width')), texts: texts, edges: edges,
          frame: svg.parentElement.getBoundingClientRect().width};
}"""


def _measure(page: Page, selector: str) -> dict[str, Any]:
    found: dict[str, Any] | None = page.evaluate(MEASURE, selector)
    assert found is not None, f"no picture in {selector}"
    return found


def _assert_readable(found: dict[str, Any]) -> None:
    # 1:1: the page never scales the picture down, whatever its width.
    assert abs(found["width"] - found["declared"]) < 0.5, (found["width"], found["declared"])
    small = [(t["text"], t["size"]) for t in found["texts"] if t["size"] < 10 or t["height"] < 10]
    assert small == [], small
    crossed = []
    for edge in found["edges"]:
        for text in found["texts"]:
            left, top, right, bottom = text["rect"]
            # A label's box less a pixel of anti-aliasing at each side.
            if any(left + 1 < x < right - 1 and top + 1 < y < bottom - 1 for x, y in edge["points"]):
                crossed.append((edge["title"], text["text"]))
    assert crossed == [], crossed[:10]


def _figure_shot(page: Page, selector: str, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    path.unlink(missing_ok=True)
    page.locator(selector).screenshot(path=str(path))
    assert path.stat().st_size > 10_000


@pytest.mark.parametrize("slug", ["wg-igf-improvements", "igf"])
def test_the_lineage_picture_reads_at_its_own_size(server: Server, slug: str) -> None:
    with browser_page() as page:
        page.goto(f"{server.url}id/{slug}")
        found = _measure(page, "#lineage-picture")
        assert len(found["edges"]) >= 5 and len(found["texts"]) >= 20
        _assert_readable(found)
        if found["width"] > found["frame"]:  # wider than the column: the frame scrolls sideways
            overflow = page.evaluate("getComputedStyle(document.querySelector('#lineage-picture')).overflowX")
            assert overflow == "auto"
        _figure_shot(page, "#lineage-picture", f"lineage-{slug}")


def test_the_meeting_page_shows_the_coalition_picture(server: Server) -> None:
    with browser_page() as page:
        page.goto(f"{server.url}id/meeting-2010-12-cstd")
        found = _measure(page, "#coalition-picture")
        labels = {t["text"] for t in found["texts"]}
        assert {"Argentina", "India", "Switzerland"} <= labels and any(t.startswith("Bloc 1") for t in labels)
        assert len(found["edges"]) >= 50  # one arc per pair that backed, plus none for the legend
        _assert_readable(found)
        _figure_shot(page, "#coalition-picture", "coalitions-meeting-2010-12-cstd")


def _get(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=60) as answer:
            return answer.status, answer.headers.get("Content-Type", ""), answer.read()
    except urllib.error.HTTPError as refused:
        return refused.code, refused.headers.get("Content-Type", ""), refused.read()


def test_the_pictures_as_files_and_where_there_is_none(server: Server) -> None:
    status, media, body = _get(f"{server.url}id/meeting-2010-12-cstd/coalitions.svg")
    assert (status, media) == (200, "image/svg+xml") and body.startswith(b"<?xml") and b"Argentina" in body
    assert _get(f"{server.url}id/meeting-2010-12-cstd/coalitions.svg")[2] == body  # deterministic
    status, media, body = _get(f"{server.url}id/wg-igf-improvements/lineage.svg")
    assert (status, media) == (200, "image/svg+xml") and b'font-size="12"' in body
    # Not a meeting (a delegation's links are not drawn as a meeting's), unknown, hostile: 404.
    for path in ("igf", "argentina", "no-such-meeting", "%3Cscript%3E", "a%20b", "meeting-2010-12-cstd/x"):
        assert _get(f"{server.url}id/{path}/coalitions.svg")[0] == 404, path
    assert _get(f"{server.url}healthz")[0] == 200  # and the server is still there


def test_a_page_without_support_links_has_no_coalition_picture(server: Server) -> None:
    with browser_page() as page:
        page.goto(f"{server.url}id/igf")
        assert page.locator("#coalition-picture").count() == 0
        assert page.locator("img[data-loaded='no']").count() == 0  # and no broken image anywhere
