"""Passes 2 and 3 of the record checks, over the records of every file at once.

2. identity: an id is unique across all files and kinds;
3. meaning: references resolve to a record of the right kind, evidence names a known source,
   cited lines exist and contain the quotation, every fact is supported by evidence, and dates
   are in order.

Nothing is fetched: web-page evidence is checked for form only, since igkg builds offline.
"""

from __future__ import annotations

from pathlib import Path

from kg.core.dates import PartialDate
from kg.records.model import Evidence, FieldValue, Record, RecordSet, Ref, Value
from kg.records.problems import ProblemLog, display_path
from kg.records.schema import DATE_ORDER, KINDS, FieldSpec, KindSpec, ValueKind
from kg.records.sources import SourceFile, has_content, only_ellipsis, read_source_file
from kg.records.support import tie_problems


def index_records(parsed: list[Record], log: ProblemLog) -> RecordSet:
    """Pass 2: the records by id; a second record with an id already taken is reported and left out."""
    records = RecordSet()
    for record in parsed:
        if not record.id:
            continue  # reported in pass 1
        if record.id in records:
            first = records[record.id]
            log.add(record.path, record.at, record.id, "id", f"duplicate id (first defined at {first.path}:{first.at})")
            continue
        records.records[record.id] = record
    return records


def check_meaning(records: RecordSet, sources_dir: Path, log: ProblemLog) -> None:
    """Pass 3: what the records say, against each other and against the source files; every
    evidence entry names the fields (and values) it supports (:mod:`kg.records.support`)."""
    files = {record.id: _source_file(record, sources_dir, log) for record in records.of_kind("sources")}
    check = _MeaningCheck(records, files, log)
    for record in records.sorted():
        check.record(record)


def _source_file(record: Record, sources_dir: Path, log: ProblemLog) -> SourceFile | None:
    """The file a source record describes, read; None for a web page or a broken record."""
    file_name = record.first("file")
    if record.type == "web-page":
        if record.first("url") is None:
            log.add(record.path, record.at, record.id, "url", "a web-page source needs its 'url'")
        if file_name is not None:
            log.add(record.path, record.fields["file"].at, record.id, "file", "a web page has a 'url', not a 'file'")
        return None
    if file_name is None:
        log.add(record.path, record.at, record.id, "file", "a source file needs its 'file' name")
        return None
    path = sources_dir / str(file_name)
    file_line = record.fields["file"].at
    if "/" in str(file_name) or not path.is_file():
        message = f"no source file {file_name!r} in {display_path(sources_dir)}"
        log.add(record.path, file_line, record.id, "file", message)
        return None
    try:
        return read_source_file(path)
    except UnicodeDecodeError:
        log.add(record.path, file_line, record.id, "file", "source file is not UTF-8 text")
        return None


class _MeaningCheck:
    """Checks one record at a time against all records and the source files read for them."""

    def __init__(self, records: RecordSet, files: dict[str, SourceFile | None], log: ProblemLog) -> None:
        self.records = records
        self.files = files
        self.log = log

    def problem(self, record: Record, line: int, field: str, message: str) -> None:
        self.log.add(record.path, line, record.id, field, message)

    def record(self, record: Record) -> None:
        spec = KINDS[record.kind]
        for fv in record.fields.values():
            self.field(record, spec, fv)
        for evidence in record.evidence:
            self.evidence(record, "sources", evidence)
        # Each value needs an entry that names it (a claim carries its own evidence).
        for line, name, message in tie_problems(record):
            self.problem(record, line, name, message)
        self.date_order(record)

    def field(self, record: Record, spec: KindSpec, fv: FieldValue) -> None:
        fspec = spec.checked_field(fv.name)
        if fspec.kind is ValueKind.REF:
            for value in (*fv.values, *(claim.value for claim in fv.claims)):
                self.reference(record, fspec, fv.at, value)
        for claim in fv.claims:
            for evidence in claim.evidence:
                self.evidence(record, fv.name, evidence)

    def reference(self, record: Record, fspec: FieldSpec, line: int, value: Value | Ref) -> None:
        assert isinstance(value, Ref), "pass 1 makes every value of a reference field a Ref"
        if value.id not in self.records:
            self.problem(record, line, fspec.name, f"reference to unknown id {value.id!r}")
            return
        target = self.records[value.id]
        if target.kind not in fspec.targets:
            expected = ", ".join(fspec.targets)
            self.problem(
                record, line, fspec.name, f"{value.id!r} is one of the {target.kind}; expected one of the {expected}"
            )
        if value.id == record.id:
            self.problem(record, line, fspec.name, "a record cannot refer to itself")

    def date_order(self, record: Record) -> None:
        for start_name, end_name in DATE_ORDER:
            start, end = record.first(start_name), record.first(end_name)
            if isinstance(start, PartialDate) and isinstance(end, PartialDate) and end.last_day() < start.first_day():
                at = record.fields[end_name].at
                self.problem(record, at, end_name, f"end before start: {end} is before {start}")

    def evidence(self, record: Record, fld: str, evidence: Evidence) -> None:
        """The evidence names a recorded source, and cites it the way that kind of source is cited."""
        source = self.records.records.get(evidence.source)
        if source is None or source.kind != "sources":
            message = f"unknown source {evidence.source!r}: declare it in the sources records"
            self.problem(record, evidence.at, fld, message)
            return
        if only_ellipsis(evidence.quote):
            message = f"quote {evidence.quote!r} has no words: it would match any line; quote the words cited"
            self.problem(record, evidence.at, fld, message)
            return
        if source.type == "web-page":
            if evidence.line_start:
                message = f"{evidence.source!r} is a web page: cite it by quote, without 'lines'"
                self.problem(record, evidence.at, fld, message)
            elif not has_content(evidence.quote):
                message = f"quote {evidence.quote!r} has no words: quote the words of {evidence.source!r} cited"
                self.problem(record, evidence.at, fld, message)
            return
        if not evidence.line_start:
            self.problem(record, evidence.at, fld, f"evidence from {evidence.source!r} needs 'lines' (N or N-M)")
            return
        self.quotation(record, fld, evidence)

    def quotation(self, record: Record, fld: str, evidence: Evidence) -> None:
        """The cited lines exist in the source file and contain the quote."""
        source_file = self.files.get(evidence.source)
        if source_file is None:
            return  # the source record itself is broken; reported there
        if evidence.line_end > source_file.line_count:
            message = f"lines {evidence.lines} are outside {evidence.source} ({source_file.line_count} lines)"
            self.problem(record, evidence.at, fld, message)
            return
        if not source_file.contains(evidence.line_start, evidence.line_end, evidence.quote):
            message = f"quote not found in {evidence.source} lines {evidence.lines}: {evidence.quote!r}"
            self.problem(record, evidence.at, fld, message)
        elif not has_content(evidence.quote) and not source_file.has_line(
            evidence.line_start, evidence.line_end, evidence.quote
        ):
            # Punctuation or a single letter ("-", "?", "a ... b") is found in many lines: it says
            # something only as a whole line of its own (a note-taker's "??" for a speaker not known).
            message = (
                f"quote {evidence.quote!r} has no words: quote words of {evidence.source} lines "
                f"{evidence.lines}, or a whole line of them"
            )
            self.problem(record, evidence.at, fld, message)
