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
    """A job got no answer; ``status`` is the HTTP status that says why."""

    status = 503

    def __init__(self, message: str, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


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
    """``size`` workers; :meth:`run` sends a job to an idle one and waits up to a deadline."""

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
        for _ in range(size):
            self._idle.put(self._start())

    def _start(self) -> _Worker:
        parent, child = self._context.Pipe()
        process = self._context.Process(
            target=_worker_main,
            args=(child, self._initializer, self._init_args, self._handler),
            daemon=True,
            name="igkg-query-worker",
        )
        process.start()
        child.close()
        if not parent.poll(self._start_timeout):
            process.kill()
            raise WorkerStartFailed("a query worker did not start in time")
        try:
            status, message = parent.recv()
        except EOFError:
            raise WorkerStartFailed("a query worker died while starting") from None
        if status != _READY:
            process.join(timeout=5)
            raise WorkerStartFailed(message)
        worker = _Worker(process, parent)
        with self._lock:
            self._all.append(worker)
        return worker

    def _retire(self, worker: _Worker) -> None:
        """Kill ``worker`` and start its replacement in the background."""
        worker.process.kill()
        worker.process.join(timeout=5)
        worker.conn.close()
        with self._lock:
            if worker in self._all:
                self._all.remove(worker)
            self.replaced += 1
        if self._closed:
            return

        def replace() -> None:
            while not self._closed:
                try:
                    self._idle.put(self._start())
                    return
                except WorkerStartFailed as exc:  # pragma: no cover - the store vanished under us
                    log.error("could not replace a query worker: %s", exc)
                    time.sleep(1)

        threading.Thread(target=replace, daemon=True, name="igkg-worker-replacer").start()

    def run(self, job: Any, deadline: float, wait: float | None = None) -> Any:
        """The handler's answer to ``job``.

        :raises PoolBusy: no worker became free within ``wait`` seconds (default: ``deadline``).
        :raises DeadlineExceeded: the job ran longer than ``deadline`` seconds; its worker was killed.
        :raises WorkerCrashed: the job took its worker down.
        """
        try:
            worker = self._idle.get(timeout=deadline if wait is None else wait)
        except queue.Empty:
            raise PoolBusy("every query worker is busy; try again shortly", retry_after=1) from None
        try:
            worker.conn.send(job)
            if not worker.conn.poll(deadline):
                self._retire(worker)
                raise DeadlineExceeded(
                    f"the query ran longer than the {deadline:g} s deadline and was stopped; "
                    "narrow it (add LIMIT, bind a variable) and try again"
                )
            answer = worker.conn.recv()
        except (EOFError, OSError):
            self._retire(worker)
            raise WorkerCrashed("the query crashed its worker process; the server goes on") from None
        worker.jobs += 1
        self._idle.put(worker)
        return answer

    @property
    def size(self) -> int:
        with self._lock:
            return len(self._all)

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
