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

#: The seed styles, and the transcript readers (kg/meetings/transcripts/readers) by name.
STYLES = ("call", "markdown", "notes", "webvtt", "srt", "tei", "igf", "verbatim", "export", "scribe")
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


#: Fields whose value is a mapping of speaker labels (to a slug, or to the reason to leave them).
_LABEL_TABLES = ("speakers", "unattributed_labels")
#: Fields whose value is a mapping keyed by a line number or a session order.
_NUMBERED_TABLES = ("turns", "not_turns", "day_parts")
_REQUIRED = ("source", "meeting", "title", "date")


def _table(path: Path, key: str, line: int, node: YNode) -> dict[str, str]:
    if not isinstance(node, YMap):
        raise _fail(path, line, key, "expected a mapping")
    return {k: _text(path, key, kline, value) for k, (kline, value) in node.items.items()}


def _numbered_table(path: Path, key: str, line: int, node: YNode) -> dict[int, str]:
    if not isinstance(node, YMap):
        raise _fail(path, line, key, "expected a mapping")
    out: dict[int, str] = {}
    for k, (kline, value) in node.items.items():
        text = _text(path, key, kline, value)
        if not k.isdigit() or int(k) < 1:
            raise _fail(path, kline, key, f"{k!r} is not a line number")
        out[int(k)] = text
    return out


@dataclass
class _Fields:
    """The metadata file's values, typed by the kind of field, before they are checked together."""

    lines: dict[str, int]
    texts: dict[str, str] = field(default_factory=dict)
    labels: dict[str, dict[str, str]] = field(default_factory=dict)
    numbered: dict[str, dict[int, str]] = field(default_factory=dict)


def read_meta(path: Path) -> MeetingMeta:
    fields = _read_fields(path, _read_root(path))
    try:
        date = PartialDate.parse(fields.texts["date"])
    except ValueError as exc:
        raise _fail(path, fields.lines["date"], "date", str(exc)) from None
    _check_values(path, fields)
    texts, labels, numbered = fields.texts, fields.labels, fields.numbered
    return MeetingMeta(
        path=path,
        source=texts["source"],
        meeting=texts["meeting"],
        title=texts["title"],
        date=date,
        place=texts.get("place", ""),
        convened_by=texts.get("convened_by", ""),
        language=texts.get("language", "en"),
        style=texts.get("style", ""),
        speakers=labels.get("speakers", {}),
        unattributed_labels=labels.get("unattributed_labels", {}),
        turns=numbered.get("turns", {}),
        not_turns=numbered.get("not_turns", {}),
        day_parts=numbered.get("day_parts", {}),
        overlay=texts.get("overlay", ""),
        lines=fields.lines,
    )


def _read_root(path: Path) -> YMap:
    if not path.is_file():
        raise SourceError(path, "no such metadata file")
    try:
        root = read_yaml_file(path)
    except YamlProblem as exc:
        raise SourceError(path, exc.message, exc.line) from None
    if not isinstance(root, YMap):
        raise SourceError(path, "expected a mapping of fields (source, meeting, title, date, ...)", 1)
    return root


def _read_fields(path: Path, root: YMap) -> _Fields:
    """Each field read by its kind, in file order, after refusing unknown and missing fields."""
    fields = _Fields(lines={k: line for k, (line, _) in root.items.items()})
    for key, line in fields.lines.items():
        if key not in _KEYS:
            raise _fail(path, line, key, f"unknown field; expected one of: {', '.join(_KEYS)}")
    for key in _REQUIRED:
        if key not in root.items:
            raise _fail(path, 1, key, "missing")
    for key, (line, node) in root.items.items():
        if key in _LABEL_TABLES:
            fields.labels[key] = _table(path, key, line, node)
        elif key in _NUMBERED_TABLES:
            fields.numbered[key] = _numbered_table(path, key, line, node)
        else:
            fields.texts[key] = _text(path, key, line, node)
    return fields


def _check_values(path: Path, fields: _Fields) -> None:
    """Slugs that are slugs, a known style and day parts, no line both a turn and not one."""
    lines, texts = fields.lines, fields.texts
    for key in ("meeting", "convened_by"):
        if key in texts and not _SLUG.match(texts[key]):
            raise _fail(path, lines[key], key, f"{texts[key]!r} is not a slug (lower-case words joined by -)")
    for label, slug in fields.labels.get("speakers", {}).items():
        if not _SLUG.match(slug):
            raise _fail(path, lines["speakers"], "speakers", f"{label!r}: {slug!r} is not a slug")
    if texts.get("style") and texts["style"] not in STYLES:
        raise _fail(path, lines["style"], "style", f"{texts['style']!r}: expected one of {', '.join(STYLES)}")
    for order, part in fields.numbered.get("day_parts", {}).items():
        if part not in DAY_PARTS:
            raise _fail(path, lines["day_parts"], "day_parts", f"session {order}: {part!r} is not one of {DAY_PARTS}")
    both = set(fields.numbered.get("turns", {})) & set(fields.numbered.get("not_turns", {}))
    if both:
        raise _fail(path, lines["not_turns"], "not_turns", f"line {min(both)} is also in 'turns'")
