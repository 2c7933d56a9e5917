"""Jobs for the worker-pool tests (module level, so spawned workers can import them)."""

from __future__ import annotations

import os
import time


def init(fail: bool = False) -> None:
    if fail:
        raise RuntimeError("no store here")


def handle(job: tuple[str, float]) -> object:
    kind, value = job
    if kind == "sleep":
        time.sleep(value)
        return "slept"
    if kind == "crash":
        os._exit(3)  # what a crashing engine does to its process
    if kind == "pid":
        return os.getpid()
    return value
