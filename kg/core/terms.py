"""RDF terms shared by the stages, as pyoxigraph terms (the store's own, fast and hashable).

Only :mod:`kg.core.vocab` names igkg terms; this module adds the standard vocabularies igkg reuses
and the IRI patterns fixed by DESIGN.md ("Identifiers").
"""

from __future__ import annotations

from pyoxigraph import Literal, NamedNode

from kg.core import settings
from kg.core.vocab import IGKG

RDF_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RDFS_LABEL = NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
XSD = "http://www.w3.org/2001/XMLSchema#"
#: A literal of this datatype is written without one (RDF 1.1: a simple literal is an xsd:string).
XSD_STRING = XSD + "string"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
PROV = "http://www.w3.org/ns/prov#"

#: Schema predicate names that map to standard vocabularies rather than igkg terms.
STANDARD_PREDICATES = {
    "label": RDFS_LABEL,
    "altLabel": NamedNode(SKOS + "altLabel"),
    "title": NamedNode(DCTERMS + "title"),
    "description": NamedNode(DCTERMS + "description"),
    "atLocation": NamedNode(PROV + "atLocation"),
}
DCTERMS_IDENTIFIER = NamedNode(DCTERMS + "identifier")
SKOS_IN_SCHEME = NamedNode(SKOS + "inScheme")
SKOS_PREF_LABEL = NamedNode(SKOS + "prefLabel")
STAKEHOLDER_SCHEME = NamedNode(settings.ID_BASE + "stakeholder-categories")
RANK_BASE = settings.ID_BASE + "rank/"


def igkg(name: str) -> NamedNode:
    """The igkg term with this local name; raises AttributeError if the ontology lacks it."""
    return NamedNode(str(getattr(IGKG, name)))


def predicate(name: str) -> NamedNode:
    return STANDARD_PREDICATES.get(name) or igkg(name)


def thing(slug: str) -> NamedNode:
    return NamedNode(settings.ID_BASE + slug)


def source(name: str) -> NamedNode:
    return NamedNode(settings.SOURCE_BASE + name)


def typed(value: str, datatype: str) -> Literal:
    return Literal(value, datatype=NamedNode(XSD + datatype))


def english(text: str) -> Literal:
    return Literal(text, language="en")


def integer(value: int) -> Literal:
    return typed(str(value), "integer")


def slug_of(iri: str) -> str | None:
    """The slug of an igkg thing IRI, or None for any other IRI."""
    return iri[len(settings.ID_BASE) :] if iri.startswith(settings.ID_BASE) else None
