"""The query page (issue 17, deliverable 4: "a query editor … YASGUI from npm, served from the
package (no CDN) … with shareable links"), over HTTP: the vendored YASGUI is the pinned npm build
and is served from the package; the page works as a plain form; every canned example runs; a
query in the link is data, escaped wherever the page shows it. The browser side is in
test_query_page_browser.py."""

from __future__ import annotations

import hashlib
import json
import re
import urllib.parse
from collections.abc import Iterator
from html.parser import HTMLParser

import httpx
import pytest
from markupsafe import escape

from kg.serve import app as serve_app
from tests.serve.conftest import Server

VENDOR = serve_app.STATIC_DIR / "vendor" / "yasgui"
BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


@pytest.fixture(scope="module")
def http(server: Server) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=60) as client:
        yield client


class _Page(HTMLParser):
    """What the tests read of the page: each element's attributes, textareas' and templates' text,
    and the text of every script element (a reflected query would have to land in one)."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.text: dict[str, str] = {}
        self.scripts: list[str] = []
        self._open: tuple[str, str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {k: v or "" for k, v in attrs}
        self.elements.append((tag, attributes))
        if tag in ("textarea", "template", "script"):
            self._open = (tag, attributes.get("id", ""))
            self.text.setdefault(f"{tag}#{self._open[1]}", "")

    def handle_endtag(self, tag: str) -> None:
        if self._open and tag == self._open[0]:
            if tag == "script":
                self.scripts.append(self.text.pop(f"script#{self._open[1]}", ""))
            self._open = None

    def handle_data(self, data: str) -> None:
        if self._open:
            key = f"{self._open[0]}#{self._open[1]}"
            self.text[key] = self.text.get(key, "") + data


def parse(text: str) -> _Page:
    page = _Page()
    page.feed(text)
    page.close()
    return page


def test_the_vendored_yasgui_is_the_pinned_npm_build() -> None:
    manifest = json.loads((VENDOR / "VENDOR.json").read_text(encoding="utf-8"))
    assert manifest["name"] == "@triply/yasgui" and manifest["version"] == "4.2.28"
    assert manifest["integrity"].startswith("sha512-") and manifest["tarball"].endswith("yasgui-4.2.28.tgz")
    assert {"yasgui.min.js", "yasgui.min.css", "LICENSE.txt"} <= set(manifest["files"])
    for name, entry in manifest["files"].items():
        assert hashlib.sha256((VENDOR / name).read_bytes()).hexdigest() == entry["sha256"], name
    assert "MIT" in (VENDOR / "LICENSE.txt").read_text(encoding="utf-8")


def test_the_vendored_files_are_served_with_their_types(http: httpx.Client) -> None:
    for name, media in (("yasgui.min.js", "text/javascript"), ("yasgui.min.css", "text/css")):
        response = http.get(f"static/vendor/yasgui/{name}")
        assert response.status_code == 200 and response.headers["content-type"].startswith(media)
        assert response.content == (VENDOR / name).read_bytes()
    assert http.get("static/query.js").headers["content-type"].startswith("text/javascript")


def test_a_browser_gets_the_query_page_and_a_machine_the_service_description(http: httpx.Client) -> None:
    page = http.get("sparql", headers=BROWSER)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "sha256-" in page.headers["content-security-policy"]  # YASGUI's one style, by hash
    assert "'unsafe-inline'" not in page.headers["content-security-policy"]
    parsed = parse(page.text)
    scripts = [a["src"] for tag, a in parsed.elements if tag == "script"]
    assert all(urllib.parse.urlsplit(src).netloc in ("", http.base_url.netloc.decode()) for src in scripts)
    assert any(src.endswith("/static/vendor/yasgui/yasgui.min.js") for src in scripts)
    assert "SELECT" in parsed.text["textarea#query-text"]
    assert http.get("sparql", headers={"Accept": "text/turtle"}).text.startswith("@prefix")


def test_every_canned_example_is_offered_and_runs(http: httpx.Client) -> None:
    from kg.query import catalog

    parsed = parse(http.get("sparql", headers=BROWSER).text)
    offered = {a["value"] for tag, a in parsed.elements if tag == "option" and a.get("value")}
    assert set(catalog.catalog()) <= offered
    for name in catalog.catalog():
        text = parsed.text[f"template#canned-{name}"]
        assert text.startswith("# ") and "# params:" not in text  # a title line, not the YAML header
        answer = http.post("sparql", data={"query": text}, headers={"Accept": "application/sparql-results+json"})
        assert answer.status_code == 200, (name, answer.text[:500])


def test_the_plain_form_runs_a_query_and_its_link_is_the_page_again(http: httpx.Client) -> None:
    query = "SELECT ?label WHERE { id:igf rdfs:label ?label }"  # the predeclared prefixes
    page = http.get("sparql", params={"query": query, "format": "html"})
    parsed = parse(page.text)
    assert page.status_code == 200 and "Internet Governance Forum" in page.text
    assert parsed.text["textarea#query-text"] == query
    share = next(a["href"] for tag, a in parsed.elements if tag == "a" and a.get("id") == "share-link")
    assert urllib.parse.parse_qs(urllib.parse.urlsplit(share).query) == {"query": [query]}
    # A machine asking the same URL without format=html still gets results, as before.
    machine = http.get("sparql", params={"query": query}, headers={"Accept": "application/sparql-results+json"})
    assert machine.json()["results"]["bindings"][0]["label"]["value"].startswith("Internet Governance Forum")


HOSTILE = [
    'SELECT * WHERE { ?s ?p "</script><script>document.body.dataset.pwned=1</script>" } LIMIT 1',
    'SELECT * WHERE { ?s ?p "</textarea><img src=x onerror=alert(1)>" . FILTER(?p = \'"\' ) } LIMIT 1',
    "</textarea><script>alert(1)</script> SELEC ' \" <b>",  # not SPARQL: the page shows the error
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",  # refused by the query policy
]


@pytest.mark.parametrize("query", HOSTILE)
def test_a_query_in_the_link_is_data(http: httpx.Client, query: str) -> None:
    page = http.get("sparql", params={"query": query}, headers=BROWSER)
    assert page.headers["content-type"].startswith("text/html")
    parsed = parse(page.text)
    assert parsed.text["textarea#query-text"] == query  # shown whole, as text
    assert not any("alert" in s or "pwned" in s for s in parsed.scripts)  # no script holds it
    assert not any(tag == "img" for tag, _ in parsed.elements)
    assert not any(a.get("onerror") for _, a in parsed.elements)
    assert str(escape(query)) in page.text  # as the template escapes it
    if "SERVICE" in query or "SELEC " in query:
        assert page.status_code in (400, 403) and 'class="error"' in page.text


def test_the_page_names_the_predeclared_prefixes(http: httpx.Client) -> None:
    from kg.core.prefixes import PREFIXES

    text = http.get("sparql", headers=BROWSER).text
    for name, iri in PREFIXES.items():
        assert re.search(rf"<code>{name}:</code>.*?<code>{re.escape(iri)}</code>", text, re.S), name
