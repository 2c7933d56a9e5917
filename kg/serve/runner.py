"""Running a worker job for a client, fairly, and reporting how loaded the server is.

A job (a query, a page about a thing) goes through, in order:

1. the client's query-time budget (:class:`kg.serve.ratelimit.TimeBudget`): none left, 429 with
   Retry-After from the refill;
2. admission (:class:`kg.serve.admission.Admission`): a worker now, a bounded wait in the queue,
   or 429/503 at once;
3. a thread from a pool of its own (as many threads as workers) that hands the job to a worker
   of the request's build and waits for the answer. Starlette's shared thread pool, which sends
   files and static assets, is never used for this, so dumps and pages never wait on queries;
4. the charge: the seconds the job held its worker, a deadline kill or a crash (and the worker's
   restart) included.
"""

from __future__ import annotations

from typing import Any

import anyio
import anyio.to_thread

from kg.serve.admission import Admission, Refused
from kg.serve.builds import Builds, ServedBuild
from kg.serve.config import ServeConfig
from kg.serve.jobs import Job, Reply, error
from kg.serve.ratelimit import RateLimiter, TimeBudget, retry_after
from kg.serve.workers import PoolError


class JobRunner:
    def __init__(self, config: ServeConfig) -> None:
        self.config = config
        self.admission = Admission(config.workers, config.queue, config.client_queries, config.deadline)
        self.budget = TimeBudget(config.query_budget) if config.query_budget > 0 else None
        self._threads: anyio.CapacityLimiter | None = None

    async def run(self, client: str, build: ServedBuild, job: Job) -> Reply:
        """``job``'s reply from a worker of ``build``; a refusal, a deadline or a crash becomes an
        error reply with its status (and Retry-After where waiting helps)."""
        if self.budget is not None:
            wait = self.budget.wait(client)
            if wait > 0:
                return _refusal(
                    429,
                    retry_after(wait),
                    f"your address has used its {self.budget.per_minute:g} s of query time a minute; "
                    f"try again in {retry_after(wait)} s",
                )
        try:
            ticket = await self.admission.enter(client, self.config.queue_wait)
        except Refused as refused:
            return _refusal(refused.status, str(refused.retry_after), str(refused))
        elapsed = 0.0
        try:
            reply, elapsed = await anyio.to_thread.run_sync(self._run_in_worker, build, job, limiter=self._limiter())
            return reply
        finally:
            self.admission.leave(ticket)
            if self.budget is not None:
                self.budget.charge(client, elapsed)

    def _run_in_worker(self, build: ServedBuild, job: Job) -> tuple[Reply, float]:
        """(Runs in a query thread.) The worker's reply and the seconds the job held its worker."""
        try:
            answer: Reply
            answer, elapsed = build.pool.run_timed(job, self.config.deadline, wait=self.config.queue_wait)
            return answer, elapsed
        except PoolError as exc:
            headers = {} if exc.retry_after is None else {"Retry-After": str(exc.retry_after)}
            reply = error(exc.status, str(exc))
            return Reply(reply.status, reply.media_type, reply.body, headers=headers), exc.elapsed

    def _limiter(self) -> anyio.CapacityLimiter:
        # Made on first use, inside the event loop it belongs to. The admission lets no more than
        # ``workers`` jobs run at once, so a query thread is never waited for.
        if self._threads is None:
            self._threads = anyio.CapacityLimiter(self.config.workers)
        return self._threads

    def health(self, builds: Builds, limiter: RateLimiter | None) -> tuple[int, dict[str, Any]]:
        """The HTTP status and JSON body of /healthz (see its documentation in the README)."""
        build = builds.current
        admission = self.admission
        counts = builds.counts()
        status = "ok"
        if build.pool.size == 0:
            status = "unavailable"
        elif admission.saturated:
            status = "saturated"
        body: dict[str, Any] = {
            "status": status,
            "build": build.id,
            "network": build.dataset.network,
            "workers": self.config.workers,
            "workers_alive": build.pool.size,
            "busy": admission.busy,
            "queued": admission.waiting,
            "queue_limit": self.config.queue,
            "admitted": admission.admitted,
            "rejected": {
                "queue_full": admission.rejected["saturated"],
                "queue_timeout": admission.rejected["waited"],
                "client_concurrency": admission.rejected["client"],
                "query_budget": self.budget.refused if self.budget is not None else 0,
                "request_rate": limiter.refused if limiter is not None else 0,
            },
            "worker_crashes": counts["crashed"],
            "deadline_kills": counts["killed"],
            "following": {
                "switches": builds.switches,
                "switching_to": builds.switching_to,
                "draining": counts["draining"],
                "error": builds.error,
            },
        }
        return (200 if status == "ok" else 503), body


def _refusal(status: int, seconds: str, message: str) -> Reply:
    reply = error(status, message)
    return Reply(reply.status, reply.media_type, reply.body, headers={"Retry-After": seconds})
