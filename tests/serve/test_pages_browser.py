"""The pages people use, in headless Chromium: suggestions appear as one types in the search box
and lead to the thing's page; the home, search, entity and meeting pages render, and their
screenshots are kept in ``test-artifacts/`` (issue 17, deliverable 4)."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page

from tests.serve.conftest import Server
from tests.serve.test_browser import ARTIFACTS, browser_page, png_size


def shot(page: Page, name: str, height: int | None) -> Path:
    """A screenshot of the top ``height`` pixels of ``page`` (None: the whole page), kept as
    ``name``.png."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    path.unlink(missing_ok=True)
    if height is None:
        page.screenshot(path=str(path), full_page=True)
    else:
        page.screenshot(path=str(path), clip={"x": 0, "y": 0, "width": 1280, "height": height})
    width, tall = png_size(path)
    assert width == 1280 and tall >= (height or 1000) and path.stat().st_size > 20_000
    return path


def test_suggestions_appear_as_you_type_and_lead_to_the_page(server: Server) -> None:
    with browser_page() as page:
        page.goto(server.url)
        shot(page, "home", 1300)
        page.click("#search-box")
        page.keyboard.type("working group", delay=40)
        page.wait_for_selector("#search-suggestions li a", timeout=30_000)
        labels = page.locator("#search-suggestions li a").all_inner_texts()
        assert any(label.startswith("CSTD Working Group on improvements to the IGF") for label in labels)
        shot(page, "search-suggestions", 900)
        page.keyboard.press("ArrowDown")
        page.keyboard.press("Enter")
        page.wait_for_url(f"{server.url}id/**", timeout=30_000)
        assert page.url.startswith(f"{server.url}id/")


def test_the_search_results_page(server: Server) -> None:
    with browser_page() as page:
        page.goto(f"{server.url}search?q=igf")
        assert page.locator("ol.results-list li").count() >= 5
        assert page.input_value("#search-box") == "igf"  # the box keeps what was asked
        shot(page, "search", 1300)


def test_the_entity_and_meeting_pages(server: Server) -> None:
    with browser_page() as page:
        page.goto(f"{server.url}id/igf")
        page.wait_for_selector("#lineage-picture[data-loaded]", state="attached", timeout=60_000)
        assert page.locator("#facts .citation q").count() >= 5  # evidence as quotations
        assert page.locator("#inbound details.mentions summary").inner_text().startswith("Mentioned ")
        shot(page, "entity-igf", None)
        page.goto(f"{server.url}id/meeting-2010-12-cstd")
        assert page.locator("#meeting ol.turns li").count() > 100
        assert "Argentina" in page.locator("#meeting-2010-12-cstd-turn-034 .speaker").inner_text()
        shot(page, "meeting-2010-12-cstd", 2400)
