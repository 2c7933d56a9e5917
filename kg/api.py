"""The Python API for notebooks and scripts, re-exported by ``kg`` (see its docstring).

Each function imports its stage on first use, so that ``import kg`` stays cheap.

Queries (:func:`run_query`, :func:`query_table`, :func:`sparql`) have the command line's limits:
each runs in a process of its own (:mod:`kg.export.bounded`) under a deadline (``timeout=``
seconds, default 60) and a row limit (``limit=``, default 100,000 rows), with its memory bounded
(``IGKG_QUERY_MEMORY`` MiB); ``None`` (or 0) lifts a limit. Past one, the call raises
:class:`kg.core.errors.QueryTimeout`, :class:`~kg.core.errors.RowLimitError` or
:class:`~kg.core.errors.QueryOutOfMemory` (each a :class:`~kg.core.errors.QueryError`), and
nothing is returned. That process is igkg's own, so it cuts itself off the network before it
opens the store (:func:`kg.core.sandbox.deny_network`; not when the query is allowed a SERVICE
endpoint); the caller's process is left as it is: that cannot be undone, and it is the caller's.

:func:`open_store`, :func:`lineage_graph` and :func:`lineage_of` run in the caller's process,
without those limits; there the query policy (:mod:`kg.query.safety`) is the line: every query
goes through :func:`kg.query.run.run_sparql`, which refuses SERVICE, LOAD and FROM outside the
store. A script that evaluates queries from people it does not trust should use the functions
above, or do it in a process of its own that has called :func:`kg.core.sandbox.deny_network`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

#: The limits of a query, as the command line's (kg.export.limits; literals here so that
#: ``import kg`` stays cheap; tests/test_api.py holds them equal).
DEFAULT_TIMEOUT = 60.0
DEFAULT_ROW_LIMIT = 100_000

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

    from kg.analysis.lineage import Lineage
    from kg.engines import OxigraphView, Results
    from kg.export.limits import Limits
    from kg.pipeline.build import BuildReport


def build(out_dir: Path | str | None = None) -> BuildReport:
    """Build, validate and publish the graph (see :func:`kg.build.build`)."""
    from kg.pipeline.build import build as _build

    return _build(Path(out_dir) if out_dir is not None else None)


def open_store(path: Path | str | None = None) -> OxigraphView:
    """Open a built store read-only (default: ``IGKG_STORE`` or ``build/store``)."""
    from kg.core import settings
    from kg.engines import OxigraphView

    return OxigraphView.open(Path(path) if path is not None else settings.store_dir())


def run_query(
    name: str,
    store: Path | str | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
    limit: int | None = DEFAULT_ROW_LIMIT,
    **params: str,
) -> list[dict[str, str]]:
    """Run a canned query by name with keyword parameters; rows as dicts of strings.

    ``timeout`` (seconds) and ``limit`` (rows): see the module's docstring.
    """
    rows: list[dict[str, str]] = _canned(name, store, timeout, limit, params).dicts()
    return rows


def query_table(
    name: str,
    store: Path | str | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
    limit: int | None = DEFAULT_ROW_LIMIT,
    **params: str,
) -> dict[str, list[str | None]]:
    """Run a canned query; the result as columns (``pandas.DataFrame(table)`` reads it as is).

    Every column of the query is present, with ``None`` where a row has no value.
    """
    results = _canned(name, store, timeout, limit, params)
    return {
        var: [term.value if (term := row[i]) is not None else None for row in results.rows]
        for i, var in enumerate(results.variables)
    }


def sparql(
    text: str,
    store: Path | str | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
    limit: int | None = DEFAULT_ROW_LIMIT,
) -> Results:
    """Run a read-only SPARQL query (the common prefixes predeclared, as ``igkg sparql``): the
    answer's ``variables`` and ``rows`` (iterate it, or ``.dicts()``, for dicts of strings;
    ``len()`` counts them), ``boolean`` (ASK) or ``triples`` (CONSTRUCT, DESCRIBE)."""
    from kg.export.bounded import results
    from kg.export.limits import Request

    return results(Request(store=_store(store), sparql=text), _limits(timeout, limit))


def _canned(
    name: str, store: Path | str | None, timeout: float | None, limit: int | None, params: dict[str, str]
) -> Results:
    from kg.core.errors import QueryError
    from kg.export.bounded import results
    from kg.export.limits import Request, odd_character

    for key, value in params.items():
        odd = odd_character(value) if isinstance(value, str) else "a value that is not text"
        if odd is not None:
            raise QueryError(f"{key}={value!r}: the value contains {odd}; a parameter is one line of text")
    return results(Request(store=_store(store), canned=name, params=params), _limits(timeout, limit))


def _store(path: Path | str | None) -> str:
    from kg.core import settings

    return str(Path(path) if path is not None else settings.store_dir())


def _limits(timeout: float | None, limit: int | None) -> Limits:
    from kg.export.limits import Limits

    return Limits(timeout=timeout or None, rows=limit or None)


def lineage_graph(store: Path | str | None = None) -> nx.DiGraph:
    """Every mandate as a networkx DiGraph: edges from a mandate to the earlier mandate it renews
    or was given pursuant to, and to the instrument that fulfilled it (see kg.analysis.lineage)."""
    from kg.analysis.lineage import mandate_graph

    return mandate_graph(open_store(store))


def lineage_of(
    slug: str,
    direction: str = "up",
    as_of: str | None = None,
    depth: int | None = None,
    store: Path | str | None = None,
) -> Lineage:
    """The lineage of one thing (``.graph`` is a networkx DiGraph), as ``igkg lineage`` draws it.

    :raises QueryError: ``slug`` is not a slug (``wg-igf-improvements``), or names nothing.
    """
    import re

    from kg.analysis.lineage import lineage as build_lineage
    from kg.core.errors import QueryError

    if not isinstance(slug, str) or not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug):
        raise QueryError(f"{slug!r} is not a slug: lower-case letters and digits in words joined by '-'")
    return build_lineage(open_store(store), slug, direction, as_of, depth)
