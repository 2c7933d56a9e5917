"""Per-line corrections from a meeting's metadata: the lines no reader can decide, settled one by one.

A reader decides by rule which lines open a turn. Where a line is truly undecidable from the text
(an inline label that may be the speaker or the person addressed), the metadata settles it, each
entry with its reason:

- ``turns`` (line -> reason): the line opens a turn, although the reader reads it as speech. Its
  label is what the line writes before a dash, colon or comma (``Chair – I did include IGOs.`` ->
  ``Chair``), or the whole line (``EU ?``).
- ``not_turns`` (line -> reason): the reader takes the line for a header and it is none; its lines
  go on with the turn before it.

The corrections are applied to the reader's headers, between reading and cutting the text into
turns, in the same way for the seed extraction (:mod:`kg.meetings.extract`) and for the build's
transcript loader (:mod:`kg.meetings.to_quads`); for a transcript too large to hold its headers
as objects (:mod:`kg.meetings.streamed`), to the headers they touch only
(:func:`correct_headers`). An entry that changes nothing (the reader already decides the line
that way) is reported, so that the metadata can shrink.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from kg.core.errors import SourceError
from kg.meetings.meta import MeetingMeta
from kg.meetings.transcripts.labels import clean_label, label_kind
from kg.meetings.transcripts.model import Header, Reading

#: What ends a label written inline, before the words said: a spaced dash, a colon, a comma.
_INLINE_END = re.compile(r"\s[–—-]\s|\s[–—-]$|[:,]")


@dataclass(frozen=True)
class Corrected:
    """The reading with the metadata's corrections applied, and the entries that changed nothing."""

    reading: Reading
    #: (field, line) of each entry the reader already agrees with: it can be removed.
    unneeded: tuple[tuple[str, int], ...] = ()


def check_lines(meta: MeetingMeta, name: str, count: int) -> None:
    """Refuse an entry for a line the transcript does not have."""
    for field in ("turns", "not_turns"):
        entries: dict[int, str] = getattr(meta, field)
        past = sorted(n for n in entries if n > count)
        if past:
            raise SourceError(
                meta.path,
                f"field {field!r}: line {past[0]} is past the end of {name} ({count} lines)",
                meta.lines.get(field, 1),
            )


def forced_label(line: str) -> str:
    """The label of a line the metadata says opens a turn: what it writes before a dash, colon or
    comma ("Chair – I did mention that." -> "Chair"), else the whole line ("EU ?")."""
    text = line.strip()
    cut = _INLINE_END.search(text)
    return clean_label(text[: cut.start()] if cut and cut.start() > 0 else text)


def apply_corrections(reading: Reading, meta: MeetingMeta, line_text: Callable[[int], str]) -> Corrected:
    """The reading with the metadata's ``turns`` added as headers and its ``not_turns`` removed.
    ``line_text`` gives the text of a line as the user's file numbers it."""
    if not meta.turns and not meta.not_turns:
        return Corrected(reading)
    headers = {h.line: h for h in reading.headers}
    unneeded, added = correct_headers(headers, meta, line_text)
    corrected = replace(
        reading,
        headers=tuple(headers[n] for n in sorted(headers)),
        stage_notes=_without(reading.stage_notes, added),
        scaffolding=_without(reading.scaffolding, added),
    )
    return Corrected(corrected, unneeded)


def correct_headers(
    headers: dict[int, Header], meta: MeetingMeta, line_text: Callable[[int], str]
) -> tuple[tuple[tuple[str, int], ...], set[int]]:
    """Apply the metadata's corrections to ``headers`` (line -> header), in place; the entries that
    changed nothing, and the lines of the headers added.

    ``headers`` may be only some of a reading's (a transcript too large to hold them all), as long
    as it holds the header at every line the metadata names, if any, and the one before each line
    of ``not_turns``: a header removed gives its lines to the one before it, and nothing else is
    read or changed."""
    unneeded = [("not_turns", line) for line in sorted(meta.not_turns) if not _remove(headers, line)]
    added: set[int] = set()
    for line in sorted(meta.turns):
        if line in headers:
            unneeded.append(("turns", line))
        else:
            headers[line] = _forced(meta, line, line_text(line))
            added.add(line)
    return tuple(sorted(unneeded, key=lambda entry: entry[1])), added


def _without(lines: tuple[int, ...], headers: set[int]) -> tuple[int, ...]:
    """Lines no longer stage notes or scaffolding once the metadata makes them headers."""
    return tuple(n for n in lines if n not in headers)


def _forced(meta: MeetingMeta, line: int, text: str) -> Header:
    label = forced_label(text)
    if not label:
        raise SourceError(
            meta.path,
            f"field 'turns': line {line} of {meta.source} has no label to open a turn with",
            meta.lines.get("turns", 1),
        )
    return Header(line=line, label=label, kind=label_kind(label), confidence=1.0)


def _remove(headers: dict[int, Header], line: int) -> bool:
    """Drop the header at ``line`` (False when there is none); the turn before it takes its
    lines, to where the removed turn ended."""
    removed = headers.pop(line, None)
    if removed is None:
        return False
    before = max((n for n in headers if n < line), default=None)
    if before is not None and headers[before].last_line is not None:
        # A turn its format delimits (a cue run) now runs over the removed turn's lines too.
        previous = headers[before]
        last = None if removed.last_line is None else max(previous.last_line or 0, removed.last_line)
        headers[before] = replace(previous, last_line=last)
    return True
