"""The things to reconcile: igkg's bodies, people and instruments as the built store holds them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from kg.core import settings
from kg.engines import View
from kg.query.run import run_sparql
from kg.records.mappings import compress

KINDS = ("bodies", "people", "instruments")

_KIND_CLASS = {"bodies": "Body", "people": "Person", "instruments": "Instrument"}
_DATE_FIELD = {"bodies": "established", "instruments": "adopted"}
_ALT_LABEL = "http://www.w3.org/2004/02/skos/core#altLabel"


@dataclass(frozen=True)
class Thing:
    """An igkg thing with what the lookup and the score use."""

    iri: str
    kind: str
    label: str
    alt_labels: tuple[str, ...] = ()
    symbols: tuple[str, ...] = ()
    date: str | None = None

    @property
    def curie(self) -> str:
        return compress(self.iri) or self.iri

    def names(self) -> list[str]:
        """The label first, then the alternative labels, each once."""
        return list(dict.fromkeys([self.label, *self.alt_labels]))


def read_things(view: View, kinds: Iterable[str] = KINDS) -> list[Thing]:
    """Bodies, people and instruments (every subclass) with their labels, symbols and dates,
    sorted by kind and IRI so that runs and ``--limit`` are repeatable."""
    wanted = set(kinds)
    return [thing for kind in KINDS if kind in wanted for thing in _things_of_kind(view, kind)]


def _things_of_kind(view: View, kind: str) -> list[Thing]:
    ns = settings.ONTOLOGY_NS
    labels = _labels(view, kind)
    alts = _values(view, _ALT_LABEL, labels)
    symbols = _values(view, f"{ns}symbol", labels) if kind == "instruments" else {}
    dates = _values(view, f"{ns}{_DATE_FIELD[kind]}", labels) if kind in _DATE_FIELD else {}
    return [
        Thing(
            iri=iri,
            kind=kind,
            label=label,
            alt_labels=tuple(a for a in alts.get(iri, ()) if a != label),
            symbols=tuple(symbols.get(iri, ())),
            date=min(dates[iri]) if dates.get(iri) else None,
        )
        for iri, label in sorted(labels.items())
    ]


def _labels(view: View, kind: str) -> dict[str, str]:
    """One label per thing of the kind: the first in code-point order, so that runs agree."""
    rows = run_sparql(
        view,
        f"""PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?thing ?label WHERE {{
  ?thing a ?class . ?class rdfs:subClassOf* <{settings.ONTOLOGY_NS}{_KIND_CLASS[kind]}> .
  ?thing rdfs:label ?label .
}}""",
    ).dicts()
    labels: dict[str, str] = {}
    for row in sorted(rows, key=lambda r: (r["thing"], r["label"])):
        labels.setdefault(row["thing"], row["label"])
    return labels


def _values(view: View, predicate: str, things: dict[str, str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for row in run_sparql(view, f"SELECT DISTINCT ?s ?o WHERE {{ ?s <{predicate}> ?o }}").dicts():
        if row["s"] in things:
            out.setdefault(row["s"], []).append(row["o"])
    return {k: sorted(v) for k, v in out.items()}
