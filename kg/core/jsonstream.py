"""JSON written piece by piece, byte for byte as ``json.dumps(value, ensure_ascii=False,
indent=2)`` writes it whole: for a document with a list too long to hold as objects (a
transcript's turns, some 200,000 of them in 50 MB of captions).

A :class:`JsonList` stands for such a list: its items are made one at a time, as the list is
written, and each is written and dropped. Everything else is written as :mod:`json` writes it;
only the objects and lists that hold a :class:`JsonList` are written here, key by key and item by
item, with the same indentation, separators and escapes, so that the pieces joined are the very
text ``json.dumps`` gives for the same document with plain lists.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

#: Spaces per level, as igkg's JSON output is indented.
INDENT = 2
_ENCODER = json.JSONEncoder(ensure_ascii=False, indent=INDENT)


class JsonList:
    """A list of JSON values written item by item; it can be written once (its items may be a
    generator)."""

    def __init__(self, items: Iterable[object]) -> None:
        self.items = items


def json_pieces(value: object, level: int = 0) -> Iterator[str]:
    """The text of ``value`` as JSON, in pieces, at nesting ``level`` (its first line is not
    indented: it follows a key or the start of the document)."""
    if isinstance(value, JsonList):
        yield from _items(iter(value.items), level)
    elif isinstance(value, dict) and _streams(value):
        yield from _members(value, level)
    elif isinstance(value, list | tuple) and _streams(value):
        yield from _items(iter(value), level)
    else:
        text = _ENCODER.encode(value)
        yield text.replace("\n", "\n" + " " * (INDENT * level)) if level else text


def json_batches(value: object, size: int = 1 << 20) -> Iterator[bytes]:
    """The document as UTF-8 bytes with a line end after it, as :func:`json_pieces` gives it, in
    batches of about ``size`` bytes (fewer writes than one per piece)."""
    batch: list[str] = []
    held = 0
    for piece in json_pieces(value):
        batch.append(piece)
        held += len(piece)
        if held >= size:
            yield "".join(batch).encode("utf-8")
            batch, held = [], 0
    batch.append("\n")
    yield "".join(batch).encode("utf-8")


def _streams(value: object) -> bool:
    """Whether ``value`` holds a :class:`JsonList` (then it is written here, piece by piece)."""
    if isinstance(value, JsonList):
        return True
    if isinstance(value, dict):
        return any(_streams(v) for v in value.values())
    if isinstance(value, list | tuple):
        return any(_streams(v) for v in value)
    return False


def _items(items: Iterator[object], level: int) -> Iterator[str]:
    """A list, as json writes one: ``[]`` when empty, else each item on a line of its own."""
    inner = "\n" + " " * (INDENT * (level + 1))
    first = next(items, _END)
    if first is _END:
        yield "[]"
        return
    yield "[" + inner
    yield from json_pieces(first, level + 1)
    for item in items:
        yield "," + inner
        yield from json_pieces(item, level + 1)
    yield "\n" + " " * (INDENT * level) + "]"


def _members(value: dict[object, object], level: int) -> Iterator[str]:
    """A non-empty object, as json writes one: each ``"key": value`` on a line of its own."""
    inner = "\n" + " " * (INDENT * (level + 1))
    for index, (key, item) in enumerate(value.items()):
        yield ("{" if index == 0 else ",") + inner + _ENCODER.encode(_key(key)) + ": "
        yield from json_pieces(item, level + 1)
    yield "\n" + " " * (INDENT * level) + "}"


def _key(key: object) -> str:
    """A key as json writes it: a string, or a number, boolean or null in its JSON spelling."""
    if isinstance(key, str):
        return key
    if key is None or isinstance(key, bool | int | float):
        return _ENCODER.encode(key)
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")


_END = object()
