"""Style (c): a note-taker's record.

A delegation or person name stands alone on a line; what they said follows, until the next name.
Time marks (``11:05 –``, ``17:00``) and breaks (``[LUNCH BREAK]``, ``<Short Break>``) divide the
day into sessions; a label right after a break (``After Lunch``) names the session it opens.

Which lines are names is decided by rule: the whole line (less a bracketed note, or a dash and one
word such as "– proposal") must be the label of a body, person or post we know, or a label the
metadata declares. A line of running text that happens to be a name right after a speaker label
("Philippines" / "ECOSOC") is speech, except a person's name under an organization's ("Nominet
UK" / "Martin Boyle"), which is one speaker. What rules cannot decide, the metadata settles line
by line (``turns`` and ``not_turns``, each with its reason).
"""

from __future__ import annotations

import re

from kg.meetings.lines import is_blank, trim
from kg.meetings.model import Parsed, SessionMark, Turn
from kg.meetings.names import SpeakerNames

STYLE = "notes"
_TIME_MARK = re.compile(r"^\s*(?P<time>\d{1,2}[:.]\d{2})\s*(?:[–-]\s*)?$")
_BREAK = re.compile(r"^\s*(?:\[[^\]]*\bbreak\b[^\]]*\]|<[^>]*\bbreak\b[^>]*>)\s*$", re.IGNORECASE)
_RULE = re.compile(r"^\s*-{3,}\s*$")
_SESSION_LABEL = re.compile(r"^\s*(?:after (?:the )?lunch|after the break)\s*$", re.IGNORECASE)
_NOTE = re.compile(r"\s*\([^)]*\)\s*$")
_DASH_NOTE = re.compile(r"^(?P<name>.*?)\s*[–-]\s*(?:\w+)?\s*$")
_NOT_A_NAME = re.compile(r"[.,;:?!\"“”]")


def time_of(mark: str) -> str:
    match = _TIME_MARK.match(mark)
    return match["time"].replace(".", ":") if match else ""


def label_name(line: str) -> str:
    """The name a line would give as a speaker label, or "" if it cannot be one."""
    text = _NOTE.sub("", line.strip())
    dash = _DASH_NOTE.match(text)
    if dash and dash["name"]:
        text = dash["name"]
    if not text or len(text.split()) > 5 or _NOT_A_NAME.search(text):
        return ""
    return text


def forced_label(line: str) -> str:
    """The label of a line the metadata says opens a turn: the words before a dash, if any
    ("Chair – I did mention that." -> "Chair"), else the whole line ("EU ?")."""
    parts = re.split(r"\s+[–-]\s+", line.strip(), maxsplit=1)
    return parts[0].strip()


def _is_mark(line: str) -> bool:
    return bool(_TIME_MARK.match(line) or _BREAK.match(line) or _RULE.match(line) or _SESSION_LABEL.match(line))


def cues(lines: tuple[str, ...], names: SpeakerNames) -> int:
    marks = sum(1 for line in lines if _TIME_MARK.match(line) or _BREAK.match(line))
    labels = sum(1 for line in lines if (name := label_name(line)) and names.resolve(name))
    return marks + labels if marks >= 1 and labels >= 3 else 0


def _sessions(lines: tuple[str, ...]) -> list[SessionMark]:
    starts: list[tuple[int, str]] = []  # (line, label)
    pending: int | None = None  # index in starts of a session opened by a break, not yet named
    for number, line in enumerate(lines, 1):
        if _BREAK.match(line):
            starts.append((number, ""))
            pending = len(starts) - 1
        elif _TIME_MARK.match(line) or _SESSION_LABEL.match(line):
            if pending is not None:
                starts[pending] = (starts[pending][0], line.strip())
                pending = None
            else:
                starts.append((number, line.strip()))
        elif not is_blank(line) and not _RULE.match(line):
            pending = None
    if not starts or (starts[0][0] > 1 and any(not is_blank(x) for x in lines[: starts[0][0] - 1])):
        starts.insert(0, (1, ""))
    out = []
    for i, (number, label) in enumerate(starts):
        end = starts[i + 1][0] - 1 if i + 1 < len(starts) else len(lines)
        out.append(SessionMark(i + 1, label, number, end, time_of(label)))
    return out


def parse(lines: tuple[str, ...], names: SpeakerNames, overrides: dict[int, bool] | None = None) -> Parsed:
    """Sessions by their marks, then in each session the turns its labels open. ``overrides``
    (line -> opens a turn or not) are the metadata's decisions on lines the rules cannot decide."""
    sessions = _sessions(lines)
    turns: list[Turn] = []
    for session in sessions:
        labels = _labels(lines, session, names, overrides or {})
        turns += _session_turns(lines, session, labels)
    return Parsed(STYLE, tuple(sessions), tuple(turns))


#: A speaker label found in a session: (line, label, organization the speaker speaks for).
_Label = tuple[int, str, str]


def _labels(
    lines: tuple[str, ...], session: SessionMark, names: SpeakerNames, overrides: dict[int, bool]
) -> list[_Label]:
    """The lines of a session that open a turn. A label right after a label is speech, unless it
    is a person's name under an organization's: then the two lines are one speaker."""
    labels: list[_Label] = []
    previous: tuple[int, str | None] | None = None  # (line, slug) of a label on the line before
    for number in range(session.line_start, session.line_end + 1):
        line = lines[number - 1]
        name = label_name(line) if not _is_mark(line) else ""
        slug = names.resolve(name) if name else None
        is_label = overrides.get(number, bool(slug))
        if is_label and number not in overrides and previous and previous[0] == number - 1:
            if names.is_person(slug) and not names.is_person(previous[1]):
                org_line, org_label, _ = labels.pop()
                labels.append((org_line, name, org_label))
                previous = (number, slug)
                continue
            is_label = False
        if is_label:
            labels.append((number, name or forced_label(line), ""))
            previous = (number, slug)
        elif not is_blank(line):
            previous = None
    return labels


def _session_turns(lines: tuple[str, ...], session: SessionMark, labels: list[_Label]) -> list[Turn]:
    """The session's turns: an unattributed passage before its first label, if any, then one turn
    per label, to the last line before the next label (less trailing marks and blanks)."""
    turns: list[Turn] = []
    first = labels[0][0] if labels else session.line_end + 1
    speech = [n for n in range(session.line_start, first) if not is_blank(lines[n - 1]) and not _is_mark(lines[n - 1])]
    if speech:
        turns.append(Turn("", speech[0], speech[0], trim(lines, speech[0], first - 1), session.order))
    for i, (number, label, organization) in enumerate(labels):
        nxt = labels[i + 1][0] if i + 1 < len(labels) else session.line_end + 1
        end = _trim_marks(lines, number, nxt - 1)
        turns.append(Turn(label, number, number, end, session.order, organization=organization))
    return turns


def _trim_marks(lines: tuple[str, ...], start: int, end: int) -> int:
    end = trim(lines, start, end)
    while end > start and _is_mark(lines[end - 1]):
        end = trim(lines, start, end - 1)
    return end
