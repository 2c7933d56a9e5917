"""The ASGI middleware in front of the routes, outermost first:

- who the client is: the connecting address, or the one a trusted proxy names in X-Forwarded-For
  (uvicorn's ProxyHeadersMiddleware, given only the operator's ``--trusted-proxy`` addresses; with
  none, the header is ignored, so no client can pick its own identity);
- per-client request rate (429 with Retry-After);
- the served build: each request holds the build it started on until its answer is sent, and the
  answer says which build it is from (``X-Igkg-Build``).
"""

from __future__ import annotations

from starlette.responses import PlainTextResponse
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
