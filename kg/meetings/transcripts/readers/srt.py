"""SRT subtitles with speaker names in the text: numbered cues, ``00:00:01,000 --> 00:00:04,000``,
then the payload, where a speaker is written ``Name: text``, ``[Name] text``, ``>> Name: text``
or ``- Name: text`` (a bare ``>>`` marks a change of speaker without a name).

The cues come from the ``srt`` library; line numbers from our own scan of the timing lines,
matched to the library's subtitles in order by their start time. Consecutive cues of one speaker
form one turn, as in WebVTT (:func:`kg.meetings.transcripts.readers._cues.cue_turns`).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from datetime import timedelta

import srt  # type: ignore[import-untyped]  # the library ships no type information

from kg.meetings.transcripts.guard import attempt, never_raises
from kg.meetings.transcripts.model import Reading, SourceText
from kg.meetings.transcripts.readers._cues import cue_turns, share_explained
from kg.meetings.transcripts.readers.webvtt import clean_lines

NAME = "srt"
# The srt library's own tolerance: ``,`` ``.`` or ``:`` before the milliseconds, ``-->`` or ``- >``.
_STAMP = r"\d+[,.:]\d+[,.:]\d+(?:[,.:]\d*)?"
_TIMING = re.compile(rf"^\s*(?P<start>{_STAMP}) *-[ -] *> *{_STAMP}")
_INDEX = re.compile(r"^\s*-?\d+\s*$")
_SRT_SHAPE = re.compile(r"^\s*\d{1,2}:\d{2}:\d{2},\d{3} *--> *\d{1,2}:\d{2}:\d{2},\d{3}")


def _start(stamp: str) -> timedelta | None:
    start = attempt(lambda: srt.srt_timestamp_to_timedelta(stamp)).value
    return start if isinstance(start, timedelta) else None


class _Quiet(logging.Filter):
    """Drops the srt library's warning about text it skips: it quotes the whole skipped text, and
    every text that detection offers to this reader would be logged."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("Skipped unparseable")


def _subtitles(lines: Sequence[str]) -> list[srt.Subtitle]:
    quiet = _Quiet()
    srt.LOG.addFilter(quiet)
    try:
        # A text the library cannot read at all has no cue for this reader.
        return attempt(lambda: list(srt.parse("\n".join(lines), ignore_errors=True))).value or []
    finally:
        srt.LOG.removeFilter(quiet)


def _cues(lines: Sequence[str]) -> tuple[list[tuple[str, tuple[int, ...]]], list[int], int, int]:
    """Cues as (start as written, payload line numbers) for each subtitle the library reads, the
    scaffolding lines (indices, timings), and how many cues are numbered and SRT-timed."""
    timings = [(n, m["start"]) for n, line in enumerate(lines, 1) if (m := _TIMING.match(line))]
    if len(timings) < 2:
        return [], [], 0, 0
    cues: list[tuple[str, tuple[int, ...]]] = []
    scaffolding: list[int] = []
    numbered = shaped = 0
    position = 0
    for subtitle in _subtitles(lines):
        # The library keeps subtitles in order and skips what it cannot read: walk our timing
        # lines forward to the one with the same start.
        while position < len(timings):
            line, start = timings[position]
            position += 1
            if _start(start) != subtitle.start:
                continue
            size = len(subtitle.content.split("\n")) if subtitle.content else 0
            # The payload ends where the library's content ends, and never past the next timing
            # line (the library can take a timing it could not read as content).
            stop = min(line + 1 + size, timings[position][0] if position < len(timings) else len(lines) + 1)
            cues.append((start, tuple(range(line + 1, stop))))
            scaffolding.append(line)
            if line > 1 and _INDEX.match(lines[line - 2]):
                scaffolding.append(line - 1)
                numbered += 1
            shaped += bool(_SRT_SHAPE.match(lines[line - 1]))
            break
    return cues, scaffolding, numbered, shaped


class SrtReader:
    """SRT subtitles whose text names the speaker."""

    name = NAME
    summary = "SRT subtitles with 'Name: text', '[Name] text', '>> Name:' or '- Name:' in the cues"

    @never_raises
    def read(self, text: SourceText) -> Reading:
        lines = clean_lines(text)
        first = next((line for line in lines if line.strip()), "")
        if first.lstrip().startswith("WEBVTT"):
            return Reading(reader=NAME, confidence=0.0)  # WebVTT's, whose reader knows its blocks
        cues, scaffolding, numbered, shaped = _cues(lines)
        if len(cues) < 2:
            return Reading(reader=NAME, confidence=0.0)
        found = cue_turns(lines, cues, voice_tags=False)
        notes = list(found.notes)
        if not found.headers:
            notes.append("no cue names a speaker ('Name:', '[Name]', '>>'): the text has no turns")
            confidence = 0.2 * numbered / len(cues)
        else:
            # Numbered cues with comma milliseconds are SRT's signature; timing lines alone are
            # shared with other exports (Teams ``0:0:5.390 --> …``).
            evidence = 0.5 + 0.25 * numbered / len(cues) + 0.23 * shaped / len(cues)
            confidence = share_explained(lines, found, scaffolding) * evidence
        return Reading(
            reader=NAME,
            confidence=round(confidence, 3),
            headers=found.headers,
            stage_notes=found.stage_notes,
            scaffolding=tuple(sorted(scaffolding)),
            unplaced=found.unplaced,
            notes=tuple(notes),
        )


READER = SrtReader()

__all__ = ["NAME", "READER", "SrtReader"]
