"""The reconciliation run: things from the store → candidate items → scored proposals, merged
into the SSSOM proposals table.

A (subject, predicate, object) that the reviewed table already holds, accepted or rejected, is
never proposed again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kg.link.wikidata.client import Client
from kg.link.wikidata.items import Item, parse_details, qids_of
from kg.link.wikidata.queries import MAX_CANDIDATES, details_query, lookup_query, symbol_query
from kg.link.wikidata.scoring import DEFAULT_MIN_SCORE, Candidate, TypeCheck, score
from kg.link.wikidata.things import KINDS, Thing
from kg.records.mappings import Mapping, MappingTable


@dataclass
class KindCount:
    """For one kind of thing: how many were asked about, found candidates, became proposals."""

    things: int = 0
    candidates: int = 0
    proposed: int = 0


@dataclass
class Report:
    """What a run asked, found and wrote; the command prints it as a table or as JSON."""

    endpoint: str
    kinds: dict[str, KindCount]
    candidates: list[Candidate]
    requests: int = 0
    cache_hits: int = 0
    written: int = 0
    new: int = 0
    skipped_reviewed: int = 0
    out: str = ""
    cache: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "endpoint": self.endpoint,
            "kinds": {k: vars(c) for k, c in self.kinds.items()},
            "requests": self.requests,
            "cache_hits": self.cache_hits,
            "proposals_written": self.written,
            "proposals_new": self.new,
            "skipped_reviewed": self.skipped_reviewed,
            "out": self.out,
            "cache": self.cache,
            "candidates": [_candidate_dict(c) for c in self.candidates],
        }


def _candidate_dict(c: Candidate) -> dict[str, Any]:
    return {
        "subject_id": c.thing.curie,
        "subject_label": c.thing.label,
        "object_id": f"wikidata:{c.item.qid}",
        "object_label": c.item.label,
        "score": c.score,
        "why": list(c.reasons),
        "see_also": c.item.page,
    }


def candidates_for(thing: Thing, client: Client, check: TypeCheck | None = None) -> list[Candidate]:
    """Every item found for one thing, scored, best first."""
    qids = qids_of(client.select(lookup_query(thing)))[:MAX_CANDIDATES]
    query = symbol_query(thing)
    if query:
        qids += [q for q in qids_of(client.select(query)) if q not in qids]
    if not qids:
        return []
    items = parse_details(client.select(details_query(qids, check.class_property if check else None)))
    scored = [score(thing, items.get(q, Item(q)), check) for q in qids]
    return sorted(scored, key=lambda c: (-c.score, c.item.qid))


def reconcile(
    things: list[Thing],
    client: Client,
    check: TypeCheck | None = None,
    min_score: float = DEFAULT_MIN_SCORE,
    progress: Callable[[str], None] = lambda _: None,
) -> Report:
    """Ask about each thing; keep the candidates scoring at least ``min_score``."""
    kinds = {k: KindCount() for k in KINDS if any(t.kind == k for t in things)}
    kept: list[Candidate] = []
    for n, thing in enumerate(things, 1):
        progress(f"{n}/{len(things)} {thing.kind}: {thing.label}")
        found = candidates_for(thing, client, check)
        count = kinds[thing.kind]
        count.things += 1
        count.candidates += len(found)
        kept += [c for c in found if c.score >= min_score and c.score > 0]
    return Report(client.endpoint, kinds, kept, client.requests, client.cache_hits)


def merge_proposals(report: Report, reviewed: MappingTable, proposals: MappingTable) -> MappingTable:
    """The proposals table with this run's candidates merged in.

    A candidate replaces an earlier proposal of the same (subject, predicate, object), so its
    score is current; other proposals stay. Nothing the reviewed table decided is proposed (or
    kept as a proposal): neither the same (subject, predicate, object), accepted or rejected, nor
    a pair already accepted under another SKOS predicate.
    """
    decided = {m.key for m in reviewed.reviewed()}
    linked = {(m.subject_id, m.object_id) for m in reviewed.accepted()}

    def open_question(m: Mapping) -> bool:
        return m.key not in decided and (m.subject_id, m.object_id) not in linked

    rows = {m.key: m for m in proposals.rows if open_question(m)}
    before = set(rows)
    for candidate in report.candidates:
        mapping = candidate.mapping()
        if not open_question(mapping):
            report.skipped_reviewed += 1
            continue
        rows[mapping.key] = mapping
        report.kinds[candidate.thing.kind].proposed += 1
        report.written += 1
        report.new += mapping.key not in before
    return MappingTable(proposals.path, proposals.metadata, list(rows.values()))
