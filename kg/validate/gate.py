"""Validation: SHACL shapes (pySHACL) plus the quality checks in ``queries/check-*.rq``.

The gate for publishing: a graph conforms when no finding has severity Violation. Warnings and
Info are reported and do not fail a build. pySHACL is always given rdflib Graph objects, never
strings it might open as paths or URLs (reliability-checklist.md, P2), and runs without
inference: the whole ontology is merged into the data graph, so that ``sh:targetClass`` reaches
subclasses and ``sh:class`` finds the concept schemes.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pyshacl
import rdflib
from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, Store, serialize
from rdflib.namespace import SH

from kg.core import settings
from kg.core.quads import QuadSet
from kg.engines.store import OxigraphView
from kg.query.catalog import parse_query_file

SEVERITIES = ("Violation", "Warning", "Info")
_REPORT_BASE = "https://w3id.org/igkg/validation/"


@dataclass(frozen=True, order=True)
class Finding:
    severity: str
    focus: str
    path: str
    message: str
    value: str = ""
    #: The shape (or check query) that produced the finding.
    source: str = ""


@dataclass
class ValidationReport:
    findings: list[Finding] = field(default_factory=list)
    shapes: int = 0
    checks: int = 0

    @property
    def conforms(self) -> bool:
        return not any(f.severity == "Violation" for f in self.findings)

    def counts(self) -> dict[str, int]:
        return {s: sum(1 for f in self.findings if f.severity == s) for s in SEVERITIES}

    def text(self) -> str:
        """The report for a person: one block per finding, most severe first."""
        counts = self.counts()
        head = "conforms" if self.conforms else "DOES NOT CONFORM"
        lines = [
            f"igkg validation: {head} — {counts['Violation']} violations, {counts['Warning']} warnings, "
            f"{counts['Info']} info ({self.shapes} shapes, {self.checks} checks)"
        ]
        for f in self.sorted():
            lines.append(f"{f.severity}: {f.focus}")
            if f.path:
                lines.append(f"    path:    {f.path}")
            if f.value:
                lines.append(f"    value:   {f.value}")
            lines.append(f"    message: {f.message}")
            lines.append(f"    from:    {f.source}")
        return "\n".join(lines) + "\n"

    def sorted(self) -> list[Finding]:
        rank = {s: i for i, s in enumerate(SEVERITIES)}
        return sorted(self.findings, key=lambda f: (rank.get(f.severity, 9), f))

    def to_json(self) -> dict[str, object]:
        return {
            "conforms": self.conforms,
            "counts": self.counts(),
            "findings": [asdict(f) for f in self.sorted()],
        }

    def json_text(self) -> str:
        return json.dumps(self.to_json(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"

    def turtle(self) -> bytes:
        """A SHACL validation report in Turtle. Results get hash IRIs instead of blank nodes so
        that the same findings always give the same bytes."""
        sh = str(SH)
        report = NamedNode(_REPORT_BASE + "report")
        quads = QuadSet()
        rdf_type = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
        quads.add(Quad(report, rdf_type, NamedNode(sh + "ValidationReport")))
        quads.add(
            Quad(
                report,
                NamedNode(sh + "conforms"),
                Literal(str(self.conforms).lower(), datatype=NamedNode("http://www.w3.org/2001/XMLSchema#boolean")),
            )
        )
        for f in self.sorted():
            key = hashlib.sha256(json.dumps(asdict(f), sort_keys=True).encode()).hexdigest()[:16]
            node = NamedNode(_REPORT_BASE + "result/" + key)
            quads.add(Quad(report, NamedNode(sh + "result"), node))
            quads.add(Quad(node, rdf_type, NamedNode(sh + "ValidationResult")))
            quads.add(Quad(node, NamedNode(sh + "resultSeverity"), NamedNode(sh + f.severity)))
            quads.add(Quad(node, NamedNode(sh + "focusNode"), _term(f.focus)))
            quads.add(Quad(node, NamedNode(sh + "resultMessage"), Literal(f.message)))
            if f.path:
                quads.add(Quad(node, NamedNode(sh + "resultPath"), _term(f.path)))
            if f.value:
                quads.add(Quad(node, NamedNode(sh + "value"), Literal(f.value)))
            if f.source:
                quads.add(Quad(node, NamedNode(sh + "sourceShape"), _term(f.source)))
        return serialize(quads.sorted(), format=RdfFormat.TURTLE, prefixes={"sh": sh})


def _term(text: str) -> NamedNode | Literal:
    return NamedNode(text) if text.startswith(("http://", "https://", "urn:")) else Literal(text)


def load_shapes(shapes_dir: Path | None = None) -> rdflib.Graph:
    graph = rdflib.Graph()
    for path in sorted((shapes_dir or settings.shapes_dir()).glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


def load_ontology(path: Path | None = None) -> rdflib.Graph:
    return rdflib.Graph().parse(path or settings.ontology_file(), format="turtle")


def _str(graph: rdflib.Graph, node: rdflib.term.Node, pred: rdflib.URIRef) -> str:
    value = graph.value(node, pred)
    if value is None:
        return ""
    if isinstance(value, rdflib.BNode):
        return "(a path or value without a name)"
    return str(value)


def shacl_findings(data: rdflib.Graph, shapes: rdflib.Graph, ontology: rdflib.Graph) -> list[Finding]:
    # pySHACL's ont_graph only copies RDFS/OWL axioms into the data graph, not the concept-scheme
    # individuals (roles, actions, ranks) that sh:class constraints need: merge the whole ontology.
    merged = rdflib.Graph()
    for triple in data:
        merged.add(triple)
    for triple in ontology:
        merged.add(triple)
    _conforms, results, _text = pyshacl.validate(
        merged,
        shacl_graph=shapes,
        inference="none",
        abort_on_first=False,
        allow_warnings=True,
        advanced=False,
        do_owl_imports=False,
    )
    findings = []
    for result in results.subjects(rdflib.RDF.type, SH.ValidationResult):
        severity = _str(results, result, SH.resultSeverity).rsplit("#", 1)[-1]
        shape = results.value(result, SH.sourceShape)
        # Property shapes are blank nodes: name the node shape that holds them instead.
        if isinstance(shape, rdflib.BNode):
            parent = shapes.value(predicate=SH.property, object=shape)
            shape = parent if parent is not None else shape
        findings.append(
            Finding(
                severity=severity,
                focus=_str(results, result, SH.focusNode),
                path=_str(results, result, SH.resultPath),
                message=_str(results, result, SH.resultMessage),
                value=_str(results, result, SH.value),
                source=str(shape) if not isinstance(shape, rdflib.BNode) else "",
            )
        )
    return findings


def check_findings(view: OxigraphView, queries_dir: Path | None = None) -> tuple[list[Finding], int]:
    """Run every ``check-*.rq``; each row it returns is a Violation."""
    findings = []
    checks = sorted((queries_dir or settings.queries_dir()).glob("check-*.rq"))
    for path in checks:
        query = parse_query_file(path)
        results = view.query(query.text)
        for row in results.rows:
            focus = row[0].value if row and row[0] is not None else ""
            detail = ", ".join(
                f"{var}={term.value}"
                for var, term in zip(results.variables[1:], row[1:], strict=False)
                if term is not None
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
    return findings, len(checks)


ENGINES = ("sparql", "pyshacl")


def validate(
    quads: QuadSet,
    ontology_quads: QuadSet,
    shapes: rdflib.Graph | None = None,
    ontology: rdflib.Graph | None = None,
    engine: str = "sparql",
) -> ValidationReport:
    """Validate data quads (all graphs merged) against the shapes and the quality checks.

    ``engine="sparql"`` compiles the shapes to SPARQL (kg/validate/shacl_sparql.py) and runs them and the
    checks on one pyoxigraph store; ``engine="pyshacl"`` is the reference engine, about 100 times
    slower, which ``ontology`` (default: the ontology file) is for. Both give the same findings.
    """
    shapes_graph = shapes if shapes is not None else load_shapes()
    if engine == "sparql":
        # Imported here: kg.validate.shacl_sparql builds this module's Finding.
        from kg.validate import shacl_sparql

        view = OxigraphView(validation_store(quads, ontology_quads))
        findings = shacl_sparql.run(view.store, shacl_sparql.compile_shapes(shapes_graph))
    elif engine == "pyshacl":
        ontology_graph = ontology if ontology is not None else load_ontology()
        findings = shacl_findings(quads.to_rdflib(), shapes_graph, ontology_graph)
        view = OxigraphView.from_quads([*quads, *ontology_quads])
    else:
        raise ValueError(f"unknown validation engine {engine!r}: use one of {', '.join(ENGINES)}")
    check_results, checks = check_findings(view)
    node_shapes = set(shapes_graph.subjects(rdflib.RDF.type, SH.NodeShape))
    return ValidationReport(findings + check_results, shapes=len(node_shapes), checks=checks)


def validation_store(quads: QuadSet, ontology_quads: QuadSet) -> Store:
    """An in-memory store laid out as kg/engines/store.py describes: each graph, and their merge (data
    plus ontology) in the default graph, which is what the shapes and the checks read.

    The merge is made by the store itself (one INSERT): at 10^6 quads that takes half the time of
    building the default-graph quads in Python (kg.engines.store.with_default_graph)."""
    store = Store()
    store.bulk_extend(quads.unordered())
    store.bulk_extend(ontology_quads.unordered())
    store.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
    return store
