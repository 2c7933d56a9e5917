"""The endpoint's answers read back: the items a lookup found, and what the details query shows."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kg.link.wikidata.terms import ENTITY, PAGE, QID


@dataclass
class Item:
    """A Wikidata item as the details query shows it."""

    qid: str
    labels: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    description: str = ""
    statements: dict[str, list[str]] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return self.labels[0] if self.labels else self.qid

    @property
    def page(self) -> str:
        return PAGE + self.qid

    def add(self, key: str, text: str) -> None:
        """One value of the details query: a label, an alias, the description or a statement."""
        if key == "label":
            self.labels.append(text)
        elif key == "alias":
            self.aliases.append(text)
        elif key == "description":
            self.description = self.description or text
        else:
            self.statements.setdefault(key, []).append(text)

    def sort(self) -> None:
        """Values in code-point order, so that answers in any order give the same item."""
        self.labels.sort()
        self.aliases.sort()
        for values in self.statements.values():
            values.sort()


def qids_of(bindings: list[dict[str, Any]], variable: str = "item") -> list[str]:
    """The Wikidata items (``Q…``) among a result's values, in order, each once."""
    out: list[str] = []
    for row in bindings:
        value = row.get(variable, {})
        iri = value.get("value", "") if value.get("type") == "uri" else ""
        qid = _local_name(iri)
        if QID.match(qid) and qid not in out:
            out.append(qid)
    return out


def _local_name(iri: str) -> str:
    """``Q42`` for Wikidata's entity IRI of Q42; empty for any other IRI."""
    return iri[len(ENTITY) :] if iri.startswith(ENTITY) else ""


def parse_details(bindings: list[dict[str, Any]]) -> dict[str, Item]:
    """The items of a details query's answer (see :func:`kg.link.wikidata.queries.details_query`)."""
    items: dict[str, Item] = {}
    for row in bindings:
        (qid,) = qids_of([row]) or (None,)
        key = row.get("key", {}).get("value", "")
        if qid is None or not key:
            continue
        items.setdefault(qid, Item(qid)).add(key, _statement_value(row.get("value", {})))
    for item in items.values():
        item.sort()
    return items


def _statement_value(value: dict[str, Any]) -> str:
    """A value as the score compares it: an item's number for an item, else the text."""
    text = str(value.get("value", ""))
    if value.get("type") == "uri" and text.startswith(ENTITY):
        return text[len(ENTITY) :]
    return text
