"""Today's dump writers, kept verbatim as the oracle the streaming writers are compared with
(issue 18: "exports byte-identical to today's"). They hold the whole graph in memory (a sorted
list of every quad, an rdflib Graph for JSON-LD): for the tests' small graphs only."""

from __future__ import annotations

import json

from pyoxigraph import RdfFormat

from kg.core.prefixes import PREFIXES
from kg.core.quads import QuadSet
from kg.export.dumps import load_context, serialize_bytes
from kg.export.jsonorder import sort_json


def turtle(quads: QuadSet) -> bytes:
    return serialize_bytes([q.triple for q in quads.triples()], RdfFormat.TURTLE, PREFIXES)


def rdfxml(quads: QuadSet) -> bytes:
    return serialize_bytes([q.triple for q in quads.triples()], RdfFormat.RDF_XML, PREFIXES)


def trig(quads: QuadSet) -> bytes:
    return serialize_bytes(quads.sorted(), RdfFormat.TRIG, PREFIXES)


def jsonld(quads: QuadSet) -> bytes:
    context = load_context()
    graph = quads.to_rdflib()
    raw = graph.serialize(format="json-ld", context=context, auto_compact=True)
    doc = json.loads(raw)
    nodes = doc.get("@graph", [] if "@id" not in doc else [{k: v for k, v in doc.items() if k != "@context"}])
    nodes = [sort_json(n) for n in nodes]
    nodes.sort(key=lambda n: str(n.get("@id", "")))
    out = {"@context": context, "@graph": nodes}
    return (json.dumps(out, indent=1, ensure_ascii=False) + "\n").encode("utf-8")


WRITERS = {
    "turtle": turtle,
    "jsonld": jsonld,
    "trig": trig,
    "nquads": QuadSet.nquads,
    "ntriples": QuadSet.ntriples,
    "rdfxml": rdfxml,
}
