"""Reviewed mappings -> SKOS mapping triples, each in the graph of the page that shows it.

A row of the mapping table becomes ``<thing> skos:exactMatch <other>`` (or another SKOS mapping
property) with a citation, exactly like a curated fact: the page named in ``see_also`` must be a
recorded ``web-page`` source, the triple goes into that source's named graph, and the quote in
``comment`` becomes the citation's quote. Rejected rows (``Not``) and proposals never reach the
graph. Every problem is reported with the table's file and line.
"""

from __future__ import annotations

from pyoxigraph import NamedNode

from kg.core import terms
from kg.core.errors import RecordErrors, RecordProblem
from kg.core.quads import QuadSet
from kg.loaders.records import Emitter
from kg.records.mappings import MappingTable
from kg.records.model import Evidence, RecordSet


def page_sources(records: RecordSet) -> dict[str, str]:
    """Web-page sources by address."""
    return {str(r.first("url")): r.id for r in records.of_kind("sources") if r.type == "web-page" and r.first("url")}


def mappings_to_quads(table: MappingTable, records: RecordSet) -> QuadSet:
    """The accepted mappings as quads. Raises RecordErrors for a row that names an unknown thing
    or cites a page that is not a recorded source."""
    pages = page_sources(records)
    emitter = Emitter(records, {})
    problems: list[RecordProblem] = []
    shown = str(table.path)
    for mapping in table.accepted():
        slug = mapping.subject_id.split(":", 1)[1]
        if slug not in records or records[slug].kind == "sources":
            problems.append(RecordProblem(shown, mapping.line, mapping.subject_id, "subject_id", f"no thing {slug!r}"))
            continue
        source = pages.get(mapping.see_also)
        if source is None:
            problems.append(
                RecordProblem(
                    shown,
                    mapping.line,
                    mapping.subject_id,
                    "see_also",
                    f"{mapping.see_also} is not the address of a recorded web-page source; record the page first",
                )
            )
            continue
        subject = terms.thing(slug)
        predicate = NamedNode(table.expand(mapping.predicate_id))
        target = NamedNode(table.expand(mapping.object_id))
        emitter.emit(subject, predicate, target, {source})
        evidence = Evidence(source=source, quote=mapping.comment, supports=(mapping.predicate_id,), at=mapping.line)
        emitter.citation(subject, evidence, [predicate], key_extra=mapping.object_id, value=target)
    if problems:
        raise RecordErrors(problems)
    return emitter.quads
