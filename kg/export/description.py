"""The dataset description: VoID, DCAT and SPARQL service description, as Turtle.

One function, :func:`dataset_description`, used twice: the build writes ``void.ttl`` with the
published base (:data:`PUBLIC_BASE`), and a server calls it with its own base so that the links
(SPARQL endpoint, dumps, landing page) point at itself. Invariants:
- deterministic: the same store, manifest and base give the same bytes (sorted triples, blank
  nodes labelled by what they stand for, no timestamps);
- truthful: every number is counted in the store, every dump (size and SHA-256) comes from the
  manifest the build wrote, and an example resource is named only if the store holds it;
- only the dumps of the manifest's ``dumps`` section are read, so the description written
  before the manifest is complete (during the build) equals the one made from the final
  manifest (by a server).

Identifiers stay where they are published (``https://w3id.org/igkg/id/…``, the graphs, the
ontology); only links to this deployment's services use the base.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from pyoxigraph import BlankNode, Literal, NamedNode, Quad, RdfFormat

from kg.core import settings
from kg.core.quads import QuadSet
from kg.core.terms import RDF_TYPE, XSD
from kg.engines import View
from kg.export.dumps import FORMATS, PREFIXES, serialize_bytes
from kg.query.run import run_sparql

#: The base the build writes ``void.ttl`` with: where igkg is published.
PUBLIC_BASE = "https://w3id.org/igkg/"
#: Where a server should publish the description (VoID, section 7.2: ``/.well-known/void``);
#: the dataset's IRI is a fragment of it, so that it dereferences to its own description.
DESCRIPTION_PATH = ".well-known/void"
#: Things shown as examples of the data, if the store holds them.
EXAMPLE_IDS = ("wg-igf-improvements", "igf", "mandate-tunis-72-igf")
#: Licence of the data and the ontology (README, "Licence"; ontology/igkg.ttl dcterms:license).
LICENSE = "https://creativecommons.org/licenses/by/4.0/"

VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"
SD = "http://www.w3.org/ns/sparql-service-description#"
SPDX = "http://spdx.org/rdf/terms#"
DCTERMS = "http://purl.org/dc/terms/"
IANA_MEDIA_TYPES = "https://www.iana.org/assignments/media-types/"
#: W3C's IRIs for RDF formats, for void:feature.
W3C_FORMATS = {
    "turtle": "http://www.w3.org/ns/formats/Turtle",
    "jsonld": "http://www.w3.org/ns/formats/JSON-LD",
    "trig": "http://www.w3.org/ns/formats/TriG",
    "nquads": "http://www.w3.org/ns/formats/N-Quads",
    "ntriples": "http://www.w3.org/ns/formats/N-Triples",
}
DESCRIPTION_PREFIXES = {
    **PREFIXES,
    "void": VOID,
    "dcat": DCAT,
    "sd": SD,
    "spdx": SPDX,
    "owl": "http://www.w3.org/2002/07/owl#",
    "vann": "http://purl.org/vocab/vann/",
    "graph": settings.GRAPH_BASE,
    "sh": "http://www.w3.org/ns/shacl#",
}

TITLE = "igkg: a knowledge graph of the UN Internet-governance system"
DESCRIPTION = (
    "The UN Internet-governance system that grew out of the World Summit on the Information Society "
    "(WSIS): bodies, instruments and their paragraphs, mandates, people and posts, stakeholder "
    "categories and meetings, with the source of every fact. Each source document has its own named "
    "graph; the facts the build derives by documented rules and the ontology have one each; the "
    "default graph is the merge of them all."
)
KEYWORDS = ("Internet governance", "WSIS", "Internet Governance Forum", "United Nations", "mandates")

TOTALS = """
SELECT (COUNT(*) AS ?triples) (COUNT(DISTINCT ?s) AS ?subjects) (COUNT(DISTINCT ?p) AS ?properties)
       (COUNT(DISTINCT ?o) AS ?objects)
WHERE { ?s ?p ?o }
"""
ENTITIES = f"""
SELECT (COUNT(DISTINCT ?s) AS ?entities) WHERE {{
  ?s ?p ?o FILTER(isIRI(?s) && STRSTARTS(STR(?s), "{settings.ID_BASE}"))
}}
"""
CLASSES = """
SELECT ?class (COUNT(DISTINCT ?s) AS ?entities) WHERE { ?s a ?class FILTER(isIRI(?class)) }
GROUP BY ?class ORDER BY ?class
"""
PROPERTIES = "SELECT ?p (COUNT(*) AS ?triples) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY ?p"
GRAPHS = "SELECT ?g (COUNT(*) AS ?triples) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"

Term = NamedNode | BlankNode | Literal
#: What a blank node label may hold after its kind (Turtle's BLANK_NODE_LABEL, ASCII only).
_LABEL = re.compile(r"[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_-])?")


@dataclass(frozen=True)
class Counts:
    """What the store holds, counted with SPARQL (the merged default graph unless said)."""

    triples: int
    subjects: int
    properties: int
    objects: int
    entities: int
    #: class IRI -> instances; property IRI -> triples; graph IRI -> triples in that graph.
    classes: dict[str, int]
    predicates: dict[str, int]
    graphs: dict[str, int]


def _int(value: Term | None) -> int:
    return int(value.value) if value is not None else 0


def count(view: View) -> Counts:
    """Count the store with engine-neutral SPARQL (Oxigraph and rdflib give the same numbers)."""
    totals = run_sparql(view, TOTALS).rows[0]
    return Counts(
        triples=_int(totals[0]),
        subjects=_int(totals[1]),
        properties=_int(totals[2]),
        objects=_int(totals[3]),
        entities=_int(run_sparql(view, ENTITIES).rows[0][0]),
        classes=_grouped(view, CLASSES),
        predicates=_grouped(view, PROPERTIES),
        graphs=_grouped(view, GRAPHS),
    )


def _grouped(view: View, query: str) -> dict[str, int]:
    return {row[0].value: _int(row[1]) for row in run_sparql(view, query).rows if row[0] is not None}


def namespace(iri: str) -> str:
    """The vocabulary an IRI belongs to: everything up to its last ``#`` or ``/``.

    >>> namespace("http://www.w3.org/ns/prov#wasDerivedFrom")
    'http://www.w3.org/ns/prov#'
    >>> namespace("http://purl.org/dc/terms/title")
    'http://purl.org/dc/terms/'
    """
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[: cut + 1]


def normalise_base(base_url: str) -> str:
    """An absolute http(s) base ending in ``/``; ValueError otherwise.

    >>> normalise_base("http://127.0.0.1:8000")
    'http://127.0.0.1:8000/'
    """
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise ValueError(f"the base URL must be an absolute http(s) URL without query or fragment: {base_url!r}")
    return base_url if base_url.endswith("/") else base_url + "/"


def _node(kind: str, iri: str) -> BlankNode:
    """A blank node named by what it stands for, so that its label never depends on the run.

    Readable where the IRI has a known prefix (``_:class-igkg-Mandate``), else a hash; either
    way two IRIs never share a label (prefix names hold no ``-``; a hash label has none after
    the kind).
    """
    for prefix, ns in sorted(DESCRIPTION_PREFIXES.items()):
        if iri.startswith(ns) and _LABEL.fullmatch(iri[len(ns) :]):
            return BlankNode(f"{kind}-{prefix}-{iri[len(ns) :]}")
    return BlankNode(f"{kind}-{_hash(iri)}")


def _named(kind: str, name: str) -> BlankNode:
    """A blank node for a file or service: ``_:distribution-igkg.ttl``."""
    return BlankNode(f"{kind}-{name if _LABEL.fullmatch(name) else _hash(name)}")


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def _integer(value: int, datatype: str = "integer") -> Literal:
    return Literal(str(value), datatype=NamedNode(XSD + datatype))


def _en(text: str) -> Literal:
    return Literal(text, language="en")


class _Triples:
    """A small collector: ``add(s, "void:triples", o)`` with the description's prefixes."""

    def __init__(self) -> None:
        self.quads: list[Quad] = []

    def add(self, subject: NamedNode | BlankNode, predicate: str, obj: Term) -> None:
        prefix, _, local = predicate.partition(":")
        self.quads.append(Quad(subject, NamedNode(DESCRIPTION_PREFIXES[prefix] + local), obj))

    def typed(self, subject: NamedNode | BlankNode, *classes: str) -> None:
        for cls in classes:
            prefix, _, local = cls.partition(":")
            self.quads.append(Quad(subject, RDF_TYPE, NamedNode(DESCRIPTION_PREFIXES[prefix] + local)))


def _describe_dataset(out: _Triples, dataset: NamedNode, base: str, view: View) -> None:
    out.typed(dataset, "void:Dataset", "dcat:Dataset", "sd:Dataset")
    out.add(dataset, "dcterms:title", _en(TITLE))
    out.add(dataset, "dcterms:description", _en(DESCRIPTION))
    out.add(dataset, "dcterms:license", NamedNode(LICENSE))
    out.add(dataset, "dcterms:conformsTo", NamedNode(settings.ONTOLOGY_IRI))
    out.add(dataset, "dcat:landingPage", NamedNode(base))
    for keyword in KEYWORDS:
        out.add(dataset, "dcat:keyword", _en(keyword))
    out.add(dataset, "void:uriSpace", Literal(settings.ID_BASE))
    for slug in EXAMPLE_IDS:
        thing = NamedNode(settings.ID_BASE + slug)
        if view.contains(thing):
            out.add(dataset, "void:exampleResource", thing)


def _describe_statistics(out: _Triples, dataset: NamedNode, counts: Counts) -> None:
    out.add(dataset, "void:triples", _integer(counts.triples))
    out.add(dataset, "void:distinctSubjects", _integer(counts.subjects))
    out.add(dataset, "void:distinctObjects", _integer(counts.objects))
    out.add(dataset, "void:properties", _integer(counts.properties))
    out.add(dataset, "void:classes", _integer(len(counts.classes)))
    out.add(dataset, "void:entities", _integer(counts.entities))
    for vocabulary in sorted({namespace(iri) for iri in [*counts.predicates, *counts.classes]}):
        out.add(dataset, "void:vocabulary", NamedNode(vocabulary))
    for cls, entities in counts.classes.items():
        partition = _node("class", cls)
        out.add(dataset, "void:classPartition", partition)
        out.add(partition, "void:class", NamedNode(cls))
        out.add(partition, "void:entities", _integer(entities))
    for predicate, triples in counts.predicates.items():
        partition = _node("property", predicate)
        out.add(dataset, "void:propertyPartition", partition)
        out.add(partition, "void:property", NamedNode(predicate))
        out.add(partition, "void:triples", _integer(triples))


def _describe_graphs(out: _Triples, dataset: NamedNode, counts: Counts) -> None:
    """One subset per named graph, as SPARQL service description's named graphs, and the default
    graph: the merge of them all (kg/engines/base.py, "Layout")."""
    default = BlankNode("default-graph")
    out.add(dataset, "sd:defaultGraph", default)
    out.typed(default, "sd:Graph")
    out.add(default, "void:triples", _integer(counts.triples))
    for name, triples in counts.graphs.items():
        graph, named = _node("graph", name), _node("named-graph", name)
        out.add(dataset, "void:subset", graph)
        out.typed(graph, "void:Dataset", "sd:Graph")
        out.add(graph, "void:triples", _integer(triples))
        out.add(graph, "sd:name", NamedNode(name))
        out.add(dataset, "sd:namedGraph", named)
        out.typed(named, "sd:NamedGraph")
        out.add(named, "sd:name", NamedNode(name))
        out.add(named, "sd:graph", graph)


def _describe_service(out: _Triples, dataset: NamedNode, base: str) -> None:
    endpoint = NamedNode(base + "sparql")
    out.add(dataset, "void:sparqlEndpoint", endpoint)
    out.typed(endpoint, "sd:Service", "dcat:DataService")
    out.add(endpoint, "sd:endpoint", endpoint)
    out.add(endpoint, "sd:supportedLanguage", NamedNode(SD + "SPARQL11Query"))
    # The default graph is the merge of the named graphs, which is what this feature declares.
    out.add(endpoint, "sd:feature", NamedNode(SD + "UnionDefaultGraph"))
    out.add(endpoint, "sd:defaultDataset", dataset)
    out.add(endpoint, "dcat:endpointURL", endpoint)
    out.add(endpoint, "dcat:servesDataset", dataset)
    out.add(endpoint, "dcterms:conformsTo", NamedNode("https://www.w3.org/TR/sparql11-protocol/"))
    distribution = _named("distribution", "sparql")
    out.add(dataset, "dcat:distribution", distribution)
    out.typed(distribution, "dcat:Distribution")
    out.add(distribution, "dcterms:title", _en("SPARQL endpoint"))
    out.add(distribution, "dcat:accessURL", endpoint)
    out.add(distribution, "dcat:accessService", endpoint)
    # The prefixes every query may use undeclared, as SHACL prefix declarations (no SD term exists).
    for prefix, namespace in PREFIXES.items():
        declaration = _named("prefix", prefix)
        out.add(endpoint, "sh:declare", declaration)
        out.add(declaration, "sh:prefix", Literal(prefix))
        out.add(declaration, "sh:namespace", Literal(namespace, datatype=NamedNode(XSD + "anyURI")))


def _dump_description(fmt: str) -> str:
    graphs = (
        "each source in its own named graph (the provenance)"
        if FORMATS[fmt].keeps_graphs
        else "merged into one graph, each distinct triple once"
    )
    return f"The data graphs, {graphs}; without the ontology's graph."


def _describe_dumps(out: _Triples, dataset: NamedNode, base: str, manifest: dict[str, Any]) -> None:
    dumps: dict[str, dict[str, Any]] = manifest.get("dumps", {})
    digests: dict[str, str] = manifest.get("outputs", {})
    for name in sorted(dumps):
        fmt, size = dumps[name]["format"], dumps[name]["bytes"]
        url = NamedNode(f"{base}dumps/{name}")
        out.add(dataset, "void:dataDump", url)
        out.add(dataset, "void:feature", NamedNode(W3C_FORMATS[fmt]))
        distribution, checksum = _named("distribution", name), _named("checksum", name)
        out.add(dataset, "dcat:distribution", distribution)
        out.typed(distribution, "dcat:Distribution")
        out.add(distribution, "dcterms:title", Literal(name))
        out.add(distribution, "dcterms:description", _en(_dump_description(fmt)))
        out.add(distribution, "dcterms:license", NamedNode(LICENSE))
        out.add(distribution, "dcat:downloadURL", url)
        out.add(distribution, "dcat:accessURL", url)
        out.add(distribution, "dcat:mediaType", NamedNode(IANA_MEDIA_TYPES + FORMATS[fmt].media_type))
        out.add(distribution, "dcat:byteSize", _integer(size, "nonNegativeInteger"))
        if name in digests:
            out.add(distribution, "spdx:checksum", checksum)
            out.typed(checksum, "spdx:Checksum")
            out.add(checksum, "spdx:algorithm", NamedNode(SPDX + "checksumAlgorithm_sha256"))
            out.add(checksum, "spdx:checksumValue", Literal(digests[name], datatype=NamedNode(XSD + "hexBinary")))


def dataset_iri(base_url: str) -> str:
    """The dataset's IRI under a base: a fragment of the description's own address."""
    return normalise_base(base_url) + DESCRIPTION_PATH + "#dataset"


def dataset_description(view: View, manifest: dict[str, Any], base_url: str) -> bytes:
    """The VoID / DCAT / SPARQL-SD description of the store in ``view``, as Turtle.

    :param view: the built store (an :class:`kg.engines.OxigraphView`; any View works).
    :param manifest: the build's ``manifest.json``, read as a dict; its ``dumps`` section
        (file name -> format and bytes) and ``outputs`` (SHA-256) describe the dumps. Without a
        ``dumps`` section (no manifest, or a build older than this module) no dump is described.
    :param base_url: where this deployment answers, e.g. ``http://127.0.0.1:8000/``: the SPARQL
        endpoint is ``{base}sparql`` and the dumps ``{base}dumps/<file>``.
    :raises ValueError: ``base_url`` is not an absolute http(s) URL.
    """
    base = normalise_base(base_url)
    dataset = NamedNode(dataset_iri(base))
    out = _Triples()
    counts = count(view)
    _describe_dataset(out, dataset, base, view)
    _describe_statistics(out, dataset, counts)
    _describe_graphs(out, dataset, counts)
    _describe_service(out, dataset, base)
    _describe_dumps(out, dataset, base, manifest)
    return _turtle(out.quads)


def _turtle(quads: Iterable[Quad]) -> bytes:
    triples = [q.triple for q in QuadSet(quads).triples()]
    return serialize_bytes(triples, RdfFormat.TURTLE, DESCRIPTION_PREFIXES)
