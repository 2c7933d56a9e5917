"""The one place that checks, binds and runs a query, whoever asks: the command line, the Python
API, the server's workers, the other stages and the tests.

A query's text is bound first (its parameters become RDF terms in the text), then checked by the
policy (:mod:`kg.query.safety`) — on the text that will run, so that a bound SERVICE names its
endpoint — and only then handed to an engine, which runs the text as the policy read it
(escapes decoded, comments blanked).

A second line of defence against the crashes the policy's bounds keep out (:mod:`kg.query.limits`):
the embedded store evaluates on a thread with a large stack (:data:`EVALUATION_STACK`), since
pyoxigraph recurses on the calling thread's stack. Measured (``python -m benchmarks.sparql_limits
--stack-mb N``): nesting that crashes the 8 MiB main thread at 4,736 parentheses (960 nested
function calls) runs with 64 MiB, and 40,000 parentheses run with 256 MiB. The answer is read on
that thread too: pyoxigraph's answers are bound to the thread that made them (reading one on
another aborts the process), so only a view that reads its whole answer inside ``query`` — the
embedded :class:`~kg.engines.oxigraph.OxigraphView` — is run there; a caller that reads an answer
lazily runs its whole evaluation through :func:`on_large_stack` itself.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from pyoxigraph import Literal, NamedNode

from kg.core import terms
from kg.core.errors import QueryError
from kg.core.prefixes import PREFIXES, prologue
from kg.core.sparql_lex import PNAME, lex
from kg.engines.base import QueryDataset, Results, View
from kg.engines.oxigraph import OxigraphView
from kg.query import catalog
from kg.query.binding import bind
from kg.query.safety import DEFAULT_POLICY, Policy, check_query

T = TypeVar("T")

#: The stack of the thread that evaluates (virtual memory: only the pages a query touches are used).
EVALUATION_STACK = 256 * 1024 * 1024
_STACK_SIZE_LOCK = threading.Lock()  # threading.stack_size is process-wide


def on_large_stack(call: Callable[[], T], stack: int = EVALUATION_STACK) -> T:
    """``call()`` on a new thread with a ``stack``-byte stack; its result, or its exception
    re-raised here. Where no such thread can be made (a tight address-space limit), on this one:
    the policy's bounds hold for an 8 MiB stack on their own."""
    outcome: list[T] = []
    failure: list[BaseException] = []

    def target() -> None:
        try:
            outcome.append(call())
        except BaseException as exc:  # handed to the caller's thread as it is
            failure.append(exc)

    with _STACK_SIZE_LOCK:
        try:
            previous = threading.stack_size(stack)
        except (ValueError, RuntimeError):
            return call()
        try:
            thread = threading.Thread(target=target, name="igkg-query", daemon=True)
            thread.start()
        except (RuntimeError, MemoryError):
            thread = None
        finally:
            threading.stack_size(previous)
    if thread is None:
        return call()
    thread.join()
    if failure:
        raise failure[0]
    return outcome[0]


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
    runnable = check_query(full, policy, dataset)
    if type(view) is OxigraphView:  # given the predeclared prefixes beside the text
        return on_large_stack(lambda: view.query(runnable, dataset=dataset, row_limit=row_limit))
    return view.query(with_prologue(runnable), dataset=dataset, row_limit=row_limit)


def with_prologue(text: str) -> str:
    """``text`` with the predeclared prefixes it uses but does not declare declared on a line
    before it, for an engine that cannot be given them beside the text (a remote endpoint,
    rdflib); ``text`` itself when it needs none.

    >>> with_prologue("ASK { ?s rdfs:label ?o }")
    'PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\\nASK { ?s rdfs:label ?o }'
    """
    lexed = lex(text)
    tokens = lexed.tokens
    used = {
        t.text.partition(":")[0]
        for at, t in enumerate(tokens)
        if t.kind == PNAME and not (at and tokens[at - 1].is_word("PREFIX"))
    }
    missing = {name for name in used if name in PREFIXES and name not in lexed.prefixes}
    return f"{prologue(missing)}\n{text}" if missing else text


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
