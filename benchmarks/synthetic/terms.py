"""The generator's vocabulary: N-Triples terms for ontology names, things and literals, exactly as
the build writes them, and the stakeholder categories every block refers to."""

from __future__ import annotations

from kg.core import settings, terms
from kg.records.schema import KINDS

ID = settings.ID_BASE
SRC = settings.SOURCE_BASE
ONTO = settings.ONTOLOGY_NS
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
ALT = "<http://www.w3.org/2004/02/skos/core#altLabel>"
IN_SCHEME = "<http://www.w3.org/2004/02/skos/core#inScheme>"
TITLE = "<http://purl.org/dc/terms/title>"
AT_LOCATION = "<http://www.w3.org/ns/prov#atLocation>"
XSD = "http://www.w3.org/2001/XMLSchema#"
DERIVED = f"<{settings.DERIVED_GRAPH}>"
#: Predicates of fields that hold several values (FieldSpec many=True): evidence names each value
#: of one (``field=value``), not the field.
MANY = frozenset(
    f"<{terms.predicate(fspec.predicate).value}>" for spec in KINDS.values() for fspec in spec.fields if fspec.many
)

CATEGORIES = {
    "governments": "Governments",
    "private-sector": "Private sector",
    "civil-society": "Civil society",
    "technical-community": "Technical and academic community",
    "intergovernmental-organizations": "Intergovernmental organizations",
}


def p(name: str) -> str:
    """An ontology property or class as an N-Triples term."""
    return f"<{ONTO}{name}>"


def i(slug: str) -> str:
    """A thing's IRI (``id/SLUG``) as an N-Triples term."""
    return f"<{ID}{slug}>"


def lit(text: str, lang: str | None = "en") -> str:
    """A literal, escaped for N-Quads (the generator's text is ASCII; escaping is still exact)."""
    body = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{body}"@{lang}' if lang else f'"{body}"'


def typed(value: str | int, datatype: str) -> str:
    """A typed literal of an XSD datatype (``integer``, ``gYear``, …)."""
    return f'"{value}"^^<{XSD}{datatype}>'


def date(year: int, month: int = 1, day: int = 1) -> str:
    """An ``xsd:date`` literal."""
    return typed(f"{year:04d}-{month:02d}-{day:02d}", "date")
