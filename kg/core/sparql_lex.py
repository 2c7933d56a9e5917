"""SPARQL text as tokens, read the way the engine reads it: the one reading every check uses.

The terminals are those of the SPARQL 1.1 grammar (§19.8), with the SPARQL 1.2 additions that
pyoxigraph 0.5 parses (``<<`` ``>>`` ``{|`` ``|}`` ``~``, ``@lang--dir``). Codepoint escapes
(``\\u`` with four hex digits, ``\\U`` with eight) are decoded first, over the whole text (§19.2), so ``\\u0053ERVICE``
is the keyword SERVICE. Then each token is one of: an IRI, a prefixed name (its local part with
``%XX`` and ``\\``-escapes: ``ex:a\\#`` is a name, not a comment), a blank node, a variable, a
string of any of the four kinds (with ``\\t``-style escapes only), a language tag, a number, a
keyword (case-insensitive, ASCII only as in pyoxigraph), or punctuation. Comments run from ``#``
outside those tokens to the end of the line. Anything no terminal accepts is refused with its
line and column.

Where engines differ from the grammar, the reading is made to agree or the text is refused:

- pyoxigraph matches keywords without a word boundary (``SERVICEex:e {…}`` runs SERVICE ex:e,
  ``FROMex:g`` is FROM ex:g). A bare word must therefore be exactly one keyword, and a prefixed
  name whose prefix is a keyword glued to another declared prefix is refused.
- ``<`` is an IRI or the less-than operator depending on where it is: the operator only inside
  an expression, after an operand. Brackets are tracked to know which (:class:`_Context`), and
  the two cases where a wrong guess could change what the engine sees are refused: an operator
  ``<`` whose would-be IRI holds the start of a string that runs past it, and an IRI after an
  operand in a parenthesised list whose text holds ``#`` or ``'``.
- :attr:`Lexed.text` is the text to hand to the engine: decoded, every comment blanked. An engine
  that decodes escapes itself or ends comments elsewhere has nothing left to read differently.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from kg.core.errors import QueryError

# Character classes of the grammar, [164]-[173].
_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_CHARS_U = _BASE + "_"
_CHARS = _CHARS_U + "\\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8}))")
_SPACE = re.compile(r"[ \t\r\n]+")
_COMMENT = re.compile(r"#[^\r\n]*")
_RUN = re.compile(f"[{_CHARS}.]*")  # a prefixed name's prefix, or a word, with the dots it may hold
_WORD = re.compile(f"[{_CHARS}]*")
_LOCAL = re.compile(f"(?:[{_CHARS_U}:0-9]|{_PLX})(?:(?:[{_CHARS}.:]|{_PLX})*(?:[{_CHARS}:]|{_PLX}))?")
_DIGITS = frozenset("0123456789")
_DOT_RUNS = re.compile(r"(?<!\\)\.+")  # dots in a local name that are not "\." escapes
_BNODE = re.compile(f"_:[{_CHARS_U}0-9](?:[{_CHARS}.]*[{_CHARS}])?")
_VAR = re.compile(f"[?$][{_CHARS_U}0-9][{_CHARS_U}0-9\u00b7\u0300-\u036f\u203f-\u2040]*")
_IRI = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
_NUMBER = re.compile(r"[0-9]+\.[0-9]*[eE][+-]?[0-9]+|\.?[0-9]+[eE][+-]?[0-9]+|[0-9]*\.[0-9]+|[0-9]+")
_LANGTAG = re.compile(r"@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*(?:--[a-zA-Z]+)?")
_STRINGS = {
    '"""': re.compile(r'"""(?:[^"\\]|\\[tbnrf"\'\\]|"(?!""))*"""'),
    "'''": re.compile(r"'''(?:[^'\\]|\\[tbnrf\"'\\]|'(?!''))*'''"),
    '"': re.compile(r'"(?:[^"\\\n\r]|\\[tbnrf"\'\\])*"'),
    "'": re.compile(r"'(?:[^'\\\n\r]|\\[tbnrf\"'\\])*'"),
}
# Longest first: "&&" before "&", "^^" before "^", "|}" after "||".
_PUNCT = ("^^", "&&", "||", "|}", "{|", "!=", "<=", ">=", ">>", "<<", *"{}()[].,;*/+-=!^|?~<>")
IRI, PNAME, BNODE, VAR, STRING, LANGTAG, NUMBER, WORD, PUNCT = (
    "IRI", "PNAME", "BNODE", "VAR", "STRING", "LANGTAG", "NUMBER", "WORD", "PUNCT"
)  # fmt: skip
# Tokens told apart by their first characters: (pattern, kind, start, what it is, for a refusal).
_SIMPLE: dict[str, tuple[re.Pattern[str], str, str, str]] = {
    "?": (_VAR, VAR, "?", ""),  # else a path's "zero or one"
    "$": (_VAR, VAR, "$", "variable"),
    "_": (_BNODE, BNODE, "_:", "blank node label"),
    "@": (_LANGTAG, LANGTAG, "@", "language tag"),
}
_PUNCT_BY_CHAR = {c: [p for p in _PUNCT if p[0] == c] for c in {p[0] for p in _PUNCT}}
_NAME_START = re.compile(f"[{_BASE}:]")
OPENERS = {"{": "}", "{|": "|}", "(": ")", "[": "]", "<<": ">>"}
CLOSERS = {v: k for k, v in OPENERS.items()}

# Every keyword of SPARQL 1.1 Query and Update, and those pyoxigraph 0.5 adds (1.2, LATERAL, ADJUST).
_KEYWORD_LIST = """ABS ADD ADJUST ALL AS ASC ASK AVG BASE BIND BNODE BOUND BY CEIL CLEAR COALESCE CONCAT CONSTRUCT
    CONTAINS COPY COUNT CREATE DATA DATATYPE DAY DEFAULT DELETE DESC DESCRIBE DISTINCT DROP
    ENCODE_FOR_URI EXISTS FALSE FILTER FLOOR FROM GRAPH GROUP GROUP_CONCAT HASLANG HASLANGDIR HAVING
    HOURS IF IN INSERT INTO IRI ISBLANK ISIRI ISLITERAL ISNUMERIC ISTRIPLE ISURI LANG LANGDIR
    LANGMATCHES LATERAL LCASE LIMIT LOAD MAX MD5 MIN MINUS MINUTES MONTH MOVE NAMED NOT NOW OBJECT
    OFFSET OPTIONAL ORDER PREDICATE PREFIX RAND REDUCED REGEX REPLACE ROUND SAMETERM SAMPLE SECONDS
    SELECT SEPARATOR SERVICE SHA1 SHA256 SHA384 SHA512 SILENT STR STRAFTER STRBEFORE STRDT STRENDS
    STRLANG STRLANGDIR STRLEN STRSTARTS STRUUID SUBJECT SUBSTR SUM TIMEZONE TO TRIPLE TRUE TZ UCASE
    UNDEF UNION URI USING UUID VALUES VERSION WHERE WITH YEAR"""
KEYWORDS = frozenset(_KEYWORD_LIST.split())

_OPERAND_ENDS = frozenset({IRI, PNAME, BNODE, VAR, STRING, LANGTAG, NUMBER})


class Token(NamedTuple):
    """One terminal: its kind, its text (a keyword upper case, ``a`` as written) and where it is
    in :attr:`Lexed.text` (``pos`` to ``end``)."""

    kind: str
    text: str
    pos: int
    end: int

    def is_word(self, *words: str) -> bool:
        return self.kind == WORD and self.text in words


@dataclass
class Lexed:
    """A query read into tokens. ``text`` is the decoded text with comments blanked (what an
    engine should be given); ``decoded`` the same with its comments; ``source`` the text as it
    came. Token positions hold in ``text`` and ``decoded``. ``prefixes`` are the PREFIX
    declarations (the last one of a name wins, as in the engine) and ``base`` the last BASE."""

    source: str
    text: str
    tokens: list[Token]
    decoded: str = ""
    prefixes: dict[str, str] = field(default_factory=dict)
    base: str | None = None
    _shifts: tuple[list[int], list[int]] = field(default=([], []), repr=False)

    def where(self, pos: int) -> str:
        """``line L, column C`` of a position of :attr:`text`, counted in :attr:`source`."""
        starts, shifts = self._shifts
        index = bisect.bisect_right(starts, pos)
        at = pos + (shifts[index - 1] if index else 0)
        line = self.source.count("\n", 0, at) + 1
        return f"line {line}, column {at - self.source.rfind(chr(10), 0, at)}"


def decode(source: str) -> tuple[str, tuple[list[int], list[int]]]:
    """The text with its codepoint escapes decoded (§19.2), and the shifts back to ``source``."""
    if "\\u" not in source and "\\U" not in source:
        return source, ([], [])
    out: list[str] = []
    starts: list[int] = []
    shifts: list[int] = []
    at = shift = 0
    for match in _ESCAPE.finditer(source):
        code = int(match.group(1) or match.group(2), 16)
        if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            line = source.count("\n", 0, match.start()) + 1
            raise QueryError(f"{match.group()} at line {line} is not a Unicode character")
        out.append(source[at : match.start()])
        out.append(chr(code))
        shift += len(match.group()) - 1
        starts.append(match.start() - shift + len(match.group()))
        shifts.append(shift)
        at = match.end()
    out.append(source[at:])
    return "".join(out), (starts, shifts)


def lex(
    source: str, max_tokens: int | None = None, head: int | None = None, prefixes: Mapping[str, str] | None = None
) -> Lexed:
    """The tokens of a query (or update) text; :class:`QueryError` naming the line and column of
    the first character that no terminal accepts, or past ``max_tokens`` tokens (which bounds
    the time a hostile text can take here). With ``head``, only the first ``head`` tokens are
    read, without the checks that need the whole text: enough to know the query's form at a
    cost that does not grow with the text (the server reads it before any worker). ``prefixes``
    are declared before the text (the predeclared table, :mod:`kg.core.prefixes`): the text's own
    declarations override them, as they do in the engine that is given the same table."""
    text, shifts = decode(source)
    lexed = Lexed(source, text, [], decoded=text, prefixes=dict(prefixes or {}), _shifts=shifts)
    _Lexer(lexed, max_tokens, head).run()
    return lexed


class _Frame:
    """An open bracket: ``kind`` is ``expr`` (an expression's parentheses), ``terms`` (a
    collection, a path group, a triple term, a VALUES list) or ``values`` (a VALUES row), or the
    bracket itself for braces, square brackets and ``<<``. ``clause`` is the clause being read at
    this level: ``select`` (the projection), ``modifier`` (GROUP BY, HAVING, ORDER BY) or ""."""

    __slots__ = ("clause", "kind", "opener", "pos", "values_next")

    def __init__(self, opener: str, kind: str, pos: int) -> None:
        self.opener, self.kind, self.pos = opener, kind, pos
        self.clause = ""
        self.values_next = False  # the next "{" at this level is a VALUES data block


_TERMS_AFTER = frozenset({"a", "TRUE", "FALSE", "UNDEF", "VALUES"})
_CLAUSE_OF = {"SELECT": "select", "GROUP": "modifier", "ORDER": "modifier", "HAVING": "modifier"}
_CLAUSE_ENDS = frozenset({"WHERE", "FROM", "LIMIT", "OFFSET", "VALUES"})


class _Context:
    """Just enough of the grammar's structure to read ``<`` as the engine does (module docstring)."""

    def __init__(self) -> None:
        self.stack = [_Frame("", "top", 0)]
        self.prev: Token | None = None
        self.before: Token | None = None

    @property
    def top(self) -> _Frame:
        return self.stack[-1]

    def less_than_is_operator(self) -> bool:
        """Whether a ``<`` here is the operator: in an expression, after an operand."""
        prev = self.prev
        if self.top.kind != "expr" or prev is None:
            return False
        ends_operand = prev.kind in _OPERAND_ENDS or prev.is_word("TRUE", "FALSE")
        return ends_operand or (prev.kind == PUNCT and prev.text in (")", ">>"))

    def in_list_after_operand(self) -> bool:
        """An IRI here follows a term in a parenthesised list that is not a VALUES row."""
        prev = self.prev
        return (
            self.top.kind == "terms"
            and prev is not None
            and (prev.kind in _OPERAND_ENDS or (prev.kind == PUNCT and prev.text in (")", ">>", "]")))
        )

    def paren_kind(self) -> str:
        top, prev = self.top, self.prev
        if top.kind == "expr":
            return "expr"
        if top.kind == "{values":
            return "values"
        if top.values_next or prev is None:
            return "terms"
        if prev.kind == WORD:
            # After any other keyword: FILTER, BIND, a function or aggregate name, IN, NOT, BY...
            return "terms" if prev.text in _TERMS_AFTER else "expr"
        if prev.kind in (IRI, PNAME) and (
            top.clause == "modifier" or (self.before is not None and self.before.is_word("FILTER"))
        ):
            return "expr"  # a function call
        return "expr" if top.clause in ("select", "modifier") else "terms"

    def push(self, token: Token) -> None:
        opener = token.text
        if opener == "(":
            kind = self.paren_kind()
        elif opener == "{":
            kind = "{values" if self.top.values_next else "{"
            self.top.values_next = False
            if self.top.clause == "select":
                self.top.clause = ""
        else:
            kind = opener
        self.stack.append(_Frame(opener, kind, token.pos))

    def word(self, token: Token) -> None:
        name = token.text
        if name in _CLAUSE_OF:
            self.top.clause = _CLAUSE_OF[name]
        elif name in _CLAUSE_ENDS:
            self.top.clause = ""
        if name == "VALUES":
            self.top.values_next = True

    def advance(self, token: Token) -> None:
        self.before, self.prev = self.prev, token


class _Lexer:
    """One pass over :attr:`Lexed.text` (see :func:`lex`)."""

    def __init__(self, lexed: Lexed, max_tokens: int | None, head: int | None = None) -> None:
        self.lexed = lexed
        self.max_tokens = max_tokens
        self.head = head
        self.text = lexed.text
        self.context = _Context()
        self.comments: list[tuple[int, int]] = []
        self.no_colon_before = -1  # positions before this start a word, never a prefixed name
        self.iri_span_end = -1  # a "<" read as the operator could have been an IRI up to here

    def fail(self, pos: int, message: str) -> QueryError:
        return QueryError(f"SPARQL syntax error: {message} at {self.lexed.where(pos)}")

    def run(self) -> None:
        text, size, pos = self.text, len(self.text), 0
        while pos < size:
            space = _SPACE.match(text, pos)
            if space:
                pos = space.end()
                continue
            if text[pos] == "#":
                end = _COMMENT.match(text, pos).end()  # type: ignore[union-attr]
                self.comments.append((pos, end))
                pos = end
                continue
            token = self.token(pos)
            self.emit(token)
            pos = token.end
            if self.head is not None and len(self.lexed.tokens) >= self.head:
                return
            if self.max_tokens is not None and len(self.lexed.tokens) > self.max_tokens:
                raise QueryError(
                    f"query has more than {self.max_tokens} tokens (at {self.lexed.where(pos)}); igkg stops reading"
                )
        if len(self.context.stack) > 1:
            frame = self.context.top
            raise QueryError(
                f"SPARQL syntax error: {frame.opener!r} opened at {self.lexed.where(frame.pos)} is never closed"
            )
        self.lexed.text = self.blanked()

    def blanked(self) -> str:
        if not self.comments:
            return self.text
        parts, at = [], 0
        for start, end in self.comments:
            parts += [self.text[at:start], " " * (end - start)]
            at = end
        parts.append(self.text[at:])
        return "".join(parts)

    def token(self, pos: int) -> Token:
        text, char = self.text, self.text[pos]
        if char in "\"'":
            return self.string(pos)
        if char == "<":
            return self.less_than(pos)
        if char in _DIGITS or (char == "." and text[pos + 1 : pos + 2] in _DIGITS):
            number = _NUMBER.match(text, pos)
            return Token(NUMBER, number.group(), pos, number.end())  # type: ignore[union-attr]
        if _NAME_START.match(char):
            return self.name(pos)
        simple = _SIMPLE.get(char)
        if simple is not None and text.startswith(simple[2], pos):
            found = simple[0].match(text, pos)
            if found:
                return Token(simple[1], found.group(), pos, found.end())
            if simple[3]:
                raise self.fail(pos, f"{simple[2]!r} starts no {simple[3]}")
        for punct in _PUNCT_BY_CHAR.get(char, ()):
            if text.startswith(punct, pos):
                return Token(PUNCT, punct, pos, pos + len(punct))
        raise self.fail(pos, f"{char!r} is not SPARQL here (no token starts with it)")

    def string(self, pos: int) -> Token:
        for quote, pattern in _STRINGS.items():
            if self.text.startswith(quote, pos):
                found = pattern.match(self.text, pos)
                if found is None:
                    raise self.fail(pos, "a string that is never closed (or holds a bad escape) starts")
                if pos < self.iri_span_end < found.end():
                    raise self.fail(pos, "ambiguous string: it starts inside what could be an IRI (a '<' before)")
                return Token(STRING, found.group(), pos, found.end())
        raise AssertionError("unreachable: called on a quote")

    def less_than(self, pos: int) -> Token:
        text = self.text
        iri = _IRI.match(text, pos)
        if self.context.less_than_is_operator():
            if iri:
                self.iri_span_end = iri.end()
            size = 2 if text.startswith("<=", pos) else 1
            return Token(PUNCT, text[pos : pos + size], pos, pos + size)
        if text.startswith("<<", pos):
            return Token(PUNCT, "<<", pos, pos + 2)
        if iri is None:
            raise self.fail(pos, "'<' starts no IRI (an IRI is <…> without spaces, quotes, braces or '\\')")
        if self.context.in_list_after_operand() and any(c in iri.group() for c in "#'"):
            raise self.fail(pos, "ambiguous IRI with '#' or an apostrophe after a term in a list (use a prefixed name)")
        return Token(IRI, iri.group(), pos, iri.end())

    def name(self, pos: int) -> Token:
        """A prefixed name, or a word (which must be a keyword)."""
        text = self.text
        if pos >= self.no_colon_before:
            run_end = _RUN.match(text, pos).end()  # type: ignore[union-attr]
            prefix_end = len(text[pos:run_end].rstrip("."))
            if text[pos + prefix_end : pos + prefix_end + 1] == ":":
                return self.prefixed(pos, pos + prefix_end)
            self.no_colon_before = run_end
        end = _WORD.match(text, pos).end()  # type: ignore[union-attr]
        word = text[pos:end]
        upper = word.upper() if word.isascii() else word
        if word == "a" or (upper in KEYWORDS and word != "A"):
            return Token(WORD, "a" if word == "a" else upper, pos, end)
        if all(t.is_word("PREFIX", "BASE", "VERSION") for t in self.lexed.tokens if t.kind == WORD):
            # Where the query's form goes (after the prologue, if any): say which words fit there.
            where = self.lexed.where(pos)
            raise QueryError(
                f"SPARQL syntax error at {where}: expected SELECT, ASK, CONSTRUCT or DESCRIBE, found {word!r}"
            )
        raise self.fail(pos, f"unknown word {word!r} (a keyword glued to another word? write a space)")

    def prefixed(self, pos: int, colon: int) -> Token:
        local = _LOCAL.match(self.text, colon + 1)
        end = local.end() if local else colon + 1
        if local and len(_DOT_RUNS.findall(local.group())) > 1:
            # pyoxigraph reads one run of dots inside a local name: "ex:a.b.SERVICE <…> {…}" is
            # ex:a.b, then a SERVICE pattern, to it.
            name = self.text[pos:end]
            raise self.fail(pos, f"ambiguous name {name!r}: engines read its dots differently (write <…>)")
        return Token(PNAME, self.text[pos:end], pos, end)

    def emit(self, token: Token) -> None:
        context = self.context
        if token.kind == PUNCT:
            if token.text in OPENERS:
                context.push(token)
            elif token.text in CLOSERS:
                self.close(token)
        elif token.kind == WORD:
            context.word(token)
        elif token.kind == PNAME:
            self.check_prefix(token)
        self.lexed.tokens.append(token)
        context.advance(token)
        self.declare(token)

    def close(self, token: Token) -> None:
        frame = self.context.top
        if frame.opener != CLOSERS[token.text] or len(self.context.stack) == 1:
            where = self.lexed.where
            opened = f": the bracket open there is {frame.opener!r} ({where(frame.pos)})" if frame.opener else ""
            raise QueryError(f"unbalanced {token.text!r} at {where(token.pos)}{opened}")
        self.context.stack.pop()

    def declare(self, token: Token) -> None:
        """Record PREFIX and BASE declarations as they complete (``PREFIX p: <iri>``)."""
        tokens = self.lexed.tokens
        if token.kind != IRI or len(tokens) < 2:
            return
        if tokens[-2].is_word("BASE"):
            self.lexed.base = token.text[1:-1]
        elif len(tokens) >= 3 and tokens[-3].is_word("PREFIX") and tokens[-2].text.endswith(":"):
            self.lexed.prefixes[tokens[-2].text[:-1]] = token.text[1:-1]

    def check_prefix(self, token: Token) -> None:
        """Refuse a prefix that the engine could read as a keyword glued to a declared prefix."""
        prefix = token.text.split(":", 1)[0]
        if not prefix.isascii() or (self.lexed.tokens and self.lexed.tokens[-1].is_word("PREFIX")):
            return  # keywords are ASCII; or the prefix is being declared
        declared = {p.upper() for p in self.lexed.prefixes}
        for reading in glued_readings(prefix.upper(), declared):
            if reading != prefix.upper():
                raise self.fail(
                    token.pos,
                    f"ambiguous name {token.text!r}: the engine may read a keyword glued to "
                    f"'{reading.lower()}:' (write a space, or rename the prefix)",
                )


def glued_readings(prefix: str, declared: set[str]) -> list[str]:
    """The declared prefixes (upper case) that ``prefix`` (upper case) ends with after one or more
    whole keywords: ``SERVICEEX`` with ``EX`` declared gives ``["EX"]``. Linear in the prefix
    (which keywords end where), so a long name cannot make it slow."""
    reachable = {0}
    longest = max(map(len, KEYWORDS))
    for start in range(len(prefix)):
        if start in reachable:
            for size in range(1, min(longest, len(prefix) - start) + 1):
                head = prefix[start : start + size]
                if head in KEYWORDS or head == "A":
                    reachable.add(start + size)
    return [rest for rest in declared if len(prefix) - len(rest) in reachable - {0} and prefix.endswith(rest)]
