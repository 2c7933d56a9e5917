"""The worker pool: a job past its deadline costs its worker, a crash costs its worker, never
the caller; replacements keep the pool at full size."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest

from kg.serve.workers import DeadlineExceeded, PoolBusy, WorkerCrashed, WorkerPool, WorkerStartFailed
from tests.serve import workload


@pytest.fixture
def pool() -> Iterator[WorkerPool]:
    running = WorkerPool(2, workload.handle, workload.init)
    yield running
    running.close()


def wait_for_size(pool: WorkerPool, size: int) -> None:
    for _ in range(200):
        if pool.size == size:
            return
        time.sleep(0.05)
    raise AssertionError(f"pool has {pool.size} workers, not {size}")


def test_a_job_gets_its_answer(pool: WorkerPool) -> None:
    assert pool.run(("echo", 42), deadline=10) == 42


def test_a_job_past_its_deadline_is_killed_and_its_worker_replaced(pool: WorkerPool) -> None:
    before = set(pool.pids())
    started = time.monotonic()
    with pytest.raises(DeadlineExceeded, match="deadline"):
        pool.run(("sleep", 60), deadline=0.5)
    assert time.monotonic() - started < 5
    wait_for_size(pool, 2)
    assert pool.replaced == 1 and set(pool.pids()) != before
    assert pool.run(("echo", "after"), deadline=10) == "after"


def test_a_crashing_job_costs_one_worker_not_the_caller(pool: WorkerPool) -> None:
    with pytest.raises(WorkerCrashed):
        pool.run(("crash", 0), deadline=10)
    wait_for_size(pool, 2)
    assert pool.run(("echo", "alive"), deadline=10) == "alive"


def test_when_every_worker_is_busy_a_caller_is_told_so(pool: WorkerPool) -> None:
    threads = [threading.Thread(target=pool.run, args=(("sleep", 1.5), 10)) for _ in range(2)]
    for thread in threads:
        thread.start()
    time.sleep(0.3)
    with pytest.raises(PoolBusy) as busy:
        pool.run(("echo", 1), deadline=10, wait=0.2)
    assert busy.value.retry_after == 1
    for thread in threads:
        thread.join()


def test_a_worker_that_cannot_start_is_reported() -> None:
    with pytest.raises(WorkerStartFailed, match="no store here"):
        WorkerPool(1, workload.handle, workload.init, (True,))
