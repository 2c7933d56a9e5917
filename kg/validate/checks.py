"""The quality checks in the style of the Ontology Development Kit: each ``queries/check-*.rq``
must return no rows on a valid graph, and each row one returns is a Violation."""

from __future__ import annotations

from pathlib import Path

import rdflib
from rdflib.namespace import SH

from kg.core import settings
from kg.engines.base import View
from kg.query.catalog import parse_query_file
from kg.query.run import run_sparql
from kg.validate.report import Finding
from kg.validate.result_terms import node_text

_SPARQL_COMPONENT = str(SH.SPARQLConstraintComponent)


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
    shape = _check_shape(path, query.title)
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
                component=_SPARQL_COMPONENT,
                focus_node=str(row[0]) if row and row[0] is not None else "",
                shape=shape,
            )
        )
    return findings


def _check_shape(path: Path, title: str) -> str:
    """A check is no SHACL shape, but the report names a source shape for every result: a blank
    node that says which query it is (kg/validate/result_terms.py writes it)."""
    graph = rdflib.Graph()
    shape = rdflib.BNode()
    graph.add((shape, rdflib.RDF.type, SH.NodeShape))
    graph.add((shape, rdflib.RDFS.label, rdflib.Literal(title)))
    graph.add((shape, rdflib.RDFS.comment, rdflib.Literal(f"the quality check queries/{path.name}")))
    return node_text(graph, shape)
