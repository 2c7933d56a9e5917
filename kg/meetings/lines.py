"""Helpers the style parsers share: blank and placeholder lines, trimming a turn's range."""

from __future__ import annotations

import re

#: Lines that carry no words of the meeting: image placeholders of exported calls, laughter marks.
_NOISE = re.compile(r"^\s*(?:\[image:[^\]]*\]|<[^>]*>)?\s*$")


def is_blank(line: str) -> bool:
    return bool(_NOISE.match(line))


def trim(lines: tuple[str, ...], start: int, end: int) -> int:
    """The last line (1-based, between start and end) that is not blank or a placeholder."""
    while end > start and is_blank(lines[end - 1]):
        end -= 1
    return end


def first_words(text: str, count: int = 8) -> str:
    """The first words of a line: the short quotation that locates an unattributed passage."""
    return " ".join(text.split()[:count])
