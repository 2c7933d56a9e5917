"""Exceptions igkg raises.

Two families, kept apart as pySHACL does: a :class:`KGError` is something the user can fix
(bad input, unknown query, failed validation) and the CLI prints it without a traceback;
anything else is a bug in igkg and is allowed to surface as one.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


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
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {message}")


class ConfigError(KGError):
    """A setting, path or option that does not make sense."""


class QueryError(KGError):
    """An unknown query, unknown parameter, bad parameter value or unknown id."""


class RowLimitError(QueryError):
    """An answer with more rows (or triples) than the caller's limit: whole answers only."""

    def __init__(self, limit: int, unit: str = "rows") -> None:
        self.limit = limit
        self.unit = unit
        super().__init__(
            f"the answer has more than {limit} {unit}; igkg sends whole answers only: "
            "add LIMIT and OFFSET to page through it"
        )


class StoreError(KGError):
    """The store is missing or cannot be opened."""


class ValidationFailed(KGError):
    """The graph does not conform to the shapes or a quality check returned rows."""

    exit_code = 1
