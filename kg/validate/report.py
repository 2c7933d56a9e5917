"""What validation reports: findings, and the report that gathers them (for a person, as JSON, as Turtle).

Both SHACL engines and the quality checks produce the same :class:`Finding`; the gate gathers them
in a :class:`ValidationReport`. A graph conforms when no finding has severity Violation: Warnings
and Info are reported and do not fail a build.
"""

from __future__ import annotations

import hashlib
import io
import json
from collections import Counter
from dataclasses import asdict, dataclass, field

from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, serialize

from kg.core.quads import QuadSet
from kg.core.terms import RDF_TYPE
from kg.validate.result_terms import read_node_text

SEVERITIES = ("Violation", "Warning", "Info")
#: How a finding prints a blank node (a path or value without a name).
NAMELESS = "(a path or value without a name)"

_SH = "http://www.w3.org/ns/shacl#"
_XSD_BOOLEAN = NamedNode("http://www.w3.org/2001/XMLSchema#boolean")
_REPORT_BASE = "https://w3id.org/igkg/validation/"
_PREFIXES = {
    "sh": _SH,
    "igkgsh": "https://w3id.org/igkg/shapes#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
#: A finding's fields in the JSON report (the RDF terms are the Turtle report's business).
_JSON_FIELDS = ("severity", "focus", "path", "message", "value", "source", "component")


@dataclass(frozen=True, order=True)
class Finding:
    severity: str
    focus: str
    path: str
    message: str
    value: str = ""
    #: The shape (or check query) that produced the finding, for a person: a property shape is
    #: named by the node shape that holds it.
    source: str = ""
    #: The SHACL constraint component (its IRI) whose constraint failed; a quality check's finding
    #: gives sh:SPARQLConstraintComponent (a check is a SPARQL query).
    component: str = ""
    #: The result's terms for the SHACL report, as kg.validate.result_terms writes them: the focus
    #: node, the path, the value and the shape that failed (a property shape with its description).
    focus_node: str = ""
    path_node: str = ""
    value_node: str = ""
    shape: str = ""
    #: A result of validating an ``sh:node`` constraint's value against the nested shape: in the
    #: SHACL report it hangs off that constraint's result (``sh:detail``), as pySHACL writes it,
    #: and is not one of the report's own ``sh:result``s (Jena, which writes no details, agrees).
    detail: bool = False


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
            "findings": [{k: getattr(f, k) for k in _JSON_FIELDS} for f in self.sorted()],
        }

    def json_text(self) -> str:
        return json.dumps(self.to_json(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"

    def turtle(self) -> bytes:
        """A SHACL validation report in Turtle. Results get hash IRIs instead of blank nodes so
        that the same findings always give the same bytes.

        ``sh:conforms`` means what SHACL says it means (section 3.1.1: true only when there is no
        result at all), as Jena and pySHACL without ``-w`` write it: a report with Warnings or Info
        only does not conform here, though it passes igkg's gate (:attr:`conforms`, the exit code)."""
        report = NamedNode(_REPORT_BASE + "report")
        quads = QuadSet()
        quads.add(Quad(report, RDF_TYPE, NamedNode(_SH + "ValidationReport")))
        shacl_conforms = str(not self.findings).lower()
        quads.add(Quad(report, NamedNode(_SH + "conforms"), Literal(shacl_conforms, datatype=_XSD_BOOLEAN)))
        seen: Counter[Finding] = Counter()
        named: list[tuple[Finding, NamedNode]] = []
        for finding in self.sorted():
            # Two equal findings are two results (pySHACL reports sh:uniqueLang once per shared
            # language, with nothing else to tell them apart): number them.
            seen[finding] += 1
            named.append((finding, _result_node(finding, seen[finding])))
        for (finding, node), parent in zip(named, _parents(named), strict=True):
            quads.add(Quad(parent or report, NamedNode(_SH + ("detail" if parent else "result")), node))
            quads.update(_result_quads(node, finding))
        out = io.BytesIO()
        serialize(quads.sorted(), out, format=RdfFormat.TURTLE, prefixes=_PREFIXES)
        return out.getvalue()


def _result_node(f: Finding, occurrence: int) -> NamedNode:
    """A result's IRI, a hash of the finding (the detail flag counts only when set, so that the
    other results keep the IRIs they had before it existed)."""
    fields = {k: v for k, v in asdict(f).items() if k != "detail" or v}
    named = json.dumps(fields, sort_keys=True) + ("" if occurrence == 1 else f"#{occurrence}")
    return NamedNode(_REPORT_BASE + "result/" + hashlib.sha256(named.encode()).hexdigest()[:16])


def _parents(named: list[tuple[Finding, NamedNode]]) -> list[NamedNode | None]:
    """For each result, the ``sh:node`` result it is a detail of (None: one of the report's own).

    A detail's parent failed because of the detail's focus node (its ``sh:value``). Where several
    results share that value (two positions with the same wrong stance), each parent gets its
    turn: the engines give a detail once per failing (focus, value) pair, so the details of one
    value come in equal groups, one copy per parent. A detail with no parent stays a result of the
    report, so that nothing found is dropped."""
    by_value: dict[str, list[NamedNode]] = {}
    for f, node in named:
        if f.component == _SH + "NodeConstraintComponent" and f.value_node:
            by_value.setdefault(f.value_node, []).append(node)
    turn: Counter[str] = Counter()
    parents: list[NamedNode | None] = []
    for f, _node in named:
        candidates = by_value.get(f.focus_node, []) if f.detail else []
        if not candidates:
            parents.append(None)
            continue
        parents.append(candidates[turn[f.focus_node] % len(candidates)])
        turn[f.focus_node] += 1
    return parents


def _result_quads(node: NamedNode, f: Finding) -> list[Quad]:
    """One ``sh:ValidationResult`` with the terms as pySHACL and Jena write them: IRIs as IRIs,
    literals with their datatype, a blank shape or path with its description
    (kg/validate/result_terms.py)."""
    quads = [
        Quad(node, RDF_TYPE, NamedNode(_SH + "ValidationResult")),
        Quad(node, NamedNode(_SH + "resultSeverity"), NamedNode(_SH + f.severity)),
        Quad(node, NamedNode(_SH + "resultMessage"), Literal(f.message)),
    ]
    if f.component:
        quads.append(Quad(node, NamedNode(_SH + "sourceConstraintComponent"), NamedNode(f.component)))
    for pred, text, fallback in (
        ("focusNode", f.focus_node, f.focus),
        ("resultPath", f.path_node, ""),
        ("value", f.value_node, f.value),
        ("sourceShape", f.shape, ""),
    ):
        if text:
            term, description = read_node_text(text)
            quads.append(Quad(node, NamedNode(_SH + pred), term))
            quads += [Quad(t.subject, t.predicate, t.object) for t in description]
        elif fallback:  # a finding made without its terms: the text is all there is
            quads.append(Quad(node, NamedNode(_SH + pred), Literal(fallback)))
    return quads
