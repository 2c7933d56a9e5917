"""Timing the canned queries on one view: through ``run_canned`` (what embedding code calls),
on the engine alone, and rdflib's parse-and-translate alone.

rdflib runs longer than the suite's ``--rdflib-limit`` are stopped and reported as at least that
long, so a ratio against them is a lower bound; rdflib's parse-and-translate time per query is the
floor under its runs.
"""

from __future__ import annotations

import signal
import statistics
import time
from typing import Any

from benchmarks.plan import EXTRA_CASES, Result
from benchmarks.timing import percentile

Params = dict[str, dict[str, str]]


class Overrun(BaseException):
    """A query run that passed the per-run time limit (a BaseException, so that no ``except
    Exception`` on the way, such as the views' error wrapping, turns it into a query error)."""


def _raise_overrun(_signum: int, _frame: object) -> None:
    raise Overrun


def cases(params: Params) -> dict[str, tuple[str, dict[str, str]]]:
    """Every offline canned query with its block-0 parameters, then the extra cases."""
    from kg.query.catalog import catalog

    return {**{name: (name, params[name]) for name in catalog()}, **EXTRA_CASES}


def _rows_once(view: Any, name: str, values: dict[str, str], limit: float | None) -> int:
    """One ``run_canned`` call's row count; with ``limit``, raises Overrun past it (SIGALRM:
    rdflib evaluates in Python, so the signal lands between bytecodes). The alarm is always off
    afterwards, so that no later call is interrupted."""
    from kg.query.run import run_canned

    if limit:
        signal.signal(signal.SIGALRM, _raise_overrun)
        signal.setitimer(signal.ITIMER_REAL, limit)
    try:
        return len(run_canned(view, name, values).rows)
    finally:
        if limit:
            signal.setitimer(signal.ITIMER_REAL, 0)


def _time_case(view: Any, name: str, values: dict[str, str], repeat: int, budget: float, limit: float | None) -> Result:
    """One case's runs, until ``repeat`` runs or ``budget`` seconds, or the first stopped or failed
    run; a case with no completed run is reported as stopped (``at_least``) or ``failed``."""
    times: list[float] = []
    rows = 0
    overrun = False
    failed = ""
    while len(times) < repeat and sum(times) < budget:
        started = time.perf_counter()
        try:
            rows = _rows_once(view, name, values, limit)
        except Overrun:
            overrun = True
            break
        except Exception as exc:
            # rdflib evaluates `*` paths by recursion: at 10^6 a long chain exceeds Python's
            # recursion limit (RecursionError). Recorded, not fatal: the other queries go on.
            failed = f"{type(exc).__name__}: {str(exc)[:120]}"
            break
        times.append(time.perf_counter() - started)
    if failed and not times:
        return {"rows": None, "runs": 0, "p50": None, "p95": None, "failed": failed}
    if overrun and not times:
        return {"rows": None, "runs": 0, "p50": limit, "p95": limit, "at_least": True}
    return {"rows": rows, "runs": len(times), "p50": statistics.median(times), "p95": percentile(times, 0.95)}


def time_queries(
    view: Any, params: Params, repeat: int, budget: float, limit: float | None = None
) -> dict[str, Result]:
    """Each canned query ``repeat`` times through ``run_canned`` (what embedding code calls), or
    fewer once it has used ``budget`` seconds: rdflib can take minutes on the bigger sizes. With
    ``limit``, a run longer than that is stopped and the query is reported as taking at least
    ``limit``."""
    return {
        label: _time_case(view, name, values, repeat, budget, limit) for label, (name, values) in cases(params).items()
    }


def _bound_texts(params: Params) -> dict[str, str]:
    """Each case's query text with its parameters bound, as ``run_canned`` would send it."""
    from kg.query.binding import bind
    from kg.query.catalog import get

    texts: dict[str, str] = {}
    for label, (name, values) in cases(params).items():
        query = get(name)
        texts[label] = bind(query.text, query.bind(values))
    return texts


def engine_only(view: Any, params: Params, repeat: int, budget: float) -> dict[str, float]:
    """p50 of the engine alone (query already parsed and bound): what ``run_canned`` adds on top
    is reading the catalog of query files and checking the id exists."""
    out: dict[str, float] = {}
    for label, text in _bound_texts(params).items():
        times: list[float] = []
        while len(times) < repeat and sum(times) < budget:
            started = time.perf_counter()
            list(view.store.query(text))
            times.append(time.perf_counter() - started)
        out[label] = statistics.median(times)
    return out


def rdflib_parse_only(params: Params, repeat: int) -> dict[str, float]:
    """p50 of rdflib parsing and translating the bound query to its algebra, no data touched: a
    floor under every rdflib run that does not grow with the graph, and so a ceiling on the
    rdflib / oxigraph ratio of the queries that touch few triples."""
    from rdflib.plugins.sparql import prepareQuery

    out: dict[str, float] = {}
    for label, text in _bound_texts(params).items():
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            prepareQuery(text)
            times.append(time.perf_counter() - started)
        out[label] = statistics.median(times)
    return out
