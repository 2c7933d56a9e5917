"""``igkg serve``: the graph over HTTP.

- :mod:`kg.serve.server`: taking the port, opening the build, then serving until interrupted.
- :mod:`kg.serve.builds`: the build served (workers, dataset, files as one object) and following new builds.
- :mod:`kg.serve.app`: the routes (SPARQL 1.1 Protocol, linked-data pages, dumps, VoID, ontology).
- :mod:`kg.serve.runner`, :mod:`kg.serve.admission`: running a job fairly (time budget, bounded queue).
- :mod:`kg.serve.protocol`: what a request asks for, read from plain values (no web framework).
- :mod:`kg.serve.jobs`: what runs in the worker processes (everything that reads the store).
- :mod:`kg.serve.workers`: the pool of killable worker processes behind the deadline.
- :mod:`kg.serve.config`: the operator's settings and what the server knows of the dataset.
- :mod:`kg.serve.media`, :mod:`kg.serve.negotiate`: the formats offered and content negotiation.
- :mod:`kg.serve.ratelimit`, :mod:`kg.serve.middleware`: per-client limits and the request's build.
- :mod:`kg.serve.reconcile`: the reconciliation service for OpenRefine (W3C Entity Reconciliation API).
"""

from __future__ import annotations

from kg.serve.app import create_app
from kg.serve.builds import Builds, ServedBuild, open_build
from kg.serve.config import Dataset, ServeConfig
from kg.serve.server import run

__all__ = ["Builds", "Dataset", "ServeConfig", "ServedBuild", "create_app", "open_build", "run"]
