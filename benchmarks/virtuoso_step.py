"""The suite's Virtuoso step: the same quads loaded into Virtuoso 7 on loopback with its bulk loader,
and the same canned queries with the same bound parameters asked through its SPARQL endpoint.

What a user would run instead of igkg's embedded store is a SPARQL server, and Virtuoso is the
one the tests already check the canned queries against (tests/engines/test_virtuoso.py). So:

- **Load**: the final content ``load_bulk`` loads (the data, the ontology and their merge), as
  one N-Quads file in which the merge sits in a named graph (``MERGED``: Virtuoso's default graph
  is the union of every graph, system graphs included), loaded by Virtuoso's bulk loader
  (``ld_dir`` + ``rdf_loader_run`` + ``checkpoint``, kg/tools/virtuoso.py): the fastest way into
  Virtuoso that its documentation gives for large loads, so the fair baseline for the project's
  load. The time excludes the server's start and writing the file.
- **Queries**: ``kg.query.run.run_canned`` on ``EndpointView(sparql, default_graph=MERGED)``, as
  ``igkg query --endpoint … --default-graph …`` runs them and as the tests compare them: HTTP on
  loopback, each query naming its dataset (``FROM`` the merge, ``FROM NAMED`` igkg's graphs).
  That is the cost a user of Virtuoso pays, HTTP and JSON included.

Memory: Virtuoso's page buffers are set for the size (``--virtuoso-buffers``; Virtuoso's own
table), and its peak RSS is read from the kernel after the step.
"""

from __future__ import annotations

import argparse
import json
import shutil
import time
from pathlib import Path
from typing import Any

from benchmarks.plan import Result

#: The named graph that holds the merge in Virtuoso (the tests' and the README's choice).
MERGED = "https://w3id.org/igkg/graph/merged"
#: Rows Virtuoso may return: above every canned answer at 10^7 (it cuts longer ones, which the
#: endpoint view refuses rather than report a cut answer as the answer).
MAX_ROWS = 10_000_000


def _final_nquads(work: Path, path: Path) -> int:
    """Write what ``load_bulk`` loads, the merge in ``MERGED``, to ``path``; its quad count."""
    from pyoxigraph import DefaultGraph, NamedNode, Quad, RdfFormat, parse, serialize

    from kg.core.quads import QuadSet
    from kg.engines import with_default_graph
    from kg.loaders.ontology import ontology_quads

    data = parse((work / "igkg.nq").read_bytes(), format=RdfFormat.N_QUADS)
    merged = NamedNode(MERGED)
    final = QuadSet(
        Quad(q.subject, q.predicate, q.object, merged) if isinstance(q.graph_name, DefaultGraph) else q
        for q in with_default_graph([*data, *ontology_quads()])
    )
    serialize(final.unordered(), output=path, format=RdfFormat.N_QUADS)  # the loader needs no order
    return len(final)


def _count(view: Any) -> int:
    """The quads Virtuoso holds for igkg, as the queries see them: igkg's named graphs (its own
    system graphs left out) and the merge, which the queries' dataset makes the default graph."""
    named = view.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }").rows[0][0]
    merged = view.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0][0]
    return int(named.value) + int(merged.value)


def step_virtuoso(work: Path, args: argparse.Namespace) -> Result:
    """Load and query Virtuoso; the figures, or ``skipped`` when Virtuoso is not installed."""
    from benchmarks import synthetic
    from benchmarks.query_timing import time_queries
    from kg.engines.remote import EndpointView
    from kg.tools import virtuoso

    if virtuoso.program(virtuoso.SERVER) is None or virtuoso.program(virtuoso.SQL_CLIENT) is None:
        return {"skipped": "Virtuoso (Debian virtuoso-opensource: virtuoso-t, isql-vt) is not installed"}
    inbox = work / "virtuoso-in"
    inbox.mkdir(exist_ok=True)
    quads = _final_nquads(work, inbox / "final.nq")
    limit = args.rdflib_limit or None
    settings = virtuoso.Settings(
        number_of_buffers=args.virtuoso_buffers,
        max_dirty_buffers=args.virtuoso_buffers * 3 // 4,
        result_set_max_rows=MAX_ROWS,
        max_query_seconds=int(limit) + 5 if limit else 0,
        dirs_allowed=(str(inbox.resolve()),),
    )
    with virtuoso.running(work / "virtuoso", settings) as server:
        started = time.perf_counter()
        server.bulk_load(inbox / "final.nq", MERGED)
        load_seconds = time.perf_counter() - started
        shutil.rmtree(inbox, ignore_errors=True)
        timeout = int(limit) + 10 if limit else 24 * 3600
        view = EndpointView(server.sparql, timeout=timeout, default_graph=MERGED)
        loaded = _count(view)
        started = time.perf_counter()
        info = synthetic.Generated(**json.loads((work / "info.json").read_text()))
        queries = time_queries(view, synthetic.query_params(info), args.repeat, args.budget, limit)
        query_seconds = time.perf_counter() - started
        peak = server.peak_rss_mb()
        version = server.sql("SELECT sys_stat('st_dbms_ver');").split("\n")
    return {
        "load_seconds": load_seconds,
        "input_quads": quads,
        "store_quads": loaded,
        "quads_per_s": quads / load_seconds,
        "queries": queries,
        "seconds": query_seconds,
        "server_peak_rss_mb": peak,
        "number_of_buffers": settings.number_of_buffers,
        "max_dirty_buffers": settings.max_dirty_buffers,
        "limit_seconds": limit,
        "version": next((line.strip() for line in version if line.strip().startswith("07.")), ""),
    }
