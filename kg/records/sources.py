"""The source documents igkg is built from, and the check that a quotation is really in them.

A citation of a source file names a line range and quotes it. The loader refuses a quote that
the cited lines do not contain, so a record cannot claim that a transcript says something it
does not. Matching forgives what transcription and typing change but meaning does not:
typographic quotes and dashes, runs of white space and line breaks, and letter case. A quote may
leave out words with ``...`` (or ``…``): its pieces must then appear in order.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

_TRANSLATE = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u00a0": " ",
    }
)
_SPACE = re.compile(r"\s+")
_ELLIPSIS = re.compile(r"\s*(?:\.\.\.|\u2026)\s*")


def normalise(text: str) -> str:
    """Fold the differences a quotation may have from its source without changing meaning."""
    return _SPACE.sub(" ", text.translate(_TRANSLATE)).strip().casefold()


def has_content(quote: str) -> bool:
    """Whether some piece of the quote between ellipses has two letters or digits: "a ... b" (or
    "...") has none, and would be found in almost any line."""
    return any(sum(char.isalnum() for char in piece) >= 2 for piece in _ELLIPSIS.split(quote))


def only_ellipsis(quote: str) -> bool:
    """Whether nothing is left of a quote once its ellipses are taken out: it would match any line."""
    return not any(normalise(piece) for piece in _ELLIPSIS.split(quote))


def word_count(text: str) -> int:
    return len([w for w in _SPACE.split(_ELLIPSIS.sub(" ", text).strip()) if w])


@dataclass(frozen=True)
class SourceFile:
    """A source file read once: its lines (1-based access) and checksum."""

    path: Path
    lines: tuple[str, ...]
    sha256: str

    @property
    def line_count(self) -> int:
        return len(self.lines)

    def passage(self, start: int, end: int) -> str:
        return " ".join(self.lines[start - 1 : end])

    def has_line(self, start: int, end: int, quote: str) -> bool:
        """Whether one of lines start..end (inclusive) is the quotation, whole."""
        wanted = normalise(quote)
        return any(normalise(line) == wanted for line in self.lines[start - 1 : end])

    def contains(self, start: int, end: int, quote: str) -> bool:
        """Whether lines start..end (inclusive) contain the quotation."""
        haystack = normalise(self.passage(start, end))
        pos = 0
        for piece in _ELLIPSIS.split(quote):
            needle = normalise(piece)
            if not needle:
                continue
            found = haystack.find(needle, pos)
            if found < 0:
                return False
            pos = found + len(needle)
        return True


@lru_cache(maxsize=64)
def read_source_file(path: Path) -> SourceFile:
    data = path.read_bytes()
    text = data.decode("utf-8")
    # splitlines() would also split on form feeds and other separators that `nl` does not
    # count; line numbers must match what `nl -ba FILE` shows (sources/README.md).
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return SourceFile(path, tuple(line.rstrip("\r") for line in lines), hashlib.sha256(data).hexdigest())
