"""Facts the build derives, kept in their own graph (settings.DERIVED_GRAPH).

Nothing here is a source fact: every derived triple follows by a documented rule from curated
facts, so a reader can always tell what a source says from what igkg computed.
Rules:
- date bounds: ``igkg:earliestStart`` / ``igkg:latestEnd`` from startDate / endDate at their
  precision (a query aid for ``as_of`` comparisons across xsd:date, gYearMonth and gYear);
- labels for things whose records carry none (paragraphs, mandates, memberships), built from the
  labels of what they connect;
- ``igkg:linesUsed`` for each source file, from the citations;
- the course of each mandate (kg/loaders/lapse.py has the rule): its nature where the record names
  none and its action is one-off by meaning (``igkg:nature``), and one or two ``igkg:period``
  nodes (``<mandate>/period/N``), each with ``igkg:periodState`` (in force, ended, lapsed by
  deadline, fulfilled, superseded, mandatee ended, unknown), ``igkg:periodReason`` (why, in
  words), ``igkg:periodFrom`` and, but for the last, ``igkg:periodUntil`` (xsd:date, inclusive).
  "In force on a date" is one lookup: the period whose days hold the date, and its state;
- closures that bind canned queries by their answer (kg/loaders/closures.py has the rules):
  ``igkg:lineageHeadOf`` from each mandate that heads a lineage to the body, office or
  instrument it is a root of, ``igkg:attestedDates`` and ``igkg:heldIn`` on each membership;
- every ``queries/construct-*.rq`` rule, run over the merge of the source graphs (among them
  ``igkg:turnCount``, the speaker turns read from a meeting's records).
"""

from __future__ import annotations

from pyoxigraph import Literal, NamedNode, Quad

from kg.core import settings, terms
from kg.core.dates import PartialDate
from kg.core.quads import QuadSet
from kg.loaders.closures import Holding, MandateLinks, attested_dates, held_in, lineage_heads
from kg.loaders.lapse import NATURE_BASE, STATE_BASE, course, defaulted_nature, successors_of
from kg.loaders.records import lines_used, subject_of
from kg.records.model import Record, RecordSet

DERIVED = NamedNode(settings.DERIVED_GRAPH)


def _label(records: RecordSet, rid: object) -> str:
    record = records[str(rid)]
    label = record.first("label")
    if label is not None:
        return str(label)
    return generated_label(records, record) or record.id


def generated_label(records: RecordSet, record: Record) -> str | None:
    """The English label igkg gives a record that has none of its own."""
    if record.kind == "paragraphs":
        return f"{_label(records, record.first('of'))}, paragraph {record.first('number')}"
    if record.kind == "mandates":
        issuer = _label(records, record.first("issuer"))
        mandatee = _label(records, record.first("mandatee"))
        authority = _label(records, record.first("authority"))
        return f"{issuer}: {record.first('action')} {mandatee} ({authority})"
    if record.kind == "seats":
        body = _label(records, record.first("body"))
        category = _label(records, record.first("category"))
        return f"{body}: {record.first('count')} seats for {category.lower()}"
    if record.kind == "memberships":
        member = _label(records, record.first("member"))
        post = record.first("post")
        if post is not None:
            return f"{member} as {_label(records, post)}"
        org = record.first("organization")
        where = f" of {_label(records, org)}" if org is not None else ""
        return f"{member}, {str(record.first('role')).replace('-', ' ')}{where}"
    if record.kind == "mentions":
        return f"“{record.first('text')}”: {_label(records, record.first('of'))}"
    if record.kind == "positions":
        holder = _label(records, record.first("holder"))
        meeting = _label(records, record.first("meeting"))
        return f"{holder}: {str(record.first('stance')).replace('-', ' ')} ({meeting})"
    if record.kind == "support_links":
        supporter = _label(records, record.first("supporter"))
        supported = _label(records, record.first("supported"))
        verbs = {"support": "supports", "align": "aligns with", "agree": "agrees with", "oppose": "opposes"}
        return f"{supporter} {verbs[str(record.first('manner'))]} {supported}"
    if record.kind == "interventions":
        meeting = _label(records, record.first("meeting"))
        who = record.first("speaker_as_written")
        return f"{meeting}, turn {record.first('order')}: {who if who is not None else 'unattributed'}"
    return None


def describe_derived_graph() -> QuadSet:
    """The derived graph's own provenance: what it is and the rules that made it."""
    return QuadSet(
        [
            Quad(DERIVED, terms.RDF_TYPE, NamedNode(terms.PROV + "Entity"), DERIVED),
            Quad(DERIVED, terms.RDFS_LABEL, terms.english("Facts derived by the igkg build"), DERIVED),
            Quad(
                DERIVED,
                NamedNode(terms.DCTERMS + "description"),
                terms.english(
                    "Derived by documented rules from the curated facts: date bounds, generated labels, lines used "
                    "per source (kg/loaders/derive.py) and the queries/construct-*.rq rules. Not source facts."
                ),
                DERIVED,
            ),
        ]
    )


def derive_from_records(records: RecordSet) -> QuadSet:
    quads = describe_derived_graph()
    for record in records.sorted():
        subject = subject_of(record)
        start, end = record.first("start"), record.first("end")
        if isinstance(start, PartialDate):
            quads.add(Quad(subject, terms.igkg("earliestStart"), terms.typed(start.first_day(), "date"), DERIVED))
        if isinstance(end, PartialDate):
            quads.add(Quad(subject, terms.igkg("latestEnd"), terms.typed(end.last_day(), "date"), DERIVED))
        if record.kind != "sources" and record.first("label") is None:
            label = generated_label(records, record)
            if label:
                quads.add(Quad(subject, terms.RDFS_LABEL, terms.english(label), DERIVED))
    successors = successors_of(records)
    for record in records.of_kind("mandates"):
        quads.update(_mandate_course(records, record, successors.get(record.id, [])))
    quads.update(derive_closures(records))
    for name, spans in lines_used(records).items():
        text = ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in spans)
        quads.add(Quad(terms.source(name), terms.igkg("linesUsed"), Literal(text), DERIVED))
    return quads


def _mandate_course(records: RecordSet, record: Record, successors: list[Record]) -> QuadSet:
    """A mandate's defaulted nature and the periods of its course (kg/loaders/lapse.py)."""
    subject = subject_of(record)
    quads = QuadSet()
    nature = defaulted_nature(record)
    if nature is not None:
        quads.add(Quad(subject, terms.igkg("nature"), NamedNode(NATURE_BASE + nature), DERIVED))
    label = generated_label(records, record) or record.id
    for number, period in enumerate(course(records, record, successors), start=1):
        node = NamedNode(f"{subject.value}/period/{number}")
        span = f"{period.first or '?'} to {period.last or 'open'}"
        facts: list[tuple[NamedNode, NamedNode | Literal]] = [
            (terms.RDF_TYPE, terms.igkg("MandatePeriod")),
            (terms.RDFS_LABEL, terms.english(f"{label}: {period.state.replace('-', ' ')}, {span}")),
            (terms.igkg("periodState"), NamedNode(STATE_BASE + period.state)),
            (terms.igkg("periodReason"), terms.english(period.reason)),
        ]
        if period.first is not None:
            facts.append((terms.igkg("periodFrom"), terms.typed(period.first.isoformat(), "date")))
        if period.last is not None:
            facts.append((terms.igkg("periodUntil"), terms.typed(period.last.isoformat(), "date")))
        quads.add(Quad(subject, terms.igkg("period"), node, DERIVED))
        quads.update(Quad(node, p, o, DERIVED) for p, o in facts)
    return quads


def _date_key(value: object) -> tuple[str, str] | None:
    return (value.text, value.datatype) if isinstance(value, PartialDate) else None


def derive_closures(records: RecordSet) -> QuadSet:
    """``igkg:lineageHeadOf``, ``igkg:attestedDates`` and ``igkg:heldIn`` (kg/loaders/closures.py has
    the rules)."""
    quads = QuadSet()
    links = []
    for m in records.of_kind("mandates"):
        authority = str(m.first("authority"))
        roots = [str(m.first("issuer")), authority]
        if authority in records and records[authority].kind == "paragraphs":
            roots.append(str(records[authority].first("of")))
        upstream = tuple(str(u) for u in (*m.get("renews"), *m.get("pursuant_to")))
        links.append(MandateLinks(m.id, upstream, tuple(roots)))
    for mandate, thing in lineage_heads(links):
        quads.add(Quad(terms.thing(mandate), terms.igkg("lineageHeadOf"), terms.thing(thing), DERIVED))
    holdings = []
    for ms in records.of_kind("memberships"):
        post = ms.first("post")
        bodies = [str(b) for b in ms.get("organization")]
        if post is not None and str(post) in records:
            bodies += [str(b) for b in records[str(post)].get("post_in")]
        attested = tuple(str(d.text) for d in ms.get("attested") if isinstance(d, PartialDate))
        start, end = _date_key(ms.first("start")), _date_key(ms.first("end"))
        key = (str(ms.first("member")), str(ms.first("role")), str(post) if post is not None else None)
        holdings.append(Holding(ms.id, *key, start, end, tuple(bodies), attested))
    for membership, text in sorted(attested_dates(holdings).items()):
        quads.add(Quad(terms.thing(membership), terms.igkg("attestedDates"), Literal(text), DERIVED))
    for membership, body in held_in(holdings):
        quads.add(Quad(terms.thing(membership), terms.igkg("heldIn"), terms.thing(body), DERIVED))
    return quads
