"""Where hostile SPARQL shapes crash pyoxigraph: the measurements behind kg/query/limits.py.

Each family is one shape repeated ``n`` times (nested brackets, or a flat chain of one operator,
pattern or clause). For growing ``n`` the query runs in a child interpreter on a small store, and
the child's exit tells what happened: 0 answered, 1 refused by the engine (a Python exception), a
negative code killed by a signal (-11: SIGSEGV, the stack overflow of issue 15). The first
crashing size is then narrowed down by bisection. Nothing here is a test: the limits module
records the figures and a wide margin below them.

    python -m benchmarks.sparql_limits                        # every family, main thread
    python -m benchmarks.sparql_limits --stack-mb 256         # evaluated on a thread with 256 MiB
    python -m benchmarks.sparql_limits --family and,union     # some families
    python -m benchmarks.sparql_limits --check                # the limits: the largest input they
                                                              # accept, for every family, must run

Results go to ``benchmarks/results/sparql-limits[-stackN].json`` and a table on stdout.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

CAP = 1024 * 1024  # the policy's size cap (kg.query.safety.MAX_QUERY_BYTES)
P = "<http://e/p>"


def _wrap(inner: str) -> str:
    return f"SELECT * WHERE {{ ?s ?p ?o {inner} }}"


def _each(n: int, text: Callable[[int], str]) -> str:
    return "".join(text(i) for i in range(n))


FAMILIES: dict[str, Callable[[int], str]] = {
    # Nesting.
    "parens": lambda n: _wrap("FILTER(" + "(" * n + "1" + ")" * n + ")"),
    "braces": lambda n: "SELECT * WHERE " + "{" * n + " ?s ?p ?o " + "}" * n,
    "brackets": lambda n: _wrap(". ?s ?p " + f"[ {P} " * n + "1" + " ]" * n),
    "collections": lambda n: _wrap(". ?s ?p " + "(" * n + "1" + ")" * n),
    "functions": lambda n: _wrap("FILTER(" + "STR(" * n + "1" + ")" * n + ")"),
    "exists": lambda n: _wrap("FILTER EXISTS { " * n + "?s ?p ?o" + " }" * n),
    "subqueries": lambda n: "SELECT * WHERE " + "{ SELECT * WHERE " * n + "{ ?s ?p ?o }" + " }" * n,
    "path-groups": lambda n: "SELECT * WHERE { ?s " + "(" * n + P + ")" * n + " ?o }",
    "reified": lambda n: "SELECT * WHERE { " + "<< ?s ?p " * n + "?o" + " >>" * n + " ?q ?r }",
    "triple-terms": lambda n: "SELECT * WHERE { ?s ?p " + "<<( ?s ?p " * n + "?o" + " )>>" * n + " }",
    # Flat chains of expression operators.
    "and": lambda n: _wrap("FILTER(1" + "&&1" * n + ")"),
    "or": lambda n: _wrap("FILTER(1" + "||1" * n + ")"),
    "plus": lambda n: _wrap("FILTER(1" + "+1" * n + ")"),
    "minus-op": lambda n: _wrap("FILTER(1" + "-1" * n + ")"),
    "times": lambda n: _wrap("FILTER(1" + "*1" * n + ")"),
    "divide": lambda n: _wrap("FILTER(1" + "/1" * n + ")"),
    "not": lambda n: _wrap("FILTER(" + "!" * n + "true)"),
    "in-list": lambda n: _wrap("FILTER(1 IN (1" + ",1" * n + "))"),
    "concat-args": lambda n: _wrap('FILTER(CONCAT("a"' + ',"a"' * n + "))"),
    # Flat chains of patterns and clauses.
    "union": lambda n: "SELECT * WHERE { { ?s ?p ?o }" + " UNION { ?s ?p ?o }" * n + " }",
    "optional": lambda n: _wrap(" OPTIONAL { ?s ?p ?o }" * n),
    "minus": lambda n: _wrap(" MINUS { ?a ?b ?c }" * n),
    "bind": lambda n: _wrap(_each(n, lambda i: f" BIND(1 AS ?v{i})")),
    "filter": lambda n: _wrap(" FILTER(true)" * n),
    "values-rows": lambda n: _wrap(" VALUES ?x { " + "1 " * n + "}"),
    "triples": lambda n: "SELECT * WHERE { " + "?s ?p ?o . " * n + "}",
    "semicolons": lambda n: "SELECT * WHERE { ?s ?p ?o " + "; ?p ?o " * n + "}",
    "commas": lambda n: "SELECT * WHERE { ?s ?p ?o " + ", ?o " * n + "}",
    "path-sequence": lambda n: "SELECT * WHERE { ?s " + P + f"/{P}" * n + " ?o }",
    "path-alternative": lambda n: "SELECT * WHERE { ?s " + P + f"|{P}" * n + " ?o }",
    "path-inverse": lambda n: "SELECT * WHERE { ?s " + "^(" * n + P + ")" * n + " ?o }",
    "groups": lambda n: "SELECT * WHERE { " + "{ ?s ?p ?o } " * n + "}",
    "select-vars": lambda n: "SELECT " + _each(n, lambda i: f"?v{i} ") + "WHERE { ?s ?p ?o }",
    "order-by": lambda n: "SELECT * WHERE { ?s ?p ?o } ORDER BY" + " ?s" * n,
    "group-by": lambda n: "SELECT ?s WHERE { ?s ?p ?o } GROUP BY" + " ?s" * n,
}

# Nesting and chains together, at the limits: ``n`` links inside 60 levels of the costliest nesting.
MIXES: dict[str, Callable[[int], str]] = {
    "calls+and": lambda n: _wrap("FILTER(" + "STR(" * 60 + "1" + "&&1" * n + ")" * 60 + ")"),
    "exists+optional": lambda n: _wrap("FILTER EXISTS { " * 60 + "?s ?p ?o" + " OPTIONAL { ?s ?p ?o }" * n + " }" * 60),
    "braces+union": lambda n: "SELECT * WHERE " + "{ " * 60 + "{ ?s ?p ?o }" + " UNION { ?s ?p ?o }" * n + " }" * 60,
    "unions-of-ands": lambda n: (
        "SELECT * WHERE { ?s ?p ?o " + " UNION ".join(["{ FILTER(1" + "&&1" * n + ") }"] * 4) + " }"
    ),
}


def largest_accepted(make: Callable[[int], str]) -> int:
    """The largest ``n`` whose query igkg's policy accepts (0 if none)."""
    from kg.core.errors import QueryError
    from kg.query.safety import check_query_text

    def accepted(n: int) -> bool:
        try:
            check_query_text(make(n))
        except QueryError:
            return False
        return True

    good, bad = 0, 1
    while accepted(bad) and len(make(bad).encode()) <= CAP:
        good, bad = bad, bad * 2
    while bad - good > 1:
        middle = (good + bad) // 2
        good, bad = (middle, bad) if accepted(middle) else (good, middle)
    return good


def check(stack_mb: int, timeout: float) -> list[dict[str, object]]:
    """Every family and mix at the largest size the policy accepts, each in a child: none may crash."""
    found = []
    for name, make in {**FAMILIES, **MIXES}.items():
        n = largest_accepted(make)
        status, took, detail = run_once(make(n), stack_mb, timeout)
        found.append(
            {"family": name, "largest_accepted": n, "status": status, "seconds": round(took, 2), "detail": detail}
        )
        print(json.dumps(found[-1]), flush=True)
    return found


CHILD = """
import sys, threading
import pyoxigraph as ox
text = sys.stdin.read()
stack = int(sys.argv[1])
def run():
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("http://e/s"), ox.NamedNode("http://e/p"), ox.Literal("1")))
    try:
        answer = store.query(text)
        if not isinstance(answer, ox.QueryBoolean):
            for _ in answer:
                pass
    except Exception as exc:
        print(type(exc).__name__, str(exc)[:200])
        sys.stdout.flush()
        import os; os._exit(1)
if stack:
    threading.stack_size(stack * 1024 * 1024)
    worker = threading.Thread(target=run)
    worker.start()
    worker.join()
else:
    run()
"""


def run_once(text: str, stack_mb: int, timeout: float) -> tuple[str, float, str]:
    """One query in a child interpreter: ("ok" | "error" | "crash" | "timeout", seconds, detail)."""
    start = time.perf_counter()
    try:
        done = subprocess.run(
            [sys.executable, "-c", CHILD, str(stack_mb)],
            input=text,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return "timeout", timeout, ""
    took = time.perf_counter() - start
    if done.returncode == 0:
        return "ok", took, ""
    if done.returncode > 0:
        return "error", took, (done.stdout or done.stderr).strip()[:200]
    return "crash", took, f"signal {-done.returncode}"


def probe(name: str, stack_mb: int, timeout: float, start: int = 64) -> dict[str, object]:
    """The smallest crashing n of one family (bisected to within 3 %), or the largest n tried."""
    make = FAMILIES[name]
    good, bad, n = 0, 0, start
    outcome: dict[str, object] = {"family": name}
    while len(make(n).encode()) <= CAP:
        status, took, detail = run_once(make(n), stack_mb, timeout)
        if status == "crash":
            bad = n
            break
        if status == "error":
            outcome.update(error_at=n, error=detail)
            break
        # A timeout is slowness (the server's deadline handles it), not a crash: keep growing.
        good = n
        outcome.update(largest_ok=n, largest_ok_bytes=len(make(n).encode()), seconds=round(took, 2), status=status)
        n *= 2
    if not bad:
        return outcome
    while bad - good > max(1, good // 33):
        middle = (good + bad) // 2
        status, _, _ = run_once(make(middle), stack_mb, timeout)
        if status == "crash":
            bad = middle
        else:
            good = middle
    outcome.update(largest_ok=good, crash_at=bad, crash_bytes=len(make(bad).encode()))
    return outcome


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--family", default=",".join(FAMILIES), help="comma-separated family names")
    parser.add_argument("--stack-mb", type=int, default=0, help="evaluate on a thread with this stack (0: main)")
    parser.add_argument("--timeout", type=float, default=15.0)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--check", action="store_true", help="run the largest query the policy accepts, per family")
    args = parser.parse_args()
    if args.check:
        checked = check(args.stack_mb, args.timeout)
        out = args.out or Path(__file__).parent / "results" / "sparql-limits-check.json"
        out.write_text(json.dumps({"stack_mb": args.stack_mb, "families": checked}, indent=1) + "\n")
        sys.exit(1 if any(c["status"] == "crash" for c in checked) else 0)
    results = []
    for name in args.family.split(","):
        found = probe(name, args.stack_mb, args.timeout)
        results.append(found)
        print(json.dumps(found), flush=True)
    suffix = f"-stack{args.stack_mb}" if args.stack_mb else ""
    out = args.out or Path(__file__).parent / "results" / f"sparql-limits{suffix}.json"
    out.write_text(json.dumps({"stack_mb": args.stack_mb, "families": results}, indent=1) + "\n")


if __name__ == "__main__":
    main()
