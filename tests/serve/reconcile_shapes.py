"""What the W3C Entity Reconciliation API 0.2 asks of each document it exchanges, written here as
small JSON Schemas of our own (not the specification's schema files) so the reconciliation tests
can check igkg's answers, and the batches they send, with ``jsonschema``.

Each schema states the protocol's requirements only — the fields a document must carry and the
shape of the optional ones — and leaves other fields open, as the protocol lets a service or
client add its own (igkg's manifest has ``batchSize`` and ``serviceVersion``, its candidates
``description`` and ``features``). igkg's own choices (its ids, types, limits) are asserted in the
tests themselves."""

from __future__ import annotations

from typing import Any

import jsonschema

#: The dialect every schema below is written in.
DIALECT = "https://json-schema.org/draft/2020-12/schema"

_TEXT = {"type": "string", "minLength": 1}

#: A type (or any other thing a service names): an id, and the name a person reads.
_NAMED = {
    "type": "object",
    "required": ["id", "name"],
    "properties": {"id": {"type": "string"}, "name": {"type": "string"}},
}

#: A URL template the client fills with a candidate's id.
_TEMPLATE = {"type": "string", "pattern": r"\{\{id\}\}"}

#: Where a client asks for suggestions of one sort: a base URL, and optionally a path below it.
_SUGGEST_SERVICE = {
    "type": "object",
    "required": ["service_url"],
    "properties": {
        "service_url": _TEXT,
        "service_path": {"type": "string"},
        "flyout_service_url": {"type": "string"},
        "flyout_service_path": {"type": "string"},
    },
}

MANIFEST: dict[str, Any] = {
    "$schema": DIALECT,
    "type": "object",
    "required": ["versions", "name", "identifierSpace", "schemaSpace"],
    "properties": {
        "versions": {"type": "array", "minItems": 1, "items": _TEXT},
        "name": _TEXT,
        "identifierSpace": _TEXT,
        "schemaSpace": _TEXT,
        "documentation": {"type": "string"},
        "logo": {"type": "string"},
        "serviceVersion": {"type": "string"},
        "defaultTypes": {"type": "array", "items": _NAMED},
        "view": {"type": "object", "required": ["url"], "properties": {"url": _TEMPLATE}},
        "preview": {
            "type": "object",
            "required": ["url", "width", "height"],
            "properties": {
                "url": _TEMPLATE,
                "width": {"type": "integer", "minimum": 1},
                "height": {"type": "integer", "minimum": 1},
            },
        },
        "suggest": {
            "type": "object",
            "properties": {"entity": _SUGGEST_SERVICE, "type": _SUGGEST_SERVICE, "property": _SUGGEST_SERVICE},
        },
        "batchSize": {"type": "integer", "minimum": 1},
    },
}

#: A property value in a query: a literal, or a reference to a thing by id.
_VALUE = {
    "oneOf": [
        {"type": ["string", "number", "boolean"]},
        {
            "type": "object",
            "required": ["id"],
            "properties": {"id": {"type": "string"}, "name": {"type": "string"}},
        },
    ]
}

_QUERY = {
    "type": "object",
    "properties": {
        "query": {"type": "string"},
        "type": {"oneOf": [_TEXT, {"type": "array", "items": _TEXT}]},
        "limit": {"type": "integer", "minimum": 1},
        "type_strict": {"enum": ["any", "should", "all"]},
        "properties": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["pid", "v"],
                "properties": {"pid": _TEXT, "v": {"oneOf": [_VALUE, {"type": "array", "items": _VALUE}]}},
            },
        },
    },
    # Something to match on: a query string with text in it, or at least one property.
    "anyOf": [
        {"required": ["query"], "properties": {"query": _TEXT}},
        {"required": ["properties"], "properties": {"properties": {"minItems": 1}}},
    ],
}

#: A batch: each query under a key of the client's choosing, answered under the same key.
QUERY_BATCH: dict[str, Any] = {"$schema": DIALECT, "type": "object", "additionalProperties": _QUERY}

_CANDIDATE = {
    "type": "object",
    "required": ["id", "name", "score", "match"],
    "properties": {
        "id": {"type": "string"},
        "name": {"type": "string"},
        "description": {"type": "string"},
        "score": {"type": "number"},
        "match": {"type": "boolean"},
        "type": {"type": "array", "items": _NAMED},
        "features": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id", "value"],
                "properties": {"id": {"type": "string"}, "value": {"type": ["number", "boolean"]}},
            },
        },
    },
}

RESULT_BATCH: dict[str, Any] = {
    "$schema": DIALECT,
    "type": "object",
    "additionalProperties": {
        "type": "object",
        "required": ["result"],
        "properties": {"result": {"type": "array", "items": _CANDIDATE}},
    },
}


def _suggestions(extra: dict[str, Any]) -> dict[str, Any]:
    """A suggest answer: ``{"result": [...]}``, each suggestion an id and a name, a description
    if the service has one, and the fields of its sort (``extra``)."""
    item = {
        "type": "object",
        "required": ["id", "name"],
        "properties": {
            "id": {"type": "string"},
            "name": {"type": "string"},
            "description": {"type": "string"},
            **extra,
        },
    }
    return {
        "$schema": DIALECT,
        "type": "object",
        "required": ["result"],
        "properties": {"result": {"type": "array", "items": item}},
    }


#: An entity suggestion may name its notable types, as ids or as {id, name}.
SUGGEST_ENTITIES = _suggestions({"notable": {"type": "array", "items": {"oneOf": [{"type": "string"}, _NAMED]}}})
#: A type suggestion may name the broader types it falls under.
SUGGEST_TYPES = _suggestions({"broader": {"type": "array", "items": _NAMED}})
SUGGEST_PROPERTIES = _suggestions({})

SCHEMAS: dict[str, dict[str, Any]] = {
    "manifest": MANIFEST,
    "query-batch": QUERY_BATCH,
    "result-batch": RESULT_BATCH,
    "suggest-entities": SUGGEST_ENTITIES,
    "suggest-types": SUGGEST_TYPES,
    "suggest-properties": SUGGEST_PROPERTIES,
}


def validator(name: str) -> jsonschema.Draft202012Validator:
    """The validator for one document (a key of ``SCHEMAS``); the schema is checked first, so a
    mistake in it fails loudly instead of accepting everything."""
    schema = SCHEMAS[name]
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)
