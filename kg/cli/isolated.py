"""Commands that read the store with queries of their own (lineage, analyse, stats, coalitions)
do that work in a process of their own (kg/export/bounded.py), with its memory bounded: a damaged
store can send pyoxigraph's evaluation into a loop that only grows (measured: a checksum error in
a data block, and a full scan never ends), and that must end with a message, not with the machine
swapping. Each command names a module-level function that opens the store, computes and renders
its output, and returns it with the command's exit code; this process writes it out.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from kg.core import settings


def on_store(function: Callable[..., tuple[bytes, int]], store: Path | None, *args: Any) -> tuple[bytes, int]:
    """``function(store_path, *args)`` in a process of its own: its output and exit code. No
    deadline (these commands have no ``--timeout``; Ctrl-C stops them), the memory bound of
    ``IGKG_QUERY_MEMORY``."""
    from kg.export.bounded import call
    from kg.export.limits import Limits

    path = str(store or settings.store_dir())
    return call(function, (path, *args), path, Limits(timeout=None, rows=None))
