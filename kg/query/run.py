"""Run canned queries and ad-hoc SPARQL on a view, with the checks users rely on."""

from __future__ import annotations

from kg.core import terms
from kg.core.errors import QueryError
from kg.engines.store import Results, View
from kg.query import catalog as queries


def run_canned(view: View, name: str, params: dict[str, str]) -> Results:
    """Run the canned query ``name`` with string parameters.

    :raises QueryError: unknown query, unknown or missing parameter, bad value, or an ``id``
        (any slug parameter) that names nothing in the store.
    """
    query = queries.get(name)
    bindings = query.bind(params)
    if query.federated:
        allowed = getattr(view, "allowed_services", frozenset())
        for pname, param in query.params.items():
            target = bindings.get(pname)
            if param.type == "endpoint" and target is not None and target.value not in allowed:
                raise QueryError(
                    f"{name} needs the network: it asks {target.value} through SERVICE, which igkg runs only "
                    f"when the operator allows it (--allow-service {target.value})"
                )
    for pname, param in query.params.items():
        if param.type == "slug" and pname in bindings:
            term = bindings[pname]
            if not view.contains(term):  # type: ignore[arg-type]
                slug = terms.slug_of(term.value) or term.value
                raise QueryError(f"unknown id {slug!r}: nothing in the store has that slug (--param {pname})")
    return view.query(query.text, bindings)


def run_sparql(view: View, text: str) -> Results:
    return view.query(text)
