"""Query results as a table for a person at a terminal: one row per line, fitted to a width.

The width (:func:`kg.export.width.table_width`): ``$COLUMNS`` if set, else the terminal's when
standard output is one, else 120 columns (piped into ``less`` or a file, a table still reads in a
common window); never under 40. ``--wide`` (``max_width=None``) prints every value whole.

Fitting a table that is wider than that, in this order (chosen from what the canned queries
return: bodies, instruments and mandates by IRI and label, dates, short codes, and long free text
— quotes, questions, source lists, reasons):

1. A column that holds the same value on every row (two rows or more; an empty column too) is
   left out, and the count line says which and what it holds (``state = in force``): it tells
   nothing row by row.
2. A thing that the query gives with a label (``x`` and ``xLabel``) shows its label when the label
   fits its column, else its short name (``A/RES/65/141``, ``ECOSOC``, ``A/RES/70/125 ¶65``:
   :mod:`kg.export.shortnames`, looked up by the caller for the things in the answer), else its
   slug (``ecosoc-res-2011-16``): short, readable, and what ``--param id=`` takes. An IRI of
   igkg's own without a label shows its slug, else (when that does not fit) its short name. A label column without its
   thing (``issuerLabel`` alone) is headed by the thing's name (``issuer``).
3. Columns of labels, short names, dates and numbers keep their width first; then columns that
   show things by themselves (a mandate's slug); free text (literals that are not labels) shares
   what is left.
4. A column of things shown by themselves (rule 3's identifiers) whose every cell would be cut is
   left out, and the count line names it: slugs share their beginnings (``mandate-ecosoc-…``), so
   a cut one tells the rows apart no better than no column, and its room goes to the others.
5. Cells still too long are cut, with an ellipsis (the shortest of a thing's names is cut); the
   count line then says so.

Widths are counted in terminal cells (a CJK character takes two, a combining accent none), and a
control character in a value (a line break, an escape sequence from a remote endpoint) is shown as
a space or U+FFFD: it can neither break a row across lines nor drive the terminal.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
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
#: Column tiers, in the order they get room (rule 3 of the module's docstring).
_NAMES, _IDENTIFIERS, _TEXT = 0, 1, 2
#: How much of a value left out (rule 1) the count line quotes.
_NOTE_VALUE = 30
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
    # Each row's value as a fitted table may show it, best first (rule 2 of the module's docstring).
    choices: list[tuple[str, ...]]
    tier: int  # which columns get room first: _NAMES, then _IDENTIFIERS, then _TEXT
    name: str = ""  # the heading of a fitted table

    def natural(self, values: Sequence[str]) -> int:
        return max(cells(self.heading), *(cells(v) for v in values)) if values else cells(self.heading)


def _columns(results: Results, names: Mapping[str, str]) -> list[_Column]:
    """The columns a person sees: where a query returns both ``x`` and ``xLabel``, one column
    headed ``x`` that shows the label."""
    variables = results.variables
    columns = []
    for i, var in enumerate(variables):
        if f"{var}{_LABEL}" in variables:
            continue  # shown through its label's column
        values = [row[i] for row in results.rows]
        full = [shown(compact(t)) for t in values]
        thing = var[: -len(_LABEL)] if var.endswith(_LABEL) and len(var) > len(_LABEL) else ""
        if thing in variables:
            things = [row[variables.index(thing)] for row in results.rows]
            choices = [(f, *_names(t, names)) if t is not None else (f,) for t, f in zip(things, full, strict=True)]
            columns.append(_Column(thing, full, choices, _NAMES, name=thing))
        elif any(isinstance(t, NamedNode) for t in values):
            # The query shows the thing itself: by its slug where that fits, else its short name.
            choices = [tuple(reversed(_names(t, names))) for t in values]
            columns.append(_Column(var, full, choices, _IDENTIFIERS, name=thing or var))
        elif thing:  # a label without its thing: its short name where the label does not fit
            choices = [
                (f, shown(names[str(t)])) if str(t) in names else (f,) for t, f in zip(values, full, strict=True)
            ]
            columns.append(_Column(var, full, choices, _NAMES, name=thing))
        else:
            text = all(_is_text(t) for t in values if t is not None)
            choices = [_names(t, names) for t in values]
            columns.append(_Column(var, full, choices, _TEXT if text else _NAMES, name=var))
    return columns


def _names(term: Term | None, names: Mapping[str, str]) -> tuple[str, ...]:
    """What a fitted table may show for a term, best first: a thing's short name, then its slug."""
    short = names.get(term.value) if isinstance(term, NamedNode) else None
    slug = shown(_short(term))
    return (shown(short), slug) if short else (slug,)


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


def _allot(wanted: list[int], tiers: list[int], budget: int) -> list[int]:
    """Column widths within ``budget``: each column first gets what a date, a number or a short
    code needs (free text a little less), then labels, short names, dates and numbers get the room
    they want, then the identifiers of things shown by themselves, and free text shares what is
    left."""
    if sum(wanted) <= budget:
        return wanted
    need = [w if w <= _NEED else (_TEXT_NEED if t == _TEXT else _NEED) for w, t in zip(wanted, tiers, strict=True)]
    if sum(need) >= budget:  # too many columns for the width: share it evenly
        return _fair(wanted, budget, floor=1)
    widths = list(need)
    for group in ([i for i, t in enumerate(tiers) if t == tier] for tier in (_NAMES, _IDENTIFIERS, _TEXT)):
        extra = _fair([wanted[i] - need[i] for i in group], budget - sum(widths))
        for i, more in zip(group, extra, strict=True):
            widths[i] += more
    return widths


def _fitted(columns: list[_Column], width: int) -> tuple[list[list[str]], list[int]]:
    """Each column's values and width in a table ``width`` cells wide (see the module's docstring)."""
    budget = width - len(GUTTER) * (len(columns) - 1)
    # Labels first: where a label does not fit the room its column would get, a shorter name.
    first = _allot([c.natural(c.full) for c in columns], [c.tier for c in columns], budget)
    values = [[_choose(options, room) for options in c.choices] for c, room in zip(columns, first, strict=True)]
    widths = _allot([c.natural(v) for c, v in zip(columns, values, strict=True)], [c.tier for c in columns], budget)
    return values, widths


def _choose(options: tuple[str, ...], room: int) -> str:
    """The first of a value's names that fits ``room``, else the shortest (to be cut)."""
    for option in options:
        if cells(option) <= room:
            return option
    return min(options, key=cells)


def _same(columns: list[_Column], count: int) -> tuple[list[_Column], list[str]]:
    """The columns that vary from row to row, and what the others hold on every row (rule 1)."""
    if count < 2:
        return columns, []
    kept, notes = [], []
    for column in columns:
        if len(set(column.full)) == 1:
            slug = column.choices[0][0 if column.tier == _IDENTIFIERS else -1]  # a thing by its slug
            value = cut(slug, _NOTE_VALUE)
            notes.append(f"{column.name} = {value}" if value else f"{column.name} empty")
        else:
            kept.append(column)
    return (kept, notes) if kept else (columns, [])


def _uncut(columns: list[_Column], values: list[list[str]], widths: list[int]) -> tuple[list[_Column], list[str]]:
    """The columns without those of rule 4: identifiers shown by themselves, cut on every row."""
    kept, dropped = [], []
    for column, shown_values, width in zip(columns, values, widths, strict=True):
        if column.tier == _IDENTIFIERS and all(cells(v) > width for v in shown_values):
            dropped.append(column.name)
        else:
            kept.append(column)
    return (kept, dropped) if kept else (columns, [])


def _line(values: Sequence[str], widths: Sequence[int]) -> str:
    return GUTTER.join(v + " " * (w - cells(v)) for v, w in zip(values, widths, strict=True)).rstrip()


def to_table_rows(results: Results, max_width: int | None = TABLE_WIDTH, names: Mapping[str, str] | None = None) -> str:
    """The rows of a SELECT result as a table at most ``max_width`` cells wide (None: whole).
    ``names``: IRI → short name (:func:`kg.export.shortnames.lookup`), used only where the table
    must be fitted."""
    columns = _columns(results, names or {})
    count = len(results.rows)
    if not count:
        return "(no rows)\n"
    natural = [c.natural(c.full) for c in columns]
    fits = max_width is None or sum(natural) + len(GUTTER) * (len(columns) - 1) <= max_width
    notes: list[str] = []
    if fits:
        values, widths, headings = [c.full for c in columns], natural, [c.heading for c in columns]
    else:
        assert max_width is not None
        columns, notes = _same(columns, count)
        values, widths = _fitted(columns, max_width)
        columns, dropped = _uncut(columns, values, widths)
        if dropped:
            notes.append("left out (every cell cut): " + ", ".join(dropped))
            values, widths = _fitted(columns, max_width)
        headings = [c.name for c in columns]
    rows = [[cut(col[r], w) for col, w in zip(values, widths, strict=True)] for r in range(count)]
    lines = [_line([cut(h, w) for h, w in zip(headings, widths, strict=True)], widths)]
    lines.append(GUTTER.join("-" * w for w in widths))
    lines += [_line(row, widths) for row in rows]
    note = f"{count} row{'s' if count != 1 else ''}"
    if not fits and max_width is not None:  # shorter names, columns left out, cells cut: say how to see them
        tail = "; shortened, --wide shows all"
        if notes:
            note += cut("; on every row: " + ", ".join(notes), max(0, max_width - 2 - cells(note) - len(tail)))
        note = cut(note + tail, max_width - 2)
    lines.append(f"({note})")
    return "\n".join(lines) + "\n"
