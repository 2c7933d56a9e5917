"""Scribe notes: each line a speaker's initials and what they said, ``JD: we should …``, with a
roster elsewhere in the file that expands the initials.

Rosters come as ``Present: Jane Doe (JD), Ann Bell (AB)``, an ``Attendees:`` block of list lines
(``- Jane Doe (JD)``, ``JD - Jane Doe``), or definition lines ``JD = Jane Doe``. A roster that
lists names without initials (``Present: Jane Doe, Ann Bell``) only suggests who ``JD`` is: that
guess goes to ``Reading.notes``, never into a header.

What counts as a header: ``ABBR: text`` where ABBR is an abbreviation the roster defines, or
short initials (2–4 letters, at least two capitals: ``JD``, ``JdB``, ``ABC``) used on at least two
lines. Common line prefixes are not speakers even in capitals (``Note:``, ``TODO:``, ``Action:``,
``AI:``, ``Q:``, ``FYI:``). ``Topic:``, ``Agenda:``, ``Date:``, ``Action:``, ``Resolved:``, roster
and heading lines are scaffolding.

One turn per run: consecutive lines of the same speaker (and ``...`` continuation lines, as in
IRC scribe minutes) are one turn, the Header at the first line with ``last_line`` at the last;
the scribe splits an utterance over lines the way captions split it over cues.

The label stays as written (``JD``). The roster's expansion goes twice: a ``JD = Jane Doe`` line
in ``Reading.notes`` (for the user), and ``affiliation = "roster: Jane Doe"`` on each header of
``JD`` (for speaker resolution, which reads headers, not notes). ``affiliation`` is the one free
field a header has; the ``roster: `` prefix says it is the file's own expansion of the label, not
an organisation, so a resolver can tell the two apart. A field of its own in :class:`Header` would
be cleaner (a change to model.py, left to the lead).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace

from kg.meetings.transcripts.guard import binary, never_raises
from kg.meetings.transcripts.model import Header, Reading, SourceText
from kg.meetings.transcripts.names import CAPITAL, NAME_WORD_PATTERN, initials_shaped, word_set
from kg.meetings.transcripts.readers.verbatim import iso_date

NAME = "scribe"
_LINE = re.compile(
    r"^\s*(?:[-*•]\s+)?(?:\[?(?P<time>\d{1,2}:\d{2}(?::\d{2})?)\]?\s+)?(?P<abbr>[A-Za-z][A-Za-z.]{0,7})\s*:\s+\S"
)


#: Line prefixes of notes that name nobody, in any case.
_NOT_SPEAKERS = word_set(
    "note notes nb ps fyi todo tbd tbc action actions ai ap q a qa re cc bcc url uri link eta eod eow asap tldr wip"
    " important warning info done next new old topic agenda decision decisions resolved summary outcome update"
    " issue issues pr bug fix ok pm am utc gmt cet est pst id date time rsvp na item items ask see"
)
_SECTION = re.compile(
    r"^\s*(?:[#*_\s]*)(?P<key>present|attendees|attendance|participants|in attendance|roster|regrets|apologies|guests"
    r"|members|scribes?|chairs?|minute[- ]?takers?|note[- ]?takers?)(?:[*_\s]*)\s*[:\-–]?\s*(?:[*_]*)\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
_ROSTER_KEYS = word_set("present attendees attendance participants roster regrets apologies guests members") | {
    "in attendance"
}
_SCAFFOLD = re.compile(
    r"^\s*(?:#{1,6}\s.*|[-=_*~]{3,}\s*|(?:[*_]*)(?:topic|agenda|date|time|location|place|meeting|title|subject|minutes"
    r"|action|actions|action items?|resolved|decision|decisions|next meeting|todo|note|notes)(?:[*_]*)\s*[:\-–].*)$",
    re.IGNORECASE,
)
_NAME = rf"{CAPITAL}[\w'’.-]*(?:\s+{NAME_WORD_PATTERN}){{0,4}}"
_ABBR = r"[A-Za-z][A-Za-z.]{0,7}"
_PAIR_PAREN = re.compile(rf"(?P<name>{_NAME})\s*[(\[](?P<abbr>{_ABBR})[)\]]")
_PAIR_ABBR_FIRST = re.compile(rf"^\s*(?P<abbr>{_ABBR})\s*(?:=|:|[-–—]\s)\s*(?P<name>{_NAME})\s*$")
_PAIR_NAME_FIRST = re.compile(rf"^\s*(?P<name>{_NAME})\s*(?:=|\s[-–—])\s*(?P<abbr>{_ABBR})\s*$")
#: Definitions anywhere in the file: ``JD = Jane Doe``, ``Jane Doe = JD``, ``- Jane Doe (JD)``.
_DEFINITIONS = (
    re.compile(rf"^\s*[-*•]?\s*(?P<abbr>[A-Z][A-Za-z.]{{0,7}})\s*=\s*(?P<name>{_NAME})\s*$"),
    re.compile(rf"^\s*[-*•]?\s*(?P<name>{_NAME})\s*=\s*(?P<abbr>[A-Z][A-Za-z.]{{0,7}})\s*$"),
    re.compile(rf"^\s*[-*•]\s*(?P<name>{_NAME})\s*[(\[](?P<abbr>{_ABBR})[)\]]\s*$"),
)
_CONTINUATION = re.compile(r"^\s*(?:\.\.\.|…)")
_TITLE = re.compile(r"^\s*(?:[*_]*)(?:meeting|title|subject)(?:[*_]*)\s*:\s*(?P<title>.+?)\s*$", re.IGNORECASE)
_HEADING = re.compile(r"^\s*#{1,3}\s+(?P<title>.+?)\s*#*\s*$")
_DATE_LINE = re.compile(r"^\s*(?:[*_]*)date(?:[*_]*)\s*:\s*(?P<date>.+?)\s*$", re.IGNORECASE)
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_FOREIGN = re.compile(r"^\s*(?:WEBVTT|.*-->|<v[\s.]|>>|<\?xml|<u\s)")


def _key(abbr: str) -> str:
    """An abbreviation without its dots (``J.D.`` and ``JD`` are one label for the roster)."""
    return abbr.replace(".", "")


@dataclass
class _Roster:
    """The file's own expansions of abbreviations, and roster names given without one."""

    expansions: dict[str, str] = field(default_factory=dict)
    names: list[str] = field(default_factory=list)
    lines: set[int] = field(default_factory=set)

    def add(self, abbr: str, name: str) -> None:
        key = _key(abbr)
        if key.lower() not in _NOT_SPEAKERS and len(name) > len(key):
            self.expansions.setdefault(key, " ".join(name.split()))

    def item(self, text: str) -> None:
        """One roster entry or a comma-separated list of them."""
        pairs = list(_PAIR_PAREN.finditer(text))
        for found in pairs:
            self.add(found["abbr"], found["name"])
        if pairs:
            return
        for part in re.split(r"[,;]|\s+and\s+", text):
            part = part.strip(" -*•\t")
            pair = _PAIR_ABBR_FIRST.match(part) or _PAIR_NAME_FIRST.match(part)
            if pair and pair["abbr"] != pair["name"]:
                self.add(pair["abbr"], pair["name"])
            elif re.fullmatch(_NAME, part) and " " in part:
                self.names.append(part)

    def guess(self, abbr: str) -> str:
        """The one roster name whose initials are ``abbr`` ("" if none or several)."""
        found = [name for name in self.names if "".join(word[0] for word in name.split()).upper() == abbr.upper()]
        return found[0] if len(found) == 1 else ""


def _roster(lines: tuple[str, ...]) -> _Roster:
    """Roster sections (``Present: …``, an ``Attendees:`` block up to a blank line) and definition
    lines anywhere."""
    roster = _Roster()
    block = False
    for number, line in enumerate(lines, 1):
        section = _SECTION.match(line)
        if section and section["key"].lower() in _ROSTER_KEYS:
            roster.lines.add(number)
            roster.item(section["rest"])
            block = not section["rest"].strip()
        elif block and line.strip() and not _SECTION.match(line) and not _SCAFFOLD.match(line):
            roster.lines.add(number)
            roster.item(line)
        else:
            block = False
            definition = next((m for pattern in _DEFINITIONS if (m := pattern.match(line))), None)
            if definition:
                roster.lines.add(number)
                roster.add(definition["abbr"], definition["name"])
    return roster


def _labels(lines: tuple[str, ...], roster: _Roster) -> dict[int, tuple[str, str]]:
    """line -> (label, time) of the lines that open or go on with a speaker's turn: abbreviations
    the roster defines, or initials (never a common prefix such as ``TODO``) on two lines or more."""
    found: dict[int, tuple[str, str]] = {}
    for number, line in enumerate(lines, 1):
        match = None if number in roster.lines else _LINE.match(line)
        if match is None:
            continue
        key = _key(match["abbr"])
        if key in roster.expansions or (key.lower() not in _NOT_SPEAKERS and initials_shaped(key)):
            found[number] = (match["abbr"], match["time"] or "")
    uses = Counter(_key(label) for label, _ in found.values())
    return {n: v for n, v in found.items() if _key(v[0]) in roster.expansions or uses[_key(v[0])] >= 2}


@dataclass
class _Scan:
    headers: list[Header] = field(default_factory=list)
    scaffolding: list[int] = field(default_factory=list)
    explained: int = 0
    title: str = ""
    date: str = ""


def _meta(line: str, scan: _Scan) -> None:
    """Title and date where the notes state them."""
    title = _TITLE.match(line) or _HEADING.match(line)
    if title and not scan.title:
        scan.title = title["title"].strip("*_ ")
    dated = _DATE_LINE.match(line)
    if dated and not scan.date:
        iso = _ISO.search(dated["date"])
        scan.date = "-".join(iso.groups()) if iso else iso_date(dated["date"])


def _header(label: str, time: str, number: int, roster: _Roster) -> Header:
    expansion = roster.expansions.get(_key(label), "")
    return Header(
        line=number,
        label=label,
        time=time,
        affiliation=f"roster: {expansion}" if expansion else "",
        confidence=0.95 if expansion else 0.75,
        last_line=number,
    )


def _scan(lines: tuple[str, ...], roster: _Roster) -> _Scan:
    labels = _labels(lines, roster)
    scan = _Scan()
    for number, line in enumerate(lines, 1):
        current = scan.headers[-1] if scan.headers else None
        going_on = current is not None and current.last_line == number - 1
        if number in labels:
            label, time = labels[number]
            scan.explained += 1
            if current is not None and going_on and current.label == label:
                scan.headers[-1] = replace(current, last_line=number)  # one run of one speaker: one turn
            else:
                scan.headers.append(_header(label, time, number, roster))
        elif current is not None and going_on and _CONTINUATION.match(line):
            scan.explained += 1
            scan.headers[-1] = replace(current, last_line=number)
        else:
            _meta(line, scan)
            if number in roster.lines or _SCAFFOLD.match(line) or _SECTION.match(line):
                scan.scaffolding.append(number)
    return scan


def _confidence(lines: tuple[str, ...], scan: _Scan) -> float:
    """Share of the lines the format explains × how distinctive the evidence is: a roster that
    expands the labels is what sets scribe notes apart from any ``NAME: text`` transcript."""
    nonblank = sum(1 for line in lines if line.strip())
    if not scan.headers or nonblank == 0:
        return 0.0
    coverage = min(1.0, (scan.explained + len(scan.scaffolding)) / nonblank)
    expanded = sum(1 for h in scan.headers if h.affiliation) / len(scan.headers)
    speakers = len({h.label for h in scan.headers})
    distinct = 0.45 + 0.3 * expanded + 0.1 * (speakers >= 2) + 0.1 * min(1.0, scan.explained / 10)
    foreign = sum(1 for line in lines if _FOREIGN.match(line))
    penalty = 1.0 / (1.0 + 2.0 * foreign / scan.explained)
    return round(min(0.95, coverage * distinct * penalty), 3)


def _notes(scan: _Scan, roster: _Roster) -> tuple[str, ...]:
    """``JD = Jane Doe`` for each label the roster expands; a guess by initials, said as one."""
    notes = []
    for label in sorted({h.label for h in scan.headers}):
        key = _key(label)
        if key in roster.expansions:
            notes.append(f"{label} = {roster.expansions[key]}")
        elif roster.guess(key):
            notes.append(f"{label} may be {roster.guess(key)} (initials only; not used as an expansion)")
    return tuple(notes)


class ScribeReader:
    """Scribe notes: ``JD: text`` lines, initials expanded by a roster elsewhere in the file."""

    name = NAME
    summary = "scribe notes: 'JD: text' lines with a roster ('Present: Jane Doe (JD)', 'JD = Jane Doe')"

    @never_raises
    def read(self, text: SourceText) -> Reading:
        lines = tuple(text.lines)
        if not lines or binary(lines):
            return Reading(reader=NAME, confidence=0.0)
        if sum(1 for line in lines if _LINE.match(line)) < 2:
            return Reading(reader=NAME, confidence=0.0)  # not two "ABBR: text" lines: spare the roster search
        roster = _roster(lines)
        scan = _scan(lines, roster)
        confidence = _confidence(lines, scan)
        if confidence == 0.0:
            return Reading(reader=NAME, confidence=0.0)
        return Reading(
            reader=NAME,
            confidence=confidence,
            headers=tuple(scan.headers),
            scaffolding=tuple(scan.scaffolding),
            title=scan.title,
            date=scan.date,
            notes=_notes(scan, roster),
        )


READER = ScribeReader()
