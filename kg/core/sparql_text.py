"""Reading SPARQL text lexically: where its strings, IRIs and comments are, and which form it is.

Shared by the stage that polices queries (:mod:`kg.query.safety`), the one that binds their
parameters (:mod:`kg.query.binding`) and the engine that adds a dataset clause for a remote store
(:mod:`kg.engines.remote`), so that all three read the same text the same way.
"""

from __future__ import annotations

import re

# Strings, IRIs and comments are skipped when looking at the query's own structure.
SKIPPED = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*'
)
# After the prologue (PREFIX and BASE declarations, IRIs blanked), the first keyword.
_FORM = re.compile(r"^\s*(?:(?:PREFIX\s+[A-Za-z0-9_.-]*:|BASE)\s*)*([A-Za-z]+)", re.IGNORECASE)
QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")


def structure(query: str) -> str:
    """The query with strings, IRIs and comments blanked out, character positions kept."""
    return SKIPPED.sub(lambda m: " " * len(m.group()), query)


def without_strings(query: str) -> str:
    """The query with strings and comments blanked out, IRIs kept."""
    return SKIPPED.sub(lambda m: m.group() if m.group().startswith("<") else " " * len(m.group()), query)


def first_keyword(query: str) -> str:
    """The first keyword after the prologue, upper case ("" if there is none)."""
    form = _FORM.match(structure(query))
    return form.group(1).upper() if form else ""


def query_form(query: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE (upper case), or "" when the text is none of them."""
    word = first_keyword(query)
    return word if word in QUERY_FORMS else ""
