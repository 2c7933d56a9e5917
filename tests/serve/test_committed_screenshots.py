"""The screenshots of the pages people use are committed under ``test-artifacts/pages/`` (issue 17:
"the screenshots of the home, search, entity, meeting and query pages are committed under
test-artifacts"), each one listed with what it shows. The browser tests write fresh ones to
``test-artifacts/`` on every run; a person looks at them and copies them here (see the README
there), so these are the ones that were reviewed, not whatever the last run drew."""

from __future__ import annotations

from pathlib import Path

from tests.serve.test_browser import png_size

PAGES = Path(__file__).resolve().parents[2] / "test-artifacts" / "pages"
#: Each page the issue names, and the browser test that draws it.
REQUIRED = ("home", "search", "entity-wg-igf-improvements", "meeting-2010-12-cstd", "query")


def test_every_page_the_issue_names_has_a_committed_screenshot() -> None:
    for name in REQUIRED:
        path = PAGES / f"{name}.png"
        assert path.is_file(), f"{path} is missing"
        width, height = png_size(path)
        assert width == 1280 and height >= 800, f"{path}: {width}x{height}"


def test_each_committed_screenshot_is_described() -> None:
    readme = (PAGES / "README.md").read_text(encoding="utf-8")
    shots = sorted(p.name for p in PAGES.glob("*.png"))
    assert shots, "no screenshots committed"
    for name in shots:
        assert f"`{name}`" in readme, f"{name} is not described in {PAGES / 'README.md'}"
