"""What every transcript reader takes and gives: lines in, speaker-turn headers out.

A reader never decides who a speaker is (that is :mod:`kg.meetings.speakers`); it says where the
turns start, with the label as written, and how sure it is. One header line is one turn.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Protocol

#: ``speaker``: a name or role as written ("Jennifer Chung", "The President", "Chair");
#: ``generic``: a label that names nobody ("PARTICIPANT", "[Speaker Unknown]", a room microphone);
#: ``unnamed``: a speaker change the text marks without any label (IGF captions' bare ``>>``).
HeaderKind = Literal["speaker", "generic", "unnamed"]


@dataclass(frozen=True)
class SourceText:
    """A transcript as lines. ``lines[0]`` is line 1. For text extracted from a page (HTML),
    ``line_map[i]`` is the page line that ``lines[i]`` comes from, so that every line number a
    reader gives can be mapped back to the file the user has."""

    name: str
    lines: tuple[str, ...]
    line_map: tuple[int, ...] | None = None

    def source_line(self, line: int) -> int:
        """The line of the original file for 1-based ``line`` of this text."""
        return self.line_map[line - 1] if self.line_map is not None else line


@dataclass(frozen=True)
class Header:
    """Where a speaker turn starts, as the text writes it."""

    line: int  # 1-based line of the label: the line a person points at ("one header line = one turn")
    label: str  # the label as written, markup and punctuation of the format removed ("" when unnamed)
    kind: HeaderKind = "speaker"
    time: str = ""  # the time the header gives, as written ("00:03:21", "4:22", "11:05")
    affiliation: str = ""  # what the header adds to the name: "Besu", "IAHWG", "Prysmatic Labs", "Kenya"
    role: str = ""  # a role the header states: "Co-Chair", "Moderator", "President"
    confidence: float = 1.0  # the reader's confidence that this line opens a turn (0..1)
    last_line: int | None = None  # the turn's last line when the format delimits it (a cue run, a <u>)


@dataclass(frozen=True)
class Reading:
    """What a reader made of a whole text."""

    reader: str
    confidence: float  # 0..1: how well the whole text fits this format (0: not at all)
    headers: tuple[Header, ...] = ()
    stage_notes: tuple[int, ...] = ()  # lines that are stage notes: [Applause], (spoke in French), <Laughter>
    scaffolding: tuple[int, ...] = ()  # lines of the format itself: WEBVTT, cue numbers and timings, markup
    title: str = ""  # the meeting's title, where the text states it
    date: str = ""  # the meeting's date (ISO), where the text states it
    unplaced: tuple[int, ...] = ()  # lines that look like headers but could not be read as one
    notes: tuple[str, ...] = field(default=())  # what the reader wants the user to know


class Reader(Protocol):
    """A transcript format. ``read`` never raises on any text: a text it cannot read gets a
    :class:`Reading` with confidence 0."""

    name: str  # what ``--reader NAME`` takes
    summary: str  # one line: the format and its header convention, for --help and refusals

    def read(self, text: SourceText) -> Reading: ...
