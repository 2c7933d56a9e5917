"""Near spellings of a record's name, for labels that speech recognition or a captioner misspelt.

A near spelling is accepted only when three things hold, each chosen for precision:

1. the similarity of the two normal forms, the better of rapidfuzz's ``ratio`` (same word order)
   and ``token_sort_ratio`` (any word order; alone it misaligns a misspelt word that sorts
   elsewhere: "Unievrsal Postal Union"), is at least the threshold
   (:data:`THRESHOLD`, measured on the curated names and their perturbations:
   :mod:`kg.meetings.speakers.measure`);
2. the words agree one for one except a single word, which differs by at most one edit (a
   letter changed, dropped, added or two swapped), or two in a word of ten letters or more; a word
   shorter than six letters must be exact, because short names differ by one letter between
   different people (Maria / Mario, Major / Mayer, Chung / Chang). Words run together or split
   apart ("Olu Fuye" / "Olufuye") count as the same;
3. no other record scores within :data:`MARGIN` of the best: two close candidates are ambiguous.

Records named by one personal name ("Amrita") are never matched fuzzily: a near first name is
another person as often as a misspelling.

The mention linker (:mod:`kg.meetings.mentions`) uses the same matcher over every record a text
can mention, with one relaxation of rule 2 for titles (:data:`TITLE_WORDS`): in the name of a body,
instrument, meeting or post of three words or more, a word of four or five letters may differ
by one edit ("Internet Governance Forun"), unless it is an acronym ("UNECA" / "UNECE"). The
other words of so long a title already agree letter for letter, and titles, unlike personal
names, do not come in one-letter variants; speaker resolution does not use the relaxation.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from kg.meetings.speakers.model import Resolution, ambiguous
from kg.meetings.speakers.tables import NameTables

#: The least similarity (0-100) a near spelling needs. Chosen by measurement
#: (:func:`kg.meetings.speakers.measure.threshold_curve`, tests/meetings/test_speakers.py) on 712
#: perturbations of the curated names: 574 slips that must resolve, 138 look-alikes and made-up
#: names that must not. With the word rule, precision is 1.0 at every threshold from 60 to 100
#: and recall 0.976 up to 90 (0.876 at 95); by the score alone precision stays below 1.0 under
#: 100 (0.94 at 85: "Baher Esmaa", "Cedric Esmat" get through), so rule 2 is the guard and the
#: threshold a second one, set inside the plateau with room on both sides.
THRESHOLD = 85.0
#: A second record scoring within this many points of the best makes the label ambiguous.
MARGIN = 5.0
#: How far below the threshold a record still counts as a near miss worth showing a reviewer.
NEAR_MISS = 15.0
_CACHE_SIZE = 100_000
#: The fewest words a title needs for the relaxed rule: in a shorter one, one short word is too
#: much of the name to let it differ.
TITLE_WORDS = 3
#: The shortest word the relaxed rule lets differ by one edit.
TITLE_SHORTEST = 4


def allowed_edits(length: int, shortest: int = 6) -> int:
    """Edits a word of this many letters may differ by: none under ``shortest`` (six), one under
    ten, else two."""
    return 0 if length < shortest else 1 if length < 10 else 2


def tolerable(query: str, name: str, shortest: int = 6, exact: frozenset[str] = frozenset()) -> bool:
    """Whether two normal forms differ only as a misspelling of the same name does (rule 2).

    >>> tolerable("jimson olefuye", "jimson olufuye")
    True
    >>> tolerable("mario prieto", "maria prieto")
    False
    >>> tolerable("jimson olu fuye", "jimson olufuye")
    True
    """
    if query.replace(" ", "") == name.replace(" ", ""):
        return True
    ours, theirs = query.split(), name.split()
    if len(ours) != len(theirs):
        return False
    only_ours = list((Counter(ours) - Counter(theirs)).elements())
    only_theirs = list((Counter(theirs) - Counter(ours)).elements())
    if not only_ours:
        return True  # the same words in another order ("Olufuye Jimson")
    if len(only_ours) != 1:
        return False
    a, b = only_ours[0], only_theirs[0]
    if b in exact:
        return False  # an acronym differs from another by one letter ("UNECA" / "UNECE")
    return OSA.distance(a, b) <= allowed_edits(min(len(a), len(b)), shortest)


def _fuzzy_names(tables: NameTables, skip: frozenset[str]) -> list[tuple[str, str]]:
    """(name, slug) of the labels that name one record each, other than one-word personal names
    and the names in ``skip``."""
    return sorted(
        (name, next(iter(slugs)))
        for name, slugs in tables.labels.items()
        if len(slugs) == 1 and name not in skip and not tables.is_single_name(name, next(iter(slugs)))
    )


@dataclass(frozen=True)
class FuzzyMatcher:
    """The names a label may be a near spelling of: record labels and alternative labels that
    name one record each, other than one-word personal names."""

    names: tuple[str, ...]
    slugs: tuple[str, ...]
    threshold: float = THRESHOLD
    margin: float = MARGIN
    #: Rule 2 on (off only to measure what the score alone would let through).
    word_rule: bool = True
    #: The records named by titles, for which rule 2 is relaxed (the mention linker's matcher;
    #: empty for speakers), and the words that stay exact in them (acronyms).
    titles: frozenset[str] = frozenset()
    acronyms: frozenset[str] = frozenset()
    _cache: dict[str, list[tuple[float, str, str]]] = field(default_factory=dict, compare=False, repr=False)
    _compact: dict[str, set[str]] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        for name, slug in zip(self.names, self.slugs, strict=True):
            self._compact.setdefault(name.replace(" ", ""), set()).add(slug)

    @classmethod
    def from_tables(
        cls,
        tables: NameTables,
        threshold: float = THRESHOLD,
        margin: float = MARGIN,
        *,
        word_rule: bool = True,
        skip: frozenset[str] = frozenset(),
        relax_titles: bool = False,
    ) -> FuzzyMatcher:
        """The matcher over the tables' labels, less the normal forms in ``skip``; with
        ``relax_titles``, rule 2 relaxed for every record that is not a person."""
        pairs = _fuzzy_names(tables, skip)
        names, slugs = tuple(n for n, _ in pairs), tuple(s for _, s in pairs)
        if not relax_titles:
            return cls(names, slugs, threshold, margin, word_rule)
        titles = frozenset(s for s, kind in tables.kinds.items() if kind != "person")
        acronyms = frozenset(word for name in tables.capitals for word in name.split())
        return cls(names, slugs, threshold, margin, word_rule, titles, acronyms)

    def _tolerable(self, query: str, name: str, slug: str) -> bool:
        """Rule 2, relaxed for a long enough title."""
        if slug in self.titles and len(name.split()) >= TITLE_WORDS:
            return tolerable(query, name, TITLE_SHORTEST, self.acronyms)
        return tolerable(query, name)

    def _scores(self, query: str) -> list[tuple[float, str, str]]:
        """(score, name, slug) of the names scoring at least the near-miss floor, best first,
        computed once per label (a transcript repeats its labels). The two scorers run over all
        names in rapidfuzz's C code (a Python scorer is many times slower)."""
        cached = self._cache.get(query)
        if cached is not None:
            return cached
        floor = max(0.0, self.threshold - max(NEAR_MISS, self.margin))
        best: dict[int, float] = {}
        for scorer in (fuzz.ratio, fuzz.token_sort_ratio):
            for _, score, i in process.extract(query, self.names, scorer=scorer, score_cutoff=floor, limit=None):
                best[i] = max(best.get(i, 0.0), score)
        found = sorted(((s, self.names[i], self.slugs[i]) for i, s in best.items()), key=lambda h: (-h[0], h[2]))
        if len(self._cache) < _CACHE_SIZE:
            self._cache[query] = found
        return found

    def match(self, query: str) -> Resolution | None:
        """The record a label is a near spelling of, an ambiguity between two, or None."""
        if not query:
            return None
        joined = self._joined(query)
        if joined is not None:
            return joined
        hits = [h for h in self._scores(query) if h[0] >= self.threshold - self.margin]
        accepted = [
            h for h in hits if h[0] >= self.threshold and (not self.word_rule or self._tolerable(query, h[1], h[2]))
        ]
        if not accepted:
            return None
        score, _, slug = accepted[0]
        rivals = {s for sc, _, s in hits if s != slug and sc >= score - self.margin}
        if rivals:
            return ambiguous((slug, *rivals), f"near spellings of {len(rivals) + 1} records")
        return Resolution(slug, "fuzzy", round(0.9 * score / 100, 3))

    def _joined(self, query: str) -> Resolution | None:
        """The same letters with the words run together or split apart ("Olu Fuye"): one record,
        whatever the score (a split lowers it); several: ambiguous."""
        compact = query.replace(" ", "")
        slugs = self._compact.get(compact, set())
        if not slugs or (" " not in query and len(compact) < 6):
            return None
        if len(slugs) > 1:
            return ambiguous(tuple(slugs), "names that differ only in spacing")
        return Resolution(next(iter(slugs)), "fuzzy", 0.9)

    def near(self, query: str, limit: int = 3) -> tuple[str, ...]:
        """Records whose names come close without being accepted: for a reviewer, never a match."""
        if not query:
            return ()
        seen: list[str] = []
        for _, _, slug in self._scores(query):
            if slug not in seen:
                seen.append(slug)
        return tuple(seen[:limit])
