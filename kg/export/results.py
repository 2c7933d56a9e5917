"""Writers for query results: a table for people; CSV, TSV and SPARQL JSON for machines.

JSON is the SPARQL 1.1 Query Results JSON Format, CSV and TSV follow the SPARQL 1.1 CSV/TSV
formats; these are contracts scripts rely on. The table compacts IRIs with the export prefixes.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import sys
from xml.sax.saxutils import escape

from pyoxigraph import BlankNode, Literal, NamedNode, RdfFormat, serialize

from kg.engines.store import Results, Term
from kg.export.dumps import PREFIXES

RESULT_FORMATS = ("table", "csv", "tsv", "json")
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def compact(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, NamedNode):
        for prefix, ns in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
            if term.value.startswith(ns):
                return f"{prefix}:{term.value[len(ns) :]}"
        return term.value
    if isinstance(term, BlankNode):
        return f"_:{term.value}"
    return term.value


def to_json(results: Results) -> str:
    if results.boolean is not None:
        return json.dumps({"head": {}, "boolean": results.boolean}, indent=2) + "\n"
    bindings = []
    for row in results.rows:
        binding: dict[str, dict[str, str]] = {}
        for var, term in zip(results.variables, row, strict=False):
            if term is None:
                continue
            if isinstance(term, NamedNode):
                binding[var] = {"type": "uri", "value": term.value}
            elif isinstance(term, BlankNode):
                binding[var] = {"type": "bnode", "value": term.value}
            else:
                entry = {"type": "literal", "value": term.value}
                if term.language:
                    entry["xml:lang"] = term.language
                elif term.datatype.value != _XSD_STRING:
                    entry["datatype"] = term.datatype.value
                binding[var] = entry
        bindings.append(binding)
    doc = {"head": {"vars": results.variables}, "results": {"bindings": bindings}}
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def to_xml(results: Results) -> str:
    """The SPARQL Query Results XML Format (https://www.w3.org/TR/rdf-sparql-XMLres/)."""
    out = ['<?xml version="1.0" encoding="utf-8"?>', '<sparql xmlns="http://www.w3.org/2005/sparql-results#">']
    out.append("  <head>" + "".join(f'<variable name="{escape(v)}"/>' for v in results.variables) + "</head>")
    if results.boolean is not None:
        out.append(f"  <boolean>{'true' if results.boolean else 'false'}</boolean>")
    else:
        out.append("  <results>")
        for row in results.rows:
            cells = []
            for var, term in zip(results.variables, row, strict=False):
                if term is None:
                    continue
                if isinstance(term, NamedNode):
                    value = f"<uri>{escape(term.value)}</uri>"
                elif isinstance(term, BlankNode):
                    value = f"<bnode>{escape(term.value)}</bnode>"
                elif term.language:
                    value = f'<literal xml:lang="{escape(term.language)}">{escape(term.value)}</literal>'
                elif term.datatype.value != _XSD_STRING:
                    value = f'<literal datatype="{escape(term.datatype.value)}">{escape(term.value)}</literal>'
                else:
                    value = f"<literal>{escape(term.value)}</literal>"
                cells.append(f'<binding name="{escape(var)}">{value}</binding>')
            out.append("    <result>" + "".join(cells) + "</result>")
        out.append("  </results>")
    out.append("</sparql>")
    return "\n".join(out) + "\n"


def to_csv(results: Results, dialect: str = "csv") -> str:
    buffer = io.StringIO()
    if dialect == "tsv":
        buffer.write("\t".join("?" + v for v in results.variables) + "\n")
        for row in results.rows:
            buffer.write("\t".join(_nt(t) for t in row) + "\n")
        return buffer.getvalue()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(results.variables)
    for row in results.rows:
        writer.writerow(["" if t is None else (f"_:{t.value}" if isinstance(t, BlankNode) else t.value) for t in row])
    return buffer.getvalue()


def _nt(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, NamedNode):
        return f"<{term.value}>"
    if isinstance(term, BlankNode):
        return f"_:{term.value}"
    assert isinstance(term, Literal)
    return str(term)


def to_table(results: Results, max_width: int | None = None) -> str:
    if results.boolean is not None:
        return ("yes" if results.boolean else "no") + "\n"
    if results.triples is not None:
        return serialize([q.triple for q in results.triples], format=RdfFormat.TURTLE, prefixes=PREFIXES).decode()
    # For people: where a query returns both `x` (an IRI) and `xLabel`, show the label as `x`.
    keep = [i for i, v in enumerate(results.variables) if f"{v}Label" not in results.variables]
    variables = [
        v[: -len("Label")] if v.endswith("Label") and v[: -len("Label")] in results.variables else v
        for v in (results.variables[i] for i in keep)
    ]
    cells = [[compact(row[i]) for i in keep] for row in results.rows]
    if not cells:
        return "(no rows)\n"
    if max_width is None and not sys.stdout.isatty():
        max_width = 10**6  # piped: never cut a value
    width = max_width or max(60, shutil.get_terminal_size((120, 20)).columns)
    widths = [max(len(v), *(len(r[i]) for r in cells)) for i, v in enumerate(variables)]
    # Share the terminal width: shrink the widest columns first, never below 12 characters.
    while sum(widths) + 2 * (len(widths) - 1) > width and max(widths) > 12:
        widths[widths.index(max(widths))] -= 1

    def fit(text: str, w: int) -> str:
        return text if len(text) <= w else text[: w - 1] + "…"

    lines = ["  ".join(v.ljust(w) for v, w in zip(variables, widths, strict=False)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    for row in cells:
        lines.append("  ".join(fit(c, w).ljust(w) for c, w in zip(row, widths, strict=False)).rstrip())
    lines.append(f"({len(cells)} row{'s' if len(cells) != 1 else ''})")
    return "\n".join(lines) + "\n"


def render(results: Results, fmt: str) -> str:
    if results.triples is not None and fmt != "table":
        return serialize([q.triple for q in results.triples], format=RdfFormat.N_TRIPLES).decode()
    if fmt == "json":
        return to_json(results)
    if fmt in ("csv", "tsv"):
        return to_csv(results, fmt)
    return to_table(results)
