"""The record styles behind one interface, and which one a record is written in.

Each style is a module with ``STYLE`` (its name), ``cues`` (how strongly a text reads as that
style; 0 when it does not) and ``parse`` (the text -> sessions and turns). The style with the
strongest cues wins; a text that shows none of them is refused, naming the styles it could be.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from kg.core.errors import SourceError
from kg.meetings import call, markdown, notes
from kg.meetings.meta import MeetingMeta
from kg.meetings.model import Parsed
from kg.meetings.names import SpeakerNames


class StyleReader(Protocol):
    """What every style module provides (the modules themselves satisfy this protocol)."""

    STYLE: str

    def cues(self, lines: tuple[str, ...], names: SpeakerNames) -> int: ...

    def parse(self, lines: tuple[str, ...], names: SpeakerNames) -> Parsed: ...


_READERS: tuple[StyleReader, ...] = (call, markdown, notes)
PARSERS: dict[str, StyleReader] = {reader.STYLE: reader for reader in _READERS}


def detect_style(path: Path, lines: tuple[str, ...], names: SpeakerNames) -> str:
    """The style whose cues are strongest (ties go to the later name, so the choice is stable)."""
    scores = {style: parser.cues(lines, names) for style, parser in PARSERS.items()}
    best = max(scores, key=lambda s: (scores[s], s))
    if scores[best] == 0:
        raise SourceError(
            path,
            "unrecognised record style: expected speaker lines 'Name   MM:SS' (call), Markdown headings "
            "'#### Name 0:04' (markdown), or names alone on a line with time marks such as '11:05' (notes)",
        )
    return best


def parse_record(style: str, lines: tuple[str, ...], names: SpeakerNames, meta: MeetingMeta) -> Parsed:
    """The record's sessions and turns, read in its style. Only a note-taker's record has lines
    the rules cannot decide, so only it takes the metadata's ``turns`` and ``not_turns``."""
    if style == notes.STYLE:
        overrides = {n: True for n in meta.turns} | {n: False for n in meta.not_turns}
        return notes.parse(lines, names, overrides)
    return PARSERS[style].parse(lines, names)
