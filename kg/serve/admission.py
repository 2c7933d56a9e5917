"""Who gets a query worker, and who is told at once to come back later.

Every request that needs a worker (a query, a page about a thing) passes through :class:`Admission`
before it takes a thread or a worker:

- at most ``workers`` run at once; up to ``queue`` more wait for a turn, and a request that finds
  the queue full is answered 503 at once (with Retry-After), so no thread is ever parked for a
  request that will not be served soon;
- one client may have ``per_client`` requests running and as many again waiting; past that it is
  answered 429 at once. When a worker frees, it goes to a waiting request of the client with the
  fewest requests running (the oldest such request), never to a client already at its share, so a
  client with many requests waiting cannot keep the others out;
- a waiting request waits on the event loop (no thread) and at most ``wait`` seconds.

The state is touched only from the event loop, one coroutine at a time, so it needs no lock.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import count


class Refused(Exception):
    """The request is not let in: ``status`` (429 or 503) and Retry-After in whole seconds."""

    def __init__(self, status: int, retry_after: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after


@dataclass
class Ticket:
    """One admitted request: waiting for a worker, then running, then done."""

    client: str
    number: int
    since: float
    running: bool = False
    turn: asyncio.Future[None] | None = field(default=None, repr=False)


class Admission:
    def __init__(
        self,
        workers: int,
        queue: int,
        per_client: int,
        deadline: float,
        clock: Callable[[], float] | None = None,
    ) -> None:
        if workers < 1 or queue < 0 or per_client < 0:
            raise ValueError("admission needs at least one worker and no negative limits")
        self.workers = workers
        self.queue = queue
        self.per_client = per_client
        self.deadline = deadline
        self._clock = clock or time.monotonic
        self._numbers = count()
        self._running: dict[int, Ticket] = {}
        self._waiting: deque[Ticket] = deque()
        self._running_by: Counter[str] = Counter()
        self._admitted_by: Counter[str] = Counter()
        #: Requests refused, by reason: "saturated" (503), "client" (429), "waited" (503 after waiting).
        self.rejected: Counter[str] = Counter()
        self.admitted = 0

    # --- what /healthz reports ---------------------------------------------------------------------

    @property
    def busy(self) -> int:
        return len(self._running)

    @property
    def waiting(self) -> int:
        return len(self._waiting)

    @property
    def saturated(self) -> bool:
        """A request arriving now would be refused for want of room (every worker busy, queue full)."""
        return len(self._running) >= self.workers and len(self._waiting) >= self.queue

    # --- entering and leaving ----------------------------------------------------------------------

    async def enter(self, client: str, wait: float) -> Ticket:
        """A running ticket for ``client``; :class:`Refused` if there is no room now or within ``wait``
        seconds. Release the ticket with :meth:`leave` whatever happens next."""
        if self.per_client and self._admitted_by[client] >= 2 * self.per_client:
            self.rejected["client"] += 1
            raise Refused(
                429,
                self._retry_after(client),
                f"you have {self._admitted_by[client]} requests running or waiting for a query worker; "
                "wait for one to finish",
            )
        turn: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        ticket = Ticket(client, next(self._numbers), self._clock(), turn=turn)
        self._waiting.append(ticket)
        self._admitted_by[client] += 1
        self._dispatch()
        if ticket.running:
            return ticket
        if len(self._waiting) > self.queue:
            self._withdraw(ticket)
            self.rejected["saturated"] += 1
            raise Refused(503, self._retry_after(None), "every query worker is busy and the queue is full")
        await self._await_turn(ticket, turn, wait)
        return ticket

    async def _await_turn(self, ticket: Ticket, turn: asyncio.Future[None], wait: float) -> None:
        try:
            await asyncio.wait_for(asyncio.shield(turn), wait)
        except TimeoutError:
            if ticket.running:  # its turn came as the time ran out
                return
            self._withdraw(ticket)
            self.rejected["waited"] += 1
            raise Refused(503, self._retry_after(None), f"no query worker became free within {wait:g} s") from None
        except asyncio.CancelledError:  # the client went away
            if ticket.running:
                self.leave(ticket)
            else:
                self._withdraw(ticket)
            raise

    def _withdraw(self, ticket: Ticket) -> None:
        """Take a ticket that never ran out of the queue."""
        self._waiting.remove(ticket)
        self._forget(ticket.client)
        self._dispatch()

    def leave(self, ticket: Ticket) -> None:
        """Give back ``ticket``'s worker (once; later calls do nothing) and let the next one in."""
        if self._running.pop(ticket.number, None) is None:
            return
        self._running_by[ticket.client] -= 1
        if not self._running_by[ticket.client]:
            del self._running_by[ticket.client]
        self._forget(ticket.client)
        self._dispatch()

    def _may_run(self, client: str) -> bool:
        if len(self._running) >= self.workers:
            return False
        return not self.per_client or self._running_by[client] < self.per_client

    def _start(self, ticket: Ticket) -> None:
        ticket.running = True
        ticket.since = self._clock()
        self._running[ticket.number] = ticket
        self._running_by[ticket.client] += 1
        self.admitted += 1

    def _forget(self, client: str) -> None:
        self._admitted_by[client] -= 1
        if not self._admitted_by[client]:
            del self._admitted_by[client]

    def _dispatch(self) -> None:
        """While workers are free, start waiting tickets whose clients are under their share: the
        client with the fewest running first, then the oldest ticket."""
        while len(self._running) < self.workers:
            eligible = [t for t in self._waiting if self._may_run(t.client)]
            if not eligible:
                return
            chosen = min(eligible, key=lambda t: (self._running_by[t.client], t.number))
            self._waiting.remove(chosen)
            self._start(chosen)
            if chosen.turn is not None and not chosen.turn.done():
                chosen.turn.set_result(None)

    def _retry_after(self, client: str | None) -> int:
        """Whole seconds until a running job (``client``'s, or any) must have ended: the deadline
        bounds every job, so one of them frees its worker by then."""
        now = self._clock()
        ends = [self.deadline - (now - t.since) for t in self._running.values() if client is None or t.client == client]
        return max(1, math.ceil(min(ends, default=1.0)))
