"""No query the policy accepts crashes the engine; the crash inputs never reach it.

Every dangerous input runs in a child interpreter: were a bound wrong, the child would die with
SIGSEGV, and this test process would not.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

from benchmarks.sparql_limits import FAMILIES, MIXES, largest_accepted, run_once
from kg.core.errors import QueryError
from kg.query.limits import CRASH_AT, MAX_COST, measure
from kg.query.safety import read_query

# The shapes that crashed pyoxigraph when measured (benchmarks/results/sparql-limits.json).
DANGEROUS = [
    "parens", "braces", "brackets", "collections", "functions", "exists", "subqueries", "reified",
    "triple-terms", "and", "or", "plus", "minus-op", "times", "divide", "not", "union", "optional",
    "minus", "bind", "filter", "path-sequence", "path-alternative", "path-inverse", "groups",
]  # fmt: skip


def run_child(script: str, stdin: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script)],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@pytest.mark.parametrize("name", [*DANGEROUS, *MIXES])
def test_the_largest_query_the_policy_accepts_of_each_shape_runs_on_an_8_mib_stack(name: str) -> None:
    make = {**FAMILIES, **MIXES}[name]
    # A child interpreter, the main thread and its default stack; a small store to evaluate on.
    # Some shapes at the limit are slow to evaluate (the server's deadline is for them): past the
    # hang guard the child has not crashed, which is what is asked here.
    status, _, detail = run_once(make(largest_accepted(make)), 0, timeout=10)
    assert status in ("ok", "timeout"), f"{name}: {status} {detail}"


def test_the_crash_inputs_are_refused_in_the_process_that_would_run_them() -> None:
    from tests.query.test_safety import ISSUE_SIZES

    done = run_child(
        """
        import json, sys
        from kg.core.errors import QueryError
        from kg.engines import OxigraphView
        from kg.query.run import run_sparql
        view = OxigraphView.from_quads([])
        for name, text in json.loads(sys.stdin.read()).items():
            try:
                run_sparql(view, text)
            except QueryError as exc:
                print(name, "refused:", str(exc)[:80], flush=True)
        print(run_sparql(view, "ASK {}").boolean)
        """,
        json.dumps(ISSUE_SIZES),
    )
    assert done.returncode == 0, done.stderr[-500:]
    assert done.stdout.count("refused:") == len(ISSUE_SIZES)
    assert done.stdout.rstrip().endswith("True")


def test_a_large_stack_survives_nesting_that_kills_the_main_thread() -> None:
    """The second line of defence: what the bounds let through is far below what the evaluating
    thread can take (the policy is bypassed here on purpose, in a child)."""
    deep = "SELECT * WHERE { FILTER(" + "(" * 6000 + "1" + ")" * 6000 + ") }"
    script = """
        import sys
        import pyoxigraph as ox
        from kg.query.run import on_large_stack
        text = sys.stdin.read()
        store = ox.Store()
        print(on_large_stack(lambda: len(list(store.query(text)))) if sys.argv[1] == "large" else store.query(text))
    """
    main = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script), "main"], input=deep, capture_output=True, text=True, check=False
    )
    large = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script), "large"],
        input=deep,
        capture_output=True,
        text=True,
        check=False,
    )
    assert main.returncode < 0  # killed by a signal: the crash the bounds keep out
    assert large.returncode == 0, large.stderr[-300:]


@pytest.mark.parametrize("shape", sorted(k for k in CRASH_AT if not k.islower() and k != "^"))
def test_a_chain_at_a_tenth_of_its_crash_length_is_the_most_accepted(shape: str) -> None:
    link = (
        {"group": " { }", ".": " ?s ?p ?o .", ";": " ; ?p ?o", ",": " , ?o"}[shape]
        if shape in ("group", ".", ";", ",")
        else ""
    )
    if shape in {"&&", "||", "+", "*", "-", "/"}:
        make = lambda n: "ASK { FILTER(1" + f"{shape}1" * n + ") }"  # noqa: E731
    elif shape in {"UNION", "OPTIONAL", "MINUS"}:
        make = lambda n: "ASK { { }" + f" {shape} {{ }}" * n + " }"  # noqa: E731
    elif shape == "BIND":
        make = lambda n: "ASK { " + "".join(f"BIND(1 AS ?v{i}) " for i in range(n)) + "}"  # noqa: E731
    elif shape == "FILTER":
        make = lambda n: "ASK { " + "FILTER(true) " * n + "}"  # noqa: E731
    elif shape in {"|", "^"}:
        make = lambda n: "ASK { ?s <http://e/p>" + f"{shape}<http://e/p>" * n + " ?o }"  # noqa: E731
    elif shape == "!":
        make = lambda n: "ASK { FILTER(" + "!" * n + "true) }"  # noqa: E731
    else:
        make = lambda n: "ASK { ?s ?p ?o" + link * n + " }"  # noqa: E731
    most = largest_accepted(make)
    assert abs(most - MAX_COST * CRASH_AT[shape]) <= 0.02 * MAX_COST * CRASH_AT[shape] + 3
    with pytest.raises(QueryError):
        measure(read_query(make(most + 5)))
