"""Style (b): Markdown transcripts from a meeting recorder.

A turn opens with a heading or bold line holding a name and a time: ``#### Name 0:04``,
``**Name** 4:22``, ``# Surname, Name 16:48``; sometimes the same without markup. Headings and a
date before the first turn are the export's front matter, not speech. Several people may talk
under one heading (the recording account); the metadata lists such labels.
"""

from __future__ import annotations

import re

from kg.meetings.lines import trim
from kg.meetings.model import Parsed, SessionMark, Turn
from kg.meetings.names import SpeakerNames

STYLE = "markdown"
_LABEL = re.compile(
    r"^(?P<mark>#{1,6}\s+)?(?P<bold>\*\*)?(?P<name>[^#*\s][^#*.?!:]{0,60}?)(?:\*\*)?\s+"
    r"(?P<time>\d{1,2}:\d{2}(?::\d{2})?)\s*$"
)


def _label(line: str, names: SpeakerNames) -> re.Match[str] | None:
    match = _LABEL.match(line.strip())
    if not match or len(match["name"].split()) > 5:
        return None
    if match["mark"] or match["bold"]:
        return match
    # Without markup, only a name we know: a line of speech can also end in a time.
    return match if names.resolve(match["name"]) else None


def cues(lines: tuple[str, ...], names: SpeakerNames) -> int:
    marked = [line for line in lines if line.lstrip().startswith(("#", "**")) and _label(line, names)]
    return len(marked) * 2 if len(marked) >= 2 else 0


def parse(lines: tuple[str, ...], names: SpeakerNames) -> Parsed:
    starts = [(n, m) for n, line in enumerate(lines, 1) if (m := _label(line, names))]
    turns: list[Turn] = []
    first = starts[0][0] if starts else len(lines) + 1
    speech = [n for n in range(1, first) if lines[n - 1].strip() and not _front_matter(lines[n - 1])]
    if speech:
        turns.append(Turn("", speech[0], speech[0], trim(lines, speech[0], first - 1), 1))
    for i, (number, match) in enumerate(starts):
        nxt = starts[i + 1][0] if i + 1 < len(starts) else len(lines) + 1
        turns.append(Turn(match["name"].strip(), number, number, trim(lines, number, nxt - 1), 1, match["time"]))
    return Parsed(STYLE, (SessionMark(1, "", 1, len(lines)),), tuple(turns))


_DATE_LINE = re.compile(r"^\s*\d{1,2}\s+[A-Z][a-z]+\s+\d{4}\b")


def _front_matter(line: str) -> bool:
    return line.lstrip().startswith("#") or bool(_DATE_LINE.match(line))
