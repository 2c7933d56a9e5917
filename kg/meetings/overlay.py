"""The reviewed overlay of a meeting record: stances, support links, proposals, the agreed text.

Rules find speakers; what a delegation *meant* needs a reader. A curator reads the record and
writes ``kg/data/meetings/STEM.overlay.yaml``; every entry cites its lines and a verbatim quote.
This module checks the overlay against the record (the lines exist, the quote is in them, the
slugs are records) and places each entry in the session and the turn that hold its lines, so
that positions can be compared from morning to evening. The tests find, by rule, the support
links the text states outright ("Support Philippines"), to check the overlay against.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kg.core.errors import SourceError
from kg.core.yamlnodes import YamlProblem, YMap, YNode, YScalar, YSeq, read_yaml_file
from kg.meetings.model import Turn
from kg.records import RecordSet
from kg.records.schema import MANNERS, MAX_QUOTE_WORDS, STANCES
from kg.records.sources import SourceFile, word_count

#: What the question of every stance in an overlay is, for now: the one the sources debate.
QUESTION = "composition of the Working Group on improvements to the IGF"


@dataclass(frozen=True)
class Cited:
    line_start: int
    line_end: int
    quote: str
    at: int  # line in the overlay file


@dataclass(frozen=True)
class Stance:
    holder: str
    stance: str
    cited: Cited
    note: str
    said_by: Cited | None = None


@dataclass(frozen=True)
class Support:
    supporter: str
    supported: str
    manner: str
    cited: Cited
    said_by: Cited | None = None


@dataclass(frozen=True)
class Proposal:
    key: str
    by: str
    summary: str
    cited: Cited
    agreed: bool = False
    #: The words of the record that say the text was agreed ("Final text agreed:"), when given.
    agreed_cited: Cited | None = None
    said_by: Cited | None = None


@dataclass(frozen=True)
class Overlay:
    path: Path
    stances: tuple[Stance, ...]
    supports: tuple[Support, ...]
    proposals: tuple[Proposal, ...]


def _scalar(path: Path, node: YNode | None, key: str, line: int, required: bool = True) -> str:
    if node is None:
        if required:
            raise SourceError(path, f"field {key!r}: missing", line)
        return ""
    if not isinstance(node, YScalar):
        raise SourceError(path, f"field {key!r}: expected a text value", line)
    return node.value.strip()


def _entries(path: Path, root: YMap, key: str) -> list[YMap]:
    if key not in root.items:
        return []
    line, node = root.items[key]
    items = node.items if isinstance(node, YSeq) else None
    if items is None or not all(isinstance(item, YMap) for item in items):
        raise SourceError(path, f"field {key!r}: expected a list of entries", line)
    return [item for item in items if isinstance(item, YMap)]


def _get(entry: YMap, key: str) -> YNode | None:
    return entry.items[key][1] if key in entry.items else None


def _cited(path: Path, entry: YMap, source: SourceFile, lines_key: str = "lines") -> Cited:
    raw = _scalar(path, _get(entry, lines_key), lines_key, entry.line)
    start_s, _, end_s = raw.partition("-")
    if not start_s.strip().isdigit() or (end_s and not end_s.strip().isdigit()):
        raise SourceError(path, f"field {lines_key!r}: {raw!r} is not N or N-M", entry.line)
    start, end = int(start_s), int(end_s or start_s)
    if not 1 <= start <= end <= source.line_count:
        raise SourceError(
            path, f"field {lines_key!r}: {raw} is outside {source.path.name} (1-{source.line_count})", entry.line
        )
    quote = _scalar(path, _get(entry, "quote"), "quote", entry.line)
    if word_count(quote) > MAX_QUOTE_WORDS:
        raise SourceError(
            path, f"field 'quote': {word_count(quote)} words; a quotation has at most {MAX_QUOTE_WORDS}", entry.line
        )
    if not source.contains(start, end, quote):
        raise SourceError(path, f"field 'quote': not found in {source.path.name} lines {raw}: {quote!r}", entry.line)
    return Cited(start, end, quote, entry.line)


def _slug(path: Path, entry: YMap, key: str, records: RecordSet, required: bool = True) -> str:
    slug = _scalar(path, _get(entry, key), key, entry.line, required)
    if slug and slug not in records:
        raise SourceError(path, f"field {key!r}: {slug!r} is no record", entry.line)
    return slug


def read_overlay(path: Path, source: SourceFile, records: RecordSet) -> Overlay:
    try:
        root = read_yaml_file(path)
    except YamlProblem as exc:
        raise SourceError(path, exc.message, exc.line) from None
    if not isinstance(root, YMap):
        raise SourceError(path, "expected a mapping with stances, supports, proposals, agreed_text", 1)
    stances = []
    for entry in _entries(path, root, "stances"):
        stance = _scalar(path, _get(entry, "stance"), "stance", entry.line)
        if stance not in STANCES:
            raise SourceError(path, f"field 'stance': {stance!r} is not one of {', '.join(STANCES)}", entry.line)
        note = _scalar(path, _get(entry, "note"), "note", entry.line, required=False)
        holder = _slug(path, entry, "speaker", records)
        stances.append(Stance(holder, stance, _cited(path, entry, source), note, _said_by(path, entry, source)))
    supports = []
    for entry in _entries(path, root, "supports"):
        manner = _scalar(path, _get(entry, "kind"), "kind", entry.line)
        if manner not in MANNERS:
            raise SourceError(path, f"field 'kind': {manner!r} is not one of {', '.join(MANNERS)}", entry.line)
        supports.append(
            Support(
                _slug(path, entry, "from", records),
                _slug(path, entry, "to", records),
                manner,
                _cited(path, entry, source, "line"),
                _said_by(path, entry, source),
            )
        )
    proposals = []
    for entry in _entries(path, root, "proposals"):
        key = _scalar(path, _get(entry, "id"), "id", entry.line)
        summary = _scalar(path, _get(entry, "summary"), "summary", entry.line)
        by = _slug(path, entry, "by", records, required=False)
        proposals.append(Proposal(key, by, summary, _cited(path, entry, source), said_by=_said_by(path, entry, source)))
    if "agreed_text" in root.items:
        line, node = root.items["agreed_text"]
        if not isinstance(node, YMap):
            raise SourceError(path, "field 'agreed_text': expected lines and quote", line)
        summary = _scalar(path, _get(node, "summary"), "summary", line, required=False) or "Text agreed by the meeting"
        proposals.append(
            Proposal("agreed-text", "", summary, _cited(path, node, source), True, _agreed_cited(path, node, source))
        )
    return Overlay(path, tuple(stances), tuple(supports), tuple(proposals))


def _agreed_cited(path: Path, node: YMap, source: SourceFile) -> Cited | None:
    """``agreed_text``'s ``marked``: the lines and words that say the text was agreed (the
    quote of the text itself does not say so)."""
    return _sub_cited(path, node, "marked", source)


def _said_by(path: Path, node: YMap, source: SourceFile) -> Cited | None:
    """An entry's ``said_by``: the lines and words that say who spoke, for an entry whose turn's
    label does not (a speaker the notes name inside a line, a printed draft)."""
    return _sub_cited(path, node, "said_by", source)


def _sub_cited(path: Path, node: YMap, key: str, source: SourceFile) -> Cited | None:
    sub = _get(node, key)
    if sub is None:
        return None
    if not isinstance(sub, YMap):
        raise SourceError(path, f"field {key!r}: expected lines and quote", sub.line)
    return _cited(path, sub, source)


def turn_at(turns: tuple[Turn, ...], line: int) -> int | None:
    """The order (1-based) of the turn whose lines hold ``line``."""
    for order, turn in enumerate(turns, 1):
        if turn.line_start <= line <= turn.line_end:
            return order
    return None
