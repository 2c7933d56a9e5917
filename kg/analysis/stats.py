"""``igkg stats``: what the built graph holds, and what it still lacks.

Everything is computed from the store with engine-neutral SPARQL (it runs on Oxigraph and on
rdflib alike). A fact has provenance when it sits in a source's named graph next to a citation of
its thing (on the thing itself, or on the claim that carries the value), or in the derived graph
(facts that follow from a documented rule), or in the ontology's graph. ``facts_without_provenance``
counts the rest: triples of the merged default graph that are in no named graph, and facts in a
source graph whose thing has no citation there. It must be 0.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass, field

from kg.analysis import evidence, timeline
from kg.core import settings
from kg.engines import View
from kg.query.run import run_sparql

_PREFIXES = f"""PREFIX igkg: <{settings.ONTOLOGY_NS}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""

COUNTS_PER_CLASS = (
    _PREFIXES
    + """
SELECT ?class (COUNT(DISTINCT ?thing) AS ?count) WHERE {
  ?thing a ?class .
  FILTER(STRSTARTS(STR(?class), STR(igkg:)))
  FILTER(STRSTARTS(STR(?thing), "https://w3id.org/igkg/id/") || STRSTARTS(STR(?thing), "https://w3id.org/igkg/source/"))
} GROUP BY ?class ORDER BY ?class
"""
)

PER_SOURCE = (
    _PREFIXES
    + """
SELECT ?source ?type ?title (COUNT(*) AS ?facts) (COUNT(DISTINCT ?s) AS ?things) WHERE {
  GRAPH ?source { ?s ?p ?o }
  FILTER(STRSTARTS(STR(?source), "https://w3id.org/igkg/source/"))
  OPTIONAL { ?source a ?type FILTER(?type != igkg:SourceDocument) }
  OPTIONAL { ?source dcterms:title ?title }
} GROUP BY ?source ?type ?title ORDER BY DESC(?facts) ?source
"""
)

MANDATES_PER_BODY = (
    _PREFIXES
    + """
SELECT ?agent ?label (COUNT(DISTINCT ?issued) AS ?issuedCount) (COUNT(DISTINCT ?received) AS ?receivedCount) WHERE {
  { ?issued a igkg:Mandate ; igkg:issuer ?agent } UNION { ?received a igkg:Mandate ; igkg:mandatee ?agent }
  ?agent rdfs:label ?label .
} GROUP BY ?agent ?label ORDER BY DESC(?issuedCount) DESC(?receivedCount) ?agent
"""
)

WITHOUT_LABEL = (
    _PREFIXES
    + """
SELECT DISTINCT ?thing WHERE {
  ?thing a ?class .
  FILTER(STRSTARTS(STR(?thing), "https://w3id.org/igkg/id/"))
  FILTER(?class NOT IN (igkg:Citation, igkg:Claim))
  FILTER NOT EXISTS { ?thing rdfs:label|skos:prefLabel ?label }
} ORDER BY ?thing
"""
)

# Which date each kind of thing should have.
WITHOUT_DATE = (
    _PREFIXES
    + """
SELECT DISTINCT ?thing ?class ?missing WHERE {
  VALUES (?class ?missing) {
    (igkg:Body igkg:established) (igkg:Instrument igkg:adopted) (igkg:Meeting igkg:startDate)
    (igkg:Mandate igkg:startDate) (igkg:Membership igkg:startDate)
  }
  ?thing a/rdfs:subClassOf* ?class .
  FILTER(STRSTARTS(STR(?thing), "https://w3id.org/igkg/id/"))
  FILTER NOT EXISTS { ?thing ?missing ?date }
  FILTER(?class != igkg:Membership || NOT EXISTS { ?thing igkg:attestedOn ?seen })
  FILTER(?class != igkg:Body || NOT EXISTS { ?thing a igkg:Delegation })
} ORDER BY ?class ?thing
"""
)

OUTSIDE_ANY_GRAPH = """
SELECT (COUNT(*) AS ?count) WHERE { ?s ?p ?o FILTER NOT EXISTS { GRAPH ?g { ?s ?p ?o } } }
"""

UNCITED_IN_SOURCE_GRAPH = (
    _PREFIXES
    + """
SELECT (COUNT(*) AS ?count) WHERE {
  GRAPH ?g { ?s ?p ?o }
  FILTER(STRSTARTS(STR(?g), "https://w3id.org/igkg/source/"))
  FILTER(STRSTARTS(STR(?s), "https://w3id.org/igkg/id/"))
  FILTER NOT EXISTS { GRAPH ?g { ?s a ?kind FILTER(?kind IN (igkg:Citation, igkg:Claim)) } }
  FILTER NOT EXISTS { GRAPH ?g { ?s igkg:evidence ?citation } }
  FILTER NOT EXISTS { GRAPH ?g { ?s igkg:claim ?claim . ?claim igkg:evidence ?claimCitation } }
}
"""
)

DISAGREEMENTS = (
    _PREFIXES
    + """
SELECT DISTINCT ?thing ?property ?value ?rank ?reason ?source WHERE {
  ?thing igkg:claim ?claim .
  ?claim igkg:conflictsWith ?rival ; igkg:claimProperty ?property ; igkg:rank/skos:prefLabel ?rankLabel ;
         igkg:evidence/igkg:inSource ?source .
  { ?claim igkg:claimValue ?value } UNION { ?claim igkg:claimObject ?value }
  OPTIONAL { ?claim igkg:rankReason ?reason }
  BIND(STR(?rankLabel) AS ?rank)
} ORDER BY ?thing ?property ?rank STR(?value) ?source
"""
)

COUNT_TRIPLES = "SELECT (COUNT(*) AS ?count) WHERE { ?s ?p ?o }"
COUNT_GRAPHS = "SELECT (COUNT(DISTINCT ?g) AS ?count) WHERE { GRAPH ?g { ?s ?p ?o } }"


def _short(iri: str) -> str:
    for base, prefix in ((settings.ID_BASE, ""), (settings.SOURCE_BASE, ""), (settings.ONTOLOGY_NS, "igkg:")):
        if iri.startswith(base):
            return prefix + iri[len(base) :]
    return iri


@dataclass
class Stats:
    triples: int = 0
    graphs: int = 0
    counts_per_class: dict[str, int] = field(default_factory=dict)
    sources: list[dict[str, object]] = field(default_factory=list)
    mandates_per_body: list[dict[str, object]] = field(default_factory=list)
    without_label: list[str] = field(default_factory=list)
    without_date: list[dict[str, str]] = field(default_factory=list)
    facts_without_provenance: int = 0
    disagreements: list[dict[str, str]] = field(default_factory=list)
    #: Per record kind and field: facts with and without a tied quote (kg.analysis.evidence).
    evidence: list[dict[str, object]] = field(default_factory=list)
    #: Mandates by state on a date (kg.analysis.timeline): as_of, mandates, by_state.
    time: dict[str, object] = field(default_factory=dict)

    def to_json(self) -> str:
        doc = {"igkg_stats_version": 1, **asdict(self)}
        return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"

    def table(self) -> str:
        lines = [
            f"{self.triples} triples in the merged graph, {self.graphs} named graphs",
            f"facts without provenance: {self.facts_without_provenance}",
            "",
            "things per class:",
        ]
        lines += [f"  {name:<28} {count:>6}" for name, count in self.counts_per_class.items()]
        lines += ["", "facts per source:"]
        lines += [f"  {s['facts']:>6}  {s['things']:>4} things  {s['source']}  ({s['type']})" for s in self.sources]
        lines += ["", "mandates per body (issued / received):"]
        lines += [f"  {m['issued']:>3} / {m['received']:<3} {m['label']}" for m in self.mandates_per_body]
        lines += ["", f"without a label: {len(self.without_label)}"] + [f"  {t}" for t in self.without_label]
        lines += ["", f"without a date: {len(self.without_date)}"]
        lines += [f"  {d['thing']}  (no {d['missing']})" for d in self.without_date]
        lines += ["", f"disagreements: {len(self.disagreements)} claims"]
        lines += [
            f"  {d['thing']} {d['property']} = {d['value']}  [{d['rank']}]  {d['source']}" for d in self.disagreements
        ]
        lines += ["", *evidence.table_lines(self.evidence)]
        lines += ["", *timeline.table_lines(self.time)]
        return "\n".join(lines) + "\n"


def compute(view: View, as_of: str | None = None) -> Stats:
    """The statistics of the store; its "time" section on ``as_of`` (YYYY-MM-DD, default today)."""

    def count(query: str) -> int:
        row = run_sparql(view, query).rows[0]
        return int(row[0].value) if row[0] is not None else 0

    stats = Stats(triples=count(COUNT_TRIPLES), graphs=count(COUNT_GRAPHS))
    for row in run_sparql(view, COUNTS_PER_CLASS).dicts():
        stats.counts_per_class[_short(row["class"])] = int(row["count"])
    for row in run_sparql(view, PER_SOURCE).dicts():
        stats.sources.append(
            {
                "source": _short(row["source"]),
                "type": _short(row.get("type", "")),
                "title": row.get("title", ""),
                "facts": int(row["facts"]),
                "things": int(row["things"]),
            }
        )
    for row in run_sparql(view, MANDATES_PER_BODY).dicts():
        stats.mandates_per_body.append(
            {
                "id": _short(row["agent"]),
                "label": row["label"],
                "issued": int(row["issuedCount"]),
                "received": int(row["receivedCount"]),
            }
        )
    stats.without_label = [_short(r["thing"]) for r in run_sparql(view, WITHOUT_LABEL).dicts()]
    stats.without_date = [
        {"thing": _short(r["thing"]), "class": _short(r["class"]), "missing": _short(r["missing"])}
        for r in run_sparql(view, WITHOUT_DATE).dicts()
    ]
    stats.facts_without_provenance = count(OUTSIDE_ANY_GRAPH) + count(UNCITED_IN_SOURCE_GRAPH)
    stats.disagreements = [
        {
            "thing": _short(r["thing"]),
            "property": _short(r["property"]),
            "value": r["value"],
            "rank": r["rank"],
            "reason": r.get("reason", ""),
            "source": _short(r["source"]),
        }
        for r in run_sparql(view, DISAGREEMENTS).dicts()
    ]
    stats.evidence = evidence.evidence_ties(view)
    stats.time = timeline.mandates_by_state(view, as_of or dt.date.today().isoformat())
    return stats
