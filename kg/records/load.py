"""Read and check the curated record files: the entry point, :func:`read_records`.

Checking runs in three passes so that every problem of a run is reported together:
1. shape of each record, file by file (:mod:`kg.records.parse`): YAML, fields, value types,
   dates, claims, evidence entries;
2. identity (:mod:`kg.records.check`): ids unique across all files and kinds;
3. meaning (:mod:`kg.records.check`): references resolve to the right kind, evidence names a
   known source, cited lines exist and contain the quotation, every fact is supported by
   evidence, dates are in order.
"""

from __future__ import annotations

from pathlib import Path

from kg.core.errors import RecordErrors, RecordProblem
from kg.records.check import check_meaning, index_records
from kg.records.model import RecordSet
from kg.records.parse import parse_file
from kg.records.problems import ProblemLog, display_path

#: Sub-folder of the records folder that holds the extractions of meeting records
#: (`igkg ingest-meeting`): generated, committed, read like any other record file.
MEETINGS_SUBDIR = "meetings"


def _record_files(records_dir: Path, *, with_meetings: bool = True) -> list[Path]:
    """The record files of a records folder, in the order they are read."""
    paths = sorted(records_dir.glob("*.yaml"))
    if with_meetings:
        paths += sorted((records_dir / MEETINGS_SUBDIR).glob("*.yaml"))
    return paths


def read_records(records_dir: Path, sources_dir: Path, *, with_meetings: bool = True) -> RecordSet:
    """Read every ``*.yaml`` file in ``records_dir`` (and its ``meetings/`` folder) and check it;
    every evidence entry must name what it supports (:mod:`.support`).

    :raises RecordErrors: with every problem found, sorted by file and line.
    """
    if not records_dir.is_dir():
        raise RecordErrors([RecordProblem(display_path(records_dir), 0, "", "", "records folder not found")])
    log = ProblemLog()
    parsed = [
        record for path in _record_files(records_dir, with_meetings=with_meetings) for record in parse_file(path, log)
    ]
    records = index_records(parsed, log)
    check_meaning(records, sources_dir, log)
    if log.problems:
        raise RecordErrors(log.problems)
    return records
