"""What a reconciliation request asks for, read from plain values and bounded.

A query batch is JSON (``queries=``, in a form body or the query string); it is parsed once, its
shape checked against the protocol (0.1 and 0.2 accept the same batch) and every size bounded here,
before anything reaches a worker. A request that cannot be answered is a :class:`Refusal` with a
message that says what to change.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any

from kg.core import settings
from kg.serve.reconcile.score import PROPERTIES, Query

#: Queries in one batch (the manifest's ``batchSize``); a larger batch is refused with 413.
BATCH_SIZE = 50
DEFAULT_LIMIT = 10
MAX_LIMIT = 50
MAX_TEXT = 500  # characters of a query or a property value
MAX_VALUES = 20  # values of one property, properties of one query, types of one query
MAX_KEY = 100  # characters of a query's key in the batch


@dataclass(frozen=True)
class Refusal:
    status: int
    message: str


def read_batch(raw: str) -> list[tuple[str, Query]] | Refusal:
    """The queries of a ``queries=`` batch, in order, or why it cannot be answered."""
    try:
        batch = json.loads(raw)
    except (ValueError, RecursionError):
        return Refusal(400, 'queries= is not JSON: send an object of queries, such as {"q0": {"query": "IGF"}}')
    if not isinstance(batch, dict):
        return Refusal(400, 'queries= must be a JSON object of queries, such as {"q0": {"query": "IGF"}}')
    if len(batch) > BATCH_SIZE:
        return Refusal(413, f"a batch holds at most {BATCH_SIZE} queries (the manifest's batchSize); send smaller ones")
    out = []
    for key, value in batch.items():
        if len(key) > MAX_KEY:
            return Refusal(400, f"a query's key in the batch is at most {MAX_KEY} characters")
        query = read_query(value)
        if isinstance(query, Refusal):
            return Refusal(query.status, f"query {key[:40]!r}: {query.message}")
        out.append((key, query))
    return out


def read_query(value: Any) -> Query | Refusal:
    """One query object of a batch, checked against the protocol's schema and the limits."""
    if isinstance(value, str):  # 0.1 clients may send a bare string
        value = {"query": value}
    if not isinstance(value, dict):
        return Refusal(400, 'a query is an object with a query string, such as {"query": "IGF"}')
    unknown = sorted(set(value) - {"query", "type", "limit", "properties", "type_strict"})
    if unknown:
        return Refusal(400, f"unknown field {unknown[0]!r}; a query has query, type, limit, properties, type_strict")
    text = value.get("query", "")
    if not isinstance(text, str) or len(text) > MAX_TEXT:
        return Refusal(400, f"query must be a string of at most {MAX_TEXT} characters")
    types = _types(value.get("type"))
    if isinstance(types, Refusal):
        return types
    limit = _limit(value.get("limit"))
    if isinstance(limit, Refusal):
        return limit
    strict = value.get("type_strict", "any")
    if strict not in ("any", "should", "all"):
        return Refusal(400, 'type_strict is one of "any", "should", "all"')
    properties = _properties(value.get("properties"))
    if isinstance(properties, Refusal):
        return properties
    if not text.strip() and not properties:
        return Refusal(400, "give a non-empty query string or at least one property")
    return Query(text.strip(), types, strict, limit, properties)


def _limit(value: Any) -> int | Refusal:
    if value is None:
        return DEFAULT_LIMIT
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value < 1:
        return Refusal(400, "limit must be a positive integer")
    return min(int(value), MAX_LIMIT)


def type_id(value: str) -> str:
    """A type as the service names it (the ontology's local name) from any of the forms a client
    may send: ``Body``, ``igkg:Body`` or the class IRI."""
    for prefix in (settings.ONTOLOGY_NS, "igkg:"):
        if value.startswith(prefix):
            return value[len(prefix) :]
    return value


def _types(value: Any) -> tuple[str, ...] | Refusal:
    if value is None or value == "":
        return ()
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or len(values) > MAX_VALUES or not all(isinstance(v, str) for v in values):
        return Refusal(400, f"type is a type id or a list of at most {MAX_VALUES} type ids")
    return tuple(type_id(v) for v in values if v)


def property_id(value: str) -> str:
    for prefix in (
        settings.ONTOLOGY_NS,
        "igkg:",
        "http://www.w3.org/2004/02/skos/core#",
        "skos:",
        "http://www.w3.org/2000/01/rdf-schema#",
        "rdfs:",
    ):
        if value.startswith(prefix):
            return value[len(prefix) :]
    return value


def _properties(value: Any) -> tuple[tuple[str, tuple[str, ...]], ...] | Refusal:
    if value is None:
        return ()
    if not isinstance(value, list) or len(value) > MAX_VALUES:
        return Refusal(400, f"properties is a list of at most {MAX_VALUES} {{pid, v}} objects")
    out = []
    for item in value:
        if not isinstance(item, dict) or "pid" not in item or "v" not in item or not isinstance(item["pid"], str):
            return Refusal(400, 'each property is an object {"pid": ..., "v": ...}')
        pid = property_id(item["pid"])
        if pid not in PROPERTIES:
            return Refusal(400, f"unknown property {item['pid'][:60]!r}; the properties are: {', '.join(PROPERTIES)}")
        values = _property_values(item["v"])
        if isinstance(values, Refusal):
            return values
        if values:
            out.append((pid, values))
    return tuple(out)


def _property_values(value: Any) -> tuple[str, ...] | Refusal:
    values = value if isinstance(value, list) else [value]
    if len(values) > MAX_VALUES:
        return Refusal(400, f"a property has at most {MAX_VALUES} values")
    out = []
    for v in values:
        if isinstance(v, dict):  # a value reconciled before: {"id": ..., "name": ...}
            v = v.get("name") or v.get("id")
        if isinstance(v, bool) or v is None:
            continue
        if isinstance(v, (int, float)):
            v = str(v)
        if not isinstance(v, str) or len(v) > MAX_TEXT:
            return Refusal(
                400, f"a property value is a string, number or {{id, name}} of at most {MAX_TEXT} characters"
            )
        if v.strip():
            out.append(v.strip())
    return tuple(out)
