"""Shared by the caption and export readers: how a display name splits into name and affiliation,
and how cues (WebVTT, SRT) become speaker turns.

A caption payload ``So: yes`` or ``Note: this is …`` has the shape of ``Name: text`` but names
nobody. A label is taken as a speaker only when it is shaped like a name or a handle
(:mod:`kg.meetings.transcripts.names`, the rule every reader shares) and the file confirms it: the
same label recurs, or (Zoom) nearly every cue opens with a label, so the convention is the file's own.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from kg.meetings.transcripts.labels import label_kind, stage_note
from kg.meetings.transcripts.model import Header
from kg.meetings.transcripts.names import SENTENCE_OPENERS, handle_shaped, loosely_named, name_shaped

#: Parenthesised words of a display name that are neither name nor affiliation.
_ROLE_WORDS = {
    "host": "Host",
    "co-host": "Co-host",
    "cohost": "Co-host",
    "organizer": "Organizer",
    "presenter": "Presenter",
    "moderator": "Moderator",
    "chair": "Chair",
    "co-chair": "Co-Chair",
}
_IGNORED_NOTES = frozenset({"guest", "external", "unverified", "me", "you", "she/her", "he/him", "they/them"})
_PRONOUNS = re.compile(r"^(?:she|he|they|her|him|them|hers|his|theirs|ze|xe)(?:\s*/\s*[a-z]+)+$", re.IGNORECASE)


def split_display(label: str) -> tuple[str, str, str]:
    """A display name as (name, affiliation, role): ``Daniel Lehrner (Besu)`` -> (``Daniel Lehrner``,
    ``Besu``, ""), ``Saulius Grigaitis | Grandine`` -> (…, ``Grandine``, ""), ``Ana Ruiz (Host)`` ->
    (``Ana Ruiz``, "", ``Host``); pronouns and ``(Guest)`` are dropped."""
    name = " ".join(label.split())
    affiliation = role = ""
    if "|" in name:
        parts = [part.strip() for part in name.split("|") if part.strip()]
        name, affiliation = (parts[0], " | ".join(parts[1:])) if parts else ("", "")
    while (match := re.match(r"^(?P<name>.+?)\s*\((?P<note>[^()]{1,60})\)$", name)) is not None:
        name, note = match["name"].strip(), match["note"].strip()
        if note.lower() in _ROLE_WORDS:
            role = role or _ROLE_WORDS[note.lower()]
        elif note.lower() not in _IGNORED_NOTES and not _PRONOUNS.match(note):
            affiliation = affiliation or note
    if " - " in name and not affiliation:
        # ``Jane Doe - ACME``: a dash with spaces separates the organisation (``Jean-Luc`` has none).
        name, _, affiliation = (part.strip() for part in name.partition(" - "))
    return name, affiliation, role


# -- cue payloads -------------------------------------------------------------------------------------------

_VOICE = re.compile(r"^\s*(?:<(?!v[\s.])[^>]*>)*<v(?:\.[^\s>]+)*\s+(?P<name>[^>]+)>")
_TAG = re.compile(r"<[^>]*>|\{\\[^}]*\}")
_CHEVRON = re.compile(r"^>>+\s*(?P<rest>.*)$")
_DASH = re.compile(r"^[-–—]\s+(?P<rest>.*)$")
_BRACKET = re.compile(r"^\[(?P<label>[^\[\]]{1,60})\]\s*:?\s*(?P<rest>.*)$")
_COLON = re.compile(r"^(?P<label>[^:<>\[\]()]{1,60}?(?:\([^()]{1,40}\))?)\s*:(?:\s+(?P<rest>\S.*))?$")


@dataclass(frozen=True)
class Mark:
    """What one payload line says about who speaks."""

    label: str | None = None  # the label as written (a display name), None when the line has none
    change: bool = False  # the line marks a new speaker (``>>``) with or without a label
    markup: bool = False  # the label is the format's markup (a voice tag), not a ``Name:`` to confirm
    stage: bool = False  # the line is only a stage note ([Music], (laughter))
    plain: str = ""  # the line's text without tags


def _colon_label(text: str) -> str | None:
    match = _COLON.match(text)
    if match is None or "http" in match["label"].lower():
        return None
    return match["label"].strip() or None


def mark(line: str, voice_tags: bool) -> Mark:
    """Read one payload line: voice tag, ``>>`` change, ``- Name:``, ``[Name]`` or ``Name:``."""
    # The cheap tests first: most payload lines have no tag, no entity and no bracket.
    voice = _VOICE.match(line) if voice_tags and "<v" in line else None
    plain = _TAG.sub("", line) if "<" in line or "{" in line else line
    plain = (html.unescape(plain) if "&" in plain else plain).strip()
    if voice is not None:
        return Mark(label=voice["name"].strip(), markup=True, plain=plain)
    if not plain:
        return Mark()
    if plain[0] in "[(<*_" and stage_note(plain) is not None:
        return Mark(stage=True, plain=plain)
    if (chevron := _CHEVRON.match(plain)) is not None:
        return Mark(label=_colon_label(chevron["rest"]), change=True, plain=plain)
    if (dash := _DASH.match(plain)) is not None:
        return Mark(label=_colon_label(dash["rest"]), plain=plain)
    if (bracket := _BRACKET.match(plain)) is not None:
        if stage_note(f"[{bracket['label']}]") is not None:
            return Mark(plain=plain)
        return Mark(label=bracket["label"].strip(), plain=plain)
    return Mark(label=_colon_label(plain), plain=plain)


@dataclass(frozen=True)
class CueTurns:
    """Turns found in a run of cues."""

    headers: tuple[Header, ...] = ()
    stage_notes: tuple[int, ...] = ()
    unplaced: tuple[int, ...] = ()
    covered: tuple[int, ...] = ()  # payload lines inside a turn (the header's and the speech after it)
    notes: tuple[str, ...] = ()


def _rolling(marks: dict[int, Mark], cues: Sequence[tuple[str, tuple[int, ...]]]) -> bool:
    """YouTube's automatic captions roll: each cue repeats the previous cue's last line. There a
    repeated ``>>`` line is the same change shown again, not a new one."""
    repeats = 0
    previous: set[str] = set()
    for _, payload in cues:
        texts = [marks[n].plain for n in payload if marks[n].plain]
        if texts and texts[0] in previous:
            repeats += 1
        previous = set(texts)
    return len(cues) >= 3 and repeats >= 0.3 * len(cues)


def _openers(marks: dict[int, Mark], cues: Sequence[tuple[str, tuple[int, ...]]]) -> set[str]:
    """The labels that open cues, when nearly every cue opens with one, as Zoom writes them: there
    the convention is the file's own, and a name written once is still a name. Empty otherwise.
    (A label further down a cue is not covered by the convention.)"""
    firsts = [next((marks[n] for n in payload if marks[n].plain), None) for _, payload in cues]
    spoken = [m for m in firsts if m is not None and not m.stage]
    labelled = [m.label for m in spoken if m.label and (m.markup or loosely_named(split_display(m.label)[0]))]
    return {label for label in labelled if label} if len(spoken) >= 3 and len(labelled) >= 0.8 * len(spoken) else set()


def _confirmed(label: str, count: int, opener: bool, chevroned: bool) -> float | None:
    """The confidence that a ``Name:`` label is a speaker, from its shape and the file; None: not one."""
    name = split_display(label)[0]
    if name and label_kind(name) == "generic":
        return 0.9
    if chevroned and name_shaped(name):
        return 0.9  # ``>> NAME:``: the caption writer marked the change, the name is theirs
    if count >= 2 and name_shaped(name):
        return 0.9
    if count >= 2 and handle_shaped(name):
        return 0.85
    if opener and loosely_named(name) and name.lower() not in SENTENCE_OPENERS:
        return 0.8 if count >= 2 else 0.6
    return None


def _acceptor(marks: dict[int, Mark], cues: Sequence[tuple[str, tuple[int, ...]]]) -> dict[str, float]:
    """The confidence of each ``Name:`` label that the file confirms as a speaker (absent: not one)."""
    counts = Counter(m.label for m in marks.values() if m.label and not m.markup)
    chevroned = {m.label for m in marks.values() if m.change and m.label}
    openers = _openers(marks, cues)
    dense = bool(openers)
    accepted: dict[str, float] = {}
    for label, count in counts.items():
        confidence = _confirmed(label, count, label in openers, label in chevroned)
        if confidence is not None:
            accepted[label] = confidence
    if not dense:
        accepted.update(_once_only(counts, accepted))
    return accepted


def _once_only(counts: Counter[str], accepted: dict[str, float]) -> dict[str, float]:
    """Full names written once, in a file where at least two other speakers recur named the same way."""
    if sum(1 for label in accepted if counts[label] >= 2) < 2:
        return {}
    once = [label for label, count in counts.items() if count == 1 and label not in accepted]
    return {label: 0.6 for label in once if name_shaped(name := split_display(label)[0]) and len(name.split()) >= 2}


def _header(label: str, line: int, time: str, confidence: float) -> Header:
    name, affiliation, role = split_display(label)
    return Header(
        line=line,
        label=name,
        kind=label_kind(name),
        time=time,
        affiliation=affiliation,
        role=role,
        confidence=confidence,
        last_line=line,
    )


class _Turns:
    """Turns as they are found, payload line by payload line."""

    def __init__(self, accepted: dict[str, float]) -> None:
        self.accepted = accepted
        self.headers: list[Header] = []
        self.stage: list[int] = []
        self.unplaced: list[int] = []
        self.covered: list[int] = []
        self.current: str | None = None

    def _speaker(self, n: int, m: Mark, repeated: bool) -> str | None:
        """The line's confirmed label; a name-like label the file does not confirm is reported."""
        if m.label is None:
            return None
        if m.markup or m.label in self.accepted:
            return m.label
        if not repeated and _looks_like_label(m.label):
            self.unplaced.append(n)
        return None

    def take(self, n: int, m: Mark, start: str, repeated: bool) -> None:
        """One payload line: a stage note, a new speaker (a new turn), or the current turn's speech."""
        if m.stage:
            self.stage.append(n)
            return
        label = self._speaker(n, m, repeated)
        opens = label != self.current if label is not None else m.change
        if opens and not repeated:
            confidence = 1.0 if m.markup else self.accepted.get(label or "", 0.9)
            self.headers.append(_header(label or "", n, start, confidence))
            self.current = label or ""
        if self.headers and m.plain:
            self.headers[-1] = _extend(self.headers[-1], n)
            self.covered.append(n)


def cue_turns(lines: Sequence[str], cues: Sequence[tuple[str, tuple[int, ...]]], voice_tags: bool) -> CueTurns:
    """Turns from cues given as (start as written, payload line numbers): a new turn where the
    speaker changes; a cue without a speaker continues the current turn."""
    marks = {n: mark(lines[n - 1], voice_tags) for _, payload in cues for n in payload}
    turns = _Turns(_acceptor(marks, cues))
    rolling = _rolling(marks, cues)
    previous: set[str] = set()
    for start, payload in cues:
        for n in payload:
            turns.take(n, marks[n], start, rolling and marks[n].plain in previous)
        previous = {marks[n].plain for n in payload if marks[n].plain}
    unplaced = turns.unplaced
    unconfirmed = f"{len(unplaced)} cue lines open with a name-like 'Label:' that the file does not confirm"
    notes = [unconfirmed] if unplaced else []
    return CueTurns(tuple(turns.headers), tuple(turns.stage), tuple(unplaced), tuple(turns.covered), tuple(notes))


def _extend(header: Header, line: int) -> Header:
    last = max(line, header.last_line or line)
    return header if header.last_line == last else replace(header, last_line=last)


def _looks_like_label(label: str) -> bool:
    name = split_display(label)[0]
    return name_shaped(name) or (handle_shaped(name) and any(char.isupper() or char.isdigit() for char in name))


def share_explained(lines: Sequence[str], found: CueTurns, scaffolding: Sequence[int]) -> float:
    """The share of non-blank lines that the format explains: its scaffolding, stage notes and
    the payload lines inside turns."""
    nonblank = {n for n, line in enumerate(lines, 1) if line.strip()}
    if not nonblank:
        return 0.0
    explained = (set(scaffolding) | set(found.stage_notes) | set(found.covered)) & nonblank
    return len(explained) / len(nonblank)
