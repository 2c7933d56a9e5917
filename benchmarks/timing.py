"""How the suite measures: a step's wall time and peak memory, a command's wall time, and the
statistics the figures are reported with (percentile, geometric mean).

Memory: each step's peak resident set size. ``tracemalloc`` sees only Python's allocator, not
Oxigraph/RocksDB's Rust heap or rdflib's C-level buffers, so it would miss most of it. The step's
interpreter resets the kernel's high-water mark (``/proc/self/clear_refs`` = 5) just before the
step and reads ``VmHWM`` after it: the peak of the step alone, setup excluded. Where that is
unavailable (not Linux), it falls back to ``ru_maxrss`` minus the RSS before the step, which is an
upper bound (it may include setup's peak).
"""

from __future__ import annotations

import gc
import math
import re
import resource
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.plan import Result


def rss_kb(field: str) -> int | None:
    """A field (``VmRSS``, ``VmHWM``) of /proc/self/status in KiB, or None off Linux."""
    try:
        match = re.search(rf"{field}:\s+(\d+)", Path("/proc/self/status").read_text())
    except OSError:
        return None
    return int(match.group(1)) if match else None


def reset_peak() -> bool:
    """Reset the kernel's peak-RSS mark so that VmHWM measures what follows alone."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def measured(step: Callable[[], Result]) -> Result:
    """Run ``step`` and add its wall time and peak memory (MiB) to what it returns."""
    gc.collect()
    before = rss_kb("VmRSS") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    exact = reset_peak()
    started = time.perf_counter()
    result = step()
    seconds = time.perf_counter() - started
    peak = (rss_kb("VmHWM") if exact else None) or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result.update(
        seconds=seconds,
        rss_before_mb=before / 1024,
        peak_rss_mb=peak / 1024,
        step_rss_mb=max(0, peak - before) / 1024,
        memory_method="VmHWM after clear_refs" if exact else "ru_maxrss",
    )
    return result


def timed(command: list[str], cwd: Path) -> float:
    """The wall time of one run of ``command`` (a new process: its start-up included)."""
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, capture_output=True)
    return time.perf_counter() - started


def percentile(values: list[float], q: float) -> float:
    """The ``q`` quantile (0–1) of ``values``, nearest rank: a value that was measured."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def geomean(values: list[float]) -> float:
    """The geometric mean of the positive ``values`` (0.0 if there are none): the mean of ratios."""
    values = [v for v in values if v > 0]
    return math.exp(sum(math.log(v) for v in values) / len(values)) if values else 0.0
