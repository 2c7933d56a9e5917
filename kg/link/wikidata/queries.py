"""The three questions asked about each thing, as SPARQL text.

1. :func:`lookup_query`: which items carry one of the thing's names as an English label or alias
   (an exact-literal lookup, which the query service answers from its index; a
   ``FILTER(LCASE(...))`` would scan every label, so case variants are generated here and compared
   after normalisation);
2. :func:`symbol_query`: for an instrument with a document symbol, which items carry it as UN
   document symbol (P3069);
3. :func:`details_query`: for the items found, their English labels, aliases, description and the
   few statements the score reads (symbol, dates, and statements that show what kind of thing an
   item is).

Every value is written as an escaped SPARQL literal, so that a name cannot change a query.
"""

from __future__ import annotations

from collections.abc import Iterable

from pyoxigraph import Literal

from kg.link.wikidata.terms import P_INCEPTION, P_PUBLISHED, P_SYMBOL, SIGNALS
from kg.link.wikidata.things import Thing

#: At most this many candidate items per lookup (a common name can match hundreds).
MAX_CANDIDATES = 25

PREFIXES = """PREFIX wd: <http://www.wikidata.org/entity/>
PREFIX wdt: <http://www.wikidata.org/prop/direct/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <http://schema.org/>
"""


def variants(name: str) -> list[str]:
    """The spellings looked up for a name: as written, lower case, sentence case, title case.

    The endpoint matches literals exactly; these cover the usual differences in capitalisation
    between igkg's labels and Wikidata's, and the score compares normalised names anyway.
    """
    name = " ".join(name.split())
    if not name:
        return []
    sentence = name[0].upper() + name[1:].lower()
    return list(dict.fromkeys([name, name.lower(), sentence, name.title()]))


def _literal(text: str, language: str | None = None) -> str:
    return str(Literal(text, language=language))  # escaped as SPARQL needs it


def lookup_query(thing: Thing, language: str = "en") -> str:
    """Items whose label or alias in ``language`` is one of the thing's names (exact literals)."""
    values = " ".join(_literal(v, language) for name in thing.names() for v in variants(name))
    return (
        PREFIXES
        + f"""SELECT DISTINCT ?item WHERE {{
  VALUES ?name {{ {values} }}
  {{ ?item rdfs:label ?name }} UNION {{ ?item skos:altLabel ?name }}
}}
ORDER BY ?item
LIMIT {MAX_CANDIDATES * 2}"""
    )


def symbol_query(thing: Thing) -> str | None:
    """Items that carry one of the thing's symbols as UN document symbol (P3069), or None."""
    if not thing.symbols:
        return None
    values = " ".join(_literal(s) for s in thing.symbols)
    return (
        PREFIXES
        + f"""SELECT DISTINCT ?item WHERE {{
  VALUES ?symbol {{ {values} }}
  ?item wdt:{P_SYMBOL} ?symbol .
}}
ORDER BY ?item
LIMIT {MAX_CANDIDATES}"""
    )


def details_query(qids: Iterable[str], class_property: str | None = None, language: str = "en") -> str:
    """Labels, aliases, description and the statements the score reads, for some items.

    One row per value (no cross product of optional values), so an item with many statements
    costs as many rows as it has values.
    """
    items = " ".join(f"wd:{q}" for q in sorted(set(qids)))
    properties = sorted({P_SYMBOL, P_INCEPTION, P_PUBLISHED, *(p for ps in SIGNALS.values() for p in ps)})
    if class_property:
        properties.append(class_property)
    pairs = " ".join(f'(wdt:{p} "{p}")' for p in properties)
    lang = _literal(language)
    return (
        PREFIXES
        + f"""SELECT ?item ?key ?value WHERE {{
  VALUES ?item {{ {items} }}
  {{ ?item rdfs:label ?value . FILTER(LANG(?value) = {lang}) BIND("label" AS ?key) }}
  UNION {{ ?item skos:altLabel ?value . FILTER(LANG(?value) = {lang}) BIND("alias" AS ?key) }}
  UNION {{ ?item schema:description ?value . FILTER(LANG(?value) = {lang}) BIND("description" AS ?key) }}
  UNION {{ VALUES (?property ?key) {{ {pairs} }} ?item ?property ?value . }}
}}
LIMIT 10000"""
    )
