"""The reconciliation service over HTTP: ``/reconcile`` and the preview and suggest endpoints under it.

Every answer carries ``Access-Control-Allow-Origin: *`` (the protocol requires CORS on every
endpoint; the service is read-only and uses no cookies) and every path answers a preflight.
JSONP is not offered: a ``callback`` parameter is refused. OpenRefine (3.3 and later) and the
protocol's test bench use CORS; JSONP would make igkg return a script named by whoever links to
it, which any page on any site could then run with igkg's origin in its script sources.
"""

from __future__ import annotations

import html
import json
import urllib.parse
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from kg.core import settings
from kg.core.version import __version__
from kg.serve.jobs import Job, Reply
from kg.serve.reconcile.requests import BATCH_SIZE, Refusal, read_batch, read_query, type_id
from kg.serve.reconcile.score import PROPERTIES

#: How a handler runs a job in a worker of the request's build (``App.run``: budget, queue, deadline).
Runner = Callable[[Request, Job], Awaitable[Reply]]

#: The manifest's default types: the ontology's classes for the five kinds, with their English names.
DEFAULT_TYPES = [
    {"id": "Body", "name": "body"},
    {"id": "Instrument", "name": "instrument"},
    {"id": "Mandate", "name": "mandate"},
    {"id": "Person", "name": "person"},
    {"id": "Meeting", "name": "meeting"},
]
SUGGEST_SIZE = 10
_MAX_PREFIX = 200
_CORS = {
    "Access-Control-Allow-Origin": "*",
    "X-Content-Type-Options": "nosniff",
}
_PREFLIGHT = {
    **_CORS,
    "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
    "Access-Control-Allow-Headers": "Content-Type, Accept",
    "Access-Control-Max-Age": "86400",
}
_PREVIEW_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"
_NO_JSONP = (
    "JSONP is not offered: call this service with CORS (every endpoint sends Access-Control-Allow-Origin: *), "
    "as OpenRefine 3.3 and later do"
)


def _json(data: Any, status: int = 200) -> Response:
    return JSONResponse(data, status_code=status, headers=_CORS)


def _refuse(status: int, message: str) -> Response:
    return PlainTextResponse(message + "\n", status_code=status, headers=_CORS)


class Reconciliation:
    """The handlers; they check the request here and leave the store to a query worker."""

    def __init__(self, base: str, max_body: int, run: Runner) -> None:
        self.base = base if base.endswith("/") else base + "/"
        self.root = self.base.rstrip("/")
        self.max_body = max_body
        self.run = run

    def manifest(self) -> dict[str, Any]:
        base = self.base
        suggest = {"service_url": self.root}
        return {
            "versions": ["0.1", "0.2"],
            "name": "igkg — the UN Internet-governance system (bodies, instruments, mandates, people, meetings)",
            "identifierSpace": settings.ID_BASE,
            "schemaSpace": settings.ONTOLOGY_NS,
            "documentation": base,
            "serviceVersion": __version__,
            "defaultTypes": DEFAULT_TYPES,
            "view": {"url": base + "id/{{id}}"},
            "preview": {"url": base + "reconcile/preview?id={{id}}", "width": 420, "height": 150},
            "suggest": {
                "entity": {**suggest, "service_path": "/reconcile/suggest/entity"},
                "type": {**suggest, "service_path": "/reconcile/suggest/type"},
                "property": {**suggest, "service_path": "/reconcile/suggest/property"},
            },
            "batchSize": BATCH_SIZE,
        }

    async def preflight(self, request: Request) -> Response:
        return Response(status_code=204, headers=_PREFLIGHT)

    async def endpoint(self, request: Request) -> Response:
        """GET with no parameters: the manifest; ``queries=`` (GET or a POSTed form): a batch;
        ``query=`` (the 0.1 single form): one query."""
        params = list(request.query_params.multi_items())
        if request.method == "POST":
            form = await self._form(request)
            if isinstance(form, Refusal):
                return _refuse(form.status, form.message)
            params += form
        names = {name for name, _ in params}
        if "callback" in names:
            return _refuse(400, _NO_JSONP)
        values = dict(params)
        if "queries" in values:
            return await self._batch(request, values["queries"])
        if "query" in values:
            return await self._single(request, values["query"])
        if names:
            offered = "queries= (a batch) or query= (one query); data extension (extend=) is not offered"
            return _refuse(400, f"unknown parameter {sorted(names)[0]!r}: send {offered}")
        if request.method == "POST":
            return _refuse(400, "POST a form with queries=<a JSON batch of queries>")
        return _json(self.manifest())

    async def _form(self, request: Request) -> list[tuple[str, str]] | Refusal:
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_body:
            return Refusal(413, f"the request body is over {self.max_body} bytes")
        body = bytearray()
        async for chunk in request.stream():  # read no further than the limit
            body.extend(chunk)
            if len(body) > self.max_body:
                return Refusal(413, f"the request body is over {self.max_body} bytes")
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if kind not in ("", "application/x-www-form-urlencoded"):
            return Refusal(415, "POST queries= as application/x-www-form-urlencoded")
        try:
            text = bytes(body).decode("utf-8")
            return urllib.parse.parse_qsl(text, keep_blank_values=True, max_num_fields=16)
        except (UnicodeDecodeError, ValueError):
            return Refusal(400, "the form body is not UTF-8 form encoding (or has too many fields)")

    async def _batch(self, request: Request, raw: str) -> Response:
        queries = read_batch(raw)
        if isinstance(queries, Refusal):
            return _refuse(queries.status, queries.message)
        reply = await self.run(request, Job("reconcile", {"op": "match", "args": {"queries": queries}}))
        if reply.status != 200:
            return _refuse(reply.status, reply.body.decode("utf-8", "replace").strip())
        return _json(reply.data)

    async def _single(self, request: Request, raw: str) -> Response:
        try:
            value: Any = json.loads(raw)
        except (ValueError, RecursionError):
            value = raw  # a bare query string
        query = read_query(value)
        if isinstance(query, Refusal):
            return _refuse(query.status, query.message)
        reply = await self.run(request, Job("reconcile", {"op": "match", "args": {"queries": [("q", query)]}}))
        if reply.status != 200:
            return _refuse(reply.status, reply.body.decode("utf-8", "replace").strip())
        return _json(reply.data["q"])

    async def suggest_entity(self, request: Request) -> Response:
        asked = _suggest_params(request)
        if isinstance(asked, Refusal):
            return _refuse(asked.status, asked.message)
        prefix, cursor = asked
        types = [type_id(t) for t in request.query_params.getlist("type")[:5] if t]
        args = {"prefix": prefix, "types": types, "cursor": cursor, "size": SUGGEST_SIZE}
        reply = await self.run(request, Job("reconcile", {"op": "suggest_entity", "args": args}))
        if reply.status != 200:
            return _refuse(reply.status, reply.body.decode("utf-8", "replace").strip())
        return _json({"result": reply.data})

    async def suggest_type(self, request: Request) -> Response:
        asked = _suggest_params(request)
        if isinstance(asked, Refusal):
            return _refuse(asked.status, asked.message)
        prefix, cursor = asked
        reply = await self.run(request, Job("reconcile", {"op": "suggest_type", "args": {"prefix": prefix}}))
        if reply.status != 200:
            return _refuse(reply.status, reply.body.decode("utf-8", "replace").strip())
        return _json({"result": reply.data[cursor : cursor + SUGGEST_SIZE]})

    async def suggest_property(self, request: Request) -> Response:
        """The properties a query may give: few and fixed, so no worker is needed."""
        from kg.serve.reconcile.text import normalise

        asked = _suggest_params(request)
        if isinstance(asked, Refusal):
            return _refuse(asked.status, asked.message)
        prefix, cursor = asked
        wanted = normalise(prefix)
        found = [
            {"id": pid, "name": name, "description": description}
            for pid, (name, description) in PROPERTIES.items()
            if not wanted or normalise(pid).startswith(wanted) or normalise(name).startswith(wanted)
        ]
        return _json({"result": found[cursor : cursor + SUGGEST_SIZE]})

    async def preview(self, request: Request) -> Response:
        """A small page about one thing, for OpenRefine's preview frame (every value escaped)."""
        ident = request.query_params.get("id", "")
        if "callback" in request.query_params:
            return _refuse(400, _NO_JSONP)
        slug = ident[len(settings.ID_BASE) :] if ident.startswith(settings.ID_BASE) else ident
        if not slug or len(slug) > _MAX_PREFIX:
            return _refuse(400, "give the id of a thing: /reconcile/preview?id=igf")
        reply = await self.run(request, Job("reconcile", {"op": "preview", "args": {"id": slug}}))
        if reply.status != 200:
            return _refuse(reply.status, reply.body.decode("utf-8", "replace").strip())
        if reply.data is None:
            body = f"<!doctype html><meta charset=utf-8><p>igkg has no id {html.escape(slug)!s}.</p>"
            return self._page(body, 404)
        return self._page(self._preview_html(reply.data))

    def _preview_html(self, thing: dict[str, Any]) -> str:
        esc = html.escape
        link = self.base + "id/" + urllib.parse.quote(thing["id"], safe="-._~")
        lines = [
            "<!doctype html><html lang=en><meta charset=utf-8><title>" + esc(thing["name"]) + "</title>",
            "<style>body{font:14px/1.4 system-ui,sans-serif;margin:8px}h1{font-size:16px;margin:0 0 4px}"
            "p{margin:2px 0}.t{color:#555}</style>",
            f'<h1><a href="{esc(link)}" target="_blank" rel="noopener">{esc(thing["name"])}</a></h1>',
            f'<p class="t">{esc(" · ".join(thing["types"]))} — <code>{esc(thing["id"])}</code></p>',
        ]
        if thing["symbols"]:
            lines.append(f"<p>Symbol: {esc(', '.join(thing['symbols']))}</p>")
        if thing["aliases"]:
            lines.append(f"<p>Also: {esc(', '.join(thing['aliases']))}</p>")
        return "\n".join(lines) + "\n</html>\n"

    @staticmethod
    def _page(body: str, status: int = 200) -> Response:
        headers = {**_CORS, "Content-Security-Policy": _PREVIEW_CSP}
        return Response(body, status_code=status, media_type="text/html; charset=utf-8", headers=headers)


def _suggest_params(request: Request) -> tuple[str, int] | Refusal:
    params = request.query_params
    if "callback" in params:
        return Refusal(400, _NO_JSONP)
    prefix = params.get("prefix", "")
    if len(prefix) > _MAX_PREFIX:
        return Refusal(400, f"prefix is at most {_MAX_PREFIX} characters")
    cursor_text = params.get("cursor", "0") or "0"
    if not cursor_text.isdigit() or int(cursor_text) > 10_000:
        return Refusal(400, "cursor is a number of suggestions to skip (0 to 10000)")
    return prefix, int(cursor_text)


def routes(base: str, max_body: int, run: Runner) -> list[Route]:
    """The service's routes under ``base`` (the public base URL), each with its CORS preflight;
    ``run`` runs a job in a query worker."""
    service = Reconciliation(base, max_body, run)
    paths = [
        ("/reconcile", service.endpoint, ["GET", "POST"]),
        ("/reconcile/preview", service.preview, ["GET"]),
        ("/reconcile/suggest/entity", service.suggest_entity, ["GET"]),
        ("/reconcile/suggest/type", service.suggest_type, ["GET"]),
        ("/reconcile/suggest/property", service.suggest_property, ["GET"]),
    ]
    out = [Route(path, handler, methods=methods) for path, handler, methods in paths]
    out += [Route(path, service.preflight, methods=["OPTIONS"]) for path, _, _ in paths]
    return out
