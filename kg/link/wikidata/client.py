"""Access to a SPARQL endpoint through SPARQLWrapper: cached, throttled, retried, polite.

Politeness, as the query service's maintainers ask (User-Agent policy; throttling by User-Agent
and address; "when receiving an HTTP 429 response, stop for the duration of the Retry-After
header or for 1 minute"): a descriptive User-Agent, one request at a time, at most one request
per ``delay`` seconds, and 429/503 answered by waiting. Every answer is cached on disk
(:class:`kg.link.wikidata.cache.Cache`), so that a re-run asks nothing it asked before.
"""

from __future__ import annotations

import email.utils
import json
import time
import urllib.error
import urllib.parse
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

from SPARQLWrapper import GET, JSON, POST, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed, SPARQLWrapperException

from kg.core.errors import ConfigError, KGError
from kg.core.version import __version__
from kg.link.wikidata.cache import Cache

DEFAULT_ENDPOINT = "https://query.wikidata.org/sparql"
PROJECT_URL = "https://w3id.org/igkg"
USER_AGENT = f"igkg/{__version__} ({PROJECT_URL}; igkg link wikidata)"
#: The answers that mean "not now": waited for, then asked again.
RETRIED = (429, 503)
#: Longer query text goes by POST: a GET URL past this length may be cut by a proxy.
MAX_GET_LENGTH = 1800
_HINTS = {
    403: "the service may refuse this User-Agent or address",
    429: "too many requests: wait, then re-run (answers so far are cached), or raise --delay",
    503: "the service is unavailable or overloaded: re-run later (answers so far are cached)",
}


class EndpointError(KGError):
    """The SPARQL endpoint cannot be reached, refuses a query, or answers something unreadable."""


class Throttle:
    """At most one request per ``delay`` seconds, counted from the start of the previous one."""

    def __init__(
        self,
        delay: float,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.delay = delay
        self.clock = clock
        self.sleep = sleep
        self._last: float | None = None

    def wait(self) -> None:
        if self._last is not None:
            left = self._last + self.delay - self.clock()
            if left > 0:
                self.sleep(left)
        self._last = self.clock()


def retry_after(value: str | None, default: float, now: datetime | None = None) -> float:
    """Seconds to wait from a Retry-After header (seconds or an HTTP date), else ``default``."""
    if not value:
        return default
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return default
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - (now or datetime.now(timezone.utc))).total_seconds())


def check_endpoint(url: str) -> str:
    """The URL, if it is an http(s) address; else a ConfigError that names ``--endpoint``."""
    parsed = urllib.parse.urlsplit(url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise ConfigError(f"--endpoint {url!r}: give the http(s) address of a SPARQL endpoint, e.g. {DEFAULT_ENDPOINT}")
    return url


class Client:
    """Cached, throttled SELECT queries to one endpoint through SPARQLWrapper.

    ``requests`` counts the requests sent (retries included), ``cache_hits`` the answers read
    from the cache. 429 and 503 are retried ``retries`` times after the wait the endpoint asks
    for (Retry-After) or ``fallback_wait`` seconds; a wait longer than ``max_wait`` stops the run
    instead (what was answered is cached, so a later re-run continues).
    """

    def __init__(
        self,
        endpoint: str,
        cache: Cache | None,
        delay: float = 1.0,
        timeout: float = 60.0,
        retries: int = 3,
        user_agent: str = USER_AGENT,
        fallback_wait: float = 60.0,
        max_wait: float = 600.0,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.endpoint = check_endpoint(endpoint)
        self.cache = cache
        self.timeout = timeout
        self.retries = retries
        self.user_agent = user_agent
        self.fallback_wait = fallback_wait
        self.max_wait = max_wait
        self.sleep = sleep
        self.throttle = Throttle(delay, clock, sleep)
        self.requests = 0
        self.cache_hits = 0

    def select(self, query: str) -> list[dict[str, Any]]:
        """The bindings of a SELECT query: from the cache, else from the endpoint (then cached)."""
        answer = self.cache.get(self.endpoint, query) if self.cache else None
        if answer is not None:
            self.cache_hits += 1
        else:
            answer = self._ask(query)
            if self.cache:
                self.cache.put(self.endpoint, query, answer)
        bindings = answer.get("results", {}).get("bindings", [])
        return bindings if isinstance(bindings, list) else []

    def _wrapper(self, query: str) -> SPARQLWrapper:
        client = SPARQLWrapper(self.endpoint, agent=self.user_agent)
        client.setOnlyConneg(True)  # Accept header only: no format=json parameter in the URL
        client.setQuery(query)
        client.queryType = "SELECT"
        # GET lets the query service's HTTP cache answer; long queries go by POST (URL limits).
        client.setMethod(GET if len(urllib.parse.quote(query)) < MAX_GET_LENGTH else POST)
        client.setReturnFormat(JSON)
        client.setTimeout(int(self.timeout))
        return client

    def _ask(self, query: str) -> dict[str, Any]:
        """The endpoint's answer, after waiting out as many 429/503 as ``retries`` allows."""
        attempt = 0
        while True:
            self.throttle.wait()
            self.requests += 1
            try:
                data = self._send(query)
            except urllib.error.HTTPError as exc:
                if exc.code not in RETRIED or attempt >= self.retries:
                    raise EndpointError(self._refusal(exc.code, exc.reason)) from None
                attempt += 1
                self.sleep(self._wait_asked(exc))
                continue
            return self._decode(data)

    def _send(self, query: str) -> bytes:
        """One request. An HTTP error answer goes up as it is (the caller may retry); every other
        failure becomes an EndpointError that says what to do."""
        try:
            data: bytes = self._wrapper(query).query().response.read()
        except urllib.error.HTTPError:
            raise
        except QueryBadFormed as exc:
            raise EndpointError(
                f"SPARQL endpoint {self.endpoint} refused a query as malformed: {_first(exc)}"
            ) from None
        except SPARQLWrapperException as exc:
            raise EndpointError(f"SPARQL endpoint {self.endpoint}: {_first(exc)}") from None
        except (urllib.error.URLError, OSError, ValueError) as exc:
            raise self._unreachable(exc) from None
        return data

    def _wait_asked(self, exc: urllib.error.HTTPError) -> float:
        """The wait a 429/503 asks for; an EndpointError when it is longer than ``max_wait``."""
        wait = retry_after(exc.headers.get("Retry-After") if exc.headers else None, self.fallback_wait)
        if wait > self.max_wait:
            raise EndpointError(
                f"SPARQL endpoint {self.endpoint} asks to wait {wait:.0f} s (HTTP {exc.code}); "
                "answers so far are cached: re-run later to continue"
            ) from None
        return wait

    def _unreachable(self, exc: Exception) -> EndpointError:
        reason = getattr(exc, "reason", exc)
        if isinstance(reason, TimeoutError):
            return EndpointError(
                f"SPARQL endpoint {self.endpoint} did not answer within {self.timeout:.0f} s (--timeout); "
                "answers so far are cached"
            )
        return EndpointError(
            f"cannot reach the SPARQL endpoint {self.endpoint}: {reason} (check --endpoint; answers so far are cached)"
        )

    def _refusal(self, code: int, reason: object) -> str:
        hint = _HINTS.get(code, "")
        return f"SPARQL endpoint {self.endpoint} answered HTTP {code} {reason}" + (f": {hint}" if hint else "")

    def _decode(self, data: bytes) -> dict[str, Any]:
        try:
            body = json.loads(data)
        except ValueError:
            body = None
        if not isinstance(body, dict) or not isinstance(body.get("results"), dict):
            raise EndpointError(f"SPARQL endpoint {self.endpoint} did not answer SPARQL JSON results")
        return body


def _first(exc: Exception) -> str:
    """The first line of an error's text, at most 300 characters."""
    text = str(exc).strip().splitlines()
    return text[0][:300] if text else type(exc).__name__
