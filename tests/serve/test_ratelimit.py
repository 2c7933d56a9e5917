"""The per-client token bucket, on a clock the test moves."""

from kg.serve.ratelimit import RateLimiter, retry_after


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_burst_then_the_steady_rate() -> None:
    clock = Clock()
    limiter = RateLimiter(rate=2, burst=3, clock=clock)
    assert [limiter.take("a") for _ in range(3)] == [0, 0, 0]
    wait = limiter.take("a")
    assert wait == 0.5 and retry_after(wait) == "1"
    clock.now += 0.5
    assert limiter.take("a") == 0


def test_clients_have_their_own_buckets() -> None:
    limiter = RateLimiter(rate=1, burst=1, clock=Clock())
    assert limiter.take("a") == 0
    assert limiter.take("a") > 0
    assert limiter.take("b") == 0


def test_quiet_clients_are_forgotten() -> None:
    clock = Clock()
    limiter = RateLimiter(rate=1, burst=2, clock=clock)
    for n in range(100):
        limiter.take(f"client-{n}")
    clock.now += 120
    limiter.take("new")
    assert len(limiter._buckets) == 1
