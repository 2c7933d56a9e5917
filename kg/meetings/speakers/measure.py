"""Measuring speaker resolution: on the seeds' curated turns, and on perturbed names.

Two measurements, both deterministic:

- :func:`seed_turns` + :func:`score`: every speaker turn of the curated extractions
  (kg/data/records/meetings/*.yaml) with the label as written and the speaker a curator gave it;
  the resolver must never give another record (precision 1.0), and the share it gets is recall.
- :func:`perturbed` + :func:`threshold_curve`: for each curated name, the slips speech
  recognition and captioners make (a letter dropped, doubled, changed or swapped in a long word,
  capitals, accents, word order, a word split) that must resolve to it, and look-alike impostors
  (a short word changed by one letter, another person's first name, two letters changed, made-up
  names) that must not resolve to anything. The fuzzy threshold is chosen where precision is 1.0.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kg.core.yamlnodes import YMap, YScalar, YSeq, read_yaml_file
from kg.meetings.speakers.context import MeetingContext
from kg.meetings.speakers.fuzzy import FuzzyMatcher, allowed_edits
from kg.meetings.speakers.model import Resolution
from kg.meetings.speakers.normalise import key
from kg.meetings.speakers.resolve import NO_CONTEXT, SpeakerIndex
from kg.meetings.speakers.tables import NameTables


@dataclass(frozen=True)
class SeedTurn:
    file: str  # the extraction's file name
    meeting: str
    label: str  # as written
    speaker: str  # the curated slug, "" when the curator left the turn unattributed
    line: int  # the extraction's line of the turn


def seed_turns(meetings_dir: Path) -> list[SeedTurn]:
    """The interventions of the curated extractions that have a label."""
    turns: list[SeedTurn] = []
    for path in sorted(meetings_dir.glob("*.yaml")):
        root = read_yaml_file(path)
        section = root.items.get("interventions") if isinstance(root, YMap) else None
        if section is None or not isinstance(section[1], YSeq):
            continue
        for item in section[1].items:
            if not isinstance(item, YMap):
                continue
            values = {k: v.value for k, (_, v) in item.items.items() if isinstance(v, YScalar)}
            if values.get("speaker_as_written"):
                turns.append(
                    SeedTurn(path.name, values.get("meeting", ""), values["speaker_as_written"],
                             values.get("speaker", ""), item.line)
                )  # fmt: skip
    return turns


@dataclass
class Score:
    """Turns whose curated speaker is a record: how many the resolver gets, misses, gets wrong."""

    right: int = 0
    wrong: int = 0
    missed: int = 0
    #: Turns the curator left unattributed that the resolver attributes anyway (also wrong).
    overreach: int = 0
    wrong_items: list[tuple[str, str, str]] = field(default_factory=list)  # (label, expected, given)
    how: dict[str, int] = field(default_factory=dict)

    @property
    def resolved(self) -> int:
        return self.right + self.wrong + self.overreach

    @property
    def precision(self) -> float:
        return self.right / self.resolved if self.resolved else 1.0

    @property
    def recall(self) -> float:
        named = self.right + self.wrong + self.missed
        return self.right / named if named else 1.0


def score(pairs: Iterable[tuple[str, str, Resolution]]) -> Score:
    """Score (label, expected slug or "", resolution) triples."""
    result = Score()
    for label, expected, found in pairs:
        result.how[found.how] = result.how.get(found.how, 0) + 1
        if not expected:
            if found.slug is not None:
                result.overreach += 1
                result.wrong_items.append((label, "", found.slug))
        elif found.slug is None:
            result.missed += 1
        elif found.slug == expected:
            result.right += 1
        else:
            result.wrong += 1
            result.wrong_items.append((label, expected, found.slug))
    return result


def score_seeds(
    index: SpeakerIndex, turns: Iterable[SeedTurn], context_of: Callable[[SeedTurn], MeetingContext]
) -> Score:
    return score((t.label, t.speaker, index.resolve(t.label, context=context_of(t))) for t in turns)


# -- perturbations ---------------------------------------------------------------------------

#: Made-up names that are no record: none may resolve.
STRANGERS = (
    "Oskar Lindqvist", "Amara Okonkwo-Bell", "Tomasz Wierzbicki", "Lucia Ferrante", "Kwame Asante",
    "Ingrid Solheim", "Rafael Quintero", "Mei Tanaka", "Dmitri Volkov", "Fatou Diallo",
)  # fmt: skip
_VOWELS = "aeiou"


def _strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _longest(words: list[str]) -> int:
    return max(range(len(words)), key=lambda i: (len(words[i]), -i))


def _replace(words: list[str], i: int, word: str) -> str:
    return " ".join([*words[:i], word, *words[i + 1 :]])


def _slips(word: str) -> list[str]:
    """One-edit slips inside a long word (never its first letter)."""
    mid = len(word) // 2
    other = next(v for v in _VOWELS if v != word[mid].lower())
    return [
        word[:mid] + word[mid + 1 :],  # a letter dropped
        word[:mid] + word[mid] + word[mid:],  # a letter doubled
        word[:mid] + other + word[mid + 1 :],  # a letter changed
        word[: mid - 1] + word[mid] + word[mid - 1] + word[mid + 1 :],  # two letters swapped
    ]


def variants(name: str) -> list[str]:
    """Ways a transcript may write ``name`` that must still resolve to it."""
    words = name.split()
    out = [name.upper(), _strip_accents(name), f"Mr. {name}" if len(words) > 1 else name]
    if len(words) == 2:
        out.append(f"{words[1]}, {words[0]}")
    i = _longest(words)
    if len(words[i]) >= 6 and len(words) > 1:
        out += [_replace(words, i, slip) for slip in _slips(words[i])]
        out.append(_replace(words, i, f"{words[i][:3]} {words[i][3:]}"))
    return [v for v in dict.fromkeys(out) if v != name]


def impostors(name: str, first_names: Iterable[str]) -> list[str]:
    """Names like ``name`` that are someone else's: none may resolve to it."""
    words = name.split()
    if len(words) < 2:
        return []
    out: list[str] = []
    for i, word in enumerate(words):
        if 3 <= len(word) < 6:  # Maria -> Mario, Major -> Majer
            last = word[-1].lower()
            swap = "o" if last in _VOWELS else "a"
            out.append(_replace(words, i, word[:-1] + swap))
    i = _longest(words)
    if len(words[i]) >= 6:  # more letters changed in one word than a slip may: another name
        word = words[i]
        changed = word[:2] + "x" + word[3:-2] + "q" + word[-1]
        if allowed_edits(len(word)) > 1:  # rule 2 lets a long word ("Esterhuysen") differ by two
            mid = len(word) // 2
            changed = changed[:mid] + ("y" if changed[mid] == "z" else "z") + changed[mid + 1 :]
        out.append(_replace(words, i, changed))
    out += [_replace(words, 0, first) for first in first_names if first != words[0]][:3]
    return out


def perturbed(tables: NameTables) -> list[tuple[str, str]]:
    """(label, expected slug or "") for the names of people and bodies of two words or more."""
    names = sorted(
        (name, slug)
        for slug, name in tables.names.items()
        if tables.kinds[slug] in ("person", "organization", "delegation") and len(name.split()) >= 2
    )
    firsts = sorted({n.split()[0] for n, s in names if tables.kinds[s] == "person"})
    cases: list[tuple[str, str]] = []
    known = set(tables.labels) | set(tables.aliases)
    for name, slug in names:
        cases += [(v, slug) for v in variants(name)]
        if tables.kinds[slug] == "person":  # a body's name with a slip is still that body
            cases += [(v, "") for v in impostors(name, firsts) if key(v) not in known]
    cases += [(s, "") for s in STRANGERS]
    return cases


def threshold_curve(
    index: SpeakerIndex, cases: list[tuple[str, str]], thresholds: Iterable[float], *, word_rule: bool = True
) -> list[tuple[float, Score]]:
    """The resolver's score on ``cases`` at each fuzzy threshold."""
    curve: list[tuple[float, Score]] = []
    for threshold in thresholds:
        matcher = FuzzyMatcher.from_tables(index.tables, threshold, word_rule=word_rule)
        trial = SpeakerIndex(index.tables, matcher)
        curve.append((threshold, score((c, e, trial.resolve(c, context=NO_CONTEXT)) for c, e in cases)))
    return curve
