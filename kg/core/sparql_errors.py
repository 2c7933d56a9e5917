"""An engine's SPARQL syntax error as one sentence a person can act on.

pyoxigraph reports ``error at L:C: expected one of …`` with every alternative its grammar tried,
character classes spelled as Unicode ranges among them. The position is kept (it counts in the
text the engine was given, which is the user's own: the predeclared prefixes are given to the
engine beside the text, never prepended); the alternatives are summed up in words. This reads the
engine's message, never the query: what the query holds was decided on its tokens before.
"""

from __future__ import annotations

__all__ = ["explain"]

#: Words in an "expected" list that mean the engine wanted an expression (built-in functions).
_FUNCTION_NAMES = (
    "ABS AVG BNODE BOUND CEIL COALESCE CONCAT CONTAINS COUNT DATATYPE DAY ENCODE_FOR_URI EXISTS FLOOR "
    "GROUP_CONCAT HOURS IF IRI LANG LANGMATCHES LCASE MAX MD5 MIN MINUTES MONTH NOW RAND REGEX REPLACE "
    "ROUND SAMPLE SECONDS SHA1 SHA256 SHA384 SHA512 STR STRAFTER STRBEFORE STRDT STRENDS STRLANG STRLEN "
    "STRSTARTS STRUUID SUBSTR SUM TIMEZONE TZ UCASE URI UUID YEAR isBLANK isIRI isLITERAL isNUMERIC isURI"
)
_FUNCTIONS = frozenset(_FUNCTION_NAMES.split())
#: Punctuation in an "expected" list that starts an RDF term.
_TERM_STARTS = frozenset({"?", "$", "<", '"', "'", "_:", "["})
_MOST_SHOWN = 6


def _items(listing: str) -> list[str]:
    """The alternatives of ``expected one of A, B, [..]``: split at top-level commas."""
    items: list[str] = []
    depth, quote, start = 0, "", 0
    for at, char in enumerate(listing):
        if quote:
            quote = "" if char == quote and listing[at - 1] != "\\" else quote
        elif char in "\"'":
            quote = char
        elif char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
        elif char == "," and depth == 0:
            items.append(listing[start:at].strip())
            start = at + 1
    items.append(listing[start:].strip())
    return [item for item in items if item]


def _expected(listing: str) -> str:
    """The alternatives in words."""
    items = _items(listing.removeprefix("one of "))
    if "Prefix not found" in items:
        return "a prefix declared with PREFIX (or one of the predeclared)"
    words = [item for item in items if item.replace("_", "").isalnum()]
    marks = [item[1:-1].replace('\\"', '"') for item in items if item.startswith('"') and item.endswith('"')]
    if any(word in _FUNCTIONS for word in words):
        return "an expression"
    if _TERM_STARTS.intersection(marks):
        return "an RDF term (a variable, an IRI, a prefixed name or a literal)"
    number = ["a number"] if any(item.startswith("['0'") for item in items) else []
    shown = [*number, *words, *(f"'{mark}'" for mark in marks)]
    if not shown:
        return "something else"
    if len(shown) == 1:
        return shown[0]
    more = ", …" if len(shown) > _MOST_SHOWN else ""
    shown = shown[:_MOST_SHOWN]
    return f"one of {', '.join(shown[:-1])}{more} or {shown[-1]}" if not more else f"one of {', '.join(shown)}{more}"


def _found(text: str, line: int, column: int) -> str:
    """What stands at ``line``:``column`` of ``text`` (1-based, in characters)."""
    lines = text.split("\n")
    rest = lines[line - 1][column - 1 :] if 0 < line <= len(lines) else ""
    if not rest.strip() and not any(part.strip() for part in lines[line:]):
        return "the end of the query"
    word = rest.split()[0] if rest.split() else ""
    return f"'{word[:24]}{'…' if len(word) > 24 else ''}'" if word else "the end of the line"


def explain(message: str, text: str) -> str:
    """pyoxigraph's syntax error ``message`` about ``text`` as one sentence; the message unchanged
    (behind "SPARQL syntax error:") when it is not of the form the engine is known to write.

    >>> explain("error at 1:8: expected one of DISTINCT, REDUCED", "SELECT WHERE {}")
    "SPARQL syntax error at line 1, column 8 (at 'WHERE'): expected one of DISTINCT or REDUCED"
    """
    head, _, listing = message.partition(": expected ")
    where = head.removeprefix("error at ").split(":")
    if not head.startswith("error at ") or len(where) != 2 or not all(part.isdigit() for part in where):
        return f"SPARQL syntax error: {message.splitlines()[0] if message else 'the engine cannot read the query'}"
    line, column = int(where[0]), int(where[1])
    expected = f": expected {_expected(listing)}" if listing else ""
    return f"SPARQL syntax error at line {line}, column {column} (at {_found(text, line, column)}){expected}"
