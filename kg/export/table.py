"""Query results as a table for a person at a terminal: one row per line, fitted to a width.

The width (:func:`kg.export.width.table_width`): ``$COLUMNS`` if set, else the terminal's when
standard output is one, else 120 columns (piped into ``less`` or a file, a table still reads in a
common window); never under 40. ``--wide`` (``max_width=None``) prints every value whole.

Fitting a table that is wider than that, in this order (chosen from what the canned queries
return: bodies, instruments and mandates by IRI and label, dates, short codes, and long free text
— quotes, questions, source lists, reasons):

1. A thing that the query gives with a label (``x`` and ``xLabel``) shows its label when the label
   fits its column, else its slug (``ecosoc-res-2006-46`` for a 140-character resolution title):
   slugs are short, readable, and what ``--param id=`` takes. An IRI of igkg's own, labelled or
   not, is shown by its slug.
2. Columns of identifiers, labels, dates and numbers keep their width before free text does; free
   text (literals that are not labels) shares what is left.
3. Cells still too long are cut, with an ellipsis; the count line then says so.

Widths are counted in terminal cells (a CJK character takes two, a combining accent none), and a
control character in a value (a line break, an escape sequence from a remote endpoint) is shown as
a space or U+FFFD: it can neither break a row across lines nor drive the terminal.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from pyoxigraph import BlankNode, Literal, NamedNode
from wcwidth import wcwidth

from kg.core import settings
from kg.engines import Results, Term
from kg.export.dumps import compact_iri
from kg.export.width import TABLE_WIDTH

#: Space between two table columns.
GUTTER = "  "
#: What every column gets before any gets more: a date (2010-12-17), a number, a short code.
_NEED = 10
#: What a column of longer free text gets before identifiers and labels get more.
_TEXT_NEED = 8
_ELLIPSIS = "…"
_LABEL = "Label"
_BIDI = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_TEXT_DATATYPES = {
    "http://www.w3.org/2001/XMLSchema#string",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString",
}


def compact(term: Term | None) -> str:
    """A term as a wide table shows it: IRIs as ``prefix:local``, blank nodes as ``_:label``."""
    if term is None:
        return ""
    if isinstance(term, NamedNode):
        return compact_iri(term.value)
    if isinstance(term, BlankNode):
        return f"_:{term.value}"
    return term.value


def _short(term: Term | None) -> str:
    """A term as a fitted table shows it: igkg's own things by their slug."""
    if isinstance(term, NamedNode) and term.value.startswith(settings.ID_BASE):
        return term.value[len(settings.ID_BASE) :]
    return compact(term)


def shown(text: str) -> str:
    """``text`` safe to print in one table cell: control characters replaced (see the docstring)."""
    if text.isprintable():
        return text
    return "".join((" " if c in "\t\n\r\v\f\x85\u2028\u2029" else "\ufffd") if _is_control(c) else c for c in text)


def _is_control(char: str) -> bool:
    # Bidirectional overrides and isolates too: they would reorder the columns on the screen.
    return unicodedata.category(char) in ("Cc", "Zl", "Zp") or char in _BIDI


def cells(text: str) -> int:
    """How many terminal cells ``text`` (already :func:`shown`) takes."""
    if text.isascii():
        return len(text)
    return sum(max(0, wcwidth(c)) for c in text)


def cut(text: str, width: int) -> str:
    """``text`` in at most ``width`` cells: whole, or cut with an ellipsis."""
    if cells(text) <= width:
        return text
    kept, used = [], 0
    for char in text:
        size = max(0, wcwidth(char))
        if used + size > width - 1:
            break
        kept.append(char)
        used += size
    return "".join(kept) + _ELLIPSIS


@dataclass
class _Column:
    heading: str
    full: list[str]  # each row's value as --wide shows it
    # As a fitted table shows it: a thing by its slug (a labelled column: where its label does not fit).
    short: list[str]
    text: bool  # free text: cut first
    labelled: bool = False

    def natural(self, values: Sequence[str]) -> int:
        return max(cells(self.heading), *(cells(v) for v in values)) if values else cells(self.heading)


def _columns(results: Results) -> list[_Column]:
    """The columns a person sees: where a query returns both ``x`` and ``xLabel``, one column
    headed ``x`` that shows the label."""
    variables = results.variables
    columns = []
    for i, var in enumerate(variables):
        if f"{var}{_LABEL}" in variables:
            continue  # shown through its label's column
        labelled = var.endswith(_LABEL) and var[: -len(_LABEL)] in variables
        values = [row[i] for row in results.rows]
        full = [shown(compact(t)) for t in values]
        if labelled:
            things = [row[variables.index(var[: -len(_LABEL)])] for row in results.rows]
            short = [shown(_short(t)) if t is not None else f for t, f in zip(things, full, strict=True)]
            columns.append(_Column(var[: -len(_LABEL)], full, short, text=False, labelled=True))
        else:
            text = all(_is_text(t) for t in values if t is not None)
            columns.append(_Column(var, full, [shown(_short(t)) for t in values], text=text))
    return columns


def _is_text(term: Term) -> bool:
    return isinstance(term, Literal) and term.datatype.value in _TEXT_DATATYPES


def _fair(wanted: list[int], budget: int, floor: int = 0) -> list[int]:
    """Widths for columns that want ``wanted``, sharing ``budget``: the narrow ones get what they
    want, the wider ones share the rest evenly (max-min fairness); none under ``floor``."""
    widths = list(wanted)
    order = sorted(range(len(wanted)), key=lambda i: wanted[i])
    left = budget
    for rank, i in enumerate(order):
        share = left // (len(order) - rank)
        if wanted[i] > share:
            rest = order[rank:]
            for k, j in enumerate(rest):
                widths[j] = max(floor, share + (1 if k < left - share * len(rest) else 0))
            break
        left -= wanted[i]
    return widths


def _allot(wanted: list[int], text: list[bool], budget: int) -> list[int]:
    """Column widths within ``budget``: each column first gets what a date, a number or a short
    code needs (free text a little less), then identifiers, labels and dates get the room they
    want, and free text shares what is left."""
    if sum(wanted) <= budget:
        return wanted
    need = [w if w <= _NEED else (_TEXT_NEED if t else _NEED) for w, t in zip(wanted, text, strict=True)]
    if sum(need) >= budget:  # too many columns for the width: share it evenly
        return _fair(wanted, budget, floor=1)
    widths = list(need)
    for group in ([i for i, t in enumerate(text) if not t], [i for i, t in enumerate(text) if t]):
        extra = _fair([wanted[i] - need[i] for i in group], budget - sum(widths))
        for i, more in zip(group, extra, strict=True):
            widths[i] += more
    return widths


def _fitted(columns: list[_Column], width: int) -> tuple[list[list[str]], list[int]]:
    """Each column's values and width in a table ``width`` cells wide (see the module's docstring)."""
    budget = width - len(GUTTER) * (len(columns) - 1)
    # Labels first: where a label does not fit the room its column would get, its slug instead.
    first = _allot([c.natural(c.full) for c in columns], [c.text for c in columns], budget)
    values = []
    for column, room in zip(columns, first, strict=True):
        if not column.labelled:
            values.append(column.short)  # slugs for igkg's IRIs; literals as they are
        else:
            values.append([f if cells(f) <= room else s for f, s in zip(column.full, column.short, strict=True)])
    widths = _allot([c.natural(v) for c, v in zip(columns, values, strict=True)], [c.text for c in columns], budget)
    return values, widths


def _line(values: Sequence[str], widths: Sequence[int]) -> str:
    return GUTTER.join(v + " " * (w - cells(v)) for v, w in zip(values, widths, strict=True)).rstrip()


def to_table_rows(results: Results, max_width: int | None = TABLE_WIDTH) -> str:
    """The rows of a SELECT result as a table at most ``max_width`` cells wide (None: whole)."""
    columns = _columns(results)
    count = len(results.rows)
    if not count:
        return "(no rows)\n"
    full = [c.full for c in columns]
    natural = [c.natural(c.full) for c in columns]
    if max_width is None or sum(natural) + len(GUTTER) * (len(columns) - 1) <= max_width:
        values, widths = full, natural
    else:
        values, widths = _fitted(columns, max_width)
    rows = [[cut(col[r], w) for col, w in zip(values, widths, strict=True)] for r in range(count)]
    lines = [_line([cut(c.heading, w) for c, w in zip(columns, widths, strict=True)], widths)]
    lines.append(GUTTER.join("-" * w for w in widths))
    lines += [_line(row, widths) for row in rows]
    note = f"{count} row{'s' if count != 1 else ''}"
    if values is not full and max_width is not None:  # slugs for labels, cells cut: say how to see them whole
        note = cut(f"{note}; shortened, --wide shows all", max_width - 2)
    lines.append(f"({note})")
    return "\n".join(lines) + "\n"
