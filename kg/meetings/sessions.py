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

The marks are found in one pass over the lines (:class:`SessionScan`), so that a transcript too
large to hold (:mod:`kg.meetings.streamed`) is divided exactly as one read whole.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

from kg.meetings.lines import is_blank
from kg.meetings.model import SessionMark
from kg.meetings.transcripts.model import Header, Reading

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
    return sum(1 for line in lines if _is_time_mark(line)) <= MAX_TIME_MARKS


def _is_time_mark(line: str) -> bool:
    return len(line) < 40 and bool(clock_time(line))


def session_marks(lines: Iterable[str]) -> tuple[SessionMark, ...]:
    """The record's sessions, in order, covering every line (one session when it marks none)."""
    scan = SessionScan()
    for line in lines:
        scan.feed(line)
    return scan.marks()


class SessionScan:
    """The sessions of a record read line by line, in one pass (a transcript too large to hold):
    :meth:`feed` each line in order, then :meth:`marks`.

    Whether lone clock times mark sessions is known only at the end (few of them, or a recording's
    stamps), so the marks are followed both ways at once; the way with times is dropped as soon
    as the times are too many to be sessions, so that memory holds a few dozen marks, not every
    stamp of a recording."""

    def __init__(self) -> None:
        self.count = 0  # lines fed
        self.times = 0  # lone clock times among them
        self.without_times = _Starts(with_times=False)
        self.with_times: _Starts | None = _Starts(with_times=True)

    def feed(self, line: str) -> None:
        self.count += 1
        if _is_time_mark(line):
            self.times += 1
            if self.times > MAX_TIME_MARKS:
                self.with_times = None
        self.without_times.feed(self.count, line)
        if self.with_times is not None:
            self.with_times.feed(self.count, line)

    def marks(self) -> tuple[SessionMark, ...]:
        found = self.with_times or self.without_times
        starts = list(found.starts)
        if not starts or found.text_before:
            starts.insert(0, (1, ""))
        out = []
        for index, (number, label) in enumerate(starts):
            end = starts[index + 1][0] - 1 if index + 1 < len(starts) else self.count
            out.append(SessionMark(index + 1, label, number, end, clock_time(label)))
        return tuple(out)


class _Starts:
    """(line, label) of each mark that opens a session: a break opens one, and the time or name
    that follows it (blank lines, rules and placeholders aside) names it."""

    def __init__(self, with_times: bool) -> None:
        self.with_times = with_times
        self.starts: list[tuple[int, str]] = []
        self.pending: int | None = None  # a session opened by a break and not named yet (its index in starts)
        self.text_before = False  # text before the first mark: a session of its own

    def feed(self, number: int, line: str) -> None:
        opened = bool(self.starts)
        self._mark(number, line)
        if not opened and not self.starts and not is_blank(line):
            self.text_before = True

    def _mark(self, number: int, line: str) -> None:
        """The session ``line`` opens or names, if any."""
        if _BREAK.match(line):
            self.starts.append((number, ""))
            self.pending = len(self.starts) - 1
        elif _SESSION_LABEL.match(line) or (self.with_times and clock_time(line)):
            if self.pending is None:
                self.starts.append((number, line.strip()))
            else:
                self.starts[self.pending] = (self.starts[self.pending][0], line.strip())
            self.pending = None
        elif not is_blank(line) and not _RULE.match(line):
            self.pending = None


def session_at(sessions: Sequence[SessionMark], line: int) -> SessionMark:
    """The session that holds ``line`` (the last one for a line past the end)."""
    return next((s for s in sessions if s.line_start <= line <= s.line_end), sessions[-1])


def within_sessions(reading: Reading, sessions: Sequence[SessionMark]) -> Reading:
    """The reading with each turn ending, at the latest, where its session ends: speech after a
    break and before the next header is not the last speaker's."""
    if len(sessions) < 2:
        return reading
    return replace(reading, headers=tuple(within_session(h, session_at(sessions, h.line)) for h in reading.headers))


def within_session(header: Header, session: SessionMark) -> Header:
    """The header with its turn ending, at the latest, where ``session`` (the one its line is in)
    ends. For a record of more than one session: one session is the whole record."""
    end = session.line_end
    last = end if header.last_line is None else min(header.last_line, end)
    return replace(header, last_line=last) if last != header.last_line else header


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
