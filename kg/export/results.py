"""Writers for query results: a table for people; CSV, TSV, SPARQL JSON and XML for machines.

JSON is the SPARQL 1.1 Query Results JSON Format, XML the SPARQL Query Results XML Format, CSV and
TSV follow the SPARQL 1.1 CSV/TSV formats; these are contracts scripts rely on. The table, for
people, is :mod:`kg.export.table`'s.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from xml.sax.saxutils import escape

from pyoxigraph import BlankNode, Literal, NamedNode, RdfFormat

from kg.core.terms import XSD_STRING
from kg.engines import Results, Term
from kg.export.dumps import PREFIXES, serialize_bytes
from kg.export.table import TABLE_WIDTH, to_table_rows
from kg.export.table import compact as compact  # re-exported: kg.export.compact is public

RESULT_FORMATS = ("table", "csv", "tsv", "json")


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


def to_table(results: Results, max_width: int | None = TABLE_WIDTH, names: Mapping[str, str] | None = None) -> str:
    """Rows as an aligned table for a terminal, at most ``max_width`` columns wide (None: every
    value whole; see :mod:`kg.export.table`; ``names``: short names of the things in it, IRI →
    name); ASK as yes/no; CONSTRUCT as Turtle."""
    if results.boolean is not None:
        return ("yes" if results.boolean else "no") + "\n"
    if results.triples is not None:
        return serialize_bytes([q.triple for q in results.triples], RdfFormat.TURTLE, PREFIXES).decode()
    return to_table_rows(results, max_width, names)


def render(results: Results, fmt: str) -> str:
    """Results in one of :data:`RESULT_FORMATS`; a graph (CONSTRUCT, DESCRIBE) as N-Triples unless a table."""
    if results.triples is not None and fmt != "table":
        return serialize_bytes([q.triple for q in results.triples], RdfFormat.N_TRIPLES).decode()
    if fmt == "json":
        return to_json(results)
    if fmt in ("csv", "tsv"):
        return to_csv(results, fmt)
    return to_table(results)
