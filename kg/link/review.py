"""Review: proposals accepted or rejected into the reviewed mapping table.

An accepted proposal becomes a reviewed row (it reaches the graph at the next build); a rejected
one is kept as a reviewed row with ``predicate_modifier: Not`` (so that it is never proposed
again); both leave the proposals table. An accepted proposal whose page is not a recorded source
yet gets a ``web-page`` source record, so that the build can put the mapping in that page's graph.
Both tables are rewritten atomically, the reviewed one first: a crash in between leaves a
proposal that is already decided, which the next review skips.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from kg.core import settings
from kg.core.errors import ConfigError
from kg.core.files import write_atomic
from kg.link.tables import PROPOSED, REVIEWED, load_or_empty, page_sources
from kg.records import read_records
from kg.records.mappings import Mapping, MappingTable, reviewed, write_table

Decision = Literal["accept", "reject"]
PAGES_FILE = "sources-linking.yaml"


@dataclass
class ReviewSummary:
    accepted: int = 0
    rejected: int = 0
    left: int = 0
    pages_recorded: int = 0


def load_proposals(path: Path) -> list[Mapping]:
    return load_or_empty(path, PROPOSED).rows


def decisions_from_options(
    count: int, accepted: tuple[str, ...], rejected: tuple[str, ...], accept_all: bool
) -> dict[int, Decision] | None:
    """The decisions that ``--accept N``, ``--reject N`` and ``--accept-all`` give, by proposal
    number (1 to ``count``); None when they give none, so that each proposal is asked about."""
    chosen = {*accepted, *rejected}
    for number in chosen:
        if not number.isdigit() or not 1 <= int(number) <= count:
            raise ConfigError(f"--accept/--reject {number}: give a proposal number from 1 to {count} (see --list)")
    if set(accepted) & set(rejected):
        raise ConfigError("a proposal cannot be both accepted and rejected")
    if accept_all:
        return dict.fromkeys(range(1, count + 1), "accept")
    if not chosen:
        return None
    decisions: dict[int, Decision] = {int(n): "accept" for n in accepted}
    decisions.update({int(n): "reject" for n in rejected})
    return decisions


def _reviewer_id(reviewer: str) -> str:
    if re.match(r"^[A-Za-z_][\w.-]*:\S+$", reviewer):
        return reviewer
    return "igkgagent:" + re.sub(r"[^\w.-]+", "-", reviewer.strip()).strip("-")


def apply_review(
    table_file: Path,
    proposals_file: Path,
    pending: list[Mapping],
    decisions: dict[int, Decision],
    reviewer: str,
    day: str,
) -> ReviewSummary:
    """Move each decided proposal (numbered from 1 in ``pending``) into the reviewed table; keep
    the undecided ones as proposals, except those the reviewed table already decided."""
    table = load_or_empty(table_file, REVIEWED)
    reviewer_id = _reviewer_id(reviewer)
    prefix = reviewer_id.split(":", 1)[0]
    if prefix not in table.prefixes():
        raise ConfigError(f"--reviewer {reviewer}: the prefix {prefix!r} is not declared in {table_file}")
    summary = ReviewSummary()
    left, new_pages = _decide(table, pending, decisions, reviewer_id, day, summary)
    summary.left = len(left)
    summary.pages_recorded = _record_pages(new_pages, day)
    write_atomic(table_file, write_table(table))
    pending_table = load_or_empty(proposals_file, PROPOSED)
    pending_table.rows = left
    write_atomic(proposals_file, write_table(pending_table))
    return summary


def _decide(
    table: MappingTable,
    pending: list[Mapping],
    decisions: dict[int, Decision],
    reviewer_id: str,
    day: str,
    summary: ReviewSummary,
) -> tuple[list[Mapping], dict[str, str]]:
    """Append the decided proposals to ``table`` and count them in ``summary``; return the
    proposals left open and the pages of the accepted ones (address → title)."""
    decided_keys = {m.key for m in table.rows if m.reviewed}
    left: list[Mapping] = []
    new_pages: dict[str, str] = {}
    for n, mapping in enumerate(pending, 1):
        decision = decisions.get(n)
        if decision is None:
            if mapping.key not in decided_keys:
                left.append(mapping)
            continue
        accepted = decision == "accept"
        table.rows.append(reviewed(mapping, reviewer_id, day, accepted))
        if accepted:
            summary.accepted += 1
            new_pages.setdefault(mapping.see_also, mapping.object_label or mapping.object_id)
        else:
            summary.rejected += 1
    return left, new_pages


def _record_pages(pages: dict[str, str], day: str) -> int:
    """Add a web-page source record for each page not recorded yet; return how many were added."""
    records = read_records(settings.records_dir(), settings.sources_dir())
    known = page_sources(records)
    missing = {url: title for url, title in sorted(pages.items()) if url and url not in known}
    if not missing:
        return 0
    path = settings.records_dir() / PAGES_FILE
    text = path.read_text(encoding="utf-8") if path.is_file() else "sources:\n"
    for url, title in missing.items():
        slug = "page-" + re.sub(r"[^a-z0-9]+", "-", url.lower().split("//", 1)[-1]).strip("-")[:60].strip("-")
        while slug in records:
            slug += "-x"
        # A JSON string is a valid YAML double-quoted scalar: quotes and backslashes stay escaped.
        quoted = json.dumps(title, ensure_ascii=False)
        text += f"\n  - id: {slug}\n    type: web-page\n    title: {quoted}\n    url: {url}\n    read_on: {day}\n"
    write_atomic(path, text.encode("utf-8"))
    return len(missing)
