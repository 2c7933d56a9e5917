"""The quality checks in the style of the Ontology Development Kit: each ``queries/check-*.rq``
must return no rows on a valid graph, and each row one returns is a Violation."""

from __future__ import annotations

from pathlib import Path

from kg.core import settings
from kg.engines.base import View
from kg.query.catalog import parse_query_file
from kg.query.run import run_sparql
from kg.validate.report import Finding


def check_findings(view: View, queries_dir: Path | None = None) -> tuple[list[Finding], int]:
    """Run every ``check-*.rq`` on ``view`` (any engine): (the findings, how many checks ran)."""
    findings = []
    checks = sorted((queries_dir or settings.queries_dir()).glob("check-*.rq"))
    for path in checks:
        findings += _run_check(view, path)
    return findings, len(checks)


def _run_check(view: View, path: Path) -> list[Finding]:
    """One Violation per row: the first column is the focus node, the others its details."""
    query = parse_query_file(path)
    results = run_sparql(view, query.text)
    findings = []
    for row in results.rows:
        focus = row[0].value if row and row[0] is not None else ""
        detail = ", ".join(
            f"{var}={term.value}" for var, term in zip(results.variables[1:], row[1:], strict=False) if term is not None
        )
        findings.append(
            Finding(
                severity="Violation",
                focus=focus,
                path="",
                message=query.title + (f" ({detail})" if detail else ""),
                source=f"queries/{path.name}",
            )
        )
    return findings
