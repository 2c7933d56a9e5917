"""The problems of one run of the record checks, collected so that all are reported together."""

from __future__ import annotations

import os
from pathlib import Path

from kg.core.errors import RecordProblem


def display_path(path: Path) -> str:
    """A path as a person wants to read it: relative to the working directory when inside it.

    The file keeps the name it has in its folder (a symbolic link is not replaced by its target:
    a dangling link or a loop of links is a problem to report under its own name); the folder's
    links are resolved where they can be."""
    try:
        absolute = path.parent.resolve() / path.name
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop, before Python 3.13
        absolute = Path(os.path.abspath(path))
    try:
        return str(absolute.relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(absolute)


class ProblemLog:
    """Every problem found so far, in the order found (RecordErrors sorts them for the report)."""

    def __init__(self) -> None:
        self.problems: list[RecordProblem] = []

    def add(self, path: str, line: int, record_id: str, field: str, message: str) -> None:
        self.problems.append(RecordProblem(path, line, record_id, field, message))

    def has(self, path: str, record_id: str, field: str) -> bool:
        """Whether a problem was already reported for this field of this record."""
        return any(p.path == path and p.record_id == record_id and p.field == field for p in self.problems)
