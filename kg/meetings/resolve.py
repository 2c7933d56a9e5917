"""Speaker resolution: each turn's label -> the record it names, or left unattributed with a reason.

Precision first: a label resolves only through :class:`~kg.meetings.names.SpeakerNames` (exact
labels, declared labels, "Surname, Name" turned round); a label several people speak under is
left unattributed as the metadata says; a label that names no record stays as written and is
reported for review, never guessed.
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.meetings.meta import MeetingMeta
from kg.meetings.model import Turn
from kg.meetings.names import SpeakerNames


@dataclass(frozen=True)
class ResolvedTurn:
    """A turn in record order (from 1), with the records its labels resolve to."""

    order: int
    turn: Turn
    speaker: str  # slug, or "" when unattributed or not resolved
    speaks_for: str
    note: str  # why a labelled turn is left unattributed


def resolve_turns(
    turns: tuple[Turn, ...], meta: MeetingMeta, names: SpeakerNames
) -> tuple[tuple[ResolvedTurn, ...], tuple[tuple[str, int], ...]]:
    """The turns, numbered from 1 with their speakers resolved, and the labels (with their lines)
    that name no record."""
    resolved: list[ResolvedTurn] = []
    unresolved: list[tuple[str, int]] = []
    for order, turn in enumerate(turns, 1):
        speaker = speaks_for = note = ""
        if turn.label in meta.unattributed_labels:
            note = meta.unattributed_labels[turn.label]
        elif turn.label:
            speaker = names.resolve(turn.label) or ""
            if not speaker:
                unresolved.append((turn.label, turn.label_line))
            if turn.organization:
                speaks_for = names.resolve(turn.organization) or ""
        resolved.append(ResolvedTurn(order, turn, speaker, speaks_for, note))
    return tuple(resolved), tuple(unresolved)
