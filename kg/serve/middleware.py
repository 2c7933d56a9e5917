"""The ASGI middleware in front of the routes: per-client rate limiting (429 with Retry-After)."""

from __future__ import annotations

from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from kg.serve.ratelimit import RateLimiter, retry_after


class RateLimitMiddleware:
    """Answers 429 to a client over its rate; static files are never counted."""

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
