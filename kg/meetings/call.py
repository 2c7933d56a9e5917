"""Style (a): exported call transcripts.

A turn opens with a line ``Name   MM:SS`` (the name, two or more spaces, a time), usually after an
``[image: ]`` placeholder. A room microphone appears as its device name; who speaks into it is
not written, so such turns are kept under the label as written and left unattributed (the
metadata lists such labels).
"""

from __future__ import annotations

import re

from kg.meetings.lines import trim
from kg.meetings.model import Parsed, SessionMark, Turn
from kg.meetings.names import SpeakerNames

STYLE = "call"
_LABEL = re.compile(r"^\s*(?P<name>\S(?:[^.?!]{0,60}\S)?)\s{2,}(?P<time>\d{1,2}:\d{2}(?::\d{2})?)\s*$")
_IMAGE = re.compile(r"^\s*\[image:[^\]]*\]\s*$")


def _label(line: str) -> re.Match[str] | None:
    match = _LABEL.match(line)
    return match if match and len(match["name"].split()) <= 6 else None


def cues(lines: tuple[str, ...], names: SpeakerNames) -> int:
    labels = sum(1 for line in lines if _label(line))
    images = sum(1 for line in lines if _IMAGE.match(line))
    return labels + images if labels >= 2 else 0


def parse(lines: tuple[str, ...], names: SpeakerNames) -> Parsed:
    starts = [(n, m) for n, line in enumerate(lines, 1) if (m := _label(line))]
    turns: list[Turn] = []
    first = starts[0][0] if starts else len(lines) + 1
    lead_end = trim(lines, 1, first - 1)
    if first > 1 and any(not _IMAGE.match(x) and x.strip() for x in lines[: first - 1]):
        begin = next(n for n, x in enumerate(lines, 1) if x.strip() and not _IMAGE.match(x))
        turns.append(Turn("", begin, begin, lead_end, 1))
    for i, (number, match) in enumerate(starts):
        nxt = starts[i + 1][0] if i + 1 < len(starts) else len(lines) + 1
        end = trim(lines, number, nxt - 1)
        turns.append(Turn(match["name"].strip(), number, number, end, 1, match["time"]))
    session = SessionMark(1, "", 1, len(lines))
    return Parsed(STYLE, (session,), tuple(turns))
