"""The pages people use, over HTTP against a real ``igkg serve``: search (the JSON behind the
suggestions and the page that works without scripts), browsing by kind, entity pages whose
evidence reads as quote and source line, a meeting's record, and a crawl of the whole site that
finds no broken link (issue 17, deliverable 4)."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections import deque
from html.parser import HTMLParser

import pytest

from tests.serve.conftest import Server


def get(url: str, accept: str = "text/html") -> tuple[int, str, str]:
    """(status, content type, body as text) of a GET; a 4xx or 5xx is returned, not raised."""
    request = urllib.request.Request(url, headers={"Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.headers.get("content-type", ""), response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("content-type", ""), exc.read().decode("utf-8", "replace")


def search(server: Server, q: str) -> list[dict[str, object]]:
    status, media, body = get(f"{server.url}search.json?q={urllib.parse.quote(q)}", "application/json")
    assert status == 200 and media.startswith("application/json"), body
    results: list[dict[str, object]] = json.loads(body)["results"]
    return results


def test_search_finds_things_by_label_acronym_and_symbol(server: Server) -> None:
    assert search(server, "IGF")[0]["slug"] == "igf"  # an alias, exactly
    assert search(server, "A/RES/65/141")[0]["slug"] == "a-res-65-141"  # a document symbol
    assert search(server, "internet governance forum")[0]["slug"] == "igf"  # the label, any case
    first = search(server, "working group improvements")[0]
    assert first["slug"] == "wg-igf-improvements" and first["kind"] == "bodies"
    assert str(first["url"]).endswith("/id/wg-igf-improvements")
    assert search(server, "") == [] and search(server, "zzqqxx") == []


@pytest.mark.parametrize(
    "q", ["<script>alert(1)</script>", "' OR 1=1 --", "}} SELECT * WHERE { ?s ?p ?o", "\u0000\u202e", "x" * 5000]
)
def test_search_treats_any_text_as_a_name(server: Server, q: str) -> None:
    status, _, body = get(f"{server.url}search.json?q={urllib.parse.quote(q)}", "application/json")
    assert status == 200 and json.loads(body)["results"] == []
    status, _, page = get(f"{server.url}search?q={urllib.parse.quote(q)}")
    assert status == 200 and "<script>alert" not in page


def test_the_search_page_works_without_scripts(server: Server) -> None:
    status, media, page = get(f"{server.url}search?q=cstd")
    assert status == 200 and media.startswith("text/html")
    assert f'<a href="{server.url}id/cstd">Commission on Science and Technology for Development</a>' in page
    assert 'id="search-box"' in page  # the box is in the header of every page
    status, _, home = get(server.url)
    assert 'action="' + server.url + 'search"' in home


def test_browse_by_kind_with_counts(server: Server) -> None:
    status, _, home = get(server.url)
    assert status == 200
    for kind in ("bodies", "instruments", "mandates", "people", "meetings"):
        assert f'href="{server.url}browse/{kind}"' in home
    # "Start with" names things by their labels, not their slugs.
    assert ">Internet Governance Forum</a>" in home and ">igf</a>" not in home
    status, _, meetings = get(f"{server.url}browse/meetings")
    assert status == 200 and f'href="{server.url}id/meeting-2010-12-cstd"' in meetings
    assert get(f"{server.url}browse/nonsense")[0] == 404


def test_an_entity_page_shows_evidence_as_quote_and_source_line(server: Server) -> None:
    status, _, page = get(f"{server.url}id/igf")
    assert status == 200
    assert ">id:igf/evidence/" not in page  # no bare citation identifiers
    assert "Talking points of the IGF Secretariat" in page  # the source by its title
    assert f'href="{server.url}source/002_d7f4be828bee6026.txt#L17"' in page
    assert "/source/derived" not in page and "derived by the build" in page
    # Mentions are one summary line, expandable, not one line each.
    assert "<summary>Mentioned " in page and " meetings</summary>" in page
    assert page.count("— mention of") == 0


def test_linked_from_is_grouped_by_kind_with_counts_and_sorted(server: Server) -> None:
    _, _, page = get(f"{server.url}id/igf")
    inbound = page[page.index('<section id="inbound">') :]
    assert '<span class="kind-name">meeting</span> · meeting of <span class="count">' in inbound
    first = inbound.index("First meeting of the Internet Governance Forum")
    assert first < inbound.index("Second meeting of the Internet Governance Forum")  # by date


def test_a_meeting_page_shows_its_record(server: Server) -> None:
    status, _, page = get(f"{server.url}id/meeting-2010-12-cstd")
    assert status == 200
    record = page[page.index('<section id="meeting">') :]
    assert "turns in 5 sessions" in record
    # Turn 34 is Argentina's; its first words come from the source lines its citation names.
    turn = record[record.index('id="meeting-2010-12-cstd-turn-034"') :][:800]
    assert ">Argentina</a>" in turn and "A few participation of other stakeholders" in turn
    assert record.index('id="meeting-2010-12-cstd-turn-033"') < record.index('id="meeting-2010-12-cstd-turn-034"')
    assert "compromise" in record and "Who backed whom" in record


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        wanted = {"a": "href", "link": "href", "script": "src", "img": "src", "form": "action"}.get(tag)
        for name, value in attrs:
            if name == wanted and value:
                self.links.append(value)


#: What Chromium asks for when one follows a link: the crawl sees what a person's browser gets.
BROWSER_ACCEPT = (
    "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,"
    "application/signed-exchange;v=b3;q=0.7"
)
#: How many pages the crawl reads at most (breadth first: the home page, the kinds, every thing
#: they list, then what those pages link to).
CRAWL_LIMIT = 350


def test_every_link_on_the_site_resolves(server: Server) -> None:
    seen = {server.url}
    queue = deque([server.url])
    broken: list[str] = []
    pages = 0
    while queue and pages < CRAWL_LIMIT:
        url = queue.popleft()
        status, media, body = get(url, BROWSER_ACCEPT)
        pages += 1
        if status >= 400:
            broken.append(f"{status} {url}")
            continue
        if not media.startswith("text/html") or url.startswith(server.url + "ontology"):
            continue  # the ontology's own page (pyLODE) links within itself
        parser = _Links()
        parser.feed(body)
        for link in parser.links:
            target = urllib.parse.urljoin(url, link).split("#", 1)[0]
            if target.startswith(server.url) and target not in seen:
                seen.add(target)
                queue.append(target)
    assert pages >= 250, f"the crawl read only {pages} pages"
    assert broken == []
