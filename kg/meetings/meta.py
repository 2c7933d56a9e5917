"""The metadata file that goes with a meeting record: what the text does not say reliably.

source: 004_bf564407ef9a5607.txt     # the record's file name
meeting: meeting-2010-12-cstd        # the meeting record (kg/data/records) it records
title: ...                           # for people; the meeting record holds the cited facts
date: 2010-12-17                     # YYYY, YYYY-MM or YYYY-MM-DD
place: Geneva
convened_by: cstd                    # slug
language: en
style: notes                         # optional: call | markdown | notes; checked against the text
speakers: {Chair: cstd-chair}        # labels this record uses for an agent (reviewed)
unattributed_labels: {Label: reason}       # labels several people speak under: left unattributed
turns: {1087: reason}                # lines the rules miss that open a turn
not_turns: {215: reason}             # lines the rules take for a label that do not
day_parts: {2: morning}              # optional: session order -> morning | afternoon | evening
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from kg.core.dates import PartialDate
from kg.core.errors import SourceError
from kg.core.yamlnodes import YamlProblem, YMap, YNode, YScalar, read_yaml_file

STYLES = ("call", "markdown", "notes")
DAY_PARTS = ("morning", "afternoon", "evening")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_KEYS = (
    "source",
    "meeting",
    "title",
    "date",
    "place",
    "convened_by",
    "language",
    "style",
    "speakers",
    "unattributed_labels",
    "turns",
    "not_turns",
    "day_parts",
    "overlay",
)


@dataclass(frozen=True)
class MeetingMeta:
    path: Path
    source: str
    meeting: str
    title: str
    date: PartialDate
    place: str = ""
    convened_by: str = ""
    language: str = "en"
    style: str = ""
    speakers: dict[str, str] = field(default_factory=dict)
    unattributed_labels: dict[str, str] = field(default_factory=dict)
    turns: dict[int, str] = field(default_factory=dict)
    not_turns: dict[int, str] = field(default_factory=dict)
    day_parts: dict[int, str] = field(default_factory=dict)
    #: the reviewed overlay file (stances, support links, proposals), relative to this file
    overlay: str = ""
    #: line of each key in the metadata file, for messages
    lines: dict[str, int] = field(default_factory=dict)

    def where(self, key: str) -> str:
        return f"{self.path}:{self.lines.get(key, 1)}: field {key!r}"


def _fail(path: Path, line: int, key: str, message: str) -> SourceError:
    return SourceError(path, f"field {key!r}: {message}" if key else message, line)


def _text(path: Path, key: str, line: int, node: YNode) -> str:
    if not isinstance(node, YScalar) or not node.value.strip():
        raise _fail(path, line, key, "expected a non-empty text value")
    return node.value.strip()


def _table(path: Path, key: str, line: int, node: YNode, int_keys: bool = False) -> dict:
    if not isinstance(node, YMap):
        raise _fail(path, line, key, "expected a mapping")
    out: dict = {}
    for k, (kline, value) in node.items.items():
        text = _text(path, key, kline, value)
        if int_keys:
            if not k.isdigit() or int(k) < 1:
                raise _fail(path, kline, key, f"{k!r} is not a line number")
            out[int(k)] = text
        else:
            out[k] = text
    return out


def read_meta(path: Path) -> MeetingMeta:
    if not path.is_file():
        raise SourceError(path, "no such metadata file")
    try:
        root = read_yaml_file(path)
    except YamlProblem as exc:
        raise SourceError(path, exc.message, exc.line) from None
    if not isinstance(root, YMap):
        raise SourceError(path, "expected a mapping of fields (source, meeting, title, date, ...)", 1)
    lines = {k: line for k, (line, _) in root.items.items()}
    for key, line in lines.items():
        if key not in _KEYS:
            raise _fail(path, line, key, f"unknown field; expected one of: {', '.join(_KEYS)}")
    for key in ("source", "meeting", "title", "date"):
        if key not in root.items:
            raise _fail(path, 1, key, "missing")
    values: dict = {}
    for key, (line, node) in root.items.items():
        if key in ("speakers", "unattributed_labels"):
            values[key] = _table(path, key, line, node)
        elif key in ("turns", "not_turns", "day_parts"):
            values[key] = _table(path, key, line, node, int_keys=True)
        else:
            values[key] = _text(path, key, line, node)
    try:
        values["date"] = PartialDate.parse(values["date"])
    except ValueError as exc:
        raise _fail(path, lines["date"], "date", str(exc)) from None
    for key in ("meeting", "convened_by"):
        if key in values and not _SLUG.match(values[key]):
            raise _fail(path, lines[key], key, f"{values[key]!r} is not a slug (lower-case words joined by -)")
    for label, slug in values.get("speakers", {}).items():
        if not _SLUG.match(slug):
            raise _fail(path, lines["speakers"], "speakers", f"{label!r}: {slug!r} is not a slug")
    if values.get("style") and values["style"] not in STYLES:
        raise _fail(path, lines["style"], "style", f"{values['style']!r}: expected one of {', '.join(STYLES)}")
    for order, part in values.get("day_parts", {}).items():
        if part not in DAY_PARTS:
            raise _fail(path, lines["day_parts"], "day_parts", f"session {order}: {part!r} is not one of {DAY_PARTS}")
    both = set(values.get("turns", {})) & set(values.get("not_turns", {}))
    if both:
        raise _fail(path, lines["not_turns"], "not_turns", f"line {min(both)} is also in 'turns'")
    return MeetingMeta(path=path, lines=lines, **values)
