"""Plain-text transcripts: each turn opens with ``Label: speech`` on one line, no markup, no time.

The commonest convention of all, written by hand, by diarisation tools and by copy-paste:

* ``Jane Doe: Good morning.``, ``Kenya: We agree.``, ``Mr. Smith: …``, ``The Chair: …``,
  ``H.E. Ms. Jane Doe (Kenya): …`` (the parenthesis is the affiliation, ``(Moderator)`` a role);
* generic labels: ``Speaker 1: …``, ``Participant: …``, and WhisperX / pyannote diarisation output
  ``SPEAKER_00: hello`` and ``[SPEAKER_01]: yes`` (kind ``generic``: they name nobody);
* interview style ``Q: …`` / ``A: …``: taken only when BOTH recur as labels, as generic turns
  labelled ``Q`` and ``A`` (a question and an answer are turns, but neither names a person, so
  speaker resolution must not guess one); a lone ``A: …`` line is speech;
* a label alone on its line (``Jane Doe:``) with the speech below.

Lines without a label continue the current turn (multi-line speech); ``[Applause]``-like lines are
stage notes. Lines before the first turn are front matter: the first is the title, a date there is
the meeting's date. Times (``[00:01:02] Jane Doe: …``, ``Jane Doe (00:01:02): …``) are the export
reader's convention and are not read here.

Precision first. A label is taken only when it is shaped like a name (the rule every reader shares,
:func:`~kg.meetings.transcripts.names.name_shaped`: honorifics allowed, sentence openers such as
``Note``, ``So``, ``Well``, ``Yes``, ``Decision``, ``Agenda`` refused) or is a generic label, AND the file
confirms it: the label recurs, or most paragraphs open with a label (then a name written once, with
its speech on the same line, is still a turn). Prose with an occasional ``Note: …`` finds nothing.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from kg.meetings.transcripts.guard import binary, never_raises
from kg.meetings.transcripts.labels import label_kind, stage_note
from kg.meetings.transcripts.model import Header, HeaderKind, Reading, SourceText
from kg.meetings.transcripts.names import initials_shaped, name_shaped, word_set
from kg.meetings.transcripts.readers._cues import split_display
from kg.meetings.transcripts.readers.verbatim import iso_date

NAME = "plain"
#: ``Label: speech`` or ``Label:``; the label holds no markup, brackets, colon or time, and starts
#: with a letter (``>> NAME:`` is IGF's, ``**Name:**`` Markdown's, ``12:30`` a time).
_COLON = re.compile(r"^(?P<label>[^\W\d_][^:<>\[\]{}*#|]{0,79}?)\s*:(?:\s+(?P<rest>\S.*))?$")
_BRACKET = re.compile(r"^\[(?P<label>[^\[\]:]{1,60})\]\s*:(?:\s+(?P<rest>\S.*))?$")
#: Diarisation output names its clusters ``SPEAKER_00`` (WhisperX, pyannote).
_DIARISED = re.compile(r"^SPEAKER[_ ]?\d{1,3}$", re.IGNORECASE)
_INTERVIEW = frozenset({"Q", "A"})


#: Labels of a record's front matter, not of a turn (``Present: Jane Doe, Ann Bell``).
_META = word_set(
    "present attendees attendance participants apologies absent regrets minutes scribe notetaker recorder "
    "venue location place subject topic title date time duration recording transcript transcription introduction "
    "opening closing remarks discussion overview purpose objective objectives recommendations"
)
_TIME = re.compile(r"\d{1,2}:\d{2}")
_FOREIGN = re.compile(r"^\s*(?:WEBVTT|<\?xml|<TEI|\d+\s*$)")
#: Share of paragraphs opening with a label from which the convention is the file's own.
_DENSE = 0.6


@dataclass(frozen=True)
class _Candidate:
    line: int
    label: str  # as written, the format's brackets removed
    name: str
    affiliation: str
    role: str
    kind: HeaderKind
    speech: bool  # the speech starts on the label's line


def _candidate(number: int, line: str) -> _Candidate | None:
    """The line read as ``Label: speech`` when its label could be a speaker's (judged later)."""
    text = line.strip()
    if len(text) > 5000 or ":" not in text[:90] or "http" in text[:90].lower():
        return None  # most lines: no colon near the start
    match = _BRACKET.match(text) or _COLON.match(text)
    if match is None:
        return None
    label = " ".join(match["label"].split())
    if _TIME.search(label):
        return None
    name, affiliation, role = split_display(label)
    if name.lower() in _META:
        return None
    if _DIARISED.match(name) or name in _INTERVIEW:
        kind: HeaderKind = "generic"
    elif label_kind(name) == "generic":
        kind = "generic"
    elif name_shaped(name):
        kind = "speaker"
    else:
        return None
    return _Candidate(number, label, name, affiliation, role, kind, bool(match["rest"]))


def _paragraph_starts(lines: Sequence[str], candidates: Sequence[_Candidate]) -> int:
    """Paragraphs (a non-blank line after a blank one), counting each label line as one: what
    a transcript's turns should account for."""
    labelled = {c.line for c in candidates}
    starts = 0
    previous_blank = True
    for number, line in enumerate(lines, 1):
        blank = not line.strip()
        if not blank and (previous_blank or number in labelled):
            starts += 1
        previous_blank = blank
    return starts


def _with_speech_below(lines: Sequence[str], candidates: Sequence[_Candidate]) -> list[_Candidate]:
    """A label alone on its line whose next line is speech (not blank, not another label) has its
    speech: ``Jane Doe:`` / ``Thank you all.``."""
    labelled = {c.line for c in candidates}
    return [
        replace(c, speech=True)
        if not c.speech and c.line < len(lines) and lines[c.line].strip() and c.line + 1 not in labelled
        else c
        for c in candidates
    ]


def _accepted(candidates: Sequence[_Candidate], dense: bool) -> list[_Candidate]:
    """The candidates the file confirms: a recurring label, or (where the convention is dense) a
    name written once with its speech. ``Q``/``A`` only as a pair, both recurring."""
    counts = Counter(c.name for c in candidates)
    interview = all(counts[label] >= 2 for label in _INTERVIEW)
    return [c for c in candidates if (interview if c.name in _INTERVIEW else _confirmed(c, counts[c.name], dense))]


def _confirmed(candidate: _Candidate, count: int, dense: bool) -> bool:
    return count >= 2 or (dense and candidate.speech)


def _headers(lines: Sequence[str], accepted: Sequence[_Candidate]) -> list[Header]:
    """One header per label line; its turn runs to the last non-blank line before the next one."""
    headers = [
        Header(
            line=c.line,
            label=c.name,
            kind=c.kind,
            affiliation=c.affiliation,
            role=c.role,
            confidence=0.9 if c.kind == "speaker" else 0.8,
        )
        for c in accepted
    ]
    ends = [h.line for h in headers[1:]] + [len(lines) + 1]
    closed = []
    for header, end in zip(headers, ends, strict=True):
        # The turn ends at its last line of speech: a trailing blank or stage note is not said.
        said = (n for n in range(end - 1, header.line, -1) if lines[n - 1].strip() and not stage_note(lines[n - 1]))
        last = next(said, header.line)
        closed.append(replace(header, last_line=last))
    return closed


def _front(lines: Sequence[str], first: int) -> tuple[str, str, list[int]]:
    """Title, date and their lines, from the lines before the first turn."""
    front = [n for n in range(1, first) if lines[n - 1].strip()]
    title = lines[front[0] - 1].strip() if front and len(lines[front[0] - 1].strip()) <= 120 else ""
    when = next((d for n in front if (d := iso_date(lines[n - 1]))), "")
    return title, when, front if len(front) <= 5 else []


def _confidence(lines: Sequence[str], headers: Sequence[Header], front: Sequence[int], paragraphs: int) -> float:
    """Share of non-blank lines inside turns or front matter, times how much the labels are the
    text's structure (most paragraphs open with one) and how many speakers recur."""
    nonblank = [n for n, line in enumerate(lines, 1) if line.strip()]
    if len(headers) < 2 or not nonblank:
        return 0.0
    explained = sum(1 for n in nonblank if n >= headers[0].line or n in front)
    share = explained / len(nonblank)
    density = math.sqrt(min(1.0, len(headers) / max(paragraphs, 1)))
    counts = Counter(h.label for h in headers)
    speakers = min(1.0, 0.5 + 0.25 * sum(1 for count in counts.values() if count >= 2))
    # Initials are scribe notes' labels: that reader, which reads the roster, should win them.
    initials = sum(1 for h in headers if initials_shaped(h.label)) / len(headers)
    # Plain labels are the least distinctive evidence of all: other readers' cues win ties.
    return round(share * density * speakers * (1 - 0.3 * initials) * 0.9, 3)


class PlainReader:
    """``Name: speech`` lines: hand-typed transcripts, diarisation output, interviews."""

    name = NAME
    summary = "plain text: each turn opens with 'Name: speech' ('Jane Doe:', 'SPEAKER_00:', 'Speaker 1:', 'Q:'/'A:')"

    @never_raises
    def read(self, text: SourceText) -> Reading:
        lines = [line.lstrip("\ufeff").rstrip("\r") for line in text.lines]
        first = next((line for line in lines if line.strip()), "")
        if _FOREIGN.match(first) or binary(lines):
            return Reading(reader=NAME, confidence=0.0)  # captions, XML, binary: other readers' files
        found = [c for n, line in enumerate(lines, 1) if (c := _candidate(n, line)) is not None]
        candidates = _with_speech_below(lines, found)
        paragraphs = _paragraph_starts(lines, candidates)
        dense = len(candidates) >= 3 and len(candidates) >= _DENSE * paragraphs
        accepted = _accepted(candidates, dense)
        taken = {c.line for c in accepted}
        unplaced = tuple(c.line for c in candidates if c.line not in taken and c.kind == "speaker")
        if not accepted:
            return Reading(reader=NAME, confidence=0.0, unplaced=unplaced)
        return _reading(lines, _headers(lines, accepted), paragraphs, unplaced)


def _reading(lines: Sequence[str], headers: list[Header], paragraphs: int, unplaced: tuple[int, ...]) -> Reading:
    title, when, front = _front(lines, headers[0].line)
    start, taken = headers[0].line, {h.line for h in headers}
    stage = tuple(n for n, line in enumerate(lines, 1) if n > start and n not in taken and stage_note(line))
    notes = (f"{len(unplaced)} lines open with a name-like 'Label:' that the file does not confirm",)
    return Reading(
        reader=NAME,
        confidence=_confidence(lines, headers, front, paragraphs),
        headers=tuple(headers),
        stage_notes=stage,
        scaffolding=tuple(front),
        title=title,
        date=when,
        unplaced=unplaced,
        notes=notes if unplaced else (),
    )


READER = PlainReader()

__all__ = ["NAME", "READER", "PlainReader"]
