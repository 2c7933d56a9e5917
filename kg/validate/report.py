"""What validation reports: findings, and the report that gathers them (for a person, as JSON, as Turtle).

Both SHACL engines and the quality checks produce the same :class:`Finding`; the gate gathers them
in a :class:`ValidationReport`. A graph conforms when no finding has severity Violation: Warnings
and Info are reported and do not fail a build.
"""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import asdict, dataclass, field

from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, serialize

from kg.core.quads import QuadSet
from kg.core.terms import RDF_TYPE

SEVERITIES = ("Violation", "Warning", "Info")
#: How a finding prints a blank node (a path or value without a name).
NAMELESS = "(a path or value without a name)"

_SH = "http://www.w3.org/ns/shacl#"
_XSD_BOOLEAN = NamedNode("http://www.w3.org/2001/XMLSchema#boolean")
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
        report = NamedNode(_REPORT_BASE + "report")
        quads = QuadSet()
        quads.add(Quad(report, RDF_TYPE, NamedNode(_SH + "ValidationReport")))
        quads.add(Quad(report, NamedNode(_SH + "conforms"), Literal(str(self.conforms).lower(), datatype=_XSD_BOOLEAN)))
        for finding in self.sorted():
            quads.update(_result_quads(report, finding))
        out = io.BytesIO()
        serialize(quads.sorted(), out, format=RdfFormat.TURTLE, prefixes={"sh": _SH})
        return out.getvalue()


def _result_quads(report: NamedNode, f: Finding) -> list[Quad]:
    """One ``sh:ValidationResult``, named by a hash of the finding."""
    key = hashlib.sha256(json.dumps(asdict(f), sort_keys=True).encode()).hexdigest()[:16]
    node = NamedNode(_REPORT_BASE + "result/" + key)
    quads = [
        Quad(report, NamedNode(_SH + "result"), node),
        Quad(node, RDF_TYPE, NamedNode(_SH + "ValidationResult")),
        Quad(node, NamedNode(_SH + "resultSeverity"), NamedNode(_SH + f.severity)),
        Quad(node, NamedNode(_SH + "focusNode"), _term(f.focus)),
        Quad(node, NamedNode(_SH + "resultMessage"), Literal(f.message)),
    ]
    if f.path:
        quads.append(Quad(node, NamedNode(_SH + "resultPath"), _term(f.path)))
    if f.value:
        quads.append(Quad(node, NamedNode(_SH + "value"), Literal(f.value)))
    if f.source:
        quads.append(Quad(node, NamedNode(_SH + "sourceShape"), _term(f.source)))
    return quads


def _term(text: str) -> NamedNode | Literal:
    return NamedNode(text) if text.startswith(("http://", "https://", "urn:")) else Literal(text)
