"""The ASGI middleware in front of the routes, outermost first:

- who the client is: the connecting address, or the one a trusted proxy names in X-Forwarded-For
  (uvicorn's ProxyHeadersMiddleware, given only the operator's ``--trusted-proxy`` addresses; with
  none, the header is ignored, so no client can pick its own identity);
- per-client request rate (429 with Retry-After);
- the served build: each request holds the build it started on until its answer is sent, and the
  answer says which build it is from (``X-Igkg-Build``).
"""

from __future__ import annotations

from starlette.responses import PlainTextResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kg.serve.builds import Builds, ServedBuild
from kg.serve.ratelimit import RateLimiter, client_key, retry_after

#: Where a request's build is kept in its ASGI scope.
BUILD_KEY = "igkg.build"
#: Paths that cost nothing worth limiting and must answer whatever a client did (a load balancer's).
_UNLIMITED = ("/static/", "/healthz")


def client_of(scope: Scope) -> str:
    """The per-client limits' key for the request in ``scope`` (see :func:`client_key`)."""
    client = scope.get("client")
    return client_key(client[0] if client else None)


def build_of(scope: Scope) -> ServedBuild:
    """The build a request answers from (set by :class:`ServedBuildMiddleware`)."""
    build: ServedBuild = scope[BUILD_KEY]
    return build


class RateLimitMiddleware:
    """Answers 429 to a client over its request rate; static files and /healthz are never counted."""

    def __init__(self, app: ASGIApp, limiter: RateLimiter | None) -> None:
        self.app = app
        self.limiter = limiter

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and self.limiter is not None and not scope["path"].startswith(_UNLIMITED):
            wait = self.limiter.take(client_of(scope))
            if wait > 0:
                response = PlainTextResponse(
                    "too many requests from your address; slow down\n",
                    status_code=429,
                    headers={"Retry-After": retry_after(wait)},
                )
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


class ServedBuildMiddleware:
    """Gives each request the build being served when it arrives, for the whole of its answer."""

    def __init__(self, app: ASGIApp, builds: Builds) -> None:
        self.app = app
        self.builds = builds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        build = self.builds.acquire()
        scope[BUILD_KEY] = build
        header = (b"x-igkg-build", build.id.encode("ascii", "replace"))

        async def send_from_build(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), header]}
            await send(message)

        try:
            await self.app(scope, receive, send_from_build)
        finally:  # after the last byte is sent (or the client left): the build may stop now
            self.builds.release(build)


#: Paths whose answer depends on the request's Accept header (content negotiation).
NEGOTIATED = ("/sparql", "/ontology", "/.well-known/void", "/id/")
#: The read-only data any web page may read (CORS), and the methods each takes.
_CORS_METHODS = {
    "/sparql": "GET, POST, OPTIONS",
    "/ontology": "GET, HEAD, OPTIONS",
    "/.well-known/void": "GET, HEAD, OPTIONS",
    "/id/": "GET, HEAD, OPTIONS",
    "/dumps/": "GET, HEAD, OPTIONS",
}
# No credentials are ever read, so "*" opens nothing a page on another origin could not already
# fetch through its own server; it lets a browser read the answer.
_CORS = [(b"access-control-allow-origin", b"*")]


def _matches(path: str, prefix: str) -> bool:
    return path == prefix or (prefix.endswith("/") and path.startswith(prefix))


def _add_vary(headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    """``headers`` with Accept in their Vary, once (a route may have set it already)."""
    values = [v.decode("latin-1") for k, v in headers if k.lower() == b"vary"]
    names = {n.strip().lower() for v in values for n in v.split(",")}
    if "accept" in names or "*" in names:
        return headers
    merged = ", ".join([*values, "Accept"])
    return [(k, v) for k, v in headers if k.lower() != b"vary"] + [(b"vary", merged.encode("latin-1"))]


class HeadersMiddleware:
    """``Vary: Accept`` on every negotiated answer (errors included: a 406 depends on Accept too),
    and CORS on the read-only data: ``Access-Control-Allow-Origin: *`` on its answers, and a 204
    to its preflight (``OPTIONS``), answered here, before rate limits and workers."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope["path"]
        methods = next((m for prefix, m in _CORS_METHODS.items() if _matches(path, prefix)), None)
        if methods is not None and scope["method"] == "OPTIONS":
            headers = {
                "Allow": methods,
                "Access-Control-Allow-Origin": "*",
                "Access-Control-Allow-Methods": methods,
                "Access-Control-Allow-Headers": "Content-Type, Accept",
                "Access-Control-Max-Age": "86400",
            }
            await Response(status_code=204, headers=headers)(scope, receive, send)
            return
        negotiated = any(_matches(path, prefix) for prefix in NEGOTIATED)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                if negotiated:
                    headers = _add_vary(headers)
                if methods is not None:
                    headers += _CORS
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)
