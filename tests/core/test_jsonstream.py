"""JSON written piece by piece (kg/core/jsonstream.py): the same bytes as ``json.dumps(...,
ensure_ascii=False, indent=2)`` of the same document whole, with a long list's items made only
as they are written."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator

import pytest

from kg.core.jsonstream import JsonList, json_batches, json_pieces

TURN = {"line": 5, "label": "Zoë Ångström", "speaker": None, "how": "unresolved", "confidence": 0.9, "candidates": []}


def _whole(doc: object) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=2)


def _plain(value: object) -> object:
    """The document with each JsonList a plain list: what json.dumps writes the same way."""
    if isinstance(value, JsonList):
        return [_plain(item) for item in value.items]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


#: Documents, made afresh for each use (a JsonList is written once).
DOCUMENTS: dict[str, Callable[[], object]] = {
    "a report": lambda: {
        "file": "call.vtt",
        "scores": {"webvtt": 0.9, "srt": 0.0},
        "turns": JsonList(iter([TURN, {**TURN, "candidates": ["a", "b"], "label": 'quote " and \\ and \n'}])),
        "unresolved": [{"label": "Zoë", "lines": [5, 9]}],
        "stage_notes": [],
        "notes": {},
    },
    "no turns": lambda: {"file": "empty.txt", "turns": JsonList(iter([])), "notes": ["no reader finds a turn"]},
    "several reports": lambda: [{"turns": JsonList([TURN])}, {"turns": JsonList([])}, {"file": "x"}],
    "nested lists": lambda: {"a": JsonList([JsonList([1, 2]), [], {"b": JsonList([{}])}])},
    "keys that are not strings": lambda: {1: JsonList([True]), 2.5: None, None: "n", False: 0},
    "no list to stream": lambda: {"a": [1, {"b": [2.0, -0.0, 1e100]}], "c": "ü"},
}


@pytest.mark.parametrize("name", DOCUMENTS)
def test_the_pieces_are_the_bytes_json_dumps_writes_whole(name: str) -> None:
    make = DOCUMENTS[name]
    assert "".join(json_pieces(make())) == _whole(_plain(make()))
    assert b"".join(json_batches(make(), size=7)) == (_whole(_plain(make())) + "\n").encode("utf-8")


def test_a_long_lists_items_are_made_as_they_are_written() -> None:
    made: list[int] = []

    def turns() -> Iterator[dict[str, object]]:
        for n in range(1000):
            made.append(n)
            yield {**TURN, "line": n}

    batches = json_batches({"turns": JsonList(turns())}, size=4096)
    first = next(batches)
    assert first.startswith(b'{\n  "turns": [\n    {\n      "line": 0,')
    assert 0 < len(made) < 100, "only the turns of the first batch are made"
    rest = b"".join(batches)
    assert len(made) == 1000
    assert json.loads(first + rest)["turns"][999]["line"] == 999
