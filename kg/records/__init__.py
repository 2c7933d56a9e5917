"""Curated records: the human-edited YAML files under ``kg/data/records``.

``read_records`` reads every file, checks every record against the schema in
:mod:`kg.records.schema` and against the source documents, and returns the records or raises
:class:`kg.core.errors.RecordErrors` with every problem of the run.
"""

from kg.records.load import read_records
from kg.records.model import Claim, Evidence, FieldValue, Record, RecordSet

__all__ = ["Claim", "Evidence", "FieldValue", "Record", "RecordSet", "read_records"]
