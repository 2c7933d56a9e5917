"""Checks on query text before it reaches an engine.

pyoxigraph follows SERVICE out to the network from Rust (Python cannot see or stop it), and a
deeply nested query of about 10 KB crashes its whole process (reference/reliability-checklist.md,
O1 and O3). Both are refused here, with a message, before parsing.
"""

from __future__ import annotations

import re

from kg.errors import QueryError

MAX_QUERY_BYTES = 1024 * 1024
MAX_NESTING = 64

# Strings, IRIs and comments are skipped when looking at the query's own structure.
_SKIP = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*'
)
_SERVICE = re.compile(r"\bSERVICE\b", re.IGNORECASE)
# After the prologue (PREFIX and BASE declarations, IRIs blanked), the first keyword.
_FORM = re.compile(r"^\s*(?:(?:PREFIX\s+[A-Za-z0-9_.-]*:|BASE)\s*)*([A-Za-z]+)", re.IGNORECASE)
QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")


def structure(query: str) -> str:
    """The query with strings, IRIs and comments blanked out, character positions kept."""
    return _SKIP.sub(lambda m: " " * len(m.group()), query)


def query_form(query: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE (upper case), or "" when the text is none of them."""
    form = _FORM.match(structure(query))
    word = form.group(1).upper() if form else ""
    return word if word in QUERY_FORMS else ""


def check_query_text(query: str) -> None:
    """Refuse query text igkg will not run: too large, too deeply nested, federated or an update."""
    size = len(query.encode("utf-8"))
    if size > MAX_QUERY_BYTES:
        raise QueryError(f"query is {size} bytes; at most {MAX_QUERY_BYTES} are accepted")
    bare = structure(query)
    depth = deepest = 0
    for char in bare:
        if char in "({[":
            depth += 1
            deepest = max(deepest, depth)
        elif char in ")}]":
            depth -= 1
    if deepest > MAX_NESTING:
        raise QueryError(f"query nests {deepest} levels deep; at most {MAX_NESTING} are accepted")
    if _SERVICE.search(bare):
        raise QueryError("SERVICE (federated query) is not allowed: igkg does not fetch from the network")
    form = _FORM.match(bare)
    if form is None or form.group(1).upper() not in QUERY_FORMS:
        raise QueryError("only queries (SELECT, ASK, CONSTRUCT, DESCRIBE) are accepted: the store is read-only")
