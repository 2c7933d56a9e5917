"""The pages for finding things: search (a page that works without scripts, and the JSON behind
the suggestions as you type) and browsing by kind.

The query string is only ever a search term: it is cut to a bounded length and matched in the
worker against names in memory (:mod:`kg.serve.catalogue`), never put into a query's text.
"""

from __future__ import annotations

from typing import Any, Protocol

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from kg.serve.catalogue import KIND_NAMES, KIND_SINGULAR
from kg.serve.jobs import Job, Reply


class App(Protocol):
    """What these pages need of the application (kg.serve.app.App), named here so that this
    module does not import the app that imports it."""

    base: str

    def page(self, template: str, status: int = 200, **context: Any) -> Response: ...
    async def run(self, request: Request, job: Job) -> Reply: ...
    def respond(self, reply: Reply) -> Response: ...
    def plain(self, status: int, message: str, headers: dict[str, str] | None = None) -> Response: ...


#: Longer search terms are cut: nobody types more to find a name.
MAX_QUERY = 200
#: How many suggestions the box shows, and how many results the page lists.
SUGGESTIONS = 8
RESULTS = 50


def _term(request: Request) -> str:
    return " ".join(request.query_params.get("q", "")[:MAX_QUERY].split())


def _limit(request: Request, default: int) -> int:
    raw = request.query_params.get("limit", "")
    return min(int(raw), 100) if raw.isdigit() and int(raw) > 0 else default


def page_routes(app: App) -> list[Route]:
    """The routes of the search and browse pages, answered by ``app``'s workers and templates."""

    async def search_json(request: Request) -> Response:
        term = _term(request)
        if not term:
            return JSONResponse({"q": "", "results": []})
        reply = await app.run(request, Job("search", {"q": term, "limit": _limit(request, SUGGESTIONS)}))
        if reply.status != 200:
            return app.respond(reply)
        results = [
            {**r, "url": f"{app.base}id/{r['slug']}", "kind_label": KIND_SINGULAR[str(r["kind"])]} for r in reply.data
        ]
        return JSONResponse({"q": term, "results": results}, headers={"X-Content-Type-Options": "nosniff"})

    async def search_page(request: Request) -> Response:
        term = _term(request)
        results: list[dict[str, object]] = []
        if term:
            reply = await app.run(request, Job("search", {"q": term, "limit": RESULTS}))
            if reply.status != 200:
                return app.respond(reply)
            results = reply.data
        return app.page("search.html", q=term, results=results, kinds=KIND_SINGULAR)

    async def browse(request: Request) -> Response:
        kind = request.path_params.get("kind", "")
        if kind and kind not in KIND_NAMES:
            return app.plain(404, f"no kind {kind!r}; the kinds are: {', '.join(KIND_NAMES)}")
        reply = await app.run(request, Job("browse", {"kind": kind}))
        if reply.status != 200:
            return app.respond(reply)
        return app.page("browse.html", kind=kind, heading=KIND_NAMES.get(kind, ""), **reply.data)

    return [
        Route("/search", search_page),
        Route("/search.json", search_json),
        Route("/browse", browse),
        Route("/browse/{kind}", browse),
    ]
