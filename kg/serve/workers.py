"""A pool of worker processes that the server can kill.

The embedded engine cannot be interrupted from Python: a query runs in Rust until it ends, and a
pathological one may never end or may take its whole process down. So every job runs in a worker
process. The caller waits for the answer up to a deadline; past it the worker is killed and a fresh
one takes its place. A job that crashes its worker costs that worker only.

Workers are started with the "spawn" method (a clean interpreter, no threads or locks inherited
from the server). A handler and an initializer are module-level functions, named by reference.
"""

from __future__ import annotations

import logging
import multiprocessing
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

log = logging.getLogger("igkg.serve")

_READY = "ready"


class PoolError(Exception):
    """A job got no answer; ``status`` is the HTTP status that says why, ``elapsed`` the seconds
    the job held its worker (the replacement's start included, when the job cost its worker)."""

    status = 503

    def __init__(self, message: str, retry_after: int | None = None, elapsed: float = 0.0) -> None:
        super().__init__(message)
        self.retry_after = retry_after
        self.elapsed = elapsed


class DeadlineExceeded(PoolError):
    status = 503


class WorkerCrashed(PoolError):
    status = 500


class PoolBusy(PoolError):
    status = 503


class WorkerStartFailed(Exception):
    pass


def _worker_main(conn: Connection, initializer: Callable[..., None], args: tuple[Any, ...], handler: Callable) -> None:
    try:
        initializer(*args)
    except Exception as exc:  # reported to the parent, which refuses to start
        conn.send(("failed", f"{type(exc).__name__}: {exc}"))
        return
    conn.send((_READY, None))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return  # the server went away
        conn.send(handler(job))


@dataclass
class _Worker:
    process: BaseProcess
    conn: Connection
    jobs: int = 0


class WorkerPool:
    """``size`` workers; :meth:`run` sends a job to an idle one and waits up to a deadline.

    A job that runs past its deadline or crashes its worker costs that worker: it is killed and
    its replacement started before :meth:`run` returns, so the caller holds its place in the pool
    (and its client is charged) for the restart too, and the pool is at full size again when the
    caller hears of it.
    """

    def __init__(
        self,
        size: int,
        handler: Callable[[Any], Any],
        initializer: Callable[..., None],
        init_args: tuple[Any, ...] = (),
        start_timeout: float = 60.0,
    ) -> None:
        self._context = multiprocessing.get_context("spawn")
        self._handler = handler
        self._initializer = initializer
        self._init_args = init_args
        self._start_timeout = start_timeout
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._closed = False
        self._lock = threading.Lock()
        self._all: list[_Worker] = []
        self.replaced = 0
        self.crashed = 0
        self.killed = 0
        #: Seconds the last worker took to start (spawn, imports, opening the store).
        self.start_seconds = 0.0
        # Started together, then awaited: a pool of n starts in about the time of one.
        launched = [self._launch() for _ in range(size)]
        try:
            for process, conn, started in launched:
                self._idle.put(self._ready(process, conn, started))
        except WorkerStartFailed:
            for process, conn, _ in launched:
                process.kill()
                conn.close()
            self.close()
            raise

    def _launch(self) -> tuple[BaseProcess, Connection, float]:
        parent, child = self._context.Pipe()
        process = self._context.Process(
            target=_worker_main,
            args=(child, self._initializer, self._init_args, self._handler),
            daemon=True,
            name="igkg-query-worker",
        )
        started = time.monotonic()
        process.start()
        child.close()
        return process, parent, started

    def _ready(self, process: BaseProcess, parent: Connection, started: float) -> _Worker:
        """The launched worker once it said it is ready; :class:`WorkerStartFailed` if it did not."""
        if not parent.poll(max(0.0, started + self._start_timeout - time.monotonic())):
            process.kill()
            raise WorkerStartFailed("a query worker did not start in time")
        try:
            status, message = parent.recv()
        except EOFError:
            raise WorkerStartFailed("a query worker died while starting") from None
        if status != _READY:
            process.join(timeout=5)
            raise WorkerStartFailed(message)
        self.start_seconds = time.monotonic() - started
        worker = _Worker(process, parent)
        with self._lock:
            self._all.append(worker)
        return worker

    def _start(self) -> _Worker:
        return self._ready(*self._launch())

    def _retire(self, worker: _Worker) -> None:
        """Kill ``worker`` and start its replacement (here; in the background if that fails)."""
        worker.process.kill()
        worker.process.join(timeout=5)
        worker.conn.close()
        with self._lock:
            if worker in self._all:
                self._all.remove(worker)
            self.replaced += 1
        if self._closed:
            return
        try:
            self._idle.put(self._start())
        except WorkerStartFailed as exc:  # the store vanished or broke under us: keep trying
            log.error("could not replace a query worker: %s", exc)
            threading.Thread(target=self._keep_replacing, daemon=True, name="igkg-worker-replacer").start()

    def _keep_replacing(self) -> None:
        while not self._closed:
            time.sleep(1)
            try:
                self._idle.put(self._start())
                return
            except WorkerStartFailed as exc:
                log.error("could not replace a query worker: %s", exc)

    def run(self, job: Any, deadline: float, wait: float | None = None) -> Any:
        """The handler's answer to ``job`` (see :meth:`run_timed`)."""
        return self.run_timed(job, deadline, wait)[0]

    def run_timed(self, job: Any, deadline: float, wait: float | None = None) -> tuple[Any, float]:
        """The handler's answer to ``job`` and the seconds it held its worker.

        :raises PoolBusy: no worker became free within ``wait`` seconds (default: ``deadline``).
        :raises DeadlineExceeded: the job ran longer than ``deadline`` seconds; its worker was killed.
        :raises WorkerCrashed: the job took its worker down.
        """
        try:
            worker = self._idle.get(timeout=deadline if wait is None else wait)
        except queue.Empty:
            raise PoolBusy("every query worker is busy; try again shortly", retry_after=1) from None
        started = time.monotonic()
        try:
            worker.conn.send(job)
            if not worker.conn.poll(deadline):
                self.killed += 1
                self._retire(worker)
                raise DeadlineExceeded(
                    f"the query ran longer than the {deadline:g} s deadline and was stopped; "
                    "narrow it (add LIMIT, bind a variable) and try again",
                    elapsed=time.monotonic() - started,
                )
            answer = worker.conn.recv()
        except (EOFError, OSError):
            self.crashed += 1
            self._retire(worker)
            raise WorkerCrashed(
                "the query crashed its worker process; the server goes on", elapsed=time.monotonic() - started
            ) from None
        elapsed = time.monotonic() - started
        worker.jobs += 1
        self._idle.put(worker)
        return answer, elapsed

    @property
    def size(self) -> int:
        with self._lock:
            return len(self._all)

    @property
    def idle(self) -> int:
        """Workers waiting for a job now."""
        return self._idle.qsize()

    def pids(self) -> list[int]:
        with self._lock:
            return [w.process.pid for w in self._all if w.process.pid is not None]

    def close(self) -> None:
        self._closed = True
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            worker.process.kill()
            worker.process.join(timeout=5)
            worker.conn.close()
