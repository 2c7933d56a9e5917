"""Checks on query text before it reaches an engine.

pyoxigraph follows SERVICE out to the network from Rust (Python cannot see or stop it), and a
deeply nested query of about 10 KB crashes its whole process (reference/reliability-checklist.md,
O1 and O3). Both are refused here, with a message, before parsing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.core.errors import QueryError
from kg.core.sparql_text import QUERY_FORMS, query_form, structure, without_strings
from kg.engines.base import QueryDataset

MAX_QUERY_BYTES = 1024 * 1024
MAX_NESTING = 64

_SERVICE = re.compile(r"\bSERVICE\b", re.IGNORECASE)
# The name after FROM [NAMED] or SERVICE [SILENT]: an IRI, a prefixed name or a variable.
_NAME = r"(<[^<>\s]*>|[A-Za-z_][\w.-]*:[^\s{}()]*|:[^\s{}()]*|[?$]\w+)"
_DATASET = re.compile(r"(?<![?$\w])FROM\s+(?:NAMED\s+)?" + _NAME, re.IGNORECASE)
_SERVICE_TARGET = re.compile(r"(?<![?$\w])SERVICE\s+(?:SILENT\s+)?" + _NAME, re.IGNORECASE)
_PREFIX = re.compile(r"(?<![?$\w])PREFIX\s+([A-Za-z_][\w.-]*)?:\s*<([^<>\s]*)>", re.IGNORECASE)


def _resolve(name: str, prefixes: dict[str, str]) -> str | None:
    """An IRI from ``<iri>`` or ``prefix:local``; None for a variable or an undeclared prefix."""
    if name.startswith("<"):
        return name[1:-1]
    if name[0] in "?$":
        return None
    prefix, _, local = name.partition(":")
    return prefixes[prefix] + local if prefix in prefixes else None


def named_targets(query: str, pattern: re.Pattern[str]) -> list[str | None]:
    text = without_strings(query)
    prefixes = {m.group(1) or "": m.group(2) for m in _PREFIX.finditer(text)}
    return [_resolve(m.group(1), prefixes) for m in pattern.finditer(text)]


def dataset_iris(query: str) -> list[str | None]:
    """The graphs a query names in FROM and FROM NAMED (None where a name cannot be resolved)."""
    return named_targets(query, _DATASET)


def service_iris(query: str) -> list[str | None]:
    """The endpoints a query names in SERVICE (None for a variable or an unresolvable name)."""
    return named_targets(query, _SERVICE_TARGET)


def check_dataset(query: str, graphs: set[str] | frozenset[str]) -> None:
    """Refuse FROM / FROM NAMED naming anything but one of the dataset's own graphs.

    An engine may dereference such an IRI (rdflib can, from the network or the file system);
    igkg's answer never depends on anything outside the dataset.
    """
    for iri in dataset_iris(query):
        if iri is None or iri not in graphs:
            shown = "an unresolvable name" if iri is None else f"<{iri}>"
            raise QueryError(
                f"FROM {shown} is not one of this dataset's graphs: igkg never fetches data; "
                "its graphs are listed in the dataset description (VoID)"
            )


def check_query_text(query: str, allowed_services: frozenset[str] = frozenset()) -> None:
    """Refuse query text igkg will not run: too large, too deeply nested, federated or an update.

    SERVICE is refused unless every endpoint it names is in ``allowed_services`` (an operator's
    allow-list; empty by default, so nothing is ever fetched).
    """
    size = len(query.encode("utf-8"))
    if size > MAX_QUERY_BYTES:
        raise QueryError(f"query is {size} bytes; at most {MAX_QUERY_BYTES} are accepted")
    bare = structure(query)
    depth = deepest = 0
    for char in bare:
        if char in "({[":
            depth += 1
            deepest = max(deepest, depth)
        elif char in ")}]":
            depth -= 1
    if deepest > MAX_NESTING:
        raise QueryError(f"query nests {deepest} levels deep; at most {MAX_NESTING} are accepted")
    if _SERVICE.search(bare):
        targets = service_iris(query)
        every_one_read = len(targets) == len(_SERVICE.findall(bare))
        if not allowed_services or not every_one_read or any(t not in allowed_services for t in targets):
            raise QueryError("SERVICE (federated query) is not allowed: igkg does not fetch from the network")
    if query_form(query) not in QUERY_FORMS:
        raise QueryError("only queries (SELECT, ASK, CONSTRUCT, DESCRIBE) are accepted: the store is read-only")


@dataclass(frozen=True)
class Policy:
    """What a caller lets a query do beyond igkg's fixed refusals.

    ``allowed_services``: endpoints a query may reach through SERVICE (the operator's allow-list;
    empty: none). ``known_graphs``: when given, the only graphs a query may name in FROM / FROM
    NAMED or a protocol dataset (the server's graphs); None leaves the dataset clause to the
    engine, which never loads a graph from outside the store.
    """

    allowed_services: frozenset[str] = frozenset()
    known_graphs: frozenset[str] | None = None


DEFAULT_POLICY = Policy()


def check_query(query: str, policy: Policy = DEFAULT_POLICY, dataset: QueryDataset | None = None) -> None:
    """The whole policy, on the text that will run: :func:`check_query_text`, then the dataset
    it names (``FROM``) and the one given beside it, against the known graphs."""
    check_query_text(query, policy.allowed_services)
    if policy.known_graphs is None:
        return
    check_dataset(query, policy.known_graphs)
    given = (*dataset.default_graphs, *dataset.named_graphs) if dataset is not None else ()
    for graph in given:
        if graph not in policy.known_graphs:
            raise QueryError(f"<{graph}> is not one of this dataset's graphs; igkg never fetches data")
