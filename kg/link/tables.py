"""The two mapping tables that linking works on, and the recorded pages a mapping may cite.

The reviewed table (only its rows reach the graph) and the proposals table (waiting for review)
are SSSOM TSV files (:mod:`kg.records.mappings`); either may not exist yet. A mapping reaches the
graph in the named graph of the page it cites, so that page must be a recorded ``web-page``
source.
"""

from __future__ import annotations

from pathlib import Path

from kg.records.mappings import MappingTable, default_metadata, read_table
from kg.records.model import RecordSet

REVIEWED = "reviewed mappings"
PROPOSED = "mappings proposed for review"


def load_or_empty(path: Path, description: str) -> MappingTable:
    """A mapping table, or an empty one with igkg's metadata when there is no file yet."""
    if path.is_file():
        return read_table(path)
    return MappingTable(path, default_metadata(f"https://w3id.org/igkg/mappings/{path.name}", description), [])


def page_sources(records: RecordSet) -> dict[str, str]:
    """The recorded web-page sources, by address: the pages a mapping row may cite."""
    return {str(r.first("url")): r.id for r in records.of_kind("sources") if r.type == "web-page" and r.first("url")}
