"""Per-client rate limiting: a token bucket for each client address.

Each client may make ``rate`` requests a second on average and up to ``burst`` at once. Past that
the server answers 429 with Retry-After (the seconds until a token is back). Buckets of clients
that went quiet are dropped, so the table cannot grow without bound.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class _Bucket:
    tokens: float
    stamp: float


class RateLimiter:
    def __init__(self, rate: float, burst: int, clock: Callable[[], float] | None = None) -> None:
        if rate <= 0 or burst < 1:
            raise ValueError("rate must be positive and burst at least 1")
        self.rate = rate
        self.burst = burst
        self._clock = clock or time.monotonic
        self._buckets: dict[str, _Bucket] = {}
        self._lock = threading.Lock()
        self._last_sweep = self._clock()

    def take(self, client: str) -> float:
        """0 if ``client`` may go ahead now, else the seconds to wait before asking again."""
        now = self._clock()
        with self._lock:
            self._sweep(now)
            bucket = self._buckets.get(client)
            if bucket is None:
                bucket = self._buckets[client] = _Bucket(float(self.burst), now)
            bucket.tokens = min(float(self.burst), bucket.tokens + (now - bucket.stamp) * self.rate)
            bucket.stamp = now
            if bucket.tokens >= 1:
                bucket.tokens -= 1
                return 0.0
            return (1 - bucket.tokens) / self.rate

    def _sweep(self, now: float) -> None:
        # A bucket that would be full again carries no state worth keeping.
        if now - self._last_sweep < 60:
            return
        self._last_sweep = now
        full = self.burst / self.rate
        for client in [c for c, b in self._buckets.items() if now - b.stamp > full]:
            del self._buckets[client]


def retry_after(seconds: float) -> str:
    """The Retry-After header value: whole seconds, at least 1."""
    return str(max(1, math.ceil(seconds)))
