"""The query page in headless Chromium with every request off loopback aborted and recorded:
YASGUI loads from the package and highlights the query, a canned example fills the editor, running
it shows result rows, and the page's link reproduces the query in a new page; nothing leaves the
machine and the page's CSP blocks nothing. The screenshot is kept as test-artifacts/query.png."""

from __future__ import annotations

import urllib.parse

from playwright.sync_api import Page, Route

from tests.serve.conftest import Server
from tests.serve.test_browser import browser_page
from tests.serve.test_pages_browser import shot

LOOPBACK = ("127.0.0.1", "localhost", "::1")
# Record CSP violations as they happen (a blocked script, style or connection is a bug here).
RECORD_CSP = (
    "window.__csp = [];"
    "document.addEventListener('securitypolicyviolation', function (e) {"
    "  window.__csp.push(e.violatedDirective + ' ' + e.blockedURI); });"
)


def guard(page: Page) -> list[str]:
    """Abort and record every request that would leave loopback; the list fills as the page runs."""
    outside: list[str] = []

    def route(route: Route) -> None:
        url = route.request.url
        host = urllib.parse.urlsplit(url).hostname or ""
        if url.startswith(("data:", "blob:")) or host in LOOPBACK:
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    page.route("**/*", route)
    page.add_init_script(RECORD_CSP)
    return outside


def editor_text(page: Page) -> str:
    return str(page.evaluate("document.querySelector('#editor .CodeMirror').CodeMirror.getValue()"))


def test_the_query_page_edits_runs_and_shares_offline(server: Server) -> None:
    with browser_page() as page:
        outside = guard(page)
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.set_viewport_size({"width": 1280, "height": 1300})
        page.goto(f"{server.url}sparql")
        # YASGUI's editor replaced the textarea and highlights the SPARQL.
        page.wait_for_selector("#editor .CodeMirror .cm-keyword", timeout=30_000)
        assert page.locator("#editor .CodeMirror-code .cm-keyword").first.inner_text().upper() in ("PREFIX", "SELECT")
        assert page.locator("#query-text").is_hidden()
        # Typing a predeclared prefix adds its declaration, from this server's table.
        page.evaluate(
            "(() => { const cm = document.querySelector('#editor .CodeMirror').CodeMirror;"
            " cm.setValue('SELECT * WHERE {\\n  ?s a '); cm.focus(); cm.setCursor(cm.lineCount(), 0); })()"
        )
        page.keyboard.type("skos:", delay=40)
        page.wait_for_function(
            "document.querySelector('#editor .CodeMirror').CodeMirror.getValue().startsWith('PREFIX')"
        )
        assert editor_text(page).startswith("PREFIX skos: <http://www.w3.org/2004/02/skos/core#>")
        # A canned example fills the editor; running it shows its rows.
        page.select_option("#canned", "who-mandated")
        query = editor_text(page)
        assert query.startswith("# Who mandated this?") and "wg-igf-improvements" in query
        page.click("#run")
        page.wait_for_selector("#yasr table tbody tr td", timeout=60_000)
        assert page.locator("#yasr table tbody tr").count() >= 3
        assert "id:" in page.locator("#yasr table tbody").inner_text()  # IRIs shown with the prefixes
        # The address bar and the link now hold the query.
        link = page.get_attribute("#share-link", "href") or ""
        assert urllib.parse.parse_qs(urllib.parse.urlsplit(link).query)["query"] == [query]
        assert page.url == link
        page.wait_for_timeout(300)  # the table's layout settles before the picture
        shot(page, "query", 1300)
        csp = page.evaluate("window.__csp")
        assert page.evaluate("localStorage.length") == 0  # the link holds the query, not the browser
        # The same link in a new page shows the same query (and the server's table of its results).
        other = page.context.new_page()
        other_outside = guard(other)
        other.goto(link)
        other.wait_for_selector("#editor .CodeMirror .cm-keyword", timeout=30_000)
        assert editor_text(other) == query
        assert other.locator("#results table.results tbody tr").count() >= 3
        csp += other.evaluate("window.__csp")
    assert outside == [] and other_outside == [], outside + other_outside
    assert csp == [] and errors == [], (csp, errors)


def test_without_scripts_the_form_still_runs_the_query(server: Server) -> None:
    with browser_page() as page:
        page.route("**/*.js", lambda route: route.abort())  # as with scripts off: YASGUI never loads
        page.goto(f"{server.url}sparql")
        assert page.locator("#query-text").is_visible()
        page.select_option("#format", "html")
        page.click("#run")
        page.wait_for_selector("#results table.results tbody tr", timeout=60_000)
        assert page.url.startswith(f"{server.url}sparql?query=")
