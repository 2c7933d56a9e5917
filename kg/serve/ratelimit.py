"""Per-client limits: how many requests (:class:`RateLimiter`) and how much query time
(:class:`TimeBudget`) each client may use.

Both are token buckets keyed by :func:`client_key`. Past either limit the server answers 429 with
Retry-After: the seconds until the bucket has refilled enough to let the client in again. Buckets
of clients that went quiet are dropped, so the tables cannot grow without bound.

Why two: the time budget measures what a client takes from the others (worker time, the scarce
thing) in the manner of the Wikidata Query Service; the request rate bounds what the time budget
cannot see, the work every request costs before any worker (reading it, refusing it, sending a
dump or a page).
"""

from __future__ import annotations

import ipaddress
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

#: How often, at most, quiet clients' buckets are looked for and dropped.
_SWEEP_EVERY = 60.0


def client_key(host: str | None) -> str:
    """Who a request is from, for the per-client limits: its address, and for IPv6 the /64
    network, since one IPv6 host is commonly given a whole /64 to pick addresses from."""
    if not host:
        return "unknown"
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host  # not an IP address (a Unix socket's peer): the name is the client
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network((address, 64), strict=False))
    return str(address)


@dataclass
class _Bucket:
    tokens: float
    stamp: float


class _Buckets:
    """Token buckets per client, refilled at ``rate`` a second up to ``capacity``."""

    def __init__(self, rate: float, capacity: float, clock: Callable[[], float] | None) -> None:
        if rate <= 0 or capacity <= 0:
            raise ValueError("a bucket needs a positive rate and capacity")
        self.rate = rate
        self.capacity = capacity
        self._clock = clock or time.monotonic
        self._buckets: dict[str, _Bucket] = {}
        self._lock = threading.Lock()
        self._last_sweep = self._clock()
        #: Requests refused so far (for /healthz).
        self.refused = 0

    def _refilled(self, client: str, now: float) -> _Bucket:
        """The client's bucket brought up to ``now`` (call with the lock held)."""
        self._sweep(now)
        bucket = self._buckets.get(client)
        if bucket is None:
            bucket = self._buckets[client] = _Bucket(self.capacity, now)
        bucket.tokens = min(self.capacity, bucket.tokens + (now - bucket.stamp) * self.rate)
        bucket.stamp = now
        return bucket

    def _sweep(self, now: float) -> None:
        # A bucket that would be full again carries no state worth keeping.
        if now - self._last_sweep < _SWEEP_EVERY:
            return
        self._last_sweep = now
        for client in [c for c, b in self._buckets.items() if b.tokens + (now - b.stamp) * self.rate >= self.capacity]:
            del self._buckets[client]

    def __len__(self) -> int:
        return len(self._buckets)


class RateLimiter(_Buckets):
    """``rate`` requests a second per client on average, up to ``burst`` at once."""

    def __init__(self, rate: float, burst: int, clock: Callable[[], float] | None = None) -> None:
        if rate <= 0 or burst < 1:
            raise ValueError("rate must be positive and burst at least 1")
        super().__init__(rate, float(burst), clock)
        self.burst = burst

    def take(self, client: str) -> float:
        """0 if ``client`` may go ahead now, else the seconds to wait before asking again."""
        with self._lock:
            bucket = self._refilled(client, self._clock())
            if bucket.tokens >= 1:
                bucket.tokens -= 1
                return 0.0
            self.refused += 1
            return (1 - bucket.tokens) / self.rate


class TimeBudget(_Buckets):
    """Seconds of query time per client: ``per_minute`` seconds each minute, refilled continuously,
    and up to ``burst`` seconds saved up (twice a minute's worth unless told otherwise).

    A query's cost is not known before it runs, so a client is let in while its bucket holds any
    time at all, and the query is charged its whole duration afterwards (a query killed at the
    deadline, or one that crashed its worker, included). The bucket may go below zero that way;
    the client then waits until the refill brings it back above zero. The debt is bounded by
    ``burst``, so no single query can bar a client for longer than a burst takes to refill.
    """

    def __init__(self, per_minute: float, burst: float | None = None, clock: Callable[[], float] | None = None) -> None:
        if per_minute <= 0:
            raise ValueError("the budget must be a positive number of seconds per minute")
        super().__init__(per_minute / 60.0, burst if burst is not None else 2 * per_minute, clock)
        self.per_minute = per_minute

    def wait(self, client: str) -> float:
        """0 if ``client`` has query time left, else the seconds until it has some again."""
        with self._lock:
            bucket = self._refilled(client, self._clock())
            if bucket.tokens > 0:
                return 0.0
            self.refused += 1
            return -bucket.tokens / self.rate + 1e-3

    def charge(self, client: str, seconds: float) -> None:
        """Take ``seconds`` of query time from ``client``'s bucket."""
        with self._lock:
            bucket = self._refilled(client, self._clock())
            bucket.tokens = max(-self.capacity, bucket.tokens - max(0.0, seconds))

    def left(self, client: str) -> float:
        """The seconds of query time ``client`` has now (negative: owed)."""
        with self._lock:
            return self._refilled(client, self._clock()).tokens


def retry_after(seconds: float) -> str:
    """The Retry-After header value: whole seconds, at least 1."""
    return str(max(1, math.ceil(seconds)))
