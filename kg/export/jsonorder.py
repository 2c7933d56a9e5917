"""JSON in a fixed order: what makes the JSON-LD dump, the ontology page's data and every other
JSON igkg writes byte-identical for the same input."""

from __future__ import annotations

import json


def sort_json(value: object) -> object:
    """JSON with keys and set-like arrays in a fixed order (deterministic output)."""
    if isinstance(value, dict):
        return {k: sort_json(value[k]) for k in sorted(value)}
    if isinstance(value, list):
        items = [sort_json(v) for v in value]
        # JSON-LD arrays are sets unless declared @list; igkg declares none.
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value
