"""The query page (``GET /sparql`` from a browser): YASGUI's editor and results view over a plain
form that works without scripts.

The page is progressive: the server renders a form (the query in a textarea, the canned queries
as examples, a Run button) and, when the URL carries a query, its results as a table — so
``/sparql?query=…`` is the shareable link, and it works with scripts off. ``static/query.js`` then
puts YASGUI's editor (YASQE: highlighting, checking, prefix completion from this server's
``/prefixes.json``) and results view (YASR) over the form; it talks to this server's ``/sparql``
only. The query from the URL is data: it reaches the page only through the template's escaping
and runs only through the endpoint's own policy (:mod:`kg.query.safety`).
"""

from __future__ import annotations

from typing import Any, Protocol

from starlette.responses import Response

from kg.core.prefixes import PREFIXES


class App(Protocol):
    """What the page needs of the application (kg.serve.app.App)."""

    base: str

    def page(self, template: str, status: int = 200, **context: Any) -> Response: ...
    def canned(self) -> list[dict[str, str]]: ...


#: The hash of the one ``<style>`` element YASGUI 4.2.28 writes itself (the results table's
#: column resizer, a fixed text): allowed by its hash rather than by 'unsafe-inline', so that no
#: other inline style can apply. A new YASGUI version that changes it shows as a CSP report in
#: tests/serve/test_query_page_browser.py.
_RESIZER_STYLE = "'sha256-zCK2EVMoPc04mRF/g5CotUvxbJPWS+8V0b+s9ptqQIk='"
#: The page's policy: the app's (kg.serve.app), plus data: images (YASGUI's stylesheet draws its
#: small icons so) and the resizer's style. Scripts and connections stay this server's own.
QUERY_CSP = (
    f"default-src 'none'; img-src 'self' data:; style-src 'self' {_RESIZER_STYLE}; script-src 'self'; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'"
)

#: What the editor holds when the URL gives no query: a small query that shows what is there.
DEFAULT_QUERY = """\
PREFIX igkg: <https://w3id.org/igkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
# Bodies of every kind (a class below igkg:Body), by name
SELECT ?body ?label WHERE {
  ?body a/rdfs:subClassOf* igkg:Body ;
        rdfs:label ?label .
}
ORDER BY ?label
LIMIT 50
"""


def query_page(app: App, query: str | None, status: int = 200, **results: Any) -> Response:
    """The page, with ``query`` in the editor (the default one if None) and, when given,
    ``results`` for the table (``variables`` and ``rows``, ``boolean`` or ``graph``) or the
    ``error`` the endpoint answered (with its ``status``)."""
    response = app.page(
        "query.html",
        status,
        query=query if query is not None else DEFAULT_QUERY,
        ran=query is not None,
        canned=examples(app.canned()),
        prefixes=PREFIXES,
        **results,
    )
    response.headers["Content-Security-Policy"] = QUERY_CSP
    return response


def examples(canned: list[dict[str, str]]) -> list[dict[str, str]]:
    """The canned queries (their examples bound) as the editor shows them: the catalogue's header
    comment (title, description, parameters as YAML) gives way to one line with the title."""
    out = []
    for query in canned:
        lines = query["text"].splitlines()
        while lines and (lines[0].startswith("#") or not lines[0].strip()):
            lines.pop(0)
        out.append({**query, "text": "\n".join([f"# {query['title']}", *lines]) + "\n"})
    return out
