"""Pass 1 of the record checks: YAML nodes -> records, checking what each record shows on its own.

That is its shape: a known kind, an id and type, known fields, values of the declared type
(dates, references, choices, numbers, addresses, one-line text), contested values as ranked
claims, and well-formed evidence entries. What needs every record at once (unique ids,
references, sources and quotations) is checked afterwards, in :mod:`kg.records.check`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from kg.core.dates import PartialDate
from kg.core.yamlnodes import YamlProblem, YMap, YNode, YScalar, YSeq, read_yaml_file
from kg.records.model import SUPPORTS_TYPE, Claim, Evidence, FieldValue, Record, Ref, Value
from kg.records.problems import ProblemLog, display_path
from kg.records.schema import COMMON_KEYS, KINDS, MAX_QUOTE_WORDS, RANKS, FieldSpec, KindSpec, ValueKind
from kg.records.sources import word_count

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SOURCE_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_SLUG_RULE = "lower-case letters and digits in words joined by '-'"
_SOURCE_ID_RULE = "letters, digits, '.', '_' and '-'"
_LINES_RE = re.compile(r"^(\d+)(?:\s*-\s*(\d+))?$")
_URL_RE = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")
_WHOLE_NUMBER_RE = re.compile(r"\d+")
_EVIDENCE_KEYS = ("source", "lines", "quote", "supports")
_CLAIM_KEYS = ("value", "rank", "reason", "sources")


@dataclass(frozen=True)
class _Site:
    """Where parsing is (the file, the kind and the record's id), so that a problem names it."""

    log: ProblemLog
    path: str
    spec: KindSpec
    rid: str = ""

    def problem(self, line: int, field: str, message: str) -> None:
        self.log.add(self.path, line, self.rid, field, message)


# -- files and records ---------------------------------------------------------------------


def parse_file(path: Path, log: ProblemLog) -> list[Record]:
    """The records of one file; what is wrong with them goes to ``log``."""
    shown = display_path(path)
    try:
        root = read_yaml_file(path)
    except YamlProblem as exc:
        log.add(shown, exc.line, exc.record_id, exc.field, exc.message)
        return []
    if root is None:
        return []
    if not isinstance(root, YMap):
        log.add(shown, root.line, "", "", "a records file is a mapping of kinds to lists of records")
        return []
    records: list[Record] = []
    for kind, (line, node) in root.items.items():
        records += _parse_kind(shown, kind, line, node, log)
    return records


def _parse_kind(path: str, kind: str, line: int, node: YNode, log: ProblemLog) -> list[Record]:
    spec = KINDS.get(kind)
    if spec is None:
        log.add(path, line, "", "", f"unknown kind {kind!r}; known kinds: {', '.join(KINDS)}")
        return []
    if not isinstance(node, YSeq):
        log.add(path, line, "", "", f"{kind!r} must be a list of records")
        return []
    parsed = (parse_record(path, spec, item, log) for item in node.items)
    return [record for record in parsed if record is not None]


def parse_record(path: str, spec: KindSpec, node: YNode, log: ProblemLog) -> Record | None:
    """One record of kind ``spec``, or None when the node is not a mapping."""
    if not isinstance(node, YMap):
        log.add(path, node.line, "", "", f"each {spec.name} record must be a mapping")
        return None
    anonymous = _Site(log, path, spec)
    site = replace(anonymous, rid=_record_id(anonymous, node))
    record = Record(kind=spec.name, id=site.rid, path=path, at=node.line, type=_record_type(site, node))
    for key, (line, value) in node.items.items():
        _parse_entry(site, record, key, line, value)
    _check_complete(site, record, node)
    return record


def _record_id(site: _Site, node: YMap) -> str:
    """The record's id, or "" when it has none that can be used."""
    entry = node.items.get("id")
    if entry is None:
        site.problem(node.line, "id", "missing required field")
        return ""
    line, value = entry
    if not isinstance(value, YScalar) or not value.value:
        site.problem(line, "id", "must be text")
        return ""
    rid = value.value
    is_source = site.spec.name == "sources"
    if not (SOURCE_ID_RE if is_source else SLUG_RE).match(rid):
        rule = _SOURCE_ID_RULE if is_source else _SLUG_RULE
        site.log.add(site.path, line, rid, "id", f"malformed id {rid!r}: use {rule}")
    return rid


def _record_type(site: _Site, node: YMap) -> str:
    """The record's type key: as written, or implied when its kind has only one; "" if wrong."""
    types = site.spec.types
    entry = node.items.get("type")
    if entry is None:
        if len(types) == 1:
            return next(iter(types))
        site.problem(node.line, "type", f"missing required field; one of: {', '.join(types)}")
        return ""
    line, value = entry
    if isinstance(value, YScalar) and value.value in types:
        return value.value
    shown = value.value if isinstance(value, YScalar) else "a list or mapping"
    site.problem(line, "type", f"unknown type {shown!r}; one of: {', '.join(types)}")
    return ""


def _parse_entry(site: _Site, record: Record, key: str, line: int, node: YNode) -> None:
    """One key of a record (other than id and type) into the record."""
    if key in ("id", "type"):
        return
    if key == "note":
        if not isinstance(node, YScalar):
            site.problem(line, key, "must be text")
        return
    if key == "sources":
        record.evidence = tuple(parse_evidence_list(site, key, line, node))
        return
    fspec = site.spec.field(key)
    if fspec is None:
        allowed = ", ".join([*COMMON_KEYS, *(f.name for f in site.spec.fields)])
        site.problem(line, key, f"unknown field for {site.spec.name}; allowed: {allowed}")
        return
    parsed = parse_field(site, fspec, line, node)
    if parsed is not None:
        record.fields[key] = parsed


def _check_complete(site: _Site, record: Record, node: YMap) -> None:
    """Required fields are there (unless already reported as wrong), and so is evidence."""
    for fspec in site.spec.fields:
        if fspec.required and fspec.name not in record.fields and not site.log.has(site.path, site.rid, fspec.name):
            site.problem(node.line, fspec.name, "missing required field")
    if site.spec.needs_evidence and not record.evidence and "sources" not in node.items:
        site.problem(
            node.line, "sources", "missing evidence: give at least one source with lines and a quote, or a web page"
        )


# -- fields and values ---------------------------------------------------------------------


def parse_field(site: _Site, fspec: FieldSpec, line: int, node: YNode) -> FieldValue | None:
    """A field written as one value, a list of values, or ``claims`` (contested values)."""
    if isinstance(node, YMap):
        return _parse_contested(site, fspec, line, node)
    if isinstance(node, YSeq):
        return _parse_list(site, fspec, line, node)
    value = parse_value(site, fspec, node)
    return None if value is None else FieldValue(fspec.name, line, (value,))


def _parse_contested(site: _Site, fspec: FieldSpec, line: int, node: YMap) -> FieldValue | None:
    if fspec.many:
        site.problem(line, fspec.name, "claims are only allowed on single-valued fields")
        return None
    if set(node.items) != {"claims"}:
        site.problem(line, fspec.name, "a mapping here must have exactly one key, 'claims' (contested values)")
        return None
    _, claims_node = node.items["claims"]
    return parse_claims(site, fspec, line, claims_node)


def _parse_list(site: _Site, fspec: FieldSpec, line: int, node: YSeq) -> FieldValue | None:
    if not fspec.many:
        site.problem(line, fspec.name, f"wrong type: expected one {fspec.kind.value}, got a list")
        return None
    parsed = (parse_value(site, fspec, item) for item in node.items)
    values = [value for value in parsed if value is not None]
    if len(set(values)) != len(values):
        site.problem(line, fspec.name, "the same value is listed twice")
    return FieldValue(fspec.name, line, tuple(values))


def parse_value(site: _Site, fspec: FieldSpec, node: YNode) -> Value | Ref | None:
    """One value of the field's declared kind, or None (with the problem reported)."""
    if not isinstance(node, YScalar):
        site.problem(node.line, fspec.name, f"wrong type: expected {fspec.kind.value}, got a list or mapping")
        return None
    text = node.value.strip()
    if not text:
        site.problem(node.line, fspec.name, "empty value")
        return None
    try:
        return _VALUE_READERS[fspec.kind](text, fspec)
    except ValueError as exc:
        site.problem(node.line, fspec.name, str(exc))
        return None


# Each reader takes the stripped, non-empty text of a value and returns the value, or raises
# ValueError with the message for the person who wrote it.


def _read_date(text: str, fspec: FieldSpec) -> PartialDate:
    return PartialDate.parse(text)


def _read_ref(text: str, fspec: FieldSpec) -> Ref:
    # A reference to a source file is the file's name, which need not be a slug.
    if SLUG_RE.match(text) or (fspec.targets == ("sources",) and SOURCE_ID_RE.match(text)):
        return Ref(text)
    raise ValueError(f"malformed reference {text!r}: expected an id")


def _read_choice(text: str, fspec: FieldSpec) -> str:
    if text not in fspec.choices:
        raise ValueError(f"unknown value {text!r}; one of: {', '.join(fspec.choices)}")
    return text


def _read_whole_number(text: str, fspec: FieldSpec) -> str:
    if not _WHOLE_NUMBER_RE.fullmatch(text):
        raise ValueError(f"{text!r} is not a whole number")
    return text


def _read_url(text: str, fspec: FieldSpec) -> str:
    if not _URL_RE.match(text):
        raise ValueError(f"malformed URL {text!r}")
    return text


def _read_text(text: str, fspec: FieldSpec) -> str:
    if "\n" in text:
        raise ValueError("must be one line of text")
    if fspec.max_words and word_count(text) > fspec.max_words:
        raise ValueError(f"{word_count(text)} words; at most {fspec.max_words} are allowed")
    return text


_VALUE_READERS: dict[ValueKind, Callable[[str, FieldSpec], Value | Ref]] = {
    ValueKind.DATE: _read_date,
    ValueKind.REF: _read_ref,
    ValueKind.CHOICE: _read_choice,
    ValueKind.INT: _read_whole_number,
    ValueKind.URL: _read_url,
    ValueKind.TEXT: _read_text,
}


# -- claims (contested values) -------------------------------------------------------------


def parse_claims(site: _Site, fspec: FieldSpec, line: int, node: YNode) -> FieldValue | None:
    """The claims of a contested field: each a value with its rank, reason and own evidence."""
    if not isinstance(node, YSeq) or not node.items:
        site.problem(line, fspec.name, "'claims' must be a non-empty list")
        return None
    parsed = (_parse_claim(site, fspec, item) for item in node.items)
    claims = [claim for claim in parsed if claim is not None]
    _check_claim_set(site, fspec, line, claims)
    return FieldValue(fspec.name, line, (), tuple(claims)) if claims else None


def _parse_claim(site: _Site, fspec: FieldSpec, node: YNode) -> Claim | None:
    if not isinstance(node, YMap):
        site.problem(node.line, fspec.name, "each claim must be a mapping")
        return None
    for key, (line, _) in node.items.items():
        if key not in _CLAIM_KEYS:
            site.problem(line, fspec.name, f"unknown claim key {key!r}; allowed: {', '.join(_CLAIM_KEYS)}")
    value_entry = node.items.get("value")
    if value_entry is None:
        site.problem(node.line, fspec.name, "claim without a value")
        return None
    value = parse_value(site, fspec, value_entry[1])
    rank = _claim_rank(site, fspec, node)
    reason = _claim_reason(node)
    if rank != "normal" and not reason:
        site.problem(node.line, fspec.name, f"a {rank} claim needs a 'reason'")
    evidence: list[Evidence] = []
    if "sources" in node.items:
        sources_line, sources_node = node.items["sources"]
        evidence = parse_evidence_list(site, fspec.name, sources_line, sources_node, in_claim=True)
    if not evidence:
        site.problem(node.line, fspec.name, "missing evidence: each claim needs its own sources")
    return None if value is None else Claim(value, rank, tuple(evidence), reason, node.line)


def _claim_rank(site: _Site, fspec: FieldSpec, node: YMap) -> str:
    if "rank" not in node.items:
        return "normal"
    line, rank = node.items["rank"]
    if isinstance(rank, YScalar) and rank.value in RANKS:
        return rank.value
    site.problem(line, fspec.name, f"claim rank must be one of: {', '.join(RANKS)}")
    return "normal"


def _claim_reason(node: YMap) -> str:
    entry = node.items.get("reason")
    return entry[1].value.strip() if entry is not None and isinstance(entry[1], YScalar) else ""


def _check_claim_set(site: _Site, fspec: FieldSpec, line: int, claims: list[Claim]) -> None:
    values = [c.value for c in claims]
    if len(set(values)) != len(values):
        site.problem(line, fspec.name, "two claims give the same value; merge their sources")
    preferred = sum(1 for c in claims if c.rank == "preferred")
    if len(set(values)) > 1 and preferred != 1:
        # One value must be asserted, so that single-valued facts stay single-valued;
        # the others are kept as claims with their sources (DESIGN.md, "Contested facts").
        site.problem(
            line,
            fspec.name,
            f"contested field has {preferred} preferred claims; mark exactly one 'preferred', with its reason",
        )


# -- evidence ------------------------------------------------------------------------------


def parse_evidence_list(site: _Site, fld: str, line: int, node: YNode, in_claim: bool = False) -> list[Evidence]:
    """The evidence entries under ``sources`` (of a record, or of a claim when ``in_claim``)."""
    if not isinstance(node, YSeq) or not node.items:
        site.problem(line, fld, "'sources' must be a non-empty list of evidence entries")
        return []
    parsed = (parse_evidence(site, fld, item, in_claim) for item in node.items)
    return [evidence for evidence in parsed if evidence is not None]


def parse_evidence(site: _Site, fld: str, node: YNode, in_claim: bool) -> Evidence | None:
    """One evidence entry: source, quote, and optionally lines and the fields it supports."""
    if not isinstance(node, YMap):
        site.problem(node.line, fld, "each evidence entry must be a mapping with source and quote")
        return None
    keys_known = _evidence_keys_known(site, fld, node)
    source = _text_entry(node, "source")
    if source is None:
        site.problem(node.line, fld, "evidence without a 'source'")
        return None
    quote = _text_entry(node, "quote")
    if quote is None:
        site.problem(node.line, fld, "evidence without a 'quote'")
        return None
    quote_line, quote_text = quote[0], " ".join(quote[1].split())
    quote_fits = _quote_fits(site, fld, quote_line, quote_text)
    lines = _evidence_lines(site, fld, node)
    supports = _evidence_supports(site, fld, node, in_claim)
    if not (keys_known and quote_fits) or lines is None or supports is None:
        return None
    return Evidence(source[1].strip(), quote_text, lines[0], lines[1], supports, node.line)


def _evidence_keys_known(site: _Site, fld: str, node: YMap) -> bool:
    unknown = [(key, line) for key, (line, _) in node.items.items() if key not in _EVIDENCE_KEYS]
    for key, line in unknown:
        site.problem(line, fld, f"unknown evidence key {key!r}; allowed: {', '.join(_EVIDENCE_KEYS)}")
    return not unknown


def _text_entry(node: YMap, key: str) -> tuple[int, str] | None:
    """(line, text) of a key whose value is text that is not blank, else None."""
    entry = node.items.get(key)
    if entry is None or not isinstance(entry[1], YScalar) or not entry[1].value.strip():
        return None
    return entry[0], entry[1].value


def _quote_fits(site: _Site, fld: str, line: int, quote: str) -> bool:
    words = word_count(quote)
    if words > MAX_QUOTE_WORDS:
        site.problem(line, fld, f"quote has {words} words; at most {MAX_QUOTE_WORDS} are allowed")
        return False
    return True


def _evidence_lines(site: _Site, fld: str, node: YMap) -> tuple[int, int] | None:
    """The cited line range, (0, 0) when none is given, None when it is wrong."""
    if "lines" not in node.items:
        return 0, 0
    line, value = node.items["lines"]
    match = _LINES_RE.match(value.value.strip()) if isinstance(value, YScalar) else None
    if not match:
        site.problem(line, fld, "malformed 'lines': write N or N-M")
        return None
    start = int(match.group(1))
    end = int(match.group(2) or start)
    if start < 1 or end < start:
        site.problem(line, fld, f"impossible line range {start}-{end}")
        return None
    return start, end


def _evidence_supports(site: _Site, fld: str, node: YMap, in_claim: bool) -> tuple[str, ...] | None:
    """What the entry supports (``field`` or ``field=value`` items), None when that is wrong."""
    if "supports" not in node.items:
        return ()
    line, value = node.items["supports"]
    names = _texts(value)
    ok = True
    if in_claim:
        site.problem(line, fld, "'supports' is not used inside a claim: a claim's sources support its value")
        ok = False
    for name in names:
        # `type`: the quote states what kind of thing the record is (its `type`, or its kind).
        if name != SUPPORTS_TYPE and site.spec.field(name.split("=", 1)[0]) is None:
            site.problem(line, fld, f"'supports' names {name!r}, which is not a field of {site.spec.name}")
            ok = False
    return tuple(names) if ok else None


def _texts(node: YNode) -> list[str]:
    """The text of a scalar, or the texts in a list (a mapping has none)."""
    if isinstance(node, YScalar):
        return [node.value]
    if isinstance(node, YSeq):
        return [item.value for item in node.items if isinstance(item, YScalar)]
    return []
