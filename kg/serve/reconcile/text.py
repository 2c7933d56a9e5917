"""Normalised names and how close two of them are.

Every comparison in the reconciliation service goes through :func:`normalise`, so "ECOSOC",
"Ecosoc" and "E.C.O.S.O.C." and "Économique" / "economique" compare equal, and a document symbol
such as ``A/RES/65/141`` equals ``a res 65 141``. The score formula (documented in the README,
"Reconciliation (OpenRefine)") is :func:`similarity`.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from difflib import SequenceMatcher

#: A name that is not exactly equal scores at most this much: 100 is kept for exact matches.
NEAR_CEILING = 90.0


def normalise(text: str) -> str:
    """Case-folded, without diacritics, every run of punctuation or space one space.

    >>> normalise("  Économique  et Social-Council ")
    'economique et social council'
    >>> normalise("A/RES/65/141")
    'a res 65 141'
    >>> normalise("E.C.O.S.O.C.")
    'ecosoc'
    """
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    words: list[str] = []
    current: list[str] = []
    for ch in plain:
        if ch.isalnum():
            current.append(ch)
        elif current:
            words.append("".join(current))
            current = []
    if current:
        words.append("".join(current))
    # Initials written with stops ("E.C.O.S.O.C.", "U.N.") arrive as one-letter words: join them.
    return " ".join(_join_initials(words))


def _join_initials(words: list[str]) -> list[str]:
    out: list[str] = []
    run: list[str] = []
    for word in words:
        if len(word) == 1 and word.isalpha():
            run.append(word)
            continue
        if run:
            out.append("".join(run))
            run = []
        out.append(word)
    if run:
        out.append("".join(run))
    return out


def trigrams(text: str) -> frozenset[str]:
    padded = f"  {text} "
    return frozenset(padded[i : i + 3] for i in range(len(padded) - 2))


@dataclass(frozen=True)
class Name:
    """One name of a thing (its label, an alias or a symbol), normalised once, when indexed."""

    text: str
    kind: str  # "label", "alias", "symbol" or "id"
    norm: str = field(init=False)
    tokens: frozenset[str] = field(init=False)
    grams: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        norm = normalise(self.text)
        object.__setattr__(self, "norm", norm)
        object.__setattr__(self, "tokens", frozenset(norm.split()))
        object.__setattr__(self, "grams", trigrams(norm))


def similarity(query: Name, name: Name) -> float:
    """How close ``query`` is to ``name``, 0–100: 100 only when the normalised texts are equal;
    otherwise ``90 × (0.4·dice + 0.3·coverage + 0.3·ratio)``, where dice is the Dice coefficient
    of the two word sets, coverage the share of the query's words found in the name and ratio
    difflib's character ratio. Names with no word and no character trigram in common score 0
    (and are not compared further: that keeps a batch fast)."""
    if not query.norm or not name.norm:
        return 0.0
    if query.norm == name.norm:
        return 100.0
    shared = len(query.tokens & name.tokens)
    if not shared and not (query.grams & name.grams):
        return 0.0
    dice = 2 * shared / (len(query.tokens) + len(name.tokens))
    coverage = shared / len(query.tokens)
    ratio = SequenceMatcher(None, query.norm, name.norm).ratio()
    return NEAR_CEILING * (0.4 * dice + 0.3 * coverage + 0.3 * ratio)
