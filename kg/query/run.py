"""The one place that checks, binds and runs a query, whoever asks: the command line, the Python
API, the server's workers, the other stages and the tests.

A query's text is bound first (its parameters become RDF terms in the text), then checked by the
policy (:mod:`kg.query.safety`) — on the text that will run, so that a bound SERVICE names its
endpoint — and only then handed to an engine, which runs it as it is.
"""

from __future__ import annotations

from pyoxigraph import Literal, NamedNode

from kg.core import terms
from kg.core.errors import QueryError
from kg.engines.base import QueryDataset, Results, View
from kg.query import catalog
from kg.query.binding import bind
from kg.query.safety import DEFAULT_POLICY, Policy, check_query


def run_sparql(
    view: View,
    text: str,
    bindings: dict[str, NamedNode | Literal] | None = None,
    *,
    policy: Policy = DEFAULT_POLICY,
    dataset: QueryDataset | None = None,
    row_limit: int | None = None,
) -> Results:
    """Run SPARQL ``text`` with ``bindings`` on ``view`` under ``policy``.

    :raises QueryError: the policy refuses the query, or the engine cannot parse it;
        :class:`kg.core.errors.RowLimitError` when the answer is over ``row_limit``.
    """
    full = bind(text, bindings) if bindings else text
    check_query(full, policy, dataset)
    return view.query(full, dataset=dataset, row_limit=row_limit)


def run_canned(
    view: View,
    name: str,
    params: dict[str, str],
    *,
    policy: Policy = DEFAULT_POLICY,
    row_limit: int | None = None,
) -> Results:
    """Run the canned query ``name`` with string parameters.

    :raises QueryError: unknown query, unknown or missing parameter, bad value, or an ``id``
        (any slug parameter) that names nothing in the store.
    """
    query = catalog.get(name)
    bindings = query.bind(params)
    if query.federated:
        for pname, param in query.params.items():
            target = bindings.get(pname)
            if param.type == "endpoint" and target is not None and target.value not in policy.allowed_services:
                raise QueryError(
                    f"{name} needs the network: it asks {target.value} through SERVICE, which igkg runs only "
                    f"when the operator allows it (--allow-service {target.value})"
                )
    for pname, param in query.params.items():
        term = bindings.get(pname)
        if param.type == "slug" and isinstance(term, NamedNode) and not view.contains(term):
            slug = terms.slug_of(term.value) or term.value
            raise QueryError(f"unknown id {slug!r}: nothing in the store has that slug (--param {pname})")
    return run_sparql(view, query.text, bindings, policy=policy, row_limit=row_limit)
