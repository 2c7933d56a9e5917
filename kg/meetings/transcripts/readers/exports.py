"""Plain-text transcript exports (Otter, Zoom, Rev, Teams, Descript): a speaker line, then the
speech on the following lines.

Speaker lines, as the services write them:

* ``Jane Doe  0:04`` / ``Jane Doe   00:03:21`` (Otter, Teams: the name, two or more spaces, a time);
* ``[Jane Doe] 10:02:15`` (Zoom);
* ``Jane Doe (00:03:21):`` and ``Jane Doe: (00:03:21) speech`` (Rev, Descript, Sonix);
* ``[00:03:21] Jane Doe: speech`` (time first);
* Teams' older export: a ``0:0:5.390 --> 0:0:8.740`` timing line, the name on the next line, the
  speech below; consecutive blocks of one speaker form one turn, as cues do;
* the same pasted into Markdown (``#### Jane Doe 0:04``, ``**Jane Doe** 4:22``): read, but the
  evidence counts less, since the Markdown reader knows such files.

Room microphones (``UNHQ-S-1522FC``) and ``Speaker 1`` are generic labels. ``[image: ]`` lines left
by a document conversion, and Teams' ``X started transcription`` are scaffolding; a title and a
date before the first speaker line are the export's own front matter, and so is Otter's head
(``SUMMARY KEYWORDS``, ``SPEAKERS``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from kg.meetings.transcripts.guard import never_raises
from kg.meetings.transcripts.labels import label_kind, stage_note
from kg.meetings.transcripts.model import Header, Reading, SourceText
from kg.meetings.transcripts.names import handle_shaped, name_shaped
from kg.meetings.transcripts.readers._cues import split_display

NAME = "export"
_T = r"\d{1,2}:\d{2}(?::\d{2})?(?:\.\d{1,3})?"
_TIME_TAIL = re.compile(rf"^(?P<label>.+?)(?P<sep>\s+)(?P<open>[\[(]?)(?P<time>{_T})[\])]?$")
_REV = re.compile(rf"^(?P<label>[^()\[\]]+?)\s*[\[(](?P<time>{_T})[\])]\s*:\s*(?P<rest>.*)$")
_TIME_FIRST = re.compile(rf"^[\[(]?(?P<time>{_T})[\])]?\s+(?P<label>[^:]{{1,60}}?)\s*:\s*(?P<rest>.*)$")
_LABEL_FIRST = re.compile(rf"^(?P<label>[^:()\[\]]{{1,60}}?)\s*:\s*[\[(](?P<time>{_T})[\])]\s*(?P<rest>.*)$")
_CUE_TIMING = re.compile(r"^\s*(?P<start>\d+:\d{1,2}:\d{1,2}(?:[.,]\d+)?)\s*-->\s*\d+:\d{1,2}:\d{1,2}(?:[.,]\d+)?\s*$")
_VOICE = re.compile(r"^<v(?:\.[^\s>]+)*\s+(?P<name>[^>]+)>")
_HAS_TIME = re.compile(r"\d:\d\d")
_HEADING = re.compile(r"^#{1,6}\s+")
_IMAGE = re.compile(r"^\s*\[image:[^\]]*\]\s*$", re.IGNORECASE)
_NOTICE = re.compile(r"^.{1,80}?\b(?:started|stopped|paused|resumed) (?:transcription|recording)\s*$", re.IGNORECASE)
_OTTER_SECTION = re.compile(r"^\s*(?:SUMMARY KEYWORDS|KEYWORDS|SPEAKERS)\s*$")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|])")


@dataclass(frozen=True)
class _Candidate:
    line: int
    label: str  # the display name as written, markup removed
    time: str
    wide: bool  # separated from its time the way exports do (two spaces, a bracket, a colon)
    decorated: bool  # Markdown heading or bold around it


def _plain(line: str) -> tuple[str, bool]:
    """The line without Markdown heading and bold marks (and their escapes), and whether it had any."""
    text = line.strip()
    heading = _HEADING.match(text)
    if heading:
        text = text[heading.end() :]
    bold = "**" in text or "__" in text
    text = _ESCAPE.sub(r"\1", text.replace("**", "").replace("__", "")).strip()
    return text, bool(heading) or bold


def _valid_time(time: str) -> bool:
    fields = time.split(".")[0].split(":")
    return all(int(field) < 60 for field in fields[1:])


def _candidate(number: int, line: str) -> _Candidate | None:
    """The line read as a speaker line, whatever the label (judged later, with the whole file)."""
    if len(line) > 240 or "-->" in line or not _HAS_TIME.search(line):
        return None  # most lines: no time at all, not worth the patterns below
    text, decorated = _plain(line)
    if (match := _TIME_TAIL.match(text)) is not None:
        label, wide = _tail_label(match)
    elif (match := _REV.match(text) or _LABEL_FIRST.match(text) or _TIME_FIRST.match(text)) is not None:
        label, wide = match["label"].strip(), True
    else:
        return None
    if not _valid_time(match["time"]) or not label:
        return None
    return _Candidate(number, label, match["time"], wide, decorated)


def _tail_label(match: re.Match[str]) -> tuple[str, bool]:
    """The label of ``Name  0:04`` / ``[Name] 10:02:15``, and whether it is set off the way exports
    do (two spaces, a tab, brackets) rather than by the one space a sentence also has."""
    label = match["label"].strip()
    bracketed = label.startswith("[") and label.endswith("]")
    wide = bracketed or bool(match["open"]) or "\t" in match["sep"] or len(match["sep"]) >= 2
    return (label[1:-1].strip() if bracketed else label), wide


def _named(label: str) -> bool:
    name = split_display(label)[0]
    return bool(name) and (name_shaped(name) or label_kind(name) == "generic")


def _accepted(candidates: list[_Candidate]) -> tuple[list[_Candidate], list[int]]:
    """The speaker lines the file confirms, and the ones that look like speaker lines but are not
    confirmed. A name written with the export's spacing is a speaker line; a handle, or a name
    separated from its time by one space (``Chengetai Masango 4:28`` could end a sentence), must
    recur as a label elsewhere in the file."""
    counts = Counter(c.label for c in candidates if _named(c.label) or handle_shaped(split_display(c.label)[0]))
    accepted: list[_Candidate] = []
    unplaced: list[int] = []
    for candidate in candidates:
        named = _named(candidate.label)
        recurs = counts[candidate.label] >= 2
        if (named and (candidate.wide or candidate.decorated or recurs)) or (
            recurs and handle_shaped(split_display(candidate.label)[0])
        ):
            accepted.append(candidate)
        elif named:
            unplaced.append(candidate.line)
    return accepted, unplaced


def _header(candidate: _Candidate, counts: Counter[str]) -> Header:
    name, affiliation, role = split_display(candidate.label)
    confidence = 0.95 if counts[candidate.label] >= 2 else 0.8
    return Header(
        line=candidate.line,
        label=name,
        kind=label_kind(name),
        time=candidate.time,
        affiliation=affiliation,
        role=role,
        confidence=confidence if candidate.wide else round(confidence - 0.1, 2),
    )


# -- Teams' timed blocks --------------------------------------------------------------------------------------


def _timed_blocks(lines: Sequence[str]) -> tuple[list[Header], list[int]]:
    """Teams' ``0:0:5.390 --> …`` blocks: the line after the timing names the speaker (or opens
    with a ``<v Name>`` tag); consecutive blocks of one speaker are one turn. Returns the headers
    (with their last line) and the timing lines."""
    headers: list[Header] = []
    timings: list[int] = []
    current = ""
    for index, line in enumerate(lines):
        timing = _CUE_TIMING.match(line) if "-->" in line else None
        if timing is None:
            continue
        timings.append(index + 1)
        end = next((j for j in range(index + 1, len(lines)) if not lines[j].strip()), len(lines))
        if end <= index + 1:
            continue
        first = lines[index + 1].strip()
        voice = _VOICE.match(first)
        label = voice["name"].strip() if voice else first
        if not (voice or _named(label) or handle_shaped(label)):
            if headers:  # speech without a name continues the turn
                headers[-1] = replace(headers[-1], last_line=end)
            continue
        if label != current or not headers:
            name, affiliation, role = split_display(label)
            headers.append(Header(index + 2, name, label_kind(name), timing["start"], affiliation, role, 0.95, end))
            current = label
        else:
            headers[-1] = replace(headers[-1], last_line=end)
    return headers, timings


# -- front matter -----------------------------------------------------------------------------------------------

_DATES = ("%d %B %Y", "%B %d %Y", "%Y-%m-%d", "%d %b %Y", "%b %d %Y")


def _date(line: str) -> str:
    """The ISO date a front-matter line states (``17 November 2025, 10:43am 49m 14s``), else ""."""
    text = _plain(line)[0]
    for match in re.finditer(
        r"\b(?:\d{1,2} [A-Z][a-z]+,? \d{4}|[A-Z][a-z]+ \d{1,2},? \d{4}|\d{4}-\d{2}-\d{2})\b", text
    ):
        for shape in _DATES:
            try:
                return datetime.strptime(match.group(0).replace(",", ""), shape).date().isoformat()
            except ValueError:
                continue
    return ""


def _front_matter(lines: Sequence[str], first: int) -> tuple[str, str, list[int]]:
    """Title, date and the lines they take, before the first speaker line (at 1-based ``first``).
    A long stretch of text there is speech without a label, not front matter."""
    lead = [n for n in range(1, first) if lines[n - 1].strip() and not _IMAGE.match(lines[n - 1])]
    otter = any(_OTTER_SECTION.match(lines[n - 1]) for n in lead)
    if not lead or len(lead) > (40 if otter else 6):
        return "", "", []
    title, when, used = _title_and_date(lines, lead)
    # Otter's head (keywords, the list of speakers) is the export's, not speech.
    return title, when, lead if otter else used


def _title_and_date(lines: Sequence[str], lead: list[int]) -> tuple[str, str, list[int]]:
    """The title (a heading, or the first line), the date and the service's notices in the lead."""
    title = when = ""
    used: list[int] = []
    for n in lead:
        text = _plain(lines[n - 1])[0]
        if _notice(lines[n - 1]) or (not when and (when := _date(lines[n - 1]))):
            used.append(n)
        elif not title and len(text) <= 200 and (lines[n - 1].lstrip().startswith("#") or n == lead[0]):
            title = text
            used.append(n)
    return title, when, used


# -- the reader ---------------------------------------------------------------------------------------------------


def _notice(line: str) -> bool:
    lowered = line.lower()
    return ("transcription" in lowered or "recording" in lowered) and bool(_NOTICE.match(_plain(line)[0]))


def _evidence(headers: Sequence[Header], decorated: int, nonblank: int) -> float:
    """How distinctive the speaker lines are: several of them, recurring labels, dense enough to
    be the text's structure, and not Markdown (whose reader knows those files)."""
    counts = Counter(h.label for h in headers)
    recurring = sum(1 for h in headers if counts[h.label] >= 2) / len(headers)
    density = max(0.3, min(1.0, len(headers) * 60 / max(nonblank, 1)))
    return min(1.0, len(headers) / 4) * (0.7 + 0.3 * recurring) * density * (1 - 0.4 * decorated / len(headers))


class ExportReader:
    """Otter / Zoom / Rev / Teams text exports: a speaker line with a time, the speech below."""

    name = NAME
    summary = "Otter/Zoom/Rev/Teams text exports: 'Name  00:03:21', 'Name (00:03:21):', '[00:03:21] Name:' lines"

    @never_raises
    def read(self, text: SourceText) -> Reading:
        lines = [line.lstrip("\ufeff") for line in text.lines]
        first = next((line for line in lines if line.strip()), "")
        if first.lstrip().startswith("WEBVTT"):
            return Reading(reader=NAME, confidence=0.0)  # WebVTT's, whose reader knows its cues
        timed, timings = _timed_blocks(lines)
        if len(timed) >= 2:
            return _reading(lines, timed, timings, 0, [], "")
        candidates = [c for n, line in enumerate(lines, 1) if (c := _candidate(n, line)) is not None]
        accepted, unplaced = _accepted(candidates)
        if not accepted:
            return Reading(reader=NAME, confidence=0.0, unplaced=tuple(unplaced))
        counts = Counter(c.label for c in accepted)
        headers = [_header(c, counts) for c in accepted]
        decorated = sum(1 for c in accepted if c.decorated)
        note = f"{decorated} of {len(headers)} speaker lines are Markdown" if decorated else ""
        return _reading(lines, headers, [], decorated, unplaced, note)


def _reading(
    lines: Sequence[str], headers: list[Header], timings: list[int], decorated: int, unplaced: list[int], note: str
) -> Reading:
    title, when, front = _front_matter(lines, headers[0].line)
    scaffolding = set(timings) | set(front)
    scaffolding |= {n for n, line in enumerate(lines, 1) if ("[" in line and _IMAGE.match(line)) or _notice(line)}
    stage = [n for n, line in enumerate(lines, 1) if n >= headers[0].line and stage_note(line) is not None]
    nonblank = [n for n, line in enumerate(lines, 1) if line.strip()]
    # Every line from the first speaker line on belongs to a turn (or is the format's own).
    explained = sum(1 for n in nonblank if n >= headers[0].line or n in scaffolding)
    share = explained / len(nonblank) if nonblank else 0.0
    confidence = share * _evidence(headers, decorated, len(nonblank)) * 0.95
    return Reading(
        reader=NAME,
        confidence=round(confidence, 3),
        headers=tuple(headers),
        stage_notes=tuple(stage),
        scaffolding=tuple(sorted(scaffolding)),
        title=title,
        date=when,
        unplaced=tuple(unplaced),
        notes=(note,) if note else (),
    )


READER = ExportReader()

__all__ = ["NAME", "READER", "ExportReader"]
