"""Read and check the curated record files.

Checking runs in three passes so that every problem of a run is reported together:
1. syntax and shape of each record (YAML, fields, value types, dates, evidence entries);
2. identity (ids unique across all files and kinds);
3. meaning (references resolve to the right kind, evidence names a known source, cited lines
   exist and contain the quotation, every fact is supported by evidence, dates are in order).
Nothing is fetched: web-page evidence is checked for form only, since igkg builds offline.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from kg.core.dates import PartialDate
from kg.core.errors import RecordErrors, RecordProblem
from kg.core.yamlnodes import YamlProblem, YMap, YNode, YScalar, YSeq, read_yaml_file
from kg.records.model import Claim, Evidence, FieldValue, Record, RecordSet, Ref, Value
from kg.records.schema import (
    COMMON_KEYS,
    DATE_ORDER,
    KINDS,
    MAX_QUOTE_WORDS,
    RANKS,
    FieldSpec,
    KindSpec,
    ValueKind,
)
from kg.records.sources import SourceFile, read_source_file, word_count

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SOURCE_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_LINES_RE = re.compile(r"^(\d+)(?:\s*-\s*(\d+))?$")
_URL_RE = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")
_EVIDENCE_KEYS = ("source", "lines", "quote", "supports")
_CLAIM_KEYS = ("value", "rank", "reason", "sources")


def display_path(path: Path) -> str:
    """A path as a person wants to read it: relative to the working directory when inside it."""
    absolute = path.resolve()
    try:
        return str(absolute.relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(absolute)


class _Checker:
    def __init__(self, sources_dir: Path) -> None:
        self.sources_dir = sources_dir
        self.problems: list[RecordProblem] = []

    def problem(self, path: str, line: int, rid: str, fld: str, message: str) -> None:
        self.problems.append(RecordProblem(path, line, rid, fld, message))

    # -- pass 1: shape -----------------------------------------------------------------

    def parse_file(self, path: Path) -> list[Record]:
        shown = display_path(path)
        try:
            root = read_yaml_file(path)
        except YamlProblem as exc:
            self.problem(shown, exc.line, exc.record_id, exc.field, exc.message)
            return []
        if root is None:
            return []
        if not isinstance(root, YMap):
            self.problem(shown, root.line, "", "", "a records file is a mapping of kinds to lists of records")
            return []
        records = []
        for kind, (kline, node) in root.items.items():
            spec = KINDS.get(kind)
            if spec is None:
                known = ", ".join(KINDS)
                self.problem(shown, kline, "", "", f"unknown kind {kind!r}; known kinds: {known}")
                continue
            if not isinstance(node, YSeq):
                self.problem(shown, kline, "", "", f"{kind!r} must be a list of records")
                continue
            for item in node.items:
                record = self.parse_record(shown, spec, item)
                if record is not None:
                    records.append(record)
        return records

    def parse_record(self, path: str, spec: KindSpec, node: YNode) -> Record | None:
        if not isinstance(node, YMap):
            self.problem(path, node.line, "", "", f"each {spec.name} record must be a mapping")
            return None
        id_node = node.items.get("id")
        rid = ""
        if id_node is None:
            self.problem(path, node.line, "", "id", "missing required field")
        elif not isinstance(id_node[1], YScalar) or not id_node[1].value:
            self.problem(path, id_node[0], "", "id", "must be text")
        else:
            rid = id_node[1].value
            pattern = SOURCE_ID_RE if spec.name == "sources" else SLUG_RE
            if not pattern.match(rid):
                rule = (
                    "letters, digits, '.', '_' and '-'"
                    if spec.name == "sources"
                    else ("lower-case letters and digits in words joined by '-'")
                )
                self.problem(path, id_node[0], rid, "id", f"malformed id {rid!r}: use {rule}")
        record = Record(kind=spec.name, id=rid, path=path, at=node.line)

        # type
        type_entry = node.items.get("type")
        if len(spec.types) == 1 and type_entry is None:
            record.type = next(iter(spec.types))
        elif type_entry is None:
            self.problem(path, node.line, rid, "type", f"missing required field; one of: {', '.join(spec.types)}")
        elif not isinstance(type_entry[1], YScalar) or type_entry[1].value not in spec.types:
            shown = type_entry[1].value if isinstance(type_entry[1], YScalar) else "a list or mapping"
            self.problem(path, type_entry[0], rid, "type", f"unknown type {shown!r}; one of: {', '.join(spec.types)}")
        else:
            record.type = type_entry[1].value

        for key, (kline, value) in node.items.items():
            if key in ("id", "type"):
                continue
            if key == "note":
                if not isinstance(value, YScalar):
                    self.problem(path, kline, rid, key, "must be text")
                continue
            if key == "sources":
                record.evidence = tuple(self.parse_evidence_list(path, rid, key, kline, value, spec))
                continue
            fspec = spec.field(key)
            if fspec is None:
                allowed = ", ".join([*COMMON_KEYS, *(f.name for f in spec.fields)])
                self.problem(path, kline, rid, key, f"unknown field for {spec.name}; allowed: {allowed}")
                continue
            fv = self.parse_field(path, rid, fspec, kline, value, spec)
            if fv is not None:
                record.fields[key] = fv

        for fspec in spec.fields:
            if (
                fspec.required
                and fspec.name not in record.fields
                and not any(p.record_id == rid and p.field == fspec.name and p.path == path for p in self.problems)
            ):
                self.problem(path, node.line, rid, fspec.name, "missing required field")
        if spec.needs_evidence and not record.evidence and "sources" not in node.items:
            self.problem(
                path,
                node.line,
                rid,
                "sources",
                "missing evidence: give at least one source with lines and a quote, or a web page",
            )
        return record

    def parse_field(
        self, path: str, rid: str, fspec: FieldSpec, line: int, node: YNode, spec: KindSpec
    ) -> FieldValue | None:
        if isinstance(node, YMap):
            if fspec.many:
                self.problem(path, line, rid, fspec.name, "claims are only allowed on single-valued fields")
                return None
            if set(node.items) != {"claims"}:
                self.problem(
                    path, line, rid, fspec.name, "a mapping here must have exactly one key, 'claims' (contested values)"
                )
                return None
            _, claims_node = node.items["claims"]
            return self.parse_claims(path, rid, fspec, line, claims_node, spec)
        if isinstance(node, YSeq):
            if not fspec.many:
                self.problem(path, line, rid, fspec.name, f"wrong type: expected one {fspec.kind.value}, got a list")
                return None
            values = []
            for item in node.items:
                value = self.parse_value(path, rid, fspec, item)
                if value is not None:
                    values.append(value)
            if len(set(values)) != len(values):
                self.problem(path, line, rid, fspec.name, "the same value is listed twice")
            return FieldValue(fspec.name, line, tuple(values))
        value = self.parse_value(path, rid, fspec, node)
        return None if value is None else FieldValue(fspec.name, line, (value,))

    def parse_value(self, path: str, rid: str, fspec: FieldSpec, node: YNode) -> Value | Ref | None:
        if not isinstance(node, YScalar):
            self.problem(
                path, node.line, rid, fspec.name, f"wrong type: expected {fspec.kind.value}, got a list or mapping"
            )
            return None
        text = node.value.strip()
        if not text:
            self.problem(path, node.line, rid, fspec.name, "empty value")
            return None
        kind = fspec.kind
        if kind is ValueKind.DATE:
            try:
                return PartialDate.parse(text)
            except ValueError as exc:
                self.problem(path, node.line, rid, fspec.name, str(exc))
                return None
        if kind is ValueKind.REF:
            if not SLUG_RE.match(text) and not (fspec.targets == ("sources",) and SOURCE_ID_RE.match(text)):
                self.problem(path, node.line, rid, fspec.name, f"malformed reference {text!r}: expected an id")
                return None
            return Ref(text)
        if kind is ValueKind.CHOICE:
            if text not in fspec.choices:
                self.problem(
                    path, node.line, rid, fspec.name, f"unknown value {text!r}; one of: {', '.join(fspec.choices)}"
                )
                return None
            return text
        if kind is ValueKind.INT:
            if not re.fullmatch(r"\d+", text):
                self.problem(path, node.line, rid, fspec.name, f"{text!r} is not a whole number")
                return None
            return text
        if kind is ValueKind.URL:
            if not _URL_RE.match(text):
                self.problem(path, node.line, rid, fspec.name, f"malformed URL {text!r}")
                return None
            return text
        if "\n" in text:
            self.problem(path, node.line, rid, fspec.name, "must be one line of text")
            return None
        if fspec.max_words and word_count(text) > fspec.max_words:
            self.problem(
                path, node.line, rid, fspec.name, f"{word_count(text)} words; at most {fspec.max_words} are allowed"
            )
            return None
        return text

    def parse_claims(
        self, path: str, rid: str, fspec: FieldSpec, line: int, node: YNode, spec: KindSpec
    ) -> FieldValue | None:
        if not isinstance(node, YSeq) or not node.items:
            self.problem(path, line, rid, fspec.name, "'claims' must be a non-empty list")
            return None
        claims = []
        for item in node.items:
            if not isinstance(item, YMap):
                self.problem(path, item.line, rid, fspec.name, "each claim must be a mapping")
                continue
            for key, (kline, _) in item.items.items():
                if key not in _CLAIM_KEYS:
                    self.problem(
                        path, kline, rid, fspec.name, f"unknown claim key {key!r}; allowed: {', '.join(_CLAIM_KEYS)}"
                    )
            value_entry = item.items.get("value")
            if value_entry is None:
                self.problem(path, item.line, rid, fspec.name, "claim without a value")
                continue
            value = self.parse_value(path, rid, fspec, value_entry[1])
            rank = "normal"
            if "rank" in item.items:
                rline, rnode = item.items["rank"]
                if not isinstance(rnode, YScalar) or rnode.value not in RANKS:
                    self.problem(path, rline, rid, fspec.name, f"claim rank must be one of: {', '.join(RANKS)}")
                else:
                    rank = rnode.value
            reason = ""
            if "reason" in item.items and isinstance(item.items["reason"][1], YScalar):
                reason = item.items["reason"][1].value.strip()
            if rank != "normal" and not reason:
                self.problem(path, item.line, rid, fspec.name, f"a {rank} claim needs a 'reason'")
            evidence: list[Evidence] = []
            if "sources" in item.items:
                sline, snode = item.items["sources"]
                evidence = self.parse_evidence_list(path, rid, fspec.name, sline, snode, spec, in_claim=True)
            if not evidence:
                self.problem(path, item.line, rid, fspec.name, "missing evidence: each claim needs its own sources")
            if value is not None:
                claims.append(Claim(value, rank, tuple(evidence), reason, item.line))
        values = [c.value for c in claims]
        if len(set(values)) != len(values):
            self.problem(path, line, rid, fspec.name, "two claims give the same value; merge their sources")
        preferred = sum(1 for c in claims if c.rank == "preferred")
        if len(set(values)) > 1 and preferred != 1:
            # One value must be asserted, so that single-valued facts stay single-valued;
            # the others are kept as claims with their sources (DESIGN.md, "Contested facts").
            self.problem(
                path,
                line,
                rid,
                fspec.name,
                f"contested field has {preferred} preferred claims; mark exactly one 'preferred', with its reason",
            )
        return FieldValue(fspec.name, line, (), tuple(claims)) if claims else None

    def parse_evidence_list(
        self, path: str, rid: str, fld: str, line: int, node: YNode, spec: KindSpec, in_claim: bool = False
    ) -> list[Evidence]:
        if not isinstance(node, YSeq) or not node.items:
            self.problem(path, line, rid, fld, "'sources' must be a non-empty list of evidence entries")
            return []
        found = []
        for item in node.items:
            evidence = self.parse_evidence(path, rid, fld, item, spec, in_claim)
            if evidence is not None:
                found.append(evidence)
        return found

    def parse_evidence(
        self, path: str, rid: str, fld: str, node: YNode, spec: KindSpec, in_claim: bool
    ) -> Evidence | None:
        if not isinstance(node, YMap):
            self.problem(path, node.line, rid, fld, "each evidence entry must be a mapping with source and quote")
            return None
        ok = True
        for key, (kline, _) in node.items.items():
            if key not in _EVIDENCE_KEYS:
                self.problem(
                    path, kline, rid, fld, f"unknown evidence key {key!r}; allowed: {', '.join(_EVIDENCE_KEYS)}"
                )
                ok = False
        src = node.items.get("source")
        quote = node.items.get("quote")
        if src is None or not isinstance(src[1], YScalar) or not src[1].value.strip():
            self.problem(path, node.line, rid, fld, "evidence without a 'source'")
            return None
        if quote is None or not isinstance(quote[1], YScalar) or not quote[1].value.strip():
            self.problem(path, node.line, rid, fld, "evidence without a 'quote'")
            return None
        quote_text = " ".join(quote[1].value.split())
        words = word_count(quote_text)
        if words > MAX_QUOTE_WORDS:
            self.problem(path, quote[0], rid, fld, f"quote has {words} words; at most {MAX_QUOTE_WORDS} are allowed")
            ok = False
        start = end = 0
        if "lines" in node.items:
            lline, lnode = node.items["lines"]
            match = _LINES_RE.match(lnode.value.strip()) if isinstance(lnode, YScalar) else None
            if not match:
                self.problem(path, lline, rid, fld, "malformed 'lines': write N or N-M")
                ok = False
            else:
                start = int(match.group(1))
                end = int(match.group(2) or start)
                if start < 1 or end < start:
                    self.problem(path, lline, rid, fld, f"impossible line range {start}-{end}")
                    ok = False
        supports: tuple[str, ...] = ()
        if "supports" in node.items:
            sline, snode = node.items["supports"]
            names = (
                [snode.value]
                if isinstance(snode, YScalar)
                else [s.value for s in snode.items if isinstance(s, YScalar)]
                if isinstance(snode, YSeq)
                else []
            )
            if in_claim:
                self.problem(
                    path, sline, rid, fld, "'supports' is not used inside a claim: a claim's sources support its value"
                )
                ok = False
            for name in names:
                if spec.field(name.split("=", 1)[0]) is None:
                    self.problem(
                        path, sline, rid, fld, f"'supports' names {name!r}, which is not a field of {spec.name}"
                    )
                    ok = False
            supports = tuple(names)
        if not ok:
            return None
        return Evidence(src[1].value.strip(), quote_text, start, end, supports, node.line)

    # -- pass 3: meaning ---------------------------------------------------------------

    def check_meaning(self, records: RecordSet) -> None:
        files: dict[str, SourceFile | None] = {}
        for record in records.of_kind("sources"):
            files[record.id] = self.check_source_record(record)
        for record in records.sorted():
            spec = KINDS[record.kind]
            for fv in record.fields.values():
                fspec = spec.field(fv.name)
                assert fspec is not None
                if fspec.kind is ValueKind.REF:
                    values: Iterable[Value | Ref] = [*fv.values, *(c.value for c in fv.claims)]
                    for value in values:
                        self.check_ref(records, record, fspec, fv.at, value)
                for claim in fv.claims:
                    for evidence in claim.evidence:
                        self.check_evidence(records, files, record, fv.name, evidence)
                if spec.needs_evidence and not fv.claims and record.evidence:
                    for value in fv.values:
                        if not any(e.supports_value(fv.name, value) for e in record.evidence):
                            self.problem(
                                record.path,
                                fv.at,
                                record.id,
                                fv.name,
                                f"missing evidence: no entry in 'sources' supports {str(value)!r}",
                            )
            for evidence in record.evidence:
                self.check_evidence(records, files, record, "sources", evidence)
                for item in evidence.supports:
                    name, _, value = item.partition("=")
                    if value and value not in {str(v) for v in record.get(name)}:
                        self.problem(
                            record.path,
                            evidence.at,
                            record.id,
                            "sources",
                            f"'supports' names {item!r}, but {name!r} has no value {value!r}",
                        )
            for start_name, end_name in DATE_ORDER:
                start, end = record.first(start_name), record.first(end_name)
                if (
                    isinstance(start, PartialDate)
                    and isinstance(end, PartialDate)
                    and end.last_day() < start.first_day()
                ):
                    self.problem(
                        record.path,
                        record.fields[end_name].at,
                        record.id,
                        end_name,
                        f"end before start: {end} is before {start}",
                    )

    def check_source_record(self, record: Record) -> SourceFile | None:
        file_name = record.first("file")
        url = record.first("url")
        if record.type == "web-page":
            if url is None:
                self.problem(record.path, record.at, record.id, "url", "a web-page source needs its 'url'")
            if file_name is not None:
                self.problem(
                    record.path, record.fields["file"].at, record.id, "file", "a web page has a 'url', not a 'file'"
                )
            return None
        if file_name is None:
            self.problem(record.path, record.at, record.id, "file", "a source file needs its 'file' name")
            return None
        path = self.sources_dir / str(file_name)
        if "/" in str(file_name) or not path.is_file():
            self.problem(
                record.path,
                record.fields["file"].at,
                record.id,
                "file",
                f"no source file {file_name!r} in {display_path(self.sources_dir)}",
            )
            return None
        try:
            return read_source_file(path)
        except UnicodeDecodeError:
            self.problem(record.path, record.fields["file"].at, record.id, "file", "source file is not UTF-8 text")
            return None

    def check_ref(self, records: RecordSet, record: Record, fspec: FieldSpec, at: int, value: Value | Ref) -> None:
        assert isinstance(value, Ref)
        if value.id not in records:
            self.problem(record.path, at, record.id, fspec.name, f"reference to unknown id {value.id!r}")
            return
        target = records[value.id]
        if target.kind not in fspec.targets:
            self.problem(
                record.path,
                at,
                record.id,
                fspec.name,
                f"{value.id!r} is one of the {target.kind}; expected one of the {', '.join(fspec.targets)}",
            )
        if value.id == record.id:
            self.problem(record.path, at, record.id, fspec.name, "a record cannot refer to itself")

    def check_evidence(
        self, records: RecordSet, files: dict[str, SourceFile | None], record: Record, fld: str, evidence: Evidence
    ) -> None:
        if evidence.source not in records or records[evidence.source].kind != "sources":
            self.problem(
                record.path,
                evidence.at,
                record.id,
                fld,
                f"unknown source {evidence.source!r}: declare it in the sources records",
            )
            return
        source = records[evidence.source]
        if source.type == "web-page":
            if evidence.line_start:
                self.problem(
                    record.path,
                    evidence.at,
                    record.id,
                    fld,
                    f"{evidence.source!r} is a web page: cite it by quote, without 'lines'",
                )
            return
        if not evidence.line_start:
            self.problem(
                record.path, evidence.at, record.id, fld, f"evidence from {evidence.source!r} needs 'lines' (N or N-M)"
            )
            return
        sf = files.get(evidence.source)
        if sf is None:
            return  # the source record itself is broken; reported there
        if evidence.line_end > sf.line_count:
            self.problem(
                record.path,
                evidence.at,
                record.id,
                fld,
                f"lines {evidence.lines} are outside {evidence.source} ({sf.line_count} lines)",
            )
            return
        if not sf.contains(evidence.line_start, evidence.line_end, evidence.quote):
            self.problem(
                record.path,
                evidence.at,
                record.id,
                fld,
                f"quote not found in {evidence.source} lines {evidence.lines}: {evidence.quote!r}",
            )


#: Sub-folder of the records folder that holds the extractions of meeting records
#: (`igkg ingest-meeting`): generated, committed, read like any other record file.
MEETINGS_SUBDIR = "meetings"


def read_records(records_dir: Path, sources_dir: Path, *, with_meetings: bool = True) -> RecordSet:
    """Read every ``*.yaml`` file in ``records_dir`` (and its ``meetings/`` folder) and check it.

    :raises RecordErrors: with every problem found, sorted by file and line.
    """
    checker = _Checker(sources_dir)
    if not records_dir.is_dir():
        raise RecordErrors([RecordProblem(display_path(records_dir), 0, "", "", "records folder not found")])
    parsed: list[Record] = []
    paths = sorted(records_dir.glob("*.yaml"))
    if with_meetings:
        paths += sorted((records_dir / MEETINGS_SUBDIR).glob("*.yaml"))
    for path in paths:
        parsed.extend(checker.parse_file(path))
    records = RecordSet()
    first_seen: dict[str, Record] = {}
    for record in parsed:
        if not record.id:
            continue
        if record.id in first_seen:
            other = first_seen[record.id]
            checker.problem(
                record.path, record.at, record.id, "id", f"duplicate id (first defined at {other.path}:{other.at})"
            )
            continue
        first_seen[record.id] = record
        records.records[record.id] = record
    checker.check_meaning(records)
    if checker.problems:
        raise RecordErrors(checker.problems)
    return records
