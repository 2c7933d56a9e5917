"""Support links and stances a record states outright, found by rule: "Support Philippines",
"Support- PH and Malaysia", "align with Malaysia", "Agree with India"; "only governments", "equal
footing". They are the floor the reviewed overlay must reach (test_meetings checks that every
link found here is in the overlay, and where the stance rules and the reviewer disagree); the
overlay adds what rules cannot read ("Support Philippines to Russia", "Same as Ph, Sri Lanka").

A test helper, not part of igkg: the build reads the reviewed overlay, never these guesses.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from kg.meetings import Extraction

_CUE = re.compile(
    r"^\s*(?:we\s+|i\s+)?(?:fully\s+|express\s+|strongly\s+)?"
    r"(?P<manner>support|align(?:ed)?\s+with|agree(?:d)?\s+with)\b[\s\-–:]*(?P<rest>.+)$",
    re.IGNORECASE,
)
_SPLIT = re.compile(r"\s*(?:,|\band\b|&|/)\s*", re.IGNORECASE)


@dataclass(frozen=True, order=True)
class Cue:
    line: int
    supporter: str
    supported: str
    manner: str


def support_cues(extraction: Extraction, resolve: Callable[[str], str | None]) -> list[Cue]:
    """``resolve``: a name as written -> the record it names, or None."""
    found: set[Cue] = set()
    for rt in extraction.turns:
        if not rt.speaker:
            continue
        for number in range(rt.turn.label_line + 1, rt.turn.line_end + 1):
            match = _CUE.match(extraction.lines[number - 1])
            if not match:
                continue
            manner = match["manner"].split()[0].lower().removesuffix("ed").removesuffix("d")
            manner = {"support": "support", "align": "align", "agree": "agree", "agre": "agree"}[manner]
            for token in _SPLIT.split(match["rest"].strip(" .")):
                token = re.sub(r"\s+(?:proposal|delegation|colleague)s?$", "", token.strip(" .–-"), flags=re.I)
                target = resolve(token) if token else None
                if target and target != rt.speaker:
                    found.add(Cue(number, rt.speaker, target, manner))
    return sorted(found)


#: Phrases that state a stance on who may be a member, in the notes' words. A negation before
#: "equal footing" ("not treated on equal footing") is not a call for it, so that cue needs none.
_STANCE_CUES = (
    (
        "governments-only",
        re.compile(
            r"\b(?:governments?\s+only|only\s+governments|composed\s+by\s+governments|"
            r"limited\s+to\s+governments|member\s+states\s+only)\b",
            re.IGNORECASE,
        ),
    ),
    ("equal-footing", re.compile(r"(?<!not )(?<!no )\b(?:on\s+|in\s+)?equal\s+footing\b", re.IGNORECASE)),
)


@dataclass(frozen=True, order=True)
class StanceCue:
    line: int
    holder: str
    stance: str
    turn: int


def stance_cues(extraction: Extraction) -> list[StanceCue]:
    """Lines in an attributed turn that state a stance outright ("WG Members be only governments")."""
    found = []
    for rt in extraction.turns:
        if not rt.speaker:
            continue
        for number in range(rt.turn.label_line + 1, rt.turn.line_end + 1):
            text = extraction.lines[number - 1]
            for stance, pattern in _STANCE_CUES:
                if pattern.search(text):
                    found.append(StanceCue(number, rt.speaker, stance, rt.order))
                    break
    return sorted(found)
