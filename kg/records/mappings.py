"""The mapping table: igkg things matched to things in other open-data graphs, in SSSOM TSV.

SSSOM (https://mapping-commons.github.io/sssom/) is the community standard for mappings: a TSV
with a YAML metadata block (lines starting with ``#``) that declares the CURIE prefixes, the
mapping set's id and licence. One row is one mapping: ``subject_id`` (an igkg thing),
``predicate_id`` (a SKOS mapping property), ``object_id`` (the other graph's thing), the
justification, confidence, author, reviewer, date, and here ``see_also`` (the page read that
shows the identifier) and ``comment`` (a quote of at most 25 words from that page).

- A row with a ``reviewer_id`` is reviewed; only reviewed rows reach the graph (as SKOS
  triples; never ``owl:sameAs``, whose entailments would merge two graphs' claims).
- ``predicate_modifier: Not`` records a rejected candidate: it never reaches the graph, and a
  re-run of the reconciliation does not propose it again.
- Proposals (no reviewer yet) live in their own table until ``igkg link review`` decides.

The build reads the table with the standard library and igkg's one YAML reader
(:mod:`kg.core.yamlnodes`: text values only, duplicate keys refused with their line), so that
the main job does not need sssom-py's 390 MB of dependencies (pandas, LinkML); sssom-py, in the
``link`` and ``test`` extras, validates the committed tables in the tests and writes tables in
``igkg link``. Every problem is reported as ``file:line: field 'f': message``.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, fields, replace
from pathlib import Path

import yaml

from kg.core import settings
from kg.core.errors import RecordErrors, RecordProblem
from kg.core.yamlnodes import YamlProblem, YMap, parse_yaml, to_plain

#: The columns igkg writes, in this order (a subset of SSSOM's mapping slots).
COLUMNS = (
    "subject_id",
    "subject_label",
    "predicate_id",
    "predicate_modifier",
    "object_id",
    "object_label",
    "mapping_justification",
    "confidence",
    "author_id",
    "reviewer_id",
    "mapping_date",
    "see_also",
    "comment",
)
REQUIRED = ("subject_id", "predicate_id", "object_id", "mapping_justification")
PREDICATES = ("skos:exactMatch", "skos:closeMatch", "skos:broadMatch", "skos:narrowMatch", "skos:relatedMatch")
JUSTIFICATIONS = (
    "semapv:ManualMappingCuration",
    "semapv:LexicalMatching",
    "semapv:CompositeMatching",
    "semapv:MappingReview",
    "semapv:UnspecifiedMatching",
)
CURIE_MAP = {
    "igkg": settings.ID_BASE,
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "semapv": "https://w3id.org/semapv/vocab/",
    "wikidata": "http://www.wikidata.org/entity/",
    "undocs": "https://docs.un.org/en/",
    "undocsorg": "https://undocs.org/",
    "undl": "https://digitallibrary.un.org/record/",
    "itu": "http://www.itu.int/net/wsis/",
    "ituwsis": "http://www.itu.int/wsis/",
    "igkgagent": "https://w3id.org/igkg/agent/",
    "wikipedia": "https://en.wikipedia.org/wiki/",
    "dbpedia": "http://dbpedia.org/resource/",
}
MAX_QUOTE_WORDS = 25
_CURIE = re.compile(r"^([A-Za-z_][A-Za-z0-9_.-]*):(\S+)$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Mapping:
    subject_id: str
    predicate_id: str
    object_id: str
    mapping_justification: str
    subject_label: str = ""
    predicate_modifier: str = ""
    object_label: str = ""
    confidence: str = ""
    author_id: str = ""
    reviewer_id: str = ""
    mapping_date: str = ""
    see_also: str = ""
    comment: str = ""
    #: Line of the row in its file (0 for a row made in memory); not a column.
    line: int = 0

    @property
    def reviewed(self) -> bool:
        return bool(self.reviewer_id)

    @property
    def negated(self) -> bool:
        return self.predicate_modifier == "Not"

    @property
    def key(self) -> tuple[str, str, str]:
        """What a mapping is about, whatever its verdict: subject, predicate and object."""
        return (self.subject_id, self.predicate_id, self.object_id)

    def row(self) -> list[str]:
        return [getattr(self, column) for column in COLUMNS]


@dataclass
class MappingTable:
    path: Path
    metadata: dict[str, object]
    rows: list[Mapping]

    def reviewed(self) -> list[Mapping]:
        return [m for m in self.rows if m.reviewed]

    def accepted(self) -> list[Mapping]:
        """Reviewed and not rejected: the rows that reach the graph."""
        return [m for m in self.rows if m.reviewed and not m.negated]

    def expand(self, curie: str) -> str:
        return expand(curie, self.prefixes())

    def prefixes(self) -> dict[str, str]:
        declared = self.metadata.get("curie_map")
        return {**CURIE_MAP, **(declared if isinstance(declared, dict) else {})}


def expand(curie: str, prefixes: dict[str, str] = CURIE_MAP) -> str:
    """The IRI of a CURIE (``wikidata:Q1065``); ValueError for an undeclared prefix."""
    match = _CURIE.match(curie)
    if not match or match.group(1) not in prefixes:
        raise ValueError(f"{curie!r} is not a CURIE with a declared prefix ({', '.join(sorted(prefixes))})")
    return prefixes[match.group(1)] + match.group(2)


def compress(iri: str, prefixes: dict[str, str] = CURIE_MAP) -> str | None:
    """The CURIE of an IRI under the longest matching prefix, or None."""
    best = max(((p, ns) for p, ns in prefixes.items() if iri.startswith(ns)), key=lambda pn: len(pn[1]), default=None)
    return f"{best[0]}:{iri[len(best[1]) :]}" if best else None


def default_metadata(set_id: str, description: str) -> dict[str, object]:
    return {
        "curie_map": dict(CURIE_MAP),
        "mapping_set_id": set_id,
        "mapping_set_description": description,
        "license": "https://creativecommons.org/licenses/by/4.0/",
    }


def read_table(path: Path) -> MappingTable:
    """Read and check a mapping table (structure only; the build checks the rows against the
    records, in :mod:`kg.loaders.mappings`). Raises RecordErrors listing every problem."""
    shown = str(path)
    lines = _read_lines(path)
    header = [line[1:] for line in lines if line.startswith("#")]
    metadata = _read_metadata(header, shown)
    first = len(header)  # index of the column header line
    reader = csv.reader(io.StringIO("\n".join(lines[first:])), delimiter="\t", quoting=csv.QUOTE_NONE)
    columns = next(reader, [])
    problems = _metadata_problems(metadata, shown) + _column_problems(columns, shown, first + 1)
    if problems:
        raise RecordErrors(problems)
    table = MappingTable(path, metadata, [])
    problems = _read_rows(table, reader, columns, first)
    if problems:
        raise RecordErrors(problems)
    return table


def _read_lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise RecordErrors([RecordProblem(str(path), 0, "", "", f"cannot read the mapping table: {exc}")]) from None


def _read_metadata(header: list[str], shown: str) -> dict[str, object]:
    """The YAML metadata block, read like the records (text values only, no duplicate keys)."""
    try:
        root = parse_yaml("\n".join(header)) if header else None
    except YamlProblem as exc:
        # The block starts on the file's first line, so a line in the block is a line in the file.
        problem = RecordProblem(shown, exc.line or 1, "", exc.field, f"metadata block: {exc.message}")
        raise RecordErrors([problem]) from None
    if not isinstance(root, YMap):
        return {}
    return {key: to_plain(node) for key, (_, node) in root.items.items()}


def _metadata_problems(metadata: dict[str, object], shown: str) -> list[RecordProblem]:
    return [
        RecordProblem(shown, 1, "", key, "the metadata block must declare it")
        for key in ("mapping_set_id", "license", "curie_map")
        if key not in metadata
    ]


def _column_problems(columns: list[str], shown: str, line: int) -> list[RecordProblem]:
    unknown = [
        RecordProblem(shown, line, "", name, f"unknown column; igkg reads {', '.join(COLUMNS)}")
        for name in columns
        if name not in COLUMNS
    ]
    missing = [
        RecordProblem(shown, line, "", name, "required column is missing") for name in REQUIRED if name not in columns
    ]
    return unknown + missing


def _read_rows(table: MappingTable, reader: Iterator[list[str]], columns: list[str], first: int) -> list[RecordProblem]:
    """Append the rows to ``table``; return what is wrong with them."""
    shown = str(table.path)
    prefixes = table.prefixes()
    consistency = _RowConsistency(shown)
    problems: list[RecordProblem] = []
    for offset, cells in enumerate(reader, start=2):
        line = first + offset
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(columns):
            problems.append(RecordProblem(shown, line, "", "", f"{len(cells)} cells for {len(columns)} columns"))
            continue
        values = dict(zip(columns, (c.strip() for c in cells), strict=True))
        mapping = Mapping(**{f.name: values.get(f.name, "") for f in fields(Mapping) if f.name != "line"}, line=line)
        problems += _row_problems(mapping, prefixes, shown)
        problems += consistency.problems(mapping)
        table.rows.append(mapping)
    return problems


class _RowConsistency:
    """Each row against the rows before it. The same mapping may be shown by several pages (one
    row each), but not twice by one page, and not accepted on one row and rejected on another."""

    def __init__(self, shown: str) -> None:
        self.shown = shown
        self.first_row: dict[tuple[str, ...], int] = {}
        #: mapping key -> (rejected?, line of the first reviewed row)
        self.verdicts: dict[tuple[str, str, str], tuple[bool, int]] = {}

    def problems(self, mapping: Mapping) -> list[RecordProblem]:
        found: list[RecordProblem] = []
        once = (*mapping.key, mapping.see_also)
        if once in self.first_row:
            message = f"repeats the row on line {self.first_row[once]}"
            found.append(RecordProblem(self.shown, mapping.line, mapping.subject_id, "object_id", message))
        self.first_row.setdefault(once, mapping.line)
        if mapping.reviewed:
            negated, line = self.verdicts.setdefault(mapping.key, (mapping.negated, mapping.line))
            if negated != mapping.negated:
                message = f"contradicts the verdict on line {line}"
                found.append(RecordProblem(self.shown, mapping.line, mapping.subject_id, "predicate_modifier", message))
        return found


def _row_problems(m: Mapping, prefixes: dict[str, str], shown: str) -> list[RecordProblem]:
    return [
        RecordProblem(shown, m.line, m.subject_id, field, message)
        for check in _ROW_CHECKS
        for field, message in check(m, prefixes)
    ]


# Each row check yields (column, message) for what is wrong with one row on its own.


def _required_cells(m: Mapping, prefixes: dict[str, str]) -> Iterator[tuple[str, str]]:
    for name in REQUIRED:
        if not getattr(m, name):
            yield name, "is required"


def _curies(m: Mapping, prefixes: dict[str, str]) -> Iterator[tuple[str, str]]:
    for name in ("subject_id", "object_id", "predicate_id", "mapping_justification", "author_id", "reviewer_id"):
        value = getattr(m, name)
        if value:
            try:
                expand(value, prefixes)
            except ValueError as exc:
                yield name, str(exc)


def _vocabulary(m: Mapping, prefixes: dict[str, str]) -> Iterator[tuple[str, str]]:
    if m.subject_id and not m.subject_id.startswith("igkg:"):
        yield "subject_id", "must be an igkg thing (igkg:SLUG)"
    if m.predicate_id and m.predicate_id not in PREDICATES:
        yield "predicate_id", f"must be one of {', '.join(PREDICATES)} (never owl:sameAs)"
    if m.predicate_modifier not in ("", "Not"):
        yield "predicate_modifier", "must be empty or Not"
    if m.mapping_justification and m.mapping_justification not in JUSTIFICATIONS:
        yield "mapping_justification", f"must be one of {', '.join(JUSTIFICATIONS)}"


def _confidence_and_date(m: Mapping, prefixes: dict[str, str]) -> Iterator[tuple[str, str]]:
    if m.confidence and not _is_probability(m.confidence):
        yield "confidence", "must be a number from 0 to 1"
    if m.mapping_date and not _DATE.match(m.mapping_date):
        yield "mapping_date", "must be YYYY-MM-DD"


def _is_probability(text: str) -> bool:
    try:
        return 0 <= float(text) <= 1
    except ValueError:
        return False


def _review(m: Mapping, prefixes: dict[str, str]) -> Iterator[tuple[str, str]]:
    """A reviewed row says when; an accepted one also shows where the identifier was read."""
    if not m.reviewed:
        return
    if not m.mapping_date:
        yield "mapping_date", "a reviewed mapping needs the date it was reviewed"
    if not m.negated and not m.see_also.startswith(("http://", "https://")):
        yield "see_also", "an accepted mapping needs the address of the page that shows the identifier"
    if not m.negated and not m.comment:
        yield "comment", "an accepted mapping needs a quote from that page"


def _quote_length(m: Mapping, prefixes: dict[str, str]) -> Iterator[tuple[str, str]]:
    words = len(m.comment.split())
    if words > MAX_QUOTE_WORDS:
        yield "comment", f"the quote has {words} words; at most {MAX_QUOTE_WORDS}"


_ROW_CHECKS: tuple[Callable[[Mapping, dict[str, str]], Iterator[tuple[str, str]]], ...] = (
    _required_cells,
    _curies,
    _vocabulary,
    _confidence_and_date,
    _review,
    _quote_length,
)


_UNICODE_BREAKS = "\x85\u2028\u2029"


def write_table(table: MappingTable) -> bytes:
    """The table as SSSOM TSV, deterministically (rows sorted by subject, object, predicate)."""
    metadata = yaml.safe_dump(table.metadata, sort_keys=True, allow_unicode=True, width=1000)
    if any(c in metadata for c in _UNICODE_BREAKS):
        # PyYAML writes NEL, LS and PS raw even in a quoted scalar, and a reader that splits
        # lines the Unicode way would cut the header there: escape everything beyond ASCII.
        metadata = yaml.safe_dump(table.metadata, sort_keys=True, allow_unicode=False, width=1000)
    out = io.StringIO()
    for line in metadata.split("\n")[:-1]:
        out.write(f"#{line}\n")
    # Plain tab-separated cells, no quoting or escaping (as the reader reads them): a cell never
    # holds a tab or a line break (see _cell).
    out.write("\t".join(COLUMNS) + "\n")
    for mapping in sorted(
        table.rows, key=lambda m: (m.subject_id, m.object_id, m.predicate_id, m.see_also, m.reviewer_id)
    ):
        out.write("\t".join(_cell(v) for v in mapping.row()) + "\n")
    return out.getvalue().encode("utf-8")


def _cell(value: str) -> str:
    # A TSV cell cannot hold a tab or a line break.
    return " ".join(value.split()) if any(c in value for c in "\t\r\n") else value


def reviewed(mapping: Mapping, reviewer: str, date: str, accept: bool) -> Mapping:
    """The mapping after review: accepted as it is, or recorded as rejected (``Not``)."""
    return replace(mapping, reviewer_id=reviewer, mapping_date=date, predicate_modifier="" if accept else "Not")


def table_path() -> Path:
    """The reviewed mapping table (``IGKG_MAPPINGS`` overrides, for tests)."""
    import os

    env = os.environ.get("IGKG_MAPPINGS")
    return Path(env) if env else settings.data_dir() / "mappings" / "igkg.sssom.tsv"


def proposals_path(table: Path | None = None) -> Path:
    """The proposals waiting for review, beside the reviewed table."""
    return (table or table_path()).with_name("proposals.sssom.tsv")
