"""What a meeting record's extraction holds: its sessions and its speaker turns, by line."""

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
    """One speaker turn: the speaker label as written (empty for a passage the record attributes
    to no one) and the lines from the label to the last line before the next turn or session."""

    label: str
    label_line: int
    line_start: int
    line_end: int
    session: int
    time: str = ""  # the time the header line gives this turn, as written
    organization: str = ""  # the group the header shows the speaker with ("Nominet UK" above "Martin Boyle")


@dataclass(frozen=True)
class ResolvedTurn:
    """A turn in record order (from 1), with the records its labels resolve to."""

    order: int
    turn: Turn
    speaker: str  # slug, or "" when unattributed or not resolved
    speaks_for: str
    note: str  # why a labelled turn is left unattributed (the metadata's reason)
