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
from dataclasses import dataclass, field
from difflib import get_close_matches
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

from kg.core import settings
from kg.core.errors import QueryError
from kg.core.version import __version__
from kg.query.safety import MAX_QUERY_BYTES, check_dataset, check_query_text, query_form
from kg.serve.jobs import GRAPH_MEDIA, RESULT_MEDIA, Job, Reply
from kg.serve.negotiate import best_match
from kg.serve.ratelimit import RateLimiter, retry_after
from kg.serve.workers import PoolError, WorkerPool

log = logging.getLogger("igkg.serve")

STATIC_DIR = Path(__file__).parent / "static"
#: The dumps the build writes, as they are offered for download.
DUMPS = {
    "igkg.ttl": "text/turtle; charset=utf-8",
    "igkg.jsonld": "application/ld+json",
    "igkg.trig": "application/trig",
    "igkg.nq": "application/n-quads",
}
_MEDIA_FORMAT = {media.split(";")[0]: name for name, media in {**RESULT_MEDIA, **GRAPH_MEDIA}.items()}
_MEDIA_FORMAT["application/json"] = "json"
_MEDIA_FORMAT["text/plain"] = "ntriples"  # N-Triples was registered as text/plain first
_HTML = "text/html"
# Pages run no inline code: scripts and styles come from /static only.
_CSP = "default-src 'none'; img-src 'self'; style-src 'self'; script-src 'self'; form-action 'self'; base-uri 'none'"


@dataclass(frozen=True)
class ServeConfig:
    store: Path
    base_url: str = "http://127.0.0.1:8000/"
    deadline: float = 10.0
    row_limit: int = 100_000
    workers: int = 2
    rate: float = 20.0  # requests per second per client; 0 turns rate limiting off
    burst: int = 40
    max_body: int = MAX_QUERY_BYTES
    allowed_services: frozenset[str] = field(default_factory=frozenset)

    @property
    def build_dir(self) -> Path:
        """The build folder the store sits in: dumps, VoID and ontology documentation."""
        return self.store.parent


@dataclass
class Dataset:
    graphs: frozenset[str]
    slugs: list[str]
    triples: int
    void: bytes = b""


class RateLimitMiddleware:
    def __init__(self, app: ASGIApp, limiter: RateLimiter | None) -> None:
        self.app = app
        self.limiter = limiter

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and self.limiter is not None and not scope["path"].startswith("/static/"):
            client = scope.get("client") or ("unknown", 0)
            wait = self.limiter.take(client[0])
            if wait > 0:
                response = PlainTextResponse(
                    "too many requests from your address; slow down\n",
                    status_code=429,
                    headers={"Retry-After": retry_after(wait)},
                )
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


class BodyTooLarge(Exception):
    pass


class App:
    """The routes, over one worker pool and one dataset."""

    def __init__(self, config: ServeConfig, pool: WorkerPool, dataset: Dataset) -> None:
        self.config = config
        self.pool = pool
        self.dataset = dataset
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
        from kg.export.dumps import PREFIXES

        for prefix, ns in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
            if iri.startswith(ns):
                return f"{prefix}:{iri[len(ns) :]}"
        return iri

    def page(self, template: str, status: int = 200, **context: Any) -> Response:
        html = self.templates.get_template(template).render(**context)
        return Response(
            html,
            status_code=status,
            media_type="text/html; charset=utf-8",
            headers={"Content-Security-Policy": _CSP, "X-Content-Type-Options": "nosniff"},
        )

    async def run(self, job: Job) -> Reply:
        """Run a job in a worker; a job that ran out of time or crashed becomes an error reply."""
        try:
            return await run_in_threadpool(self.pool.run, job, self.config.deadline)
        except PoolError as exc:
            headers = {} if exc.retry_after is None else {"Retry-After": str(exc.retry_after)}
            return Reply(exc.status, "text/plain; charset=utf-8", (str(exc) + "\n").encode(), headers=headers)

    @staticmethod
    def respond(reply: Reply) -> Response:
        headers = {"X-Content-Type-Options": "nosniff", **reply.headers}
        return Response(reply.body, status_code=reply.status, media_type=reply.media_type, headers=headers)

    @staticmethod
    def plain(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
        return PlainTextResponse(message + "\n", status_code=status, headers=headers)

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
        params: list[tuple[str, str]] = list(request.query_params.multi_items())
        query: str | None = None
        if request.method == "POST":
            try:
                body = await self.read_body(request)
            except BodyTooLarge:
                return self.plain(413, f"the request body is over {self.config.max_body} bytes; igkg refuses it")
            media = request.headers.get("content-type", "").split(";")[0].strip().lower()
            if media == "application/sparql-update":
                return self.plain(403, "this endpoint is read-only: SPARQL updates are refused")
            if media == "application/sparql-query":
                query = body.decode("utf-8", errors="replace")
            elif media == "application/x-www-form-urlencoded":
                params += urllib.parse.parse_qsl(body.decode("utf-8", errors="replace"), keep_blank_values=True)
            else:
                return self.plain(
                    415, "POST a query as application/sparql-query or as a form (application/x-www-form-urlencoded)"
                )
        if any(name in ("update", "using-graph-uri", "using-named-graph-uri") for name, _ in params):
            return self.plain(403, "this endpoint is read-only: SPARQL updates (and LOAD) are refused")
        queries = [value for name, value in params if name == "query"]
        if query is None and len(queries) > 1:
            return self.plain(400, "give one query, not several")
        if query is None and queries:
            query = queries[0]
        if query is None:
            return self.service_description(request)
        if len(query.encode("utf-8")) > self.config.max_body:
            return self.plain(413, f"the query is over {self.config.max_body} bytes; igkg refuses it")
        default_graphs = [v for n, v in params if n == "default-graph-uri"]
        named_graphs = [v for n, v in params if n == "named-graph-uri"]
        try:
            check_query_text(query, self.config.allowed_services)
            check_dataset(query, self.dataset.graphs)
            for graph in default_graphs + named_graphs:
                if graph not in self.dataset.graphs:
                    raise QueryError(f"<{graph}> is not one of this dataset's graphs; igkg never fetches data")
        except QueryError as exc:
            return self.plain(400, str(exc))
        form = query_form(query)
        graph_form = form in ("CONSTRUCT", "DESCRIBE")
        offered = [m.split(";")[0] for m in (GRAPH_MEDIA if graph_form else RESULT_MEDIA).values()]
        offered += ["text/plain"] if graph_form else ["application/json"]
        fmt = request.query_params.get("format") or dict(params).get("format")
        if fmt and fmt != "html":
            if fmt not in (GRAPH_MEDIA if graph_form else RESULT_MEDIA):
                choices = ", ".join([*(GRAPH_MEDIA if graph_form else RESULT_MEDIA), "html"])
                return self.plain(400, f"format={fmt} is not offered for a {form} query; use one of {choices}")
        elif fmt != "html":
            chosen = best_match(request.headers.get("accept"), [*offered, _HTML])
            if chosen is None:
                return self.plain(406, "none of the formats you accept is offered: " + ", ".join(offered))
            fmt = "html" if chosen == _HTML else _MEDIA_FORMAT[chosen]
        worker_fmt = ("turtle" if graph_form else "json") if fmt == "html" else fmt
        reply = await self.run(
            Job(
                "sparql",
                {
                    "text": query,
                    "fmt": worker_fmt,
                    "row_limit": self.config.row_limit,
                    "default_graphs": default_graphs or None,
                    "named_graphs": named_graphs or None,
                },
            )
        )
        if fmt != "html" or reply.status != 200:
            return self.respond(reply)
        return self.results_page(query, form, reply)

    def results_page(self, query: str, form: str, reply: Reply) -> Response:
        if form in ("CONSTRUCT", "DESCRIBE"):
            return self.page("results.html", query=query, graph=reply.body.decode("utf-8"), canned=self.canned())
        doc = json.loads(reply.body)
        return self.page(
            "results.html",
            query=query,
            boolean=doc.get("boolean"),
            variables=doc.get("head", {}).get("vars", []),
            rows=doc.get("results", {}).get("bindings", []),
            canned=self.canned(),
        )

    def service_description(self, request: Request) -> Response:
        chosen = best_match(request.headers.get("accept"), ["text/turtle", _HTML, "application/n-triples"])
        if chosen == _HTML:
            return RedirectResponse(self.base + "#query", status_code=303)
        from pyoxigraph import RdfFormat, parse, serialize

        turtle = self.templates.get_template("service.ttl").render(
            endpoint=self.base + "sparql", void=self.base + ".well-known/void", result_formats=RESULT_MEDIA
        )
        if chosen == "application/n-triples":
            triples = [q.triple for q in parse(turtle.encode(), format=RdfFormat.TURTLE)]
            return Response(serialize(triples, format=RdfFormat.N_TRIPLES), media_type="application/n-triples")
        if chosen is None:
            return self.plain(406, "the service description is offered as text/turtle or application/n-triples")
        return Response(turtle, media_type="text/turtle; charset=utf-8")

    # --- pages -----------------------------------------------------------------------------------

    def canned(self) -> list[dict[str, str]]:
        """The canned queries, with their examples bound, for the query box."""
        from kg.query import catalog as queries

        out = []
        for query in queries.catalog().values():
            params = {p.name: p.example for p in query.params.values() if p.example}
            text = queries.with_values(query.text, query.bind(params)) if params else query.text
            out.append({"name": query.name, "title": query.title, "text": text})
        return out

    async def home(self, request: Request) -> Response:
        return self.page(
            "home.html",
            dataset=self.dataset,
            canned=self.canned(),
            dumps=[(name, (self.config.build_dir / name).stat().st_size) for name in DUMPS if self._dump(name)],
            examples=["wg-igf-improvements", "igf", "cstd", "meeting-2010-12-cstd"],
        )

    def _dump(self, name: str) -> Path | None:
        path = self.config.build_dir / name
        return path if name in DUMPS and path.is_file() else None

    async def dump(self, request: Request) -> Response:
        name = request.path_params["name"]
        path = self._dump(name)
        if path is None:
            return self.plain(404, f"no dump {name!r}; the dumps are: {', '.join(DUMPS)}")
        return FileResponse(path, media_type=DUMPS[name], filename=name)

    async def void(self, request: Request) -> Response:
        if not self.dataset.void:
            return self.plain(404, "this build has no dataset description; rebuild with `igkg build`")
        return Response(self.dataset.void, media_type="text/turtle; charset=utf-8")

    async def ontology(self, request: Request) -> Response:
        chosen = best_match(request.headers.get("accept"), [_HTML, "text/turtle"])
        if chosen == "text/turtle" or request.query_params.get("format") == "turtle":
            return FileResponse(settings.ontology_file(), media_type="text/turtle; charset=utf-8")
        path = self.config.build_dir / "ontology.html"
        if not path.is_file():
            return self.plain(404, "this build has no ontology documentation; rebuild with `igkg build`")
        # pyLODE's page carries its own styles and scripts inline: it gets no CSP of ours.
        return FileResponse(path, media_type="text/html; charset=utf-8")

    def _not_found(self, request: Request, slug: str) -> Response:
        hints = get_close_matches(slug, self.dataset.slugs, n=5, cutoff=0.6)
        accept = best_match(request.headers.get("accept"), [_HTML, "text/plain"])
        if accept == _HTML:
            return self.page("notfound.html", status=404, slug=slug, hints=hints)
        hint = f"; did you mean {', '.join(hints)}?" if hints else "; search with SPARQL at /sparql"
        return self.plain(404, f"nothing in igkg has the id {slug!r}{hint}")

    async def entity(self, request: Request) -> Response:
        slug = request.path_params["slug"]
        if slug.endswith("/lineage.svg"):
            return self.respond(await self.run(Job("lineage_picture", {"slug": slug[: -len("/lineage.svg")]})))
        fmt = request.query_params.get("format")
        media = {"turtle": "text/turtle", "jsonld": "application/ld+json", "ntriples": "application/n-triples"}
        if fmt:
            if fmt not in (*media, "html"):
                return self.plain(400, f"format={fmt}: use html, turtle, jsonld or ntriples")
            chosen = _HTML if fmt == "html" else media[fmt]
        else:
            chosen = best_match(
                request.headers.get("accept"), [_HTML, *media.values(), "application/json", "text/plain"]
            )
        if chosen is None:
            return self.plain(406, "a thing is described as text/html, text/turtle, application/ld+json or N-Triples")
        if chosen != _HTML:
            by_media = {v: k for k, v in media.items()} | {"application/json": "jsonld", "text/plain": "ntriples"}
            name = by_media[chosen]
            reply = await self.run(Job("entity_rdf", {"slug": slug, "fmt": name}))
            if reply.status == 404:
                return self._not_found(request, slug)
            response = self.respond(reply)
            response.headers["Vary"] = "Accept"
            return response
        reply = await self.run(Job("entity", {"slug": slug}))
        if reply.status == 404:
            return self._not_found(request, slug)
        if reply.status != 200:
            return self.respond(reply)
        response = self.page("entity.html", e=reply.data, alternates=media)
        response.headers["Vary"] = "Accept"
        return response

    async def source(self, request: Request) -> Response:
        name = request.path_params["name"]
        reply = await self.run(Job("source", {"name": name}))
        if reply.status == 404:
            return self.plain(404, f"no source {name!r} in igkg")
        if reply.status != 200:
            return self.respond(reply)
        return self.page("source.html", s=reply.data)

    async def health(self, request: Request) -> Response:
        return PlainTextResponse(f"ok {self.pool.size} workers\n")


def create_app(config: ServeConfig, pool: WorkerPool, dataset: Dataset) -> Starlette:
    app = App(config, pool, dataset)
    limiter = RateLimiter(config.rate, config.burst) if config.rate > 0 else None
    routes = [
        Route("/", app.home),
        Route("/sparql", app.sparql, methods=["GET", "POST"]),
        Route("/id/{slug:path}", app.entity),
        Route("/source/{name:path}", app.source),
        Route("/ontology", app.ontology),
        Route("/.well-known/void", app.void),
        Route("/dumps/{name}", app.dump),
        Route("/healthz", app.health),
        Mount("/static", StaticFiles(directory=STATIC_DIR), name="static"),
    ]
    return Starlette(routes=routes, middleware=[Middleware(RateLimitMiddleware, limiter=limiter)])
