"""The HTTP application: SPARQL 1.1 Protocol, linked-data pages, dumps and dataset description.

A Starlette (ASGI) app. It never touches the store itself: every job that reads data runs in a
worker process (:mod:`kg.serve.workers`) under a deadline, and this process only checks requests,
negotiates formats and renders pages. Links on pages are made from the configured base URL, never
from the request's Host header, so a forged Host cannot plant links.
"""

from __future__ import annotations

import json
import logging
import urllib.parse
from difflib import get_close_matches
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from kg.core import settings
from kg.core.version import __version__
from kg.serve.builds import Builds
from kg.serve.config import ServeConfig
from kg.serve.documents import DOCUMENT_MEDIA, convert, convert_file
from kg.serve.jobs import Job, Reply
from kg.serve.media import ENTITY_MEDIA, HTML, RESULT_MEDIA
from kg.serve.middleware import (
    HeadersMiddleware,
    RateLimitMiddleware,
    ServedBuildMiddleware,
    build_of,
    client_of,
)
from kg.serve.negotiate import best_match
from kg.serve.pages import page_routes
from kg.serve.protocol import (
    DescribeService,
    QueryRequest,
    Refusal,
    body_too_large,
    document_format,
    entity_format,
    parse_sparql_request,
)
from kg.serve.querypage import query_page
from kg.serve.ratelimit import RateLimiter
from kg.serve.reconcile.routes import routes as reconcile_routes
from kg.serve.runner import JobRunner

log = logging.getLogger("igkg.serve")

STATIC_DIR = Path(__file__).parent / "static"
#: The dumps the build writes, as they are offered for download.
DUMPS = {
    "igkg.ttl": "text/turtle; charset=utf-8",
    "igkg.jsonld": "application/ld+json",
    "igkg.trig": "application/trig",
    "igkg.nq": "application/n-quads",
}
#: The pictures under a thing's page (suffix of /id/… -> the job that draws it).
_PICTURES = {"/lineage.svg": "lineage_picture", "/coalitions.svg": "coalition_picture"}
# The RDF documents' formats, in the order each prefers (the first is for a client that takes anything).
_ONTOLOGY_FORMATS = ("rdfxml", "turtle", "ntriples", "jsonld", "html")
_VOID_FORMATS = ("turtle", "ntriples", "jsonld", "rdfxml")
_SERVICE_FORMATS = ("turtle", "html", "ntriples", "jsonld", "rdfxml")
# Pages run no inline code: scripts and styles come from /static only; scripts may call this
# server only (the search box's suggestions).
_CSP = (
    "default-src 'none'; img-src 'self'; style-src 'self'; script-src 'self'; connect-src 'self'; "
    "form-action 'self'; base-uri 'none'"
)


class BodyTooLarge(Exception):
    """The request body is over the configured limit (it was not read to the end)."""


class App:
    """The routes. Each request answers from the build it was given on arrival (``build_of``), so
    that everything in one answer (pages, dumps, VoID, query results) comes from one build."""

    def __init__(self, config: ServeConfig, builds: Builds, limiter: RateLimiter | None = None) -> None:
        self.config = config
        self.builds = builds
        self.limiter = limiter
        self.runner = JobRunner(config)
        self.base = config.base_url if config.base_url.endswith("/") else config.base_url + "/"
        self.templates = Environment(
            loader=PackageLoader("kg.serve", "templates"),
            autoescape=select_autoescape(["html"]),
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.templates.filters["link"] = self.link
        self.templates.filters["short"] = self.short
        self.templates.globals["base"] = self.base
        self.templates.globals["version"] = __version__

    # --- helpers ---------------------------------------------------------------------------------

    def link(self, iri: str) -> str:
        """Where an IRI is shown on this server: its local page, or the IRI itself if it is not ours."""
        for canonical, local in (
            (settings.ID_BASE, "id/"),
            (settings.SOURCE_BASE, "source/"),
            (settings.ONTOLOGY_NS, "ontology#"),
        ):
            if iri.startswith(canonical):
                return self.base + local + urllib.parse.quote(iri[len(canonical) :], safe="/#-._~")
        return iri

    @staticmethod
    def short(iri: str) -> str:
        from kg.export.dumps import compact_iri

        return compact_iri(iri)

    def page(self, template: str, status: int = 200, **context: Any) -> Response:
        html = self.templates.get_template(template).render(**context)
        return Response(
            html,
            status_code=status,
            media_type="text/html; charset=utf-8",
            headers={"Content-Security-Policy": _CSP, "X-Content-Type-Options": "nosniff"},
        )

    async def run(self, request: Request, job: Job) -> Reply:
        """Run a job in a worker of the request's build, under the client's budget and the queue
        (:mod:`kg.serve.runner`); a refusal, a deadline or a crash becomes an error reply."""
        return await self.runner.run(client_of(request.scope), build_of(request.scope), job)

    @staticmethod
    def respond(reply: Reply) -> Response:
        headers = {"X-Content-Type-Options": "nosniff", **reply.headers}
        return Response(reply.body, status_code=reply.status, media_type=reply.media_type, headers=headers)

    @staticmethod
    def plain(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
        return PlainTextResponse(message + "\n", status_code=status, headers=headers)

    @staticmethod
    def refuse(refusal: Refusal) -> Response:
        return App.plain(refusal.status, refusal.message)

    async def read_body(self, request: Request) -> bytes:
        declared = request.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > self.config.max_body:
            raise BodyTooLarge
        body = bytearray()
        async for chunk in request.stream():
            body.extend(chunk)
            if len(body) > self.config.max_body:
                raise BodyTooLarge
        return bytes(body)

    # --- SPARQL 1.1 Protocol ---------------------------------------------------------------------

    async def sparql(self, request: Request) -> Response:
        body = b""
        if request.method == "POST":
            try:
                body = await self.read_body(request)
            except BodyTooLarge:
                return self.refuse(body_too_large(self.config.max_body))
        asked = parse_sparql_request(
            method=request.method,
            params=request.query_params.multi_items(),
            content_type=request.headers.get("content-type"),
            body=body,
            accept=request.headers.get("accept"),
            max_size=self.config.max_body,
        )
        if isinstance(asked, Refusal):
            return self.refuse(asked)
        if isinstance(asked, DescribeService):
            return self.service_description(request)
        # The policy (SERVICE, FROM, updates, size and nesting) is checked where the query runs, in
        # the worker, by kg.query.run: one place to get it right.
        reply = await self.run(request, self.query_job(asked))
        if not asked.html:
            return self.respond(reply)
        if reply.status != 200:  # a person: the page again, with the query to mend and why it failed
            return query_page(self, asked.query, status=reply.status, error=reply.body.decode("utf-8", "replace"))
        # A large answer takes a while to lay out: not on the event loop, which serves everyone.
        return await run_in_threadpool(self.results_page, asked, reply)

    def query_job(self, asked: QueryRequest) -> Job:
        """The worker's job for a query; no dataset given means the query's own (or the default)."""
        return Job(
            "sparql",
            {
                "text": asked.query,
                "fmt": asked.worker_format,
                "row_limit": self.config.row_limit,
                "default_graphs": list(asked.default_graphs) or None,
                "named_graphs": list(asked.named_graphs) or None,
            },
        )

    def results_page(self, asked: QueryRequest, reply: Reply) -> Response:
        if asked.graph_form:
            return query_page(self, asked.query, graph=reply.body.decode("utf-8"))
        doc = json.loads(reply.body)
        return query_page(
            self,
            asked.query,
            boolean=doc.get("boolean"),
            variables=doc.get("head", {}).get("vars", []),
            rows=doc.get("results", {}).get("bindings", []),
        )

    def service_description(self, request: Request) -> Response:
        chosen = document_format(None, request.headers.get("accept"), _SERVICE_FORMATS)
        if isinstance(chosen, Refusal):
            return self.refuse(chosen)
        if chosen == "html":  # a person: the query page
            return query_page(self, None)
        from kg.core.prefixes import PREFIXES

        turtle = self.templates.get_template("service.ttl").render(
            endpoint=self.base + "sparql",
            void=self.base + ".well-known/void",
            result_formats=RESULT_MEDIA,
            graphs=sorted(build_of(request.scope).dataset.graphs),
            prefixes=PREFIXES,
        )
        return Response(convert(turtle, chosen), media_type=DOCUMENT_MEDIA[chosen])

    async def prefixes(self, request: Request) -> Response:
        """The predeclared prefixes (kg.core.prefixes), for the query editor: ``{"igkg": IRI, …}``."""
        from kg.core.prefixes import PREFIXES

        return JSONResponse(PREFIXES)

    # --- pages -----------------------------------------------------------------------------------

    def canned(self) -> list[dict[str, str]]:
        """The canned queries, with their examples bound, for the query box."""
        from kg.query import catalog as queries
        from kg.query.binding import with_values

        out = []
        for query in queries.catalog().values():
            params = {p.name: p.example for p in query.params.values() if p.example}
            text = with_values(query.text, query.bind(params)) if params else query.text
            out.append({"name": query.name, "title": query.title, "text": text})
        return out

    async def home(self, request: Request) -> Response:
        build = build_of(request.scope)
        dumps = [(name, path.stat().st_size) for name in DUMPS if (path := build.file(name)) is not None]
        examples = ["wg-igf-improvements", "igf", "cstd", "meeting-2010-12-cstd"]
        reply = await self.run(request, Job("browse", {"slugs": examples}))
        listed = reply.data if reply.status == 200 else {"kinds": [], "picked": []}
        return self.page(
            "home.html",
            dataset=build.dataset,
            canned=self.canned(),
            dumps=dumps,
            kinds=listed["kinds"],
            examples=listed["picked"],
        )

    async def dump(self, request: Request) -> Response:
        name = request.path_params["name"]
        path = build_of(request.scope).file(name) if name in DUMPS else None
        if path is None:
            return self.plain(404, f"no dump {name!r}; the dumps are: {', '.join(DUMPS)}")
        return FileResponse(path, media_type=DUMPS[name], filename=name)

    async def void(self, request: Request) -> Response:
        void = build_of(request.scope).dataset.void
        if not void:
            return self.plain(404, "this build has no dataset description; rebuild with `igkg build`")
        fmt = document_format(request.query_params.get("format"), request.headers.get("accept"), _VOID_FORMATS)
        if isinstance(fmt, Refusal):
            return self.refuse(fmt)
        return Response(await run_in_threadpool(convert, void, fmt), media_type=DOCUMENT_MEDIA[fmt])

    async def ontology(self, request: Request) -> Response:
        """The ontology by ``Accept``: RDF/XML first (OWL 2's one syntax every OWL tool reads; the
        OWL API and owlready2 ask for it or for anything), Turtle, N-Triples, JSON-LD, or the
        documentation page for browsers (which ask for text/html by name)."""
        fmt = document_format(request.query_params.get("format"), request.headers.get("accept"), _ONTOLOGY_FORMATS)
        if isinstance(fmt, Refusal):
            return self.refuse(fmt)
        if fmt == "turtle":
            return FileResponse(settings.ontology_file(), media_type=DOCUMENT_MEDIA[fmt])
        if fmt != "html":
            body = await run_in_threadpool(convert_file, settings.ontology_file(), fmt)
            return Response(body, media_type=DOCUMENT_MEDIA[fmt])
        path = build_of(request.scope).file("ontology.html")
        if path is None:
            return self.plain(404, "this build has no ontology documentation; rebuild with `igkg build`")
        # pyLODE's page carries its own styles and scripts inline: it gets no CSP of ours.
        return FileResponse(path, media_type="text/html; charset=utf-8")

    def _not_found(self, request: Request, slug: str) -> Response:
        hints = get_close_matches(slug, build_of(request.scope).dataset.slugs, n=5, cutoff=0.6)
        accept = best_match(request.headers.get("accept"), [HTML, "text/plain"])
        if accept == HTML:
            return self.page("notfound.html", status=404, slug=slug, hints=hints)
        hint = f"; did you mean {', '.join(hints)}?" if hints else "; search with SPARQL at /sparql"
        return self.plain(404, f"nothing in igkg has the id {slug!r}{hint}")

    async def entity(self, request: Request) -> Response:
        slug = request.path_params["slug"]
        for suffix, job in _PICTURES.items():
            if slug.endswith(suffix):
                return self.respond(await self.run(request, Job(job, {"slug": slug[: -len(suffix)]})))
        fmt = entity_format(request.query_params.get("format"), request.headers.get("accept"))
        if isinstance(fmt, Refusal):
            return self.refuse(fmt)
        if fmt == "html":
            return await self.entity_page(request, slug)
        return await self.entity_rdf(request, slug, fmt)

    async def entity_rdf(self, request: Request, slug: str, fmt: str) -> Response:
        """A thing described for machines, in ``fmt`` (a name from ENTITY_MEDIA)."""
        reply = await self.run(request, Job("entity_rdf", {"slug": slug, "fmt": fmt}))
        if reply.status == 404:
            return self._not_found(request, slug)
        response = self.respond(reply)
        response.headers["Vary"] = "Accept"
        return response

    async def entity_page(self, request: Request, slug: str) -> Response:
        """A thing's page for people: its facts, their sources, what points at it."""
        reply = await self.run(request, Job("entity", {"slug": slug}))
        if reply.status == 404:
            return self._not_found(request, slug)
        if reply.status != 200:
            return self.respond(reply)
        response = self.page("entity.html", e=reply.data, alternates=ENTITY_MEDIA)
        response.headers["Vary"] = "Accept"
        return response

    async def source(self, request: Request) -> Response:
        name = request.path_params["name"]
        reply = await self.run(request, Job("source", {"name": name}))
        if reply.status == 404:
            return self.plain(404, f"no source {name!r} in igkg")
        if reply.status != 200:
            return self.respond(reply)
        return self.page("source.html", s=reply.data)

    async def health(self, request: Request) -> Response:
        """Load-balancer health: 200 "ok", or 503 "saturated" / "unavailable"; JSON with the counts."""
        status, body = self.runner.health(self.builds, self.limiter)
        return JSONResponse(body, status_code=status, headers={"Cache-Control": "no-store"})


def create_app(config: ServeConfig, builds: Builds) -> Starlette:
    """The ASGI app over ``builds`` (see :mod:`kg.serve.middleware` for what runs before the routes)."""
    limiter = RateLimiter(config.rate, config.burst) if config.rate > 0 else None
    app = App(config, builds, limiter)
    routes = [
        Route("/", app.home),
        Route("/sparql", app.sparql, methods=["GET", "POST"]),
        Route("/prefixes.json", app.prefixes),
        Route("/id/{slug:path}", app.entity),
        Route("/source/{name:path}", app.source),
        Route("/ontology", app.ontology),
        Route("/.well-known/void", app.void),
        Route("/dumps/{name}", app.dump),
        Route("/healthz", app.health),
        *reconcile_routes(app.base, config.max_body, app.run),
        *page_routes(app),
        Mount("/static", StaticFiles(directory=STATIC_DIR), name="static"),
    ]
    middleware = [
        # Outermost (after the proxy's): a 429 carries CORS and Vary too, and a preflight costs nothing.
        Middleware(HeadersMiddleware),
        Middleware(RateLimitMiddleware, limiter=limiter),
        Middleware(ServedBuildMiddleware, builds=builds),
    ]
    if config.trusted_proxies:
        middleware.insert(0, Middleware(ProxyHeadersMiddleware, trusted_hosts=list(config.trusted_proxies)))
    return Starlette(routes=routes, middleware=middleware)
