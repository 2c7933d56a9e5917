"""Entity mentions in the meeting records: each mention of a known body, instrument, person or
process, linked to its record, with the line and the text as written.

The alias table is every record's label and alternative labels plus the reviewed aliases of
kg/data/names.yaml (short forms and the speech-recognition garbles the sources really contain:
"Angus" for UNGIS, "VSIS" for WSIS, "Reb One" for Rev1). Matching is longest-first and never
overlapping; a short all-capitals alias (an acronym) must match in capitals, so that "it" is
not IT and "who" is not WHO. Names and acronyms that match no alias are reported for review.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from kg.records import RecordSet

#: Kinds of record a mention can point at: bodies, people, posts, instruments and meetings (the
#: processes). Stakeholder categories ("governments", "civil society") are kinds of actor, not
#: named things: a sentence about "member states" mentions no one in particular.
MENTIONABLE = ("bodies", "people", "posts", "instruments", "meetings")
#: Reviewed aliases that serve as speaker labels but, in running text, are role words: "the
#: Chair" is whoever chairs, and the notes use it for several chairs.
ROLE_WORDS = {"Chair", "Madam Chair", "Secretariat"}
_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9]{1,6}(?:\+\d+)?\b")
_NAME = re.compile(r"\b[A-Z][a-zà-ÿ’']+(?:\s+(?:of|on|the|for|and)?\s*[A-Z][a-zà-ÿ’']+){1,4}\b")


@dataclass(frozen=True, order=True)
class Mention:
    source: str
    line: int
    start: int  # character offset in the line
    text: str  # as written
    entity: str


@dataclass(frozen=True)
class AliasTable:
    #: alias -> entity, for aliases matched case-insensitively
    folded: dict[str, str]
    #: alias -> entity, for acronyms matched as written
    exact: dict[str, str]
    pattern: re.Pattern[str]

    def per_entity(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = defaultdict(list)
        for alias, entity in sorted({**self.exact, **self.folded}.items()):
            out[entity].append(alias)
        return dict(out)


def _is_acronym(alias: str) -> bool:
    return len(alias) <= 6 and alias.upper() == alias and any(c.isalpha() for c in alias)


def alias_table(records: RecordSet, reviewed: dict[str, str]) -> AliasTable:
    """Aliases -> entities. An alias two records share is dropped: it cannot be linked safely."""
    seen: dict[str, set[str]] = defaultdict(set)
    for record in records.sorted():
        if record.kind not in MENTIONABLE:
            continue
        for field in ("label", "alt_labels"):
            for value in record.get(field):
                text = re.sub(r"\s+", " ", str(value)).strip()
                if len(text) >= 2:
                    seen[text].add(record.id)
    for alias, entity in reviewed.items():
        if alias in ROLE_WORDS or entity not in records or records[entity].kind not in MENTIONABLE:
            continue
        seen[alias] = {entity}  # reviewed by hand: wins over an ambiguous label
    folded: dict[str, str] = {}
    exact: dict[str, str] = {}
    for alias, ids in seen.items():
        if len(ids) != 1:
            continue
        entity = next(iter(ids))
        if _is_acronym(alias):
            exact[alias] = entity
        else:
            folded.setdefault(alias.casefold(), entity)
    alternatives = sorted({*exact, *folded}, key=lambda a: (-len(a), a))
    pattern = re.compile(
        r"(?<!\w)(" + "|".join(re.escape(a).replace(r"\ ", r"\s+") for a in alternatives) + r")(?!\w)",
        re.IGNORECASE,
    )
    return AliasTable(folded, exact, pattern)


def find_mentions(source: str, lines: tuple[str, ...], table: AliasTable) -> list[Mention]:
    found: list[Mention] = []
    for number, line in enumerate(lines, 1):
        for match in table.pattern.finditer(line):
            text = match.group(1)
            norm = re.sub(r"\s+", " ", text)
            entity = table.exact.get(norm) if norm in table.exact else table.folded.get(norm.casefold())
            if entity is None and norm.upper() in table.exact:
                continue  # an acronym written in lower case is a word ("who", "it")
            if entity is None:
                entity = table.folded.get(norm.casefold())
            if entity:
                found.append(Mention(source, number, match.start(1), text, entity))
    return found


def unmatched(source: str, lines: tuple[str, ...], found: list[Mention], ignore: set[str]) -> list[tuple[int, str]]:
    """Acronyms and capitalised names that no mention covers and no reviewed reason explains."""
    covered: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for m in found:
        covered[m.line].append((m.start, m.start + len(m.text)))
    out: set[tuple[int, str]] = set()
    for number, line in enumerate(lines, 1):
        for regex in (_ACRONYM, _NAME):
            for match in regex.finditer(line):
                a, b = match.span()
                if any(a < end and start < b for start, end in covered[number]):
                    continue
                text = re.sub(r"\s+", " ", match.group(0))
                if text not in ignore:
                    out.add((number, text))
    return sorted(out)
