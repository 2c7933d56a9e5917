"""Entity mentions in meeting texts: each mention of a known body, instrument, person, post or
meeting, linked to its record, with the line and the text as written.

Names are read through speaker resolution's alias table and fuzzy matcher (``NameTables`` over
every kind a text can mention, ``FuzzyMatcher``) in its normal form (``normalise.key``): records'
labels and alternative labels plus the reviewed aliases of kg/data/names.yaml (short forms and the
speech-recognition garbles the sources contain: "Angus" for UNGIS, "VSIS" for WSIS).

A line is read as word tokens with their character offsets. From each token, the longest run of
tokens whose normal form is a name in the table is a candidate ("the" inside a name does not
count: "Chair of CSTD" is "Chair of the CSTD"); candidates never overlap and never cross a
sentence or clause break. Precision first, so a candidate is not a mention when:

- its name is written in capitals by every record and alias ("WHO", "IT") and the text writes it
  otherwise: "who" and "it" are words. Two writings are still the acronym: lower case straight
  after "the" (speech recognition's "the un", where no pronoun stands) in a text that never uses
  the word otherwise, and, for four letters or more, title case inside a sentence ("Ungis"). In a
  line written all in capitals ("WHO WE ARE") no acronym can be told from a word;
- two records share its name (it cannot be linked safely), or it is a bare role word ("the
  Chair" is whoever chairs; "Secretariat");
- a role modifier makes it another post ("Vice-Chair of the CSTD", "Under Secretary General");
- it is the first word of a longer name igkg has no record of, the next word being capitalised
  and no name of its own ("UN Sustainable Development Group", "USG Policy"), or a name's last
  word ("New Mexico", "Papua New Guinea"); or a currency's code ("US$");
- it is someone else's name as often, a person's one-word name, a reviewed alias of a person
  ("James Lee" for Jimson) or a one-word garble ("Angus" for UNGIS), outside a meeting the
  records say involves its record (as for speakers; the meeting is the one ``recorded_in`` the text).

Then, in what no candidate covers, a run of capitalised words is tried as a country (through
pycountry, as speaker labels are: "Tunisian", "Russian Federation") and, when it has two
capitalised words or more, as a near spelling of a record's name ("Internet Governance Forun",
"Jimson Olefuye") with the fuzzy matcher's precision rules. Names and acronyms that match no
alias are reported for review (:func:`unmatched`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from kg.meetings.speakers.context import MeetingContext
from kg.meetings.speakers.countries import country_of
from kg.meetings.speakers.fuzzy import FuzzyMatcher
from kg.meetings.speakers.normalise import fold, is_envoy, key, role_words, strip_titles
from kg.meetings.speakers.tables import NameTables
from kg.records import RecordSet

#: Kinds of record a mention can point at: bodies, people, posts, instruments and meetings (the
#: processes). Stakeholder categories ("governments", "civil society") are kinds of actor, not
#: named things: a sentence about "member states" mentions no one in particular.
MENTIONABLE = ("bodies", "people", "posts", "instruments", "meetings")
#: Words before a post's name that make it another post: the vice-chair is not the chair.
ROLE_MODIFIERS = frozenset(("vice", "co", "deputy", "under", "assistant", "acting", "interim", "associate"))
#: Capitalised words that do not continue a name: function words ("UN In Practice" is the UN in a
#: heading), months and days ("CSTD May 2012").
_NOT_NAME_WORDS = frozenset((
    "a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "is", "it", "of", "on", "or", "the", "to",
    "with", "we", "i", "our", "this", "that",
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
    "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
))  # fmt: skip
#: What may stand between a name and the next word for that word to carry the name on.
_CONTINUE = re.compile(r"[ \t\-]+")
#: Lower-case words that may join the capitalised words of one name ("Chair of the CSTD").
_CONNECTORS = frozenset(("of", "on", "the", "for", "and", "de", "du", "des", "la", "d"))
_ARTICLE = "the"
#: A written token: dotted initials ("U.S.") as one word, as :func:`key` reads them, else letters,
#: digits and underscores ("UN_WGIGF" in a file name is no mention of the UN); "&" reads as "and".
_TOKEN = re.compile(r"\b(?:[A-Za-z]\.){2,}|\w+|&")
#: What may stand between two words of one name: spaces, hyphens, apostrophes, commas, slashes
#: ("Wachholz, Cedric", "UN-Habitat"). A full stop only after an abbreviation ("St. Lucia").
_JOIN = re.compile(r"[\s\-'’,/]*\.?[\s\-'’,/]*")
#: What ends a sentence or a clause before a word, or opens a label (the next capital is grammar's).
_SENTENCE_BREAK = re.compile(r"[.!?:;|>*#•–—\"“”(\[]")
_CURRENCY = frozenset("$€£¥")
_SHOUTED = 3
_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9]{1,6}(?:\+\d+)?\b")
_NAME = re.compile(r"\b[A-Z][a-zà-ÿ’']+(?:\s+(?:of|on|the|for|and)?\s*[A-Z][a-zà-ÿ’']+){1,4}\b")


@dataclass(frozen=True, order=True)
class Mention:
    source: str
    line: int
    start: int  # character offset in the line
    text: str  # as written
    entity: str


class Token(NamedTuple):
    """One word of a line in the normal form of :func:`key`, and where it is written."""

    word: str
    start: int
    end: int


@dataclass(frozen=True)
class _Name:
    """What a token sequence names: one record, or none when records share it (``slug`` "")."""

    slug: str
    capitals: bool = False  # written only in capitals by every record and alias
    role: bool = False  # starts with role words ("Chair of the CSTD", "Secretary General")
    #: Someone else's name as often ("Teresa", "James Lee", "Angus"; see the module's description):
    #: it counts only in a meeting known to involve the record.
    guarded: bool = False


@dataclass(frozen=True)
class AliasTable:
    """The shared name table over the mentionable kinds, read as token sequences."""

    tables: NameTables
    fuzzy: FuzzyMatcher
    #: the words of a name ("the" left out) -> what it names
    names: dict[tuple[str, ...], _Name]
    #: every leading part of a name's words, to stop a lookup as soon as no name can follow
    prefixes: frozenset[tuple[str, ...]]
    records: RecordSet
    #: the one-word names written only in capitals ("un", "who"), to see which a text uses as words
    acronyms: frozenset[str] = frozenset()
    _contexts: dict[str, MeetingContext] = field(default_factory=dict, compare=False, repr=False)

    def context_for(self, source: str) -> MeetingContext:
        """The meeting a source file records (the meeting records whose ``recorded_in`` names
        it), for the records it is known to involve; none known: only those citing the file."""
        if source not in self._contexts:
            known: set[str] = set()
            for record in self.records.of_kind("meetings"):
                if source in (str(v) for v in record.get("recorded_in")):
                    known |= MeetingContext.from_records(self.records, self.tables, record.id).known
            self._contexts[source] = MeetingContext(known=frozenset(known), sources=frozenset((source,)))
        return self._contexts[source]


def _words(text_key: str) -> tuple[str, ...]:
    return tuple(word for word in text_key.split() if word != _ARTICLE)


def _is_bare_role(text_key: str) -> bool:
    """ "Chair", "Madam Chair", "Secretariat": a role a meeting fills, with nothing after it."""
    words = role_words(text_key)
    return words is not None and bool(words.role) and not words.rest


def alias_table(records: RecordSet, reviewed: Mapping[str, str]) -> AliasTable:
    """The names that link: records' labels, and the reviewed aliases, which win over labels
    that two records share. A name two records share otherwise is dropped, as are bare role words."""
    tables = NameTables.from_records(records, reviewed, kinds=MENTIONABLE)
    slugs, keys = _by_words(tables)
    names = {words: _name(tables, named, keys[words]) for words, named in slugs.items()}
    prefixes = frozenset(words[:i] for words in names for i in range(1, len(words) + 1))
    fuzzy = FuzzyMatcher.from_tables(tables, skip=tables.capitals, relax_titles=True)
    acronyms = frozenset(words[0] for words, name in names.items() if len(words) == 1 and name.capitals)
    return AliasTable(tables, fuzzy, names, prefixes, records, acronyms)


def _by_words(tables: NameTables) -> tuple[dict[tuple[str, ...], set[str]], dict[tuple[str, ...], set[str]]]:
    """(words -> the records they name, words -> the normal forms they come from), over labels
    and then reviewed aliases."""
    slugs: dict[tuple[str, ...], set[str]] = defaultdict(set)
    keys: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for source in (tables.labels, tables.aliases):
        for text_key, named in source.items():
            words = _words(text_key)
            if len(text_key) < 2 or not words or _is_bare_role(text_key):
                continue
            if source is tables.aliases and len(named) == 1:
                slugs[words] = set()  # reviewed by hand: wins over a label two records share
            slugs[words] |= named
            keys[words].add(text_key)
    return slugs, keys


def _name(tables: NameTables, named: set[str], keys: set[str]) -> _Name:
    if len(named) != 1:
        return _Name("")
    slug = next(iter(named))
    capitals = all(k in tables.capitals for k in keys)
    return _Name(slug, capitals, any(role_words(k) is not None for k in keys), _guarded(tables, slug, keys))


def _guarded(tables: NameTables, slug: str, keys: set[str]) -> bool:
    """See :attr:`_Name.guarded`."""
    reviewed_only = all(k not in tables.labels and k not in tables.acronyms for k in keys)
    one_word = all(len(k.split()) == 1 for k in keys)
    if tables.kinds.get(slug) == "person":
        return reviewed_only or one_word
    return reviewed_only and one_word


def tokens(line: str) -> list[Token]:
    """The words of a line, each in the normal form of :func:`key` (a word that folds to two,
    such as "Søren" -> "s ren", gives two tokens with the same place)."""
    out: list[Token] = []
    for match in _TOKEN.finditer(line):
        written = match.group()
        start, end = match.span()
        if written.isascii() and written.isalnum():  # most words: what fold would give, faster
            out.append(Token(written.lower(), start, end))
        else:
            out += [Token(word, start, end) for word in fold(written).split()]
    return out


class _Line:
    """One line being linked: its tokens, and which of them follow the previous one inside a name.
    ``words``: the acronyms that the whole text also uses as lower-case words (set by
    :func:`find_mentions` once every line is read)."""

    def __init__(self, text: str, table: AliasTable, context: MeetingContext) -> None:
        self.text = text
        self.table = table
        self.context = context
        self.tokens = tokens(text)
        self.joined = [False] + [self._joins(a, b) for a, b in zip(self.tokens, self.tokens[1:], strict=False)]
        self.words: frozenset[str] = frozenset()
        #: A line of three words or more in capitals only ("WHO WE ARE"): its capitals say nothing.
        self.shouted = (
            not any(c.islower() for c in text) and sum(1 for t in self.tokens if t.word.isalpha()) >= _SHOUTED
        )

    def after_article(self, i: int) -> bool:
        return i > 0 and self.tokens[i - 1].word == _ARTICLE and self.joined[i]

    def lower_case_words(self, acronyms: frozenset[str]) -> Iterator[str]:
        """The acronyms this line writes as lower-case words, other than straight after "the"."""
        for i, token in enumerate(self.tokens):
            if token.word in acronyms and self.text[token.start : token.end].islower() and not self.after_article(i):
                yield token.word

    def _joins(self, before: Token, after: Token) -> bool:
        if before.start == after.start:
            return True  # two words of one written token
        gap = self.text[before.end : after.start]
        if not _JOIN.fullmatch(gap):
            return False
        return "." not in gap or self._abbreviation(before)

    def _abbreviation(self, token: Token) -> bool:
        """An initial or a short title-case abbreviation ("M.", "St.", "Dr."), which a full stop
        does not end a sentence after; an acronym ("IGF.") ends one."""
        text = self.text[token.start : token.end]
        return len(text) == 1 or (len(text) <= 3 and text[0].isupper() and text[1:].islower())

    def written(self, first: int, last: int) -> str:
        return self.text[self.tokens[first].start : self.tokens[last].end]

    def capitalised(self, i: int) -> bool:
        return self.text[self.tokens[i].start].isupper()

    def starts_sentence(self, i: int) -> bool:
        """Whether token ``i`` opens the line, a sentence or a clause (its capital is grammar)."""
        return i == 0 or bool(_SENTENCE_BREAK.search(self.text[self.tokens[i - 1].end : self.tokens[i].start]))

    def names_at(self, i: int) -> Iterator[tuple[int, _Name]]:
        """(index after the last token, name) of every name starting at token ``i``, longest first."""
        found: list[tuple[int, _Name]] = []
        path: tuple[str, ...] = ()
        if not self._opens_written_token(i):
            return iter(())  # a name covers whole written tokens ("UN" is not in "UN_WGIGF")
        for j in range(i, len(self.tokens)):
            if j > i and not self.joined[j]:
                break
            word = self.tokens[j].word
            if word == _ARTICLE and path:
                continue
            path = (*path, word)
            if path not in self.table.prefixes:
                break
            name = self.table.names.get(path)
            if name is not None and self._opens_written_token(j + 1):
                found.append((j + 1, name))
        return reversed(found)

    def _opens_written_token(self, i: int) -> bool:
        """Whether token ``i`` (or the end of the line) starts a written token, not the second
        word of one ("s ren" of "Søren")."""
        return i in (0, len(self.tokens)) or self.tokens[i - 1].start != self.tokens[i].start


def _written_as_named(line: _Line, first: int, end: int, name: _Name) -> bool:
    """The acronym rule: a name written only in capitals is meant only so written: in capitals;
    in lower case straight after "the" ("the un", where no pronoun or verb stands), when the text
    never uses it as a word ("our aim", "the aim" is then a word too); or as a capitalised word of
    four letters or more inside a sentence ("Ungis"). In a line written all in capitals, none."""
    if not name.capitals:
        return True
    text = line.written(first, end - 1)
    if not any(c.islower() for c in text):
        return not line.shouted
    if end - first != 1:
        return False
    if text.islower():
        return line.after_article(first) and line.tokens[first].word not in line.words
    return len(text) >= 4 and text.istitle() and not line.starts_sentence(first)


def _continues_into_unknown_name(line: _Line, end: int) -> bool:
    """Whether the next word carries the name on: capitalised, joined to it, no function word,
    title or name of its own ("UN Secretariat", "ITU Plenipotentiary Conference"; but "UN
    Under-Secretary-General" is the UN's official)."""
    if end >= len(line.tokens) or not line.capitalised(end):
        return False
    token = line.tokens[end]
    if not _CONTINUE.fullmatch(line.text[line.tokens[end - 1].end : token.start]) or token.word in _NOT_NAME_WORDS:
        return False  # "UPU, OHCHR": a list
    rest = line.text[token.start :]
    if strip_titles(rest) != rest:
        return False  # "Kenya Mr. Chair": a title opens the next name
    return not any(True for _ in line.names_at(end)) and not _modified_post(line, end)


def _modified_post(line: _Line, i: int) -> int:
    """The index after a post's name that a role modifier at ``i`` makes another post ("Vice-Chair
    of the CSTD", "Under Secretary General"), or 0."""
    if line.tokens[i].word not in ROLE_MODIFIERS or i + 1 >= len(line.tokens) or not line.joined[i + 1]:
        return 0
    return next(
        (end for end, name in line.names_at(i + 1) if name.role and _written_as_named(line, i + 1, end, name)), 0
    )


def _follows_unknown_name(line: _Line, i: int, covered: list[bool], name: _Name) -> bool:
    """Whether the previous word makes the name the end of a longer one ("Papua New Guinea",
    "New Mexico", "Northern Ireland"): capitalised inside a sentence, joined to it, more than an
    initial, and no function word, title, role or envoy ("Ambassador Okafor", "Co-Chair Kenya").
    An acronym after a place or a group is still itself ("Bangkok ESCAP", "Civil Society IGC")."""
    if name.capitals or i == 0 or covered[i - 1] or not line.capitalised(i - 1) or line.starts_sentence(i - 1):
        return False
    before, written = line.tokens[i - 1], line.written(i - 1, i - 1)
    if len(written) == 1 or not _CONTINUE.fullmatch(line.text[before.end : line.tokens[i].start]):
        return False
    return not _says_who(before.word, written)


def _says_who(word: str, written: str) -> bool:
    """A word before a name that says who or what it is, not part of it: a function word, a
    title, a role or an envoy ("Ambassador Okafor", "Co-Chair Kenya")."""
    if word in _NOT_NAME_WORDS or word in ROLE_MODIFIERS or role_words(word) is not None or is_envoy(written):
        return True
    return strip_titles(f"{written} x") != f"{written} x"


def _exact(line: _Line, i: int, covered: list[bool]) -> tuple[int, str]:
    """(index after the span, slug or "") of the name starting at token ``i``; (i, "") for none.
    A span with slug "" is covered without being a mention."""
    other_post = _modified_post(line, i)
    if other_post:
        return other_post, ""
    for end, name in line.names_at(i):
        if not _written_as_named(line, i, end, name):
            continue
        if not name.slug or line.text[line.tokens[end - 1].end : line.tokens[end - 1].end + 1] in _CURRENCY:
            return end, ""  # records share it; "US$" is a currency
        if name.guarded and not line.context.knows(name.slug, line.table.tables):
            continue  # not this record here ("Angus"); a shorter name, or a country ("Swiss"), may be
        inside_longer = _continues_into_unknown_name(line, end) or _follows_unknown_name(line, i, covered, name)
        return (i, "") if inside_longer else (end, name.slug)
    return i, ""


def _runs(line: _Line, covered: list[bool]) -> Iterator[tuple[int, int]]:
    """Runs of capitalised words that no name covers, [first, end): lower-case connectors may
    join them ("Commission on the Status of Women"; "the" only after another: "Support the
    Iranian" is two runs), and a run does not start with a function word ("As Egyptian")."""
    i = 0
    while i < len(line.tokens):
        if covered[i] or not line.capitalised(i) or line.tokens[i].word in _NOT_NAME_WORDS:
            i += 1
            continue
        end = _run_end(line, covered, i)
        yield i, end
        i = end


def _run_end(line: _Line, covered: list[bool], first: int) -> int:
    """The index after the last capitalised word of the run that starts at ``first``."""
    end = j = first + 1
    while j < len(line.tokens) and not covered[j] and line.joined[j]:
        word = line.tokens[j].word
        if line.capitalised(j):
            end = j = j + 1
        elif word in _CONNECTORS and (word != _ARTICLE or line.tokens[j - 1].word in _CONNECTORS):
            j += 1
        else:
            break
    return end


def _by_country(line: _Line, first: int, end: int) -> str | None:
    """The member state a run names ("Tunisian", "Russian Federation"), read as speaker labels
    are, through pycountry; never by a code ("IT", "AS" are words in running text)."""
    country = country_of(line.written(first, end - 1))
    if country is None or country.how == "code":
        return None
    states = line.table.tables.countries.get(country.code, frozenset())
    return next(iter(states)) if len(states) == 1 else None


def _by_spelling(line: _Line, first: int, end: int) -> str | None:
    """The record a run of two capitalised words or more is a near spelling of; not a name
    itself (the exact reading has had its say: "United Nations Integrated ...")."""
    words = [t.word for t in line.tokens[first:end]]
    if (
        sum(1 for i in range(first, end) if line.capitalised(i)) < 2
        or tuple(w for w in words if w != _ARTICLE) in line.table.names
    ):
        return None
    found = line.table.fuzzy.match(" ".join(words))
    return found.slug if found is not None and found.how == "fuzzy" else None


def _named_run(line: _Line, first: int, end: int) -> tuple[int, str] | None:
    """(first token, slug) of the record a run names as a country or a near spelling. At the
    start of a sentence the first capital may be grammar's ("Today Internet Governance Forun"):
    then the run less its first word is a near spelling too, never a country ("Latin American")."""
    slug = _by_country(line, first, end) or _by_spelling(line, first, end)
    if slug:
        return first, slug
    if line.starts_sentence(first):
        second = next((i for i in range(first + 1, end) if line.capitalised(i)), None)
        slug = _by_spelling(line, second, end) if second is not None else None
        if second is not None and slug:
            return second, slug
    return None


def _name_start(line: _Line, first: int, end: int) -> int:
    """The first token of the name itself, past the titles and phrases :func:`key` leaves out
    ("Representative of the Russian Federation" -> "Russian Federation")."""
    whole = key(line.written(first, end - 1))
    return max(i for i in range(first, end) if key(line.written(i, end - 1)) == whole)


def _line_mentions(source: str, number: int, line: _Line) -> list[Mention]:
    found: list[Mention] = []
    covered = [False] * len(line.tokens)
    i = 0
    while i < len(line.tokens):
        if line.tokens[i].word == _ARTICLE:
            i += 1
            continue
        end, slug = _exact(line, i, covered)
        covered[i:end] = [True] * (end - i)
        if slug:
            found.append(Mention(source, number, line.tokens[i].start, line.written(i, end - 1), slug))
        i = max(end, i + 1)
    for first, end in _runs(line, covered):
        named = _named_run(line, first, end)
        if named is not None:
            start = _name_start(line, named[0], end)
            found.append(Mention(source, number, line.tokens[start].start, line.written(start, end - 1), named[1]))
    return sorted(found)


def find_mentions(
    source: str, lines: tuple[str, ...], table: AliasTable, context: MeetingContext | None = None
) -> list[Mention]:
    """The mentions of known records in ``lines`` (the text of the file named ``source``), in
    order of line and place. ``context``: the meeting the text records; by default the one the
    records say ``source`` records (:meth:`AliasTable.context_for`)."""
    context = context if context is not None else table.context_for(source)
    read = [(number, _Line(text, table, context)) for number, text in enumerate(lines, 1) if text.strip()]
    words = frozenset(word for _, line in read for word in line.lower_case_words(table.acronyms))
    found: list[Mention] = []
    for number, line in read:
        line.words = words
        found += _line_mentions(source, number, line)
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
