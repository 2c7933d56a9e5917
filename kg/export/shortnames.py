"""Short names for igkg's things in a table that must fit a terminal: symbols, acronyms, ¶N.

A fitted table (:mod:`kg.export.table`) shows a thing by its label when the label fits, else by
its short name, else by its slug. The short names are looked up here, with one query per few
hundred things, for exactly the things in the answer, from the store or endpoint that gave it:

1. an instrument's document symbol (``igkg:symbol``: ``A/RES/65/141``);
2. a notation (``skos:notation``), where the data has one;
3. an acronym among the alternative labels (``skos:altLabel``): one word with at least two
   capitals (``ECOSOC``, ``WGIGF``, ``UN-DESA``) — an alias such as ``Mongi`` or ``Prieto, Maria``
   is a name as a record wrote it, not a short name. Where there are several (``CEB``, ``ACC``,
   ``UNCEB``), the one that spells the slug wins, then the shortest, then the first in order.
   Else an alternative label that carries a number, as a resolution's does (``ECOSOC resolution
   2006/46`` for a 140-character title);
4. a paragraph as its instrument's short name and ``¶N`` (``A/RES/70/125 ¶65``), or ``¶N`` alone
   after the instrument's slug when the instrument has none (``tunis-agenda ¶72``).

A query may give a thing by its label alone (``issuerLabel`` without ``issuer``): such a label
is looked up too, and gets the short name of the one thing that has it (none if several do); its
key is the label's N-Triples form (``"Economic and Social Council"@en``), which no IRI can be.

The lookup never fails a table: a store or endpoint that cannot answer it (a remote endpoint
that refuses VALUES, times out, or is gone) leaves the table with slugs, as before.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping

from pyoxigraph import Literal, NamedNode

from kg.core import settings
from kg.core.errors import KGError
from kg.engines import Results
from kg.engines.base import View
from kg.query.run import run_sparql

#: Things per lookup query: a VALUES block this long is cheap on every engine tried.
_CHUNK = 300
#: No lookup past this many things: a table that long is not read row by row.
_MOST = 5000

_LABEL = "Label"
_NS = settings.ONTOLOGY_NS
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
# Full IRIs, no prefixes: the text goes to the engine as it is (a remote endpoint has no
# predeclared prefixes). Each branch says what kind of short name it gives.
_QUERY = f"""SELECT ?x ?kind ?value WHERE {{
  VALUES ?x {{ %s }}
  {{ ?x <{_NS}symbol> ?value BIND("symbol" AS ?kind) }}
  UNION {{ ?x <{_SKOS}notation> ?value BIND("notation" AS ?kind) }}
  UNION {{ ?x <{_SKOS}altLabel> ?value BIND("alt" AS ?kind) }}
  UNION {{ ?x <{_NS}paragraphNumber> ?value BIND("para" AS ?kind) }}
  UNION {{ ?x <{_NS}paragraphOf> ?value BIND("of" AS ?kind) }}
  UNION {{ ?x <{_NS}paragraphOf>/<{_NS}symbol> ?value BIND("of-symbol" AS ?kind) }}
  UNION {{ ?x <{_NS}paragraphOf>/<{_SKOS}altLabel> ?value BIND("of-alt" AS ?kind) }}
}}"""
# The things that have one of the labels (a query that gives a label without its thing).
_BY_LABEL = f"""SELECT ?x ?label ?kind ?value WHERE {{
  VALUES ?label {{ %s }}
  ?x <{_RDFS}label> ?label .
  {{ ?x <{_NS}symbol> ?value BIND("symbol" AS ?kind) }}
  UNION {{ ?x <{_SKOS}notation> ?value BIND("notation" AS ?kind) }}
  UNION {{ ?x <{_SKOS}altLabel> ?value BIND("alt" AS ?kind) }}
}}"""


def things(results: Results) -> list[NamedNode]:
    """igkg's own things in an answer (the ones a table would show by slug), sorted, at most
    :data:`_MOST`."""
    seen = {t.value for row in results.rows for t in row if isinstance(t, NamedNode) and _is_thing(t.value)}
    return [NamedNode(iri) for iri in sorted(seen)[:_MOST]]


def _is_thing(iri: str) -> bool:
    return iri.startswith(settings.ID_BASE) and "/" not in iri[len(settings.ID_BASE) :]


def labels(results: Results) -> list[Literal]:
    """The labels an answer gives without their thing (``xLabel`` without ``x``), sorted."""
    variables = results.variables
    columns = [i for i, v in enumerate(variables) if v.endswith(_LABEL) and v[: -len(_LABEL)] not in variables]
    seen = {row[i] for row in results.rows for i in columns}
    return sorted((t for t in seen if isinstance(t, Literal)), key=str)[:_MOST]


def lookup(view: View, results: Results) -> dict[str, str]:
    """IRI (or label, by its N-Triples form) → short name for the things in ``results`` that have
    one (see the module's docstring); empty where ``view`` cannot answer."""
    found: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    by_label: dict[str, set[str]] = defaultdict(set)
    try:
        # Terms written by pyoxigraph (str of a term is its N-Triples form, escaped): an IRI or
        # a label from a remote answer cannot break out of the VALUES block.
        for chunk in _chunks(things(results)):
            for x, kind, value in _ask(view, _QUERY % chunk):
                found[x][kind].append(value)
        for chunk in _chunks(labels(results)):
            for x, label, kind, value in _ask(view, _BY_LABEL % chunk):
                found[x][kind].append(value)
                by_label[label].add(x)
    except (KGError, OSError, RuntimeError, ValueError, KeyError):
        return {}  # slugs, as a table showed them before short names
    names = pick_all(found)
    for label, owners in by_label.items():
        if len(owners) == 1 and next(iter(owners)) in names:
            names[label] = names[next(iter(owners))]
    return names


def _chunks(terms: list[NamedNode] | list[Literal]) -> Iterator[str]:
    for start in range(0, len(terms), _CHUNK):
        yield " ".join(str(t) for t in terms[start : start + _CHUNK])


def _ask(view: View, text: str) -> Iterator[list[str]]:
    """The rows of a lookup as strings: a label (the variable ``label``) in its N-Triples form,
    the rest as their lexical values; rows with an unbound value left out."""
    # Through the query stage, under the same policy as any query (the text is ours, the terms in
    # its VALUES come from an answer, possibly a remote endpoint's).
    answer = run_sparql(view, text, row_limit=_CHUNK * 50)
    for row in answer.rows:
        if all(t is not None for t in row):
            yield [str(t) if v == "label" else t.value for v, t in zip(answer.variables, row, strict=True) if t]


def pick_all(found: Mapping[str, Mapping[str, list[str]]]) -> dict[str, str]:
    """The short name of each thing, from what the lookup found about it."""
    names = {}
    for iri, kinds in found.items():
        name = pick(iri[len(settings.ID_BASE) :], kinds)
        if name:
            names[iri] = name
    return names


def pick(slug: str, kinds: Mapping[str, list[str]]) -> str | None:
    """A thing's short name (rules 1-4 of the module's docstring), or None."""
    own = _first(kinds.get("symbol", [])) or _first(kinds.get("notation", [])) or _acronym(slug, kinds.get("alt", []))
    if own:
        return own
    numbers = kinds.get("para", [])
    if not numbers:
        return None
    parent = kinds.get("of", [""])[0]
    parent_slug = parent[len(settings.ID_BASE) :] if parent.startswith(settings.ID_BASE) else parent
    where = _first(kinds.get("of-symbol", [])) or _acronym(parent_slug, kinds.get("of-alt", [])) or parent_slug
    return f"{where} ¶{_first(numbers)}".strip()


def _first(values: Iterable[str]) -> str | None:
    """The shortest value, then the first in code-point order: the same name on every run."""
    ordered = sorted(v for v in values if v.strip())
    return min(ordered, key=len) if ordered else None


def _acronym(slug: str, alternatives: Iterable[str]) -> str | None:
    alternatives = list(alternatives)
    acronyms = [a for a in alternatives if _is_acronym(a)]
    spelled = [a for a in acronyms if _letters(a) == _letters(slug)]
    return _first(spelled) or _first(acronyms) or _first(a for a in alternatives if any(c.isdigit() for c in a))


def _is_acronym(text: str) -> bool:
    words = text.split()
    return len(words) == 1 and sum(c.isupper() for c in text) >= 2


def _letters(text: str) -> str:
    return "".join(c for c in text.casefold() if c.isalnum())
