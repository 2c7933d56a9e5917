"""The two mapping tables that linking works on, and the recorded pages a mapping may cite.

The reviewed table (only its rows reach the graph) and the proposals table (waiting for review)
are SSSOM TSV files (:mod:`kg.records.mappings`); either may not exist yet. A mapping reaches the
graph in the named graph of the page it cites, so that page must be a recorded ``web-page``
source.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from kg.core.errors import ConfigError
from kg.core.files import write_atomic
from kg.records.mappings import Mapping, MappingTable, default_metadata, read_table, write_table
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


def add_proposals(
    records: RecordSet,
    rule_page: str,
    what: str,
    table_file: Path,
    proposals_file: Path,
    candidates: Callable[[MappingTable], Iterable[Mapping]],
) -> int:
    """Add ``candidates(reviewed table)`` to the proposals, except those already reviewed (or
    rejected) or waiting; return how many are new. The page documenting the rule that makes them
    (``what``) must be a recorded source, so that every proposal cites a page that was read."""
    if rule_page not in page_sources(records):
        raise ConfigError(f"the page that documents {what} is not a recorded source: {rule_page}")
    reviewed = load_or_empty(table_file, REVIEWED)
    pending = load_or_empty(proposals_file, PROPOSED)
    known = {m.key for m in reviewed.rows} | {m.key for m in pending.rows}
    made = 0
    for mapping in candidates(reviewed):
        if mapping.key in known:
            continue
        known.add(mapping.key)
        pending.rows.append(mapping)
        made += 1
    if made:
        write_atomic(proposals_file, write_table(pending))
    return made
