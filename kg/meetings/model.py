"""What a meeting-record parser produces: the record's sessions and speaker turns, by line."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SessionMark:
    """A continuous part of the meeting, as the record marks it (a time mark or a break)."""

    order: int
    label: str  # the mark as written ("11:05 –", "After Lunch"); "" when the record marks none
    line_start: int
    line_end: int
    time: str = ""  # the time mark, normalised to H:MM, when the label has one


@dataclass(frozen=True)
class Turn:
    """One speaker turn: the speaker label as written (empty when the passage is unattributed)
    and the lines from the label to the last line before the next turn or session mark."""

    label: str
    label_line: int
    line_start: int
    line_end: int
    session: int
    time: str = ""  # the time mark the record gives this turn, as written
    organization: str = ""  # an organization label written on the line before a person's


@dataclass(frozen=True)
class Parsed:
    style: str
    sessions: tuple[SessionMark, ...]
    turns: tuple[Turn, ...]
