"""How many things of each kind the accepted mappings link, and to what."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kg.link.tables import REVIEWED, load_or_empty
from kg.records.model import RecordSet

MAIN_BODIES = ("ga", "ecosoc", "cstd", "igf", "mag", "ungis")
KINDS = ("bodies", "instruments", "people")


def coverage_report(records: RecordSet, table_file: Path) -> dict[str, Any]:
    """Per kind, how many things there are, how many are linked, and how many of those to
    Wikidata and to documents; what each main body links to; the table's row counts."""
    table = load_or_empty(table_file, REVIEWED)
    by_subject: dict[str, list[str]] = {}
    for mapping in table.accepted():
        by_subject.setdefault(mapping.subject_id.split(":", 1)[1], []).append(mapping.object_id)
    kinds = {kind: _counts([r.id for r in records.of_kind(kind)], by_subject) for kind in KINDS}
    main = {slug: ", ".join(sorted(set(by_subject.get(slug, [])))) for slug in MAIN_BODIES}
    return {"kinds": kinds, "main_bodies": main, "rows": len(table.rows), "accepted": len(table.accepted())}


def _counts(things: list[str], by_subject: dict[str, list[str]]) -> dict[str, int]:
    linked = [by_subject[t] for t in things if t in by_subject]
    return {
        "things": len(things),
        "linked": len(linked),
        "wikidata": sum(1 for objects in linked if any(_is_wikidata(o) for o in objects)),
        "documents": sum(1 for objects in linked if any(not _is_wikidata(o) for o in objects)),
    }


def _is_wikidata(object_id: str) -> bool:
    return object_id.startswith("wikidata:")
