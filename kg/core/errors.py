"""Exceptions igkg raises, and the exit codes the command line gives for them.

Two families, kept apart as pySHACL does: a :class:`KGError` is something the user can fix
(bad input, unknown query, failed validation) and the CLI prints its message, without a
traceback, and exits with its ``exit_code``; anything else is a bug in igkg, which the CLI reports
as an internal error (:data:`EXIT_INTERNAL`, the traceback only with ``--debug``). What the
machine does to a run (a full disk, a read-only folder, a missing file, a symbolic-link loop) is
bad input too: the CLI names the path and exits 2.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

#: Everything went as asked.
EXIT_OK = 0
#: A check failed: the graph does not conform, a quality check returned rows, a cycle was found.
EXIT_CHECK_FAILED = 1
#: Bad input or usage: the message names the file, line, field or option to fix.
EXIT_BAD_INPUT = 2
#: A bug in igkg (sysexits.h EX_SOFTWARE): "internal error", the traceback with ``--debug``.
EXIT_INTERNAL = 70
#: Interrupted by the user (Ctrl-C): 128 + SIGINT, as a shell reports it.
EXIT_INTERRUPTED = 130


class KGError(Exception):
    """Root of the errors a user can fix. ``exit_code`` is what the CLI exits with."""

    exit_code = 2


@dataclass(frozen=True, order=True)
class RecordProblem:
    """One problem in a curated record file, located as precisely as the input allows."""

    path: str
    line: int
    record_id: str
    field: str
    message: str

    def __str__(self) -> str:
        parts = [f"{self.path}:{self.line}" if self.line else self.path]
        what = " ".join(
            ([f"record {self.record_id!r}"] if self.record_id else [])
            + ([f"field {self.field!r}"] if self.field else [])
        )
        if what:
            parts.append(" " + what)
        return ":".join(parts) + f": {self.message}"


class RecordErrors(KGError):
    """All problems found in the curated records of one run, reported together."""

    def __init__(self, problems: list[RecordProblem]) -> None:
        self.problems = sorted(set(problems))
        count = len(self.problems)
        lines = [f"{count} problem{'s' if count != 1 else ''} in the curated records:"]
        lines += [f"  {p}" for p in self.problems]
        super().__init__("\n".join(lines))


class SourceError(KGError):
    """An input file that cannot be read or parsed, located by path and line when known."""

    def __init__(self, path: str | Path, message: str, line: int | None = None) -> None:
        self.path = str(path)
        self.line = line
        #: What is wrong, without the location.
        self.reason = message
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {message}")


class ConfigError(KGError):
    """A setting, path or option that does not make sense."""


class QueryError(KGError):
    """An unknown query, unknown parameter, bad parameter value or unknown id."""


class RowLimitError(QueryError):
    """An answer with more rows (or triples) than the caller's limit: whole answers only.

    ``advice`` replaces the default advice after the first clause, for a caller with other
    remedies (the command line's ``--limit``)."""

    def __init__(self, limit: int, unit: str = "rows", advice: str | None = None) -> None:
        self.limit = limit
        self.unit = unit
        default = "igkg sends whole answers only: add LIMIT and OFFSET to page through it"
        super().__init__(f"the answer has more than {limit} {unit}; {advice or default}")


class QueryTimeout(QueryError):
    """A query ran past its deadline and its process was stopped."""


class QueryOutOfMemory(QueryError):
    """A query needed more memory than its process is allowed and was stopped."""


class QueryCrashed(QueryError):
    """A query took the process that evaluated it down (an engine crash): refused, not retried."""


class StoreError(KGError):
    """The store is missing or cannot be opened."""


class ValidationFailed(KGError):
    """The graph does not conform to the shapes or a quality check returned rows."""

    exit_code = 1
