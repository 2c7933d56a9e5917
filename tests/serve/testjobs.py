"""Worker behaviour for the tests only: the production handler, plus two instructions a test
query can carry in a comment. Loaded only by :mod:`tests.serve.launch`; igkg never imports it.

- ``#igkg-test:crash``: the worker dies of SIGSEGV, as pyoxigraph does on a parser stack overflow,
  so crash isolation is measured whatever the query policy of the day refuses;
- ``#igkg-test:sleep=SECONDS``: the worker holds the job that long first, so a test can keep the
  workers busy for a known time without burning the machine's CPU.
"""

from __future__ import annotations

import os
import re
import signal
import time

from kg.serve import jobs

CRASH = "#igkg-test:crash"
_SLEEP = re.compile(r"#igkg-test:sleep=([0-9]+(?:\.[0-9]+)?)")


def sleeping(seconds: float, query: str = "ASK { ?s ?p ?o }") -> str:
    """``query``, held ``seconds`` in the worker before it runs."""
    return f"{query}\n#igkg-test:sleep={seconds:g}\n"


def crashing(query: str = "ASK { ?s ?p ?o }") -> str:
    """``query``, which kills the worker that takes it."""
    return f"{query}\n{CRASH}\n"


def handle(job: jobs.Job) -> jobs.Reply:
    text = job.args.get("text", "") if job.name == "sparql" else ""
    if CRASH in text:
        os.kill(os.getpid(), signal.SIGSEGV)
    if sleep := _SLEEP.search(text):
        time.sleep(float(sleep.group(1)))
    return jobs.handle(job)
