"""Sessions and day parts of a meeting record, from marks any text can carry.

A record of a long meeting divides the day with marks of its own: a clock time alone on a line
(``11:05 –``, ``17:00``, ``2.30 pm``), a break in brackets (``[LUNCH BREAK]``, ``<Short Break>``,
``(coffee break)``) and a line that names the part that follows (``After Lunch``, ``Afternoon
session``). A break opens a session; the time mark or name just after it (blank lines, rules and
``<…>`` placeholders aside) names that session rather than opening another. Text before the first
mark is a session of its own when it holds anything.

These marks are read from the text rather than by a format's reader because they are not a
format's: notes, exported calls and captions all write them the same way, and a reader's task is
where turns start. A time alone on a line is taken for a session mark only when the record has
few of them (:data:`MAX_TIME_MARKS`): captions that stamp every few lines have hundreds, and
those stamps are offsets into a recording, not the parts of a day.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace

from kg.meetings.lines import is_blank
from kg.meetings.model import SessionMark
from kg.meetings.transcripts.model import Reading

#: More clock times alone on a line than this: time stamps of a recording, not a day's sessions.
MAX_TIME_MARKS = 24
_TIME_MARK = re.compile(
    r"^\s*(?P<hour>\d{1,2})[:.h](?P<minute>[0-5]\d)\s*(?P<half>[ap])?(?:\.?m\.?)?\s*(?:[–—-]\s*)?$", re.IGNORECASE
)
_BREAK = re.compile(
    r"^\s*(?:\[[^\]]*\b(?:break|recess|lunch)\b[^\]]*\]|<[^>]*\b(?:break|recess|lunch)\b[^>]*>"
    r"|\([^)]*\b(?:break|recess|lunch)\b[^)]*\))\s*$",
    re.IGNORECASE,
)
_SESSION_LABEL = re.compile(
    r"^\s*(?:after (?:the )?(?:lunch(?: break)?|break|coffee break|recess)|(?:morning|afternoon|evening) session)"
    r"\s*[.:]?\s*$",
    re.IGNORECASE,
)
_RULE = re.compile(r"^\s*-{3,}\s*$")
_DAY_PART_WORDS = ("morning", "afternoon", "evening")


def clock_time(line: str) -> str:
    """The clock time a time-mark line gives, as ``H:MM`` on a 24-hour clock; "" for any other line
    (or an impossible time: ``27:10`` is no time of day)."""
    match = _TIME_MARK.match(line)
    if match is None:
        return ""
    hour, minute = int(match["hour"]), match["minute"]
    half = (match["half"] or "").lower()
    if half and not 1 <= hour <= 12:
        return ""
    if half:
        hour = hour % 12 + (12 if half == "p" else 0)
    return f"{hour}:{minute}" if hour < 24 else ""


def is_mark(line: str, with_times: bool = True) -> bool:
    """Whether the line is a session mark: a break, a session's name, or (``with_times``) a time."""
    return bool(_BREAK.match(line) or _SESSION_LABEL.match(line) or (with_times and clock_time(line)))


def times_mark_sessions(lines: Sequence[str]) -> bool:
    """Whether the record's lone clock times divide its day (few of them), or stamp a recording."""
    return sum(1 for line in lines if len(line) < 40 and clock_time(line)) <= MAX_TIME_MARKS


def session_marks(lines: Sequence[str]) -> tuple[SessionMark, ...]:
    """The record's sessions, in order, covering every line (one session when it marks none)."""
    starts = _starts(lines, times_mark_sessions(lines))
    if not starts or (starts[0][0] > 1 and any(not is_blank(x) for x in lines[: starts[0][0] - 1])):
        starts.insert(0, (1, ""))
    out = []
    for index, (number, label) in enumerate(starts):
        end = starts[index + 1][0] - 1 if index + 1 < len(starts) else len(lines)
        out.append(SessionMark(index + 1, label, number, end, clock_time(label)))
    return tuple(out)


def _starts(lines: Sequence[str], with_times: bool) -> list[tuple[int, str]]:
    """(line, label) of each mark that opens a session: a break opens one, and the time or name
    that follows it (blank lines, rules and placeholders aside) names it."""
    starts: list[tuple[int, str]] = []
    pending: int | None = None  # a session opened by a break and not named yet (its index in starts)
    for number, line in enumerate(lines, 1):
        if _BREAK.match(line):
            starts.append((number, ""))
            pending = len(starts) - 1
        elif _SESSION_LABEL.match(line) or (with_times and clock_time(line)):
            if pending is None:
                starts.append((number, line.strip()))
            else:
                starts[pending] = (starts[pending][0], line.strip())
            pending = None
        elif not is_blank(line) and not _RULE.match(line):
            pending = None
    return starts


def session_at(sessions: Sequence[SessionMark], line: int) -> SessionMark:
    """The session that holds ``line`` (the last one for a line past the end)."""
    return next((s for s in sessions if s.line_start <= line <= s.line_end), sessions[-1])


def within_sessions(reading: Reading, sessions: Sequence[SessionMark]) -> Reading:
    """The reading with each turn ending, at the latest, where its session ends: speech after a
    break and before the next header is not the last speaker's."""
    if len(sessions) < 2:
        return reading
    headers = []
    for header in reading.headers:
        end = session_at(sessions, header.line).line_end
        last = end if header.last_line is None else min(header.last_line, end)
        headers.append(replace(header, last_line=last) if last != header.last_line else header)
    return replace(reading, headers=tuple(headers))


def day_part(session: SessionMark, given: Mapping[int, str]) -> str:
    """Morning, afternoon or evening: as the metadata gives it, else by the session's time, or by
    its name ("After Lunch" is the afternoon, "Evening session" the evening); "" when nothing tells."""
    if session.order in given:
        return given[session.order]
    if session.time:
        hour = int(session.time.split(":")[0])
        return "morning" if hour < 12 else "afternoon" if hour < 18 else "evening"
    label = session.label.casefold()
    named = next((part for part in _DAY_PART_WORDS if part in label), "")
    return named or ("afternoon" if "lunch" in label else "")
