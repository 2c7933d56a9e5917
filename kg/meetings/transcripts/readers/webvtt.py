"""WebVTT captions (Teams, Zoom, YouTube): cues -> speaker turns.

The cue structure comes from webvtt-py; line numbers come from our own scan of the same blocks,
matched to the library's captions in order, because the library does not keep them. A speaker is
named by a ``<v Name>`` voice tag (Teams, YouTube), by a ``Name: text`` payload (Zoom), or a
change of speaker is marked by ``>>`` (caption writers, YouTube). Consecutive cues of one speaker
form one turn: one header at the first cue's payload line, ``last_line`` at the run's last payload
line, ``time`` the first cue's start. A cue without a speaker continues the current turn (captions
drop the name mid-turn); a file without any speaker has no headers at all.

The cue-to-turn logic (:func:`cue_turns`) and the display-name helpers are shared with the SRT
reader, which has the same cue model with another timing syntax.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import webvtt
from webvtt.vtt import WebVTTCueBlock

from kg.meetings.transcripts.guard import attempt, never_raises
from kg.meetings.transcripts.model import Reading, SourceText
from kg.meetings.transcripts.readers._cues import CueTurns, cue_turns, share_explained

NAME = "webvtt"
_TIMING = re.compile(r"^\s*(?P<start>(?:\d+:)?\d{1,2}:\d{1,2}\.\d{1,3})\s*-->\s*(?:\d+:)?\d{1,2}:\d{1,2}\.\d{1,3}")
_NON_CUE_BLOCKS = ("NOTE", "STYLE", "REGION")


@dataclass(frozen=True)
class Cue:
    """One cue as the text writes it: its timing line, its start as written and its payload lines
    (1-based line numbers, in order)."""

    timing_line: int
    start: str
    payload: tuple[int, ...]


def clean_lines(text: SourceText) -> list[str]:
    """The lines as the caption libraries must see them: no carriage return left inside a line
    (the libraries would split there and every later line number would shift), no BOM."""
    lines = [line.rstrip("\r").replace("\r", " ") for line in text.lines]
    if lines and lines[0].startswith("\ufeff"):
        lines[0] = lines[0][1:]
    return lines


def _blocks(lines: Sequence[str]) -> list[tuple[int, list[str]]]:
    """The blocks of a WebVTT text as the specification (and webvtt-py) cut them: a block ends at
    an empty line, and a ``-->`` line that cannot be the current block's timing line starts a new
    one. Each block comes with the 0-based index of its first line."""
    blocks: list[tuple[int, list[str]]] = []
    block: list[str] = []
    first = 0
    for index, line in enumerate(lines):
        starts_new = bool(block) and "-->" in line and (not blocks or len(block) > 1 or "-->" in block[0])
        if (not line or starts_new) and block:
            blocks.append((first, block))
            block = []
        if line:
            if not block:
                first = index
            block.append(line)
    if block:
        blocks.append((first, block))
    return blocks


def _scan(lines: Sequence[str]) -> tuple[list[tuple[Cue, list[str], str | None]], list[int]]:
    """Cue blocks (the cue, its payload texts, its identifier) and the scaffolding lines (header,
    NOTE/STYLE/REGION blocks, identifiers, timing lines), all by our own scan."""
    cues: list[tuple[Cue, list[str], str | None]] = []
    scaffolding: list[int] = []
    for number, (first, block) in enumerate(_blocks(lines)):
        lines_of_block = list(range(first + 1, first + 1 + len(block)))
        if number == 0 or block[0].startswith(_NON_CUE_BLOCKS) or not WebVTTCueBlock.is_valid(block):
            if number == 0 or block[0].startswith(_NON_CUE_BLOCKS):
                scaffolding.extend(lines_of_block)
            continue
        at = 0 if "-->" in block[0] else 1
        timing = _TIMING.match(block[at])
        if timing is None:
            continue
        scaffolding.extend(lines_of_block[: at + 1])
        cue = Cue(lines_of_block[at], timing["start"], tuple(lines_of_block[at + 1 :]))
        cues.append((cue, block[at + 1 :], block[0] if at else None))
    return cues, scaffolding


def _validated(lines: Sequence[str]) -> tuple[list[Cue], list[int], str]:
    """The cues that webvtt-py also reads, in order, with their line numbers; a note when the
    library refused the text (then our own scan stands alone)."""
    if not lines or not lines[0].startswith("WEBVTT"):
        return [], [], ""
    scanned, scaffolding = _scan(lines)
    parsed = attempt(lambda: webvtt.from_string("\n".join(lines)).captions)
    if parsed.value is None:
        note = f"webvtt-py refused the text ({parsed.error}); cues were read by a line scan"
        return [cue for cue, _, _ in scanned], scaffolding, note
    captions = parsed.value
    cues: list[Cue] = []
    position = 0
    for caption in captions:
        # The library keeps blocks in order and drops the ones it cannot read: walk our blocks
        # forward to the one holding the same payload (and identifier).
        while position < len(scanned):
            cue, payload, identifier = scanned[position]
            position += 1
            if payload == caption.lines and identifier == caption.identifier:
                cues.append(cue)
                break
    return cues, scaffolding, ""


def _header_metadata(lines: Sequence[str]) -> tuple[str, str]:
    """Title and date where a header block states them (``Title: …``, ``Date: 2025-03-02``)."""
    title = date = ""
    for line in lines[1:20]:
        if not line:
            break
        key, _, value = line.partition(":")
        if key.strip().lower() == "title" and value.strip():
            title = value.strip()
        elif key.strip().lower() == "date" and re.fullmatch(r"\s*\d{4}-\d{2}-\d{2}\s*", value):
            date = value.strip()
    return title, date


class WebVTTReader:
    """WebVTT captions with ``<v Name>`` voice tags, ``Name: text`` payloads or ``>>`` changes."""

    name = NAME
    summary = "WebVTT captions (Teams <v Name>, Zoom 'Name: text', YouTube '>>'): runs of one speaker's cues"

    @never_raises
    def read(self, text: SourceText) -> Reading:
        lines = clean_lines(text)
        cues, scaffolding, note = _validated(lines)
        if not cues:
            return Reading(reader=NAME, confidence=0.0)
        found = cue_turns(lines, [(cue.start, cue.payload) for cue in cues], voice_tags=True)
        return _reading(lines, found, scaffolding, note)


def _reading(lines: Sequence[str], found: CueTurns, scaffolding: list[int], note: str) -> Reading:
    title, date = _header_metadata(lines)
    notes = [note] if note else []
    if not found.headers:
        notes.append("no cue names a speaker (no <v Name>, 'Name: text' or '>>'): the text has no turns")
        # A WebVTT text all the same: say so faintly, so detection can name the format.
        confidence = 0.2
    else:
        share = share_explained(lines, found, scaffolding)
        confidence = round(share * (0.8 if note else 0.98), 3)
    notes.extend(found.notes)
    return Reading(
        reader=NAME,
        confidence=confidence,
        headers=found.headers,
        stage_notes=found.stage_notes,
        scaffolding=tuple(sorted(set(scaffolding))),
        title=title,
        date=date,
        unplaced=found.unplaced,
        notes=tuple(notes),
    )


READER = WebVTTReader()

__all__ = ["NAME", "READER", "Cue", "WebVTTReader", "clean_lines"]
