"""Markdown transcripts: a speaker label marked up with a heading or bold text.

One reader for every Markdown convention: a document keeps to one of them, they share one label
grammar (a name, perhaps an affiliation or role, perhaps a time: :mod:`._markdown_labels`), and
some documents mix them (a Teams export with ``#### Name 0:04``, ``**Name** 4:22`` and ``Name 4:28``):

* headings: ``#### Name 0:04``, ``### Name (00:03:21)``, ``# Surname, Name 16:48``,
  ``## **Name** 6:41``; a heading without a time only where most headings are recurring names
  (agenda headings such as ``## Agenda``, ``### 1. Updates``, ``## 10:00 Opening`` never are);
* a bold label alone on its line: ``**Name MM:SS**``, ``**Name** 04:48``, ``**Body | Name | Role**``,
  ``**Country | Representative**``, ``**[Name]:**``, ``**Name:**``, ``**Kenya**``;
* an inline bold label opening the speech: ``**Name (m:ss) -** text``, ``**Name:** text``,
  ``**[Name]:** text``, ``**[00:00:04] Name:** text``, and ``**Name** text`` for a name the
  document already uses as a label.

Precision first. A candidate counts only when its label is shaped like a name, a handle, a post, a
country or a generic label, holds no section word (``**Decision:**``, ``**Summary**``), and is
followed by speech (not a list, table or code). Its convention must be the document's: bold labels
with a time or ``|`` fields from two on; colon labels when a label recurs; timed headings when a
label recurs or when they are full names at a recording's times (a programme's ``## Gala Dinner
19:30`` is at a round time of day), however few; bare names when at least three recur. Anything
else counts only by a label the document's headers already use, except a label with a time in
markup: in a timed transcript any name with a time opens a turn, whatever its markup (``**Name**
4:22`` among ``#### Name 0:04`` headings), and a full name with a recording's time does anywhere.
Lists, tables, code, links and ``[Applause]``-like stage notes never hold a header.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace

from kg.meetings.transcripts.guard import never_raises
from kg.meetings.transcripts.labels import label_kind, stage_note
from kg.meetings.transcripts.model import Header, Reading, SourceText
from kg.meetings.transcripts.names import handle_shaped, name_shaped
from kg.meetings.transcripts.readers._markdown_labels import (
    date_in,
    is_body,
    is_role,
    is_section,
    label_fields,
    pipe_fields,
    split_bold,
    take_time,
)

_HEADING = re.compile(r"^ {0,3}(?P<hashes>#{1,6})(?:[ \t]+(?P<text>.*?))?(?:[ \t]+#+)?[ \t]*$")
_BOLD_STAR = re.compile(r"^\*\*(?P<inner>[^*]{1,150}?)\*\*(?P<rest>.*)$")
_BOLD_UNDER = re.compile(r"^__(?P<inner>(?:(?!__).){1,150}?)__(?P<rest>.*)$")
_FENCE = re.compile(r"^\s*(?:```|~~~)")
#: Lines of the format that hold no speech: a rule, a table row, a lone link, an HTML comment.
_SCAFFOLD = re.compile(r"^\s*(?:(?:[-—–_*=]\s*){3,}|\|.*\||\[[^\]]*\]\([^)]*\)|<https?://[^>]*>|<!--.*-->)\s*$")
#: Lines that may be content but never a label: list items (attendee lists, action items), bare links.
_NO_LABEL = re.compile(r"^\s*(?:(?:[-*+]|\d{1,3}[.)])\s+|https?://\S+\s*$)")
#: ``**Q:**`` / ``**A:**``: an interview's turns, though no name (the name rule refuses them).
_INTERVIEW = frozenset({"Q", "A"})
#: A time as a programme writes one: hours and minutes, nothing finer.
_CLOCK = re.compile(r"(?P<hour>\d{1,2}):(?P<minute>\d{2})")
_FRONT_MATTER_LINES = 60  # how far a date before the first header is looked for
_MAX_LINE = 4000  # longer lines are speech or garbage, never labels


@dataclass(frozen=True)
class _Candidate:
    """A line marked up like a speaker label, before the document-level decision."""

    line: int
    form: str  # "heading", "line" (bold label alone), "inline" (bold label opening the speech), "plain"
    evidence: str  # "time", "pipe", "colon" (or dash), "bare"
    label: str
    time: str = ""
    affiliation: str = ""
    role: str = ""
    speech: str = ""


class MarkdownReader:
    """Speaker turns of a Markdown transcript (headings, bold label lines, inline bold labels)."""

    name = "markdown"
    summary = "Markdown transcript: '#### Name 0:04', '**Name 04:48**', '**Body | Name | Role**', '**Name:** text'"

    @never_raises
    def read(self, text: SourceText) -> Reading:
        """Never raises: a text that is not a Markdown transcript gets confidence 0."""
        return _read(text)


READER = MarkdownReader()


def _read(text: SourceText) -> Reading:
    """Structure, then candidates line by line, then the document's conventions decide."""
    lines = text.lines
    hidden, scaffolding = _structure(lines)
    candidates, unplaced = _candidates(lines, hidden)
    all_headings = [n for n, line in enumerate(lines, 1) if n not in hidden and _HEADING.match(line)]
    headers = _decide(*_without_title(candidates, all_headings, lines))
    if not headers:
        return Reading(reader=READER.name, confidence=0.0, unplaced=tuple(unplaced))
    header_lines = {h.line for h in headers}
    scaffolding |= {n for n in all_headings if n not in header_lines}
    headers = _close_last_turn(headers, lines, scaffolding)
    stage = _stage_notes(lines, hidden, header_lines)
    title = _title(lines, hidden, header_lines, headers[0].line)
    date = _date(lines, title, headers[0].line)
    unplaced = [n for n in unplaced if n not in header_lines]
    confidence = _confidence(lines, headers, scaffolding | set(stage), len(unplaced))
    return Reading(
        reader=READER.name,
        confidence=confidence,
        headers=tuple(headers),
        stage_notes=tuple(stage),
        scaffolding=tuple(sorted(scaffolding)),
        title=title,
        date=date,
        unplaced=tuple(unplaced),
    )


def _without_title(
    candidates: list[_Candidate], headings: list[int], lines: tuple[str, ...]
) -> tuple[list[_Candidate], int]:
    """A first ``# Heading`` is the title, never a bare speaker heading; and how many headings remain."""
    if not headings or not lines[headings[0] - 1].lstrip().startswith("# "):
        return candidates, len(headings)
    return [c for c in candidates if not (c.line == headings[0] and c.evidence == "bare")], len(headings) - 1


def _structure(lines: tuple[str, ...]) -> tuple[set[int], set[int]]:
    """Lines that can hold no header (code, tables, lists, links, rules) and the lines of the format
    itself among them (scaffolding)."""
    hidden: set[int] = set()
    scaffolding: set[int] = set()
    fenced = False
    for number, line in enumerate(lines, 1):
        if _FENCE.match(line):
            fenced = not fenced
            scaffolding.add(number)
        elif not fenced and _SCAFFOLD.match(line):
            scaffolding.add(number)
        elif not (fenced or _NO_LABEL.match(line) or len(line) > _MAX_LINE):
            continue
        hidden.add(number)
    return hidden, scaffolding


def _candidates(lines: tuple[str, ...], hidden: set[int]) -> tuple[list[_Candidate], list[int]]:
    """Every line marked up like a label whose label has a plausible shape; and the lines marked up
    with a time or ``|`` fields whose label could not be read (unplaced)."""
    found: list[_Candidate] = []
    unplaced: list[int] = []
    for number in range(1, len(lines) + 1):
        candidate = None if number in hidden else _candidate_at(lines, number)
        if candidate is None or (candidate.form != "inline" and not _speech_follows(lines, number, hidden)):
            continue
        if _plausible(candidate):
            found.append(candidate)
        elif candidate.evidence in ("time", "pipe") and candidate.form != "plain" and not is_section(candidate.label):
            unplaced.append(number)
    return found, unplaced


def _candidate_at(lines: tuple[str, ...], number: int) -> _Candidate | None:
    line = lines[number - 1].strip()
    previous_blank = number == 1 or not lines[number - 2].strip()
    if line.startswith(("#", "**", "__")) and stage_note(line) is None:
        return _from_line(number, line, previous_blank)
    if previous_blank and line[-1:].isdigit() and len(line) < 80:
        return _from_text(number, line, "plain")
    return None


def _speech_follows(lines: tuple[str, ...], number: int, hidden: set[int]) -> bool:
    """Speech follows a label: the next non-blank line is text, not a list, table, code or link
    (``**Action items:**`` over a list, ``**Parameters:**`` over a table are sections)."""
    for following in range(number + 1, min(number + 6, len(lines) + 1)):
        if lines[following - 1].strip():
            return following not in hidden
    return False


def _from_line(number: int, line: str, previous_blank: bool) -> _Candidate | None:
    if heading := _HEADING.match(line):
        return _from_text(number, heading.group("text") or "", "heading")
    if (bold := _BOLD_STAR.match(line) or _BOLD_UNDER.match(line)) is None:
        return None
    inner, rest = bold.group("inner"), bold.group("rest")
    label_text, time, sep, speech = split_bold(inner, rest)
    if not label_text:
        return None
    form = "inline" if speech else "line"
    if "|" in label_text:
        label, affiliation, role = pipe_fields(label_text)
        evidence = "time" if time else "pipe"
    else:
        label, affiliation, role = label_fields(label_text)
        evidence = "time" if time else ("colon" if sep else "bare")
    if evidence == "bare" and form == "line" and not previous_blank:
        return None  # a bold phrase inside a paragraph is emphasis
    return _Candidate(number, form, evidence, label, time, affiliation, role, speech)


def _from_text(number: int, text: str, form: str) -> _Candidate | None:
    """A heading's text (``Name 0:04``, ``Name``), or an unmarked line ``Name 4:28`` (form "plain"), as
    a Teams export pasted into Markdown leaves some: taken only for a label the headers already use."""
    text = text.replace("**", "").replace("__", "").strip()
    if not text or "](" in text or "|" in text:
        return None  # a link or a table-like heading is a section, never a speaker
    text, time = take_time(text)
    if form == "plain" and not time:
        return None
    label, affiliation, role = label_fields(text)
    return _Candidate(number, form, "time" if time else "bare", label, time, affiliation, role)


def _plausible(candidate: _Candidate) -> bool:
    """Is the label shaped like what its markup may hold?"""
    label = candidate.label
    if not label or len(label) > 80 or is_section(label):
        return False
    if is_role(label) and _names_holder(candidate.speech):
        return False  # "**Moderator:** Jane Doe" in front matter names a post's holder; it is no turn
    if label_kind(label) == "generic" or candidate.evidence == "pipe" or label in _INTERVIEW:
        return True
    if candidate.evidence == "time" and candidate.form != "plain":
        return _name(label) or handle_shaped(label)
    return _name(label)


def _name(label: str) -> bool:
    """A Markdown label names a person, a post or a body (``**Secretary of the Committee:**``)."""
    return name_shaped(label, bodies=True)


def _names_holder(speech: str) -> bool:
    """``Jane Doe`` after ``**Moderator:**`` is who holds the post; ``Thank you.``, ``Kenya.`` are speech."""
    return 2 <= len(speech.split()) <= 5 and not speech.endswith((".", "!", "?")) and _name(speech)


def _decide(candidates: list[_Candidate], headings: int) -> list[Header]:
    """The candidates whose convention is established in the document, then those of any other
    convention whose label the established ones already use."""
    counts = Counter(c.label.casefold() for c in candidates)
    accepted = {
        c.line
        for key, group in _conventions(candidates).items()
        if _established(key, group, counts, (len(candidates), headings))
        for c in group
    }
    document = _Document.of([c for c in candidates if c.line in accepted])
    extra = {c.line for c in candidates if c.line not in accepted and _joins(c, document)}
    chosen = accepted | extra
    return [_header(c, c.line in extra) for c in candidates if c.line in chosen]


@dataclass(frozen=True)
class _Document:
    """What the headers of the document's established conventions say to the other candidates."""

    known: frozenset[str]  # their labels, case folded
    bold_lines: bool  # some are bold labels alone on their line
    timed: bool  # some carry a time in markup

    @classmethod
    def of(cls, established: list[_Candidate]) -> _Document:
        return cls(
            frozenset(c.label.casefold() for c in established),
            any(c.form == "line" for c in established),
            any(_timed(c) for c in established),
        )


def _conventions(candidates: list[_Candidate]) -> dict[tuple[str, str], list[_Candidate]]:
    """The candidates by convention (form, evidence). A bold label with a time, ``|`` fields or a
    colon is one convention whether it stands alone or opens the speech."""
    groups: dict[tuple[str, str], list[_Candidate]] = {}
    for c in candidates:
        form = "bold" if c.form in ("line", "inline") and c.evidence != "bare" else c.form
        groups.setdefault((form, c.evidence), []).append(c)
    return groups


def _timed(candidate: _Candidate) -> bool:
    """A label with a time in markup (a heading or bold), not an unmarked ``Name 4:28`` line."""
    return candidate.evidence == "time" and candidate.form != "plain"


def _joins(candidate: _Candidate, document: _Document) -> bool:
    """``**Keidra** What?`` counts where ``**Keidra:**`` does; ``**Kenya** supported it`` does not;
    ``**Kenya**`` alone counts where the document's turns open with bold label lines. A name with a
    time in markup counts in a timed transcript whatever its markup (``**Lin Wei** 4:22`` among
    ``#### Name 0:04`` headings), and a full name with a time in any transcript."""
    label = candidate.label
    if candidate.evidence == "bare" and _continues(candidate.speech):
        return False
    if label.casefold() in document.known or (_timed(candidate) and (document.timed or _unambiguous(candidate))):
        return True
    lone = document.bold_lines and candidate.form == "line"
    return lone and (label_kind(label) == "generic" or is_body(label) or is_role(label))


def _established(key: tuple[str, str], group: list[_Candidate], counts: Counter[str], sizes: tuple[int, int]) -> bool:
    """Is this convention (form, evidence) the document's? ``sizes``: candidates, headings but the title."""
    form, evidence = key
    total, headings = sizes
    recurring = any(counts[c.label.casefold()] > 1 for c in group)
    if total == 1:
        return _unambiguous(group[0])  # a one-speaker transcript
    if len(group) < 2 or form == "plain" or (form, evidence) == ("inline", "bare"):
        return False  # "Name 4:28" unmarked, "**Name** text": headers only by a label the others use
    if evidence == "bare":
        # "**Name**" alone or "## Name": only a document full of recurring names is a transcript
        consistent = form == "line" or len(group) >= 0.6 * headings  # most headings name a speaker
        return recurring and len(group) >= 3 and consistent
    if evidence in ("time", "pipe") and form != "heading":
        return True
    return recurring or (evidence == "time" and _speaker_headings(group))


def _speaker_headings(group: list[_Candidate]) -> bool:
    """Timed headings without a recurring label: a programme writes them too (``## Registration
    8:30``, ``## Gala Dinner 19:30``), so only full names (and generic labels) count, and not where
    every time is a round time of day. A short transcript is not refused for being short."""
    named = [c for c in group if label_kind(c.label) != "generic"]
    return bool(named) and all(_full_name_timed(c) for c in named) and not all(_time_of_day(c.time) for c in group)


def _unambiguous(candidate: _Candidate) -> bool:
    """A speaker line by itself, with no help from the rest of the document: a full name with a
    time in markup, a recording's time rather than a programme's."""
    return _full_name_timed(candidate) and not _time_of_day(candidate.time)


def _full_name_timed(candidate: _Candidate) -> bool:
    """A full name (two to four words) with a time, in markup (a one-word label may be a programme's
    item: ``Registration 8:30``)."""
    words = candidate.label.split()
    return _timed(candidate) and 2 <= len(words) <= 4 and _name(candidate.label)


def _time_of_day(time: str) -> bool:
    """``10:30``, ``19:00``: a programme's time, on the clock's five-minute marks in working hours;
    a recording's offset has seconds (``00:03:21``), starts at zero (``0:04``) or falls anywhere."""
    clock = _CLOCK.fullmatch(time)
    return clock is not None and 6 <= int(clock["hour"]) <= 23 and int(clock["minute"]) % 5 == 0


def _continues(speech: str) -> bool:
    """``**Kenya** supported the text``: the bold word is the subject of a sentence, not a label."""
    return speech[:1].islower()


def _header(candidate: _Candidate, by_known_label: bool) -> Header:
    strength = {"time": 1.0, "pipe": 0.95, "colon": 0.9, "bare": 0.75}[candidate.evidence]
    c, confidence = candidate, round(strength * (0.9 if by_known_label else 1.0), 3)
    return Header(c.line, c.label, label_kind(c.label), c.time, c.affiliation, c.role, confidence)


def _close_last_turn(headers: list[Header], lines: tuple[str, ...], scaffolding: set[int]) -> list[Header]:
    """A section heading after the last turn (``## Attendees``, ``## Zoom Chat``) ends it: what
    follows is an appendix, not that speaker's speech."""
    last = headers[-1]
    for number in range(last.line + 1, len(lines) + 1):
        if number in scaffolding and _HEADING.match(lines[number - 1]):
            end = number - 1
            while end > last.line and (not lines[end - 1].strip() or end in scaffolding):
                end -= 1
            return [*headers[:-1], replace(last, last_line=end)]
    return headers


def _stage_notes(lines: tuple[str, ...], hidden: set[int], header_lines: set[int]) -> list[int]:
    skip = hidden | header_lines
    return [n for n, line in enumerate(lines, 1) if n not in skip and "://" not in line and stage_note(line)]


def _title(lines: tuple[str, ...], hidden: set[int], header_lines: set[int], first_header: int) -> str:
    """The first level-1 heading before the first turn, markup removed."""
    for number in range(1, first_header):
        match = _HEADING.match(lines[number - 1])
        if match and number not in hidden and number not in header_lines and match.group("hashes") == "#":
            return _plain(match.group("text") or "")
    return ""


def _plain(text: str) -> str:
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # [text](url) -> text
    text = re.sub(r"\\([\\`*_{}\[\]()#+\-.!|])", r"\1", text)  # Markdown escapes: \_ -> _
    return " ".join(text.replace("**", "").replace("__", "").split())


def _date(lines: tuple[str, ...], title: str, first_header: int) -> str:
    """The first date (ISO) in the title, else in the lines before the first turn."""
    for line in [title, *lines[: min(first_header - 1, _FRONT_MATTER_LINES)]]:
        if found := date_in(line):
            return found
    return ""


def _confidence(lines: tuple[str, ...], headers: list[Header], scaffolding: set[int], unplaced: int) -> float:
    """Share of the non-blank lines the reading explains (turns, scaffolding, stage notes, a short
    preamble, appendix sections after the last turn) times the strength of the evidence."""
    nonblank = {n for n, line in enumerate(lines, 1) if line.strip()}
    if not nonblank:
        return 0.0
    explained = set(scaffolding)
    for header, following in zip(headers, [*headers[1:], None], strict=True):
        end = header.last_line or (following.line - 1 if following else len(lines))
        explained.update(range(header.line, end + 1))
    last = headers[-1]
    if last.last_line is not None:
        explained.update(range(last.last_line + 1, len(lines) + 1))  # the appendix sections
    preamble = {n for n in nonblank if n < headers[0].line}
    if len(preamble) <= 30:
        explained |= preamble
    coverage = len(explained & nonblank) / len(nonblank)
    # Few headers are weak evidence, unless they carry a time: a label with a time in markup is
    # what only a transcript writes, so two of them count like four untimed ones.
    timed = sum(1 for h in headers if h.time) / len(headers)
    strength = min(1.0, 0.5 + 0.1 * len(headers) + 0.2 * timed)
    consistency = len(headers) / (len(headers) + unplaced)
    return round(coverage * strength * consistency, 3)
