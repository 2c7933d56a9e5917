"""Writers for query results: a table for people; CSV, TSV, SPARQL JSON and XML for machines.

JSON is the SPARQL 1.1 Query Results JSON Format, XML the SPARQL Query Results XML Format, CSV and
TSV follow the SPARQL 1.1 CSV/TSV formats; these are contracts scripts rely on. The table compacts
IRIs with the export prefixes.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import sys
from xml.sax.saxutils import escape

from pyoxigraph import BlankNode, Literal, NamedNode, RdfFormat

from kg.core.terms import XSD_STRING
from kg.engines import Results, Term
from kg.export.dumps import PREFIXES, compact_iri, serialize_bytes

RESULT_FORMATS = ("table", "csv", "tsv", "json")
#: A table column is never shrunk below this width to fit the terminal.
_NARROWEST_COLUMN = 12
#: Space between two table columns.
_GUTTER = "  "


def compact(term: Term | None) -> str:
    """A term as a table shows it: IRIs as ``prefix:local``, blank nodes as ``_:label``."""
    if term is None:
        return ""
    if isinstance(term, NamedNode):
        return compact_iri(term.value)
    if isinstance(term, BlankNode):
        return f"_:{term.value}"
    return term.value


def _json_term(term: Term) -> dict[str, str]:
    if isinstance(term, NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, BlankNode):
        return {"type": "bnode", "value": term.value}
    entry = {"type": "literal", "value": term.value}
    if term.language:
        entry["xml:lang"] = term.language
    elif term.datatype.value != XSD_STRING:
        entry["datatype"] = term.datatype.value
    return entry


def to_json(results: Results) -> str:
    """The SPARQL 1.1 Query Results JSON Format (https://www.w3.org/TR/sparql11-results-json/)."""
    if results.boolean is not None:
        return json.dumps({"head": {}, "boolean": results.boolean}, indent=2) + "\n"
    bindings = [
        {var: _json_term(term) for var, term in zip(results.variables, row, strict=False) if term is not None}
        for row in results.rows
    ]
    doc = {"head": {"vars": results.variables}, "results": {"bindings": bindings}}
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def _xml_term(term: Term) -> str:
    if isinstance(term, NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if term.language:
        return f'<literal xml:lang="{escape(term.language)}">{escape(term.value)}</literal>'
    if term.datatype.value != XSD_STRING:
        return f'<literal datatype="{escape(term.datatype.value)}">{escape(term.value)}</literal>'
    return f"<literal>{escape(term.value)}</literal>"


def to_xml(results: Results) -> str:
    """The SPARQL Query Results XML Format (https://www.w3.org/TR/rdf-sparql-XMLres/)."""
    out = ['<?xml version="1.0" encoding="utf-8"?>', '<sparql xmlns="http://www.w3.org/2005/sparql-results#">']
    out.append("  <head>" + "".join(f'<variable name="{escape(v)}"/>' for v in results.variables) + "</head>")
    if results.boolean is not None:
        out.append(f"  <boolean>{'true' if results.boolean else 'false'}</boolean>")
    else:
        out.append("  <results>")
        for row in results.rows:
            cells = [
                f'<binding name="{escape(var)}">{_xml_term(term)}</binding>'
                for var, term in zip(results.variables, row, strict=False)
                if term is not None
            ]
            out.append("    <result>" + "".join(cells) + "</result>")
        out.append("  </results>")
    out.append("</sparql>")
    return "\n".join(out) + "\n"


def to_csv(results: Results, dialect: str = "csv") -> str:
    """SPARQL 1.1 CSV (plain values) or, with ``dialect="tsv"``, TSV (terms in N-Triples syntax)."""
    buffer = io.StringIO()
    if dialect == "tsv":
        buffer.write("\t".join("?" + v for v in results.variables) + "\n")
        for row in results.rows:
            buffer.write("\t".join(_nt(t) for t in row) + "\n")
        return buffer.getvalue()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(results.variables)
    for row in results.rows:
        writer.writerow([_csv_value(t) for t in row])
    return buffer.getvalue()


def _csv_value(term: Term | None) -> str:
    if term is None:
        return ""
    return f"_:{term.value}" if isinstance(term, BlankNode) else term.value


def _nt(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, NamedNode):
        return f"<{term.value}>"
    if isinstance(term, BlankNode):
        return f"_:{term.value}"
    assert isinstance(term, Literal)
    return str(term)


def _shown_columns(variables: list[str]) -> tuple[list[int], list[str]]:
    """The columns a person sees, and their headings.

    Where a query returns both ``x`` (an IRI) and ``xLabel``, the table drops ``x`` and heads the
    label's column ``x``.
    """
    keep = [i for i, v in enumerate(variables) if f"{v}Label" not in variables]
    headings = []
    for v in (variables[i] for i in keep):
        labelled = v[: -len("Label")]
        headings.append(labelled if v.endswith("Label") and labelled in variables else v)
    return keep, headings


def _table_width(max_width: int | None) -> int:
    if max_width is None and not sys.stdout.isatty():
        return 10**6  # piped: never cut a value
    return max_width or max(60, shutil.get_terminal_size((120, 20)).columns)


def _column_widths(headings: list[str], cells: list[list[str]], width: int) -> list[int]:
    """Each column as wide as its widest value, shrunk (widest first) to share ``width``."""
    widths = [max(len(v), *(len(r[i]) for r in cells)) for i, v in enumerate(headings)]
    while sum(widths) + len(_GUTTER) * (len(widths) - 1) > width and max(widths) > _NARROWEST_COLUMN:
        widths[widths.index(max(widths))] -= 1
    return widths


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _table_line(values: list[str], widths: list[int]) -> str:
    return _GUTTER.join(_fit(v, w).ljust(w) for v, w in zip(values, widths, strict=False)).rstrip()


def to_table(results: Results, max_width: int | None = None) -> str:
    """Rows as an aligned table for a terminal; ASK as yes/no; CONSTRUCT as Turtle."""
    if results.boolean is not None:
        return ("yes" if results.boolean else "no") + "\n"
    if results.triples is not None:
        return serialize_bytes([q.triple for q in results.triples], RdfFormat.TURTLE, PREFIXES).decode()
    keep, headings = _shown_columns(results.variables)
    cells = [[compact(row[i]) for i in keep] for row in results.rows]
    if not cells:
        return "(no rows)\n"
    widths = _column_widths(headings, cells, _table_width(max_width))
    lines = [_GUTTER.join(v.ljust(w) for v, w in zip(headings, widths, strict=False)).rstrip()]
    lines.append(_GUTTER.join("-" * w for w in widths))
    lines += [_table_line(row, widths) for row in cells]
    lines.append(f"({len(cells)} row{'s' if len(cells) != 1 else ''})")
    return "\n".join(lines) + "\n"


def render(results: Results, fmt: str) -> str:
    """Results in one of :data:`RESULT_FORMATS`; a graph (CONSTRUCT, DESCRIBE) as N-Triples unless a table."""
    if results.triples is not None and fmt != "table":
        return serialize_bytes([q.triple for q in results.triples], RdfFormat.N_TRIPLES).decode()
    if fmt == "json":
        return to_json(results)
    if fmt in ("csv", "tsv"):
        return to_csv(results, fmt)
    return to_table(results)
