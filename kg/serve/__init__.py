"""``igkg serve``: the graph over HTTP.

- :mod:`kg.serve.server`: starting the workers on the store, then serving until interrupted.
- :mod:`kg.serve.app`: the routes (SPARQL 1.1 Protocol, linked-data pages, dumps, VoID, ontology).
- :mod:`kg.serve.protocol`: what a request asks for, read from plain values (no web framework).
- :mod:`kg.serve.jobs`: what runs in the worker processes (everything that reads the store).
- :mod:`kg.serve.workers`: the pool of killable worker processes behind the deadline.
- :mod:`kg.serve.config`: the operator's settings and what the server knows of the dataset.
- :mod:`kg.serve.media`, :mod:`kg.serve.negotiate`: the formats offered and content negotiation.
- :mod:`kg.serve.ratelimit`, :mod:`kg.serve.middleware`: per-client limits, in front of the routes.
"""

from __future__ import annotations

from kg.serve.app import create_app
from kg.serve.config import Dataset, ServeConfig
from kg.serve.server import open_pool, run

__all__ = ["Dataset", "ServeConfig", "create_app", "open_pool", "run"]
