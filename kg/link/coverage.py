"""How many things of each kind the accepted mappings link, and to what."""

from __future__ import annotations

from pathlib import Path

from kg.link.undocs import load_or_empty
from kg.records.model import RecordSet

MAIN_BODIES = ("ga", "ecosoc", "cstd", "igf", "mag", "ungis")
KINDS = ("bodies", "instruments", "people")


def coverage_report(records: RecordSet, table_file: Path) -> dict:
    table = load_or_empty(table_file, "reviewed mappings")
    by_subject: dict[str, list[str]] = {}
    for mapping in table.accepted():
        by_subject.setdefault(mapping.subject_id.split(":", 1)[1], []).append(mapping.object_id)
    kinds = {}
    for kind in KINDS:
        things = [r.id for r in records.of_kind(kind)]
        linked = [t for t in things if t in by_subject]
        kinds[kind] = {
            "things": len(things),
            "linked": len(linked),
            "wikidata": sum(1 for t in linked if any(o.startswith("wikidata:") for o in by_subject[t])),
            "documents": sum(1 for t in linked if any(not o.startswith("wikidata:") for o in by_subject[t])),
        }
    main = {slug: ", ".join(sorted(set(by_subject.get(slug, [])))) for slug in MAIN_BODIES}
    return {"kinds": kinds, "main_bodies": main, "rows": len(table.rows), "accepted": len(table.accepted())}
