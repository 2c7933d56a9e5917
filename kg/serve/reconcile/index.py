"""The label, alias and symbol index the reconciliation service matches against.

Read from the built store (never from the records: the server reads only the built store), in a
query worker, once per worker: the store is read-only and a worker serves one build, so the index
never goes stale. Only the five kinds people reconcile against are indexed (:data:`KINDS`): the
things typed by a class under one of them, with their English (or plain) ``rdfs:label`` (else
``skos:prefLabel``), ``skos:altLabel`` aliases and document symbols (``igkg:symbol``,
``dcterms:identifier``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from kg.core import settings
from kg.engines.base import Term
from kg.engines.oxigraph import OxigraphView
from kg.query.run import run_sparql
from kg.serve.reconcile.text import Name

#: The types offered by default (the manifest's ``defaultTypes``), by the ontology's local name.
KINDS = ("Body", "Instrument", "Mandate", "Person", "Meeting")

_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
#: Literal properties read, and the kind of name each gives.
_NAME_PROPERTIES = {
    _RDFS + "label": "label",
    _SKOS + "prefLabel": "label",
    _SKOS + "altLabel": "alias",
    settings.ONTOLOGY_NS + "symbol": "symbol",
    "http://purl.org/dc/terms/identifier": "symbol",
}


@dataclass
class Entry:
    """One thing that can be reconciled: its slug (the id), its names, its classes."""

    slug: str
    label: str = ""
    aliases: list[str] = field(default_factory=list)
    symbols: list[str] = field(default_factory=list)
    kinds: set[str] = field(default_factory=set)  # which of KINDS it is
    classes: set[str] = field(default_factory=set)  # every class (local name) from its type up to its kind
    asserted: set[str] = field(default_factory=set)  # the classes it is typed with
    names: list[Name] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.label or self.slug


@dataclass
class Index:
    entries: dict[str, Entry]
    #: Local name → English label of every class under the kinds (for type names and type suggest).
    class_labels: dict[str, str]

    def type_name(self, local: str) -> str:
        return self.class_labels.get(local, local)


def _local(term: Term | None, namespace: str) -> str:
    assert term is not None, "a variable the query always binds"
    return term.value[len(namespace) :]


def build_index(view: OxigraphView) -> Index:
    """Read the index from ``view`` (three queries; a few hundred things in igkg's graph)."""
    ns, ids = settings.ONTOLOGY_NS, settings.ID_BASE
    kinds = " ".join(f"<{ns}{k}>" for k in KINDS)
    entries: dict[str, Entry] = {}
    typed = run_sparql(
        view,
        f"""SELECT DISTINCT ?s ?asserted ?class ?kind WHERE {{
              VALUES ?kind {{ {kinds} }}
              ?s a ?asserted . ?asserted <{_RDFS}subClassOf>* ?class . ?class <{_RDFS}subClassOf>* ?kind .
              FILTER(STRSTARTS(STR(?s), "{ids}") && STRSTARTS(STR(?asserted), "{ns}"))
            }}""",
    )
    for s, asserted, cls, kind in typed.rows:
        slug = _local(s, ids)
        if "/" in slug:  # a node under a thing (evidence, a claim) is not reconciled on its own
            continue
        entry = entries.setdefault(slug, Entry(slug))
        entry.kinds.add(_local(kind, ns))
        entry.classes.add(_local(cls, ns))
        entry.asserted.add(_local(asserted, ns))
    _read_names(view, entries)
    labels = run_sparql(
        view,
        f"""SELECT ?c ?label WHERE {{ VALUES ?kind {{ {kinds} }} ?c <{_RDFS}subClassOf>* ?kind ; <{_RDFS}label> ?label
              FILTER(LANG(?label) = "" || LANGMATCHES(LANG(?label), "en")) }}""",
    )
    class_labels = {_local(c, ns): (label.value if label is not None else "") for c, label in labels.rows}
    return Index(entries, class_labels)


def _read_names(view: OxigraphView, entries: dict[str, Entry]) -> None:
    values = " ".join(f"<{p}>" for p in _NAME_PROPERTIES)
    rows = run_sparql(
        view,
        f"""SELECT ?s ?p ?o WHERE {{ VALUES ?p {{ {values} }} ?s ?p ?o
              FILTER(STRSTARTS(STR(?s), "{settings.ID_BASE}") && isLiteral(?o))
              FILTER(LANG(?o) = "" || LANGMATCHES(LANG(?o), "en")) }} ORDER BY ?s ?p ?o""",
    ).rows
    found: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for s, p, o in rows:
        slug = _local(s, settings.ID_BASE)
        if slug in entries and p is not None and o is not None:
            found[slug][p.value].append(o.value)
    for slug, entry in entries.items():
        props = found.get(slug, {})
        labels = props.get(_RDFS + "label") or props.get(_SKOS + "prefLabel") or []
        entry.label = labels[0] if labels else ""
        entry.aliases = _unique(props.get(_SKOS + "altLabel", []) + labels[1:])
        symbols = props.get(settings.ONTOLOGY_NS + "symbol", []) + props.get("http://purl.org/dc/terms/identifier", [])
        entry.symbols = _unique(symbols)
        entry.names = [Name(entry.label, "label")] if entry.label else []
        entry.names += [Name(a, "alias") for a in entry.aliases]
        entry.names += [Name(s, "symbol") for s in entry.symbols]


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))
