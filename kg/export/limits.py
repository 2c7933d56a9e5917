"""A query's limits (a deadline, a row limit, a memory bound) and what its process is asked to
run: plain data, shared by the process that asks (:mod:`kg.export.bounded`) and the one that
answers (:mod:`kg.export.streamed`).

The defaults, and why: see each constant. ``None`` (or 0 on the command line) lifts a limit.
"""

from __future__ import annotations

import math
import os
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from kg.core.errors import ConfigError

#: Seconds a query may run. The server's deadline is 10 s for anyone on the network; a person at
#: their own command line may wait longer for a heavy question, but not forever.
DEFAULT_TIMEOUT = 60.0
#: Rows (or triples) an answer may have: the server's default row limit. The largest canned
#: answer on the curated graph is a few thousand rows; 100,000 is a spreadsheet's worth.
DEFAULT_ROW_LIMIT = 100_000
#: The memory bound of a query's process, in MiB, or ``none``.
MEMORY_ENV = "IGKG_QUERY_MEMORY"
#: Without ``IGKG_QUERY_MEMORY``: half the machine's memory, at most 4 GiB, at least 1 GiB (the
#: process needs about 0.65 GiB of address space to open the store: RocksDB's threads).
_MEMORY_CAP_MIB = 4096
_MEMORY_FLOOR_MIB = 1024
#: A mebibyte, the unit of the memory bound.
MIB = 1024 * 1024


def default_memory() -> int | None:
    """The memory bound in bytes: ``IGKG_QUERY_MEMORY`` (MiB; ``none`` or 0: no bound), else
    half the machine's memory within [1, 4] GiB."""
    raw = os.environ.get(MEMORY_ENV, "").strip().lower()
    if raw in ("none", "0"):
        return None
    if raw:
        if not raw.isdigit():
            raise ConfigError(f"{MEMORY_ENV}={raw!r}: give a number of MiB, or none")
        return int(raw) * MIB
    try:
        physical = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // MIB
    except (ValueError, OSError, AttributeError):  # pragma: no cover - not POSIX
        physical = 2 * _MEMORY_CAP_MIB
    return max(_MEMORY_FLOOR_MIB, min(_MEMORY_CAP_MIB, physical // 2)) * MIB


@dataclass(frozen=True)
class Limits:
    """A query's deadline (seconds), row limit and memory bound (bytes); None: no limit.

    ``timeout_name`` and ``rows_name`` are how the caller's user changes them, for the messages
    (``--timeout`` on the command line, ``timeout=`` in Python).
    """

    timeout: float | None = DEFAULT_TIMEOUT
    rows: int | None = DEFAULT_ROW_LIMIT
    memory: int | None = field(default_factory=default_memory)
    timeout_name: str = "timeout="
    rows_name: str = "limit="

    def __post_init__(self) -> None:
        if self.timeout is not None and not self.timeout > 0:
            raise ConfigError(f"{self.timeout_name} {self.timeout}: give a number of seconds above 0, or none")
        if self.rows is not None and self.rows < 1:
            raise ConfigError(f"{self.rows_name} {self.rows}: give a number of rows above 0, or none")

    def row_advice(self, streamed: bool) -> str:
        """What a user can do about an answer over the row limit."""
        stopped = f"the output stops after the first {self.rows}" if streamed else "it is given whole or not at all"
        return f"{stopped}: raise {self.rows_name} (none: no limit), or page through it with LIMIT and OFFSET"


@dataclass(frozen=True)
class Request:
    """What the query's process runs: a canned query (``canned`` and ``params``) or SPARQL text
    (``sparql``; the prefix table predeclared, as for every query), on the built store at
    ``store`` or the SPARQL endpoint at ``endpoint``.

    ``output`` is ``rows`` (the answer as :class:`Results`, for Python) or a format of
    ``igkg query`` (``table``, ``csv``, ``tsv``, ``json``: the answer as text, in pieces);
    ``table_width`` is the width a table may take (the caller's terminal).

    Or ``call``: a module-level function run there as ``call(*args)``, returning its output
    and an exit code (the other commands that read the store: see :func:`call`).
    """

    store: str | None = None
    endpoint: str | None = None
    default_graph: str | None = None
    sparql: str | None = None
    canned: str | None = None
    params: dict[str, str] = field(default_factory=dict)
    allowed_services: tuple[str, ...] = ()
    output: str = "rows"
    table_width: int | None = None
    call: Callable[..., tuple[bytes, int]] | None = None
    args: tuple[Any, ...] = ()


def odd_character(value: str) -> str | None:
    """What in a query parameter's value cannot be one line of text: a control character (a line
    break, NUL) or a byte that was not UTF-8 (a surrogate); None when there is nothing."""
    for char in value:
        category = unicodedata.category(char)
        if category == "Cs":
            return "a byte that is not UTF-8"
        if category == "Cc":
            return f"the control character U+{ord(char):04X}"
    return None


def seconds(value: float | None) -> int | None:
    """A deadline as the whole seconds a network client takes (rounded up)."""
    return None if value is None else max(1, math.ceil(value))
