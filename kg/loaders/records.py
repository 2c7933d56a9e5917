"""Curated records -> quads, one named graph per source.

Where each triple goes: a field's triples go into the graph of every source whose evidence
supports that field (an evidence entry without ``supports`` supports all fields). A thing's
``rdf:type`` goes into every graph that says anything about it, so each source graph can be read
on its own. A citation goes into the graph of the source it quotes. A contested field asserts its
best-ranked claims and keeps every claim as an ``igkg:Claim`` node with its own evidence.
A source document's own description goes into its own graph.
"""

from __future__ import annotations

from collections import defaultdict

from pyoxigraph import Literal, NamedNode, Quad

from kg.core import terms
from kg.core.dates import PartialDate
from kg.core.quads import QuadSet
from kg.records.model import SUPPORTS_TYPE, Claim, Evidence, Record, RecordSet, Ref, Value
from kg.records.schema import KINDS, FieldSpec, ValueKind
from kg.records.sources import SourceFile

#: Text fields whose values are English prose, tagged @en. Other text is a plain string.
_ENGLISH = {"label", "alt_labels", "title", "description", "task", "excerpt", "place", "decision_rule", "detail"}


def subject_of(record: Record) -> NamedNode:
    return terms.source(record.id) if record.kind == "sources" else terms.thing(record.id)


def _object(records: RecordSet, fspec: FieldSpec, value: Value | Ref) -> NamedNode | Literal:
    if isinstance(value, Ref):
        return subject_of(records[value.id])
    if isinstance(value, PartialDate):
        return terms.typed(value.text, value.datatype)
    if fspec.kind is ValueKind.CHOICE:
        return NamedNode(fspec.choices[value])
    if fspec.kind is ValueKind.URL:
        return NamedNode(value)
    if fspec.kind is ValueKind.INT:
        return terms.integer(int(value))
    if fspec.name in _ENGLISH:
        return terms.english(value)
    return Literal(value)


class Emitter:
    def __init__(self, records: RecordSet, files: dict[str, SourceFile]) -> None:
        self.records = records
        self.files = files
        self.quads = QuadSet()

    def emit(self, s: NamedNode, p: NamedNode, o: NamedNode | Literal, graphs: set[str]) -> None:
        for name in graphs:
            self.quads.add(Quad(s, p, o, terms.source(name)))

    def citations(self, record: Record, owner: NamedNode, evidence: Evidence) -> None:
        """One citation for the fields an evidence entry supports, and one per single value it
        supports (``field=value``), so that a query can tell which value a quote is for."""
        spec = KINDS[record.kind]
        fields = sorted(item for item in evidence.supports if "=" not in item)
        if not evidence.supports or fields:
            props = [
                terms.RDF_TYPE if n == SUPPORTS_TYPE else terms.predicate(spec.checked_field(n).predicate)
                for n in fields
            ]
            self.citation(owner, evidence, props, key_extra="")
        for item in sorted(item for item in evidence.supports if "=" in item):
            name, _, text = item.partition("=")
            fspec = spec.checked_field(name)
            value = next(v for v in record.get(name) if str(v) == text)
            self.citation(
                owner,
                evidence,
                [terms.predicate(fspec.predicate)],
                key_extra=item,
                value=_object(self.records, fspec, value),
            )

    def citation(
        self,
        owner: NamedNode,
        evidence: Evidence,
        props: list[NamedNode],
        key_extra: str = "",
        value: NamedNode | Literal | None = None,
    ) -> None:
        key = evidence.key(owner.value + key_extra)
        node = NamedNode(f"{owner.value}/evidence/{key}")
        graph = {evidence.source}
        self.emit(owner, terms.igkg("evidence"), node, graph)
        self.emit(node, terms.RDF_TYPE, terms.igkg("Citation"), graph)
        self.emit(node, terms.igkg("inSource"), terms.source(evidence.source), graph)
        self.emit(node, terms.igkg("quote"), Literal(evidence.quote), graph)
        if evidence.line_start:
            self.emit(node, terms.igkg("lineStart"), terms.integer(evidence.line_start), graph)
            self.emit(node, terms.igkg("lineEnd"), terms.integer(evidence.line_end), graph)
        for prop in props:
            self.emit(node, terms.igkg("supportsProperty"), prop, graph)
        if value is not None:
            self.emit(node, terms.igkg("supportsValue"), value, graph)

    def record(self, record: Record) -> None:
        spec = KINDS[record.kind]
        subject = subject_of(record)
        cls = terms.igkg(spec.types[record.type])
        if record.kind == "sources":
            self.source_record(record, subject, cls)
            return
        touched: set[str] = set()
        for fv in record.fields.values():
            fspec = spec.checked_field(fv.name)
            pred = terms.predicate(fspec.predicate)
            if fv.claims:
                touched |= self.claims(record, subject, fspec, pred, fv.claims)
                continue
            for value in fv.values:
                graphs = {e.source for e in record.evidence if e.supports_value(fv.name, value)}
                touched |= graphs
                obj = _object(self.records, fspec, value)
                self.emit(subject, pred, obj, graphs)
                if fspec.predicate == "symbol":
                    self.emit(subject, terms.DCTERMS_IDENTIFIER, obj, graphs)
        for evidence in record.evidence:
            touched.add(evidence.source)
            self.citations(record, subject, evidence)
        self.emit(subject, terms.RDF_TYPE, cls, touched)
        if record.kind == "categories":
            self.emit(subject, terms.SKOS_IN_SCHEME, terms.STAKEHOLDER_SCHEME, touched)

    def claims(
        self, record: Record, subject: NamedNode, fspec: FieldSpec, pred: NamedNode, claims: tuple[Claim, ...]
    ) -> set[str]:
        asserted = set(record.fields[fspec.name].asserted())
        nodes: list[tuple[NamedNode, Claim, set[str]]] = []
        touched: set[str] = set()
        for claim in claims:
            graphs = {e.source for e in claim.evidence}
            touched |= graphs
            obj = _object(self.records, fspec, claim.value)
            key = claim.evidence[0].key(f"{subject.value}|{fspec.name}|{claim.value}")
            node = NamedNode(f"{subject.value}/claim/{key}")
            nodes.append((node, claim, graphs))
            if claim.value in asserted:
                self.emit(subject, pred, obj, graphs)
            self.emit(subject, terms.igkg("claim"), node, graphs)
            self.emit(node, terms.RDF_TYPE, terms.igkg("Claim"), graphs)
            self.emit(node, terms.igkg("claimProperty"), pred, graphs)
            value_pred = "claimObject" if isinstance(obj, NamedNode) else "claimValue"
            self.emit(node, terms.igkg(value_pred), obj, graphs)
            self.emit(node, terms.igkg("rank"), NamedNode(terms.RANK_BASE + claim.rank), graphs)
            if claim.reason:
                self.emit(node, terms.igkg("rankReason"), terms.english(claim.reason), graphs)
            for evidence in claim.evidence:
                self.citation(node, evidence, [])
        for node, claim, graphs in nodes:
            for other, other_claim, _ in nodes:
                if other != node and other_claim.value != claim.value:
                    self.emit(node, terms.igkg("conflictsWith"), other, graphs)
        return touched

    def source_record(self, record: Record, subject: NamedNode, cls: NamedNode) -> None:
        spec = KINDS["sources"]
        graph = {record.id}
        self.emit(subject, terms.RDF_TYPE, cls, graph)
        for fv in record.fields.values():
            fspec = spec.checked_field(fv.name)
            for value in fv.values:
                self.emit(subject, terms.predicate(fspec.predicate), _object(self.records, fspec, value), graph)
        sf = self.files.get(record.id)
        if sf is not None:
            self.emit(subject, terms.igkg("lineCount"), terms.integer(sf.line_count), graph)
            self.emit(subject, terms.igkg("sha256"), Literal(sf.sha256), graph)


def records_to_quads(records: RecordSet, files: dict[str, SourceFile]) -> QuadSet:
    """Map checked records to quads. ``files`` maps source ids to the files read for them."""
    emitter = Emitter(records, files)
    for record in records.sorted():
        emitter.record(record)
    return emitter.quads


def lines_used(records: RecordSet) -> dict[str, list[tuple[int, int]]]:
    """For each source file, the merged line ranges that citations use."""
    ranges: dict[str, set[tuple[int, int]]] = defaultdict(set)
    for record in records.sorted():
        evidence = list(record.evidence)
        for fv in record.fields.values():
            for claim in fv.claims:
                evidence.extend(claim.evidence)
        for e in evidence:
            if e.line_start:
                ranges[e.source].add((e.line_start, e.line_end))
    merged: dict[str, list[tuple[int, int]]] = {}
    for name, spans in ranges.items():
        out: list[tuple[int, int]] = []
        for start, end in sorted(spans):
            if out and start <= out[-1][1] + 1:
                out[-1] = (out[-1][0], max(out[-1][1], end))
            else:
                out.append((start, end))
        merged[name] = out
    return merged
