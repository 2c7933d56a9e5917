"""The suite's steps: what one interpreter measures at one size, in a work folder holding the
generated data (``igkg.nq``) and what it was generated with (``info.json``).

Each step runs in its own fresh interpreter (``python -m benchmarks.suite --step NAME``), for two
reasons: memory (``benchmarks.timing``) and isolation (one step's caches and garbage cannot
flatter or burden the next). Every figure has a baseline measured in the same run:

- load: the project's path (``kg.pipeline.build._load_store``) against pyoxigraph's
  ``Store.bulk_load`` of the same final content (data, ontology and default-graph merge as one
  N-Quads text);
- queries: each offline canned query through ``kg.query.run.run_canned`` on ``OxigraphView`` (the
  built store, opened read-only as ``igkg query`` does) against ``RdflibView`` (rdflib's engine);
- validation (the shapes compiled to SPARQL, as ``igkg build`` runs it) against pyshacl, the
  reference engine.

The project's modules are imported inside the steps, so that each interpreter loads only what its
step needs.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks import synthetic
from benchmarks.plan import ROOT, Result
from benchmarks.query_timing import Params, engine_only, rdflib_parse_only, time_queries
from benchmarks.timing import measured, timed
from benchmarks.virtuoso_step import step_virtuoso
from kg.core.publish import remove_build

Step = Callable[[Path, argparse.Namespace], Result]


def _data(work: Path) -> tuple[Any, Any]:
    """The generated data quads and the ontology quads, as the build holds them."""
    from pyoxigraph import RdfFormat, parse

    from kg.core.quads import QuadSet
    from kg.loaders.ontology import ontology_quads

    return QuadSet(parse((work / "igkg.nq").read_bytes(), format=RdfFormat.N_QUADS)), ontology_quads()


def _params(work: Path) -> Params:
    """The canned queries' parameters for the graph generated in ``work``."""
    info = synthetic.Generated(**json.loads((work / "info.json").read_text()))
    return synthetic.query_params(info)


def step_load_project(work: Path, _: argparse.Namespace) -> Result:
    """The build's own store load: N-Quads bulk load + ontology + merged default graph + optimize."""
    from kg.pipeline.build import _load_store

    quads, onto = _data(work)
    shutil.rmtree(work / "store", ignore_errors=True)

    def run() -> Result:
        store = _load_store(work / "store", quads, onto)
        return {"store_quads": len(store), "input_quads": len(quads)}

    result = measured(run)
    result["quads_per_s"] = result["store_quads"] / result["seconds"]
    return result


def step_load_bulk(work: Path, _: argparse.Namespace) -> Result:
    """The baseline: the same final quads as one N-Quads text, one ``Store.bulk_load``."""
    from pyoxigraph import RdfFormat, Store

    from kg.core.quads import QuadSet
    from kg.engines import with_default_graph

    quads, onto = _data(work)
    text = QuadSet(with_default_graph([*quads, *onto])).nquads()
    del quads
    path = work / "bulk-store"
    shutil.rmtree(path, ignore_errors=True)

    def run() -> Result:
        store = Store(str(path))
        store.bulk_load(text, format=RdfFormat.N_QUADS)
        store.flush()
        return {"store_quads": len(store)}

    result = measured(run)
    result["quads_per_s"] = result["store_quads"] / result["seconds"]
    shutil.rmtree(path, ignore_errors=True)
    return result


def _validate_with(engine: str) -> Step:
    def step(work: Path, _: argparse.Namespace) -> Result:
        """``kg.validate.gate.validate`` with the project's shapes and checks, as ``igkg build`` runs it
        (engine ``sparql``: the shapes compiled to SPARQL on Oxigraph), or with the reference
        engine (``pyshacl``)."""
        from kg.validate import load_ontology, load_shapes, validate

        quads, onto = _data(work)
        shapes, ontology = load_shapes(), load_ontology()

        def run() -> Result:
            report = validate(quads, onto, shapes, ontology, engine=engine)
            return {"conforms": report.conforms, "findings": report.counts(), "input_quads": len(quads)}

        result = measured(run)
        result["quads_per_s"] = result["input_quads"] / result["seconds"]
        result["engine"] = engine
        return result

    return step


def step_queries_oxigraph(work: Path, args: argparse.Namespace) -> Result:
    """The canned queries on the store ``load_project`` wrote, opened read-only like the CLI."""
    from kg.engines import OxigraphView

    view = OxigraphView.open(work / "store")
    params = _params(work)
    result = measured(lambda: {"queries": time_queries(view, params, args.repeat, args.budget)})
    result["engine_p50"] = engine_only(view, params, args.repeat, args.budget)
    return result


def step_queries_rdflib(work: Path, args: argparse.Namespace) -> Result:
    """The baseline engine: rdflib over the same quads (data, ontology, merged default graph)."""
    from kg.core.quads import QuadSet
    from kg.engines import RdflibView

    quads, onto = _data(work)
    params = _params(work)
    started = time.perf_counter()
    view = RdflibView.from_quads(QuadSet([*quads, *onto]))
    load_seconds = time.perf_counter() - started
    limit = args.rdflib_limit or None
    result = measured(lambda: {"queries": time_queries(view, params, args.repeat, args.budget, limit)})
    result["load_seconds"] = load_seconds
    result["parse_p50"] = rdflib_parse_only(params, args.repeat)
    result["limit_seconds"] = limit
    return result


def _export(fmt: str) -> Step:
    def step(work: Path, _: argparse.Namespace) -> Result:
        """One dump through ``kg.export.dumps.FORMATS``, as ``igkg build`` and ``igkg export`` write it."""
        from kg.export.dumps import FORMATS

        quads, _onto = _data(work)
        result = measured(lambda: {"bytes": len(FORMATS[fmt].write(quads)), "input_quads": len(quads)})
        result["quads_per_s"] = result["input_quads"] / result["seconds"]
        return result

    return step


def step_cli_query(work: Path, args: argparse.Namespace) -> Result:
    """A cold ``igkg query who-mandated`` on the store ``load_project`` wrote: a new interpreter
    per run (imports, opening the store, the query, the table), as a user's shell runs it."""
    params = _params(work)["who-mandated"]
    command = [sys.executable, "-m", "kg", "query", "who-mandated", "--store", str(work / "store")]
    for name, value in params.items():
        command += ["--param", f"{name}={value}"]
    runs = [timed(command, ROOT) for _ in range(max(3, args.repeat))]
    return {"seconds": statistics.median(runs), "runs": runs, "step_rss_mb": 0.0, "peak_rss_mb": 0.0}


def step_curated_stages(work: Path, _: argparse.Namespace) -> Result:
    """Where ``igkg build`` spends its time on the real curated records: the seconds from each
    progress message of ``kg.pipeline.build.build`` to the next (records -> graph -> validation
    -> dumps -> store -> description -> ontology page)."""
    from kg.pipeline.build import build

    marks: list[tuple[str, float]] = []

    def progress(message: str) -> None:
        marks.append((re.sub(r"\d+ ", "", message), time.perf_counter()))

    def run() -> Result:
        report = build(out_dir=work / "curated-stages", progress=progress)
        marks.append(("done", time.perf_counter()))
        stages = {name: round(marks[i + 1][1] - at, 3) for i, (name, at) in enumerate(marks[:-1])}
        return {"stages": stages, "quads": report.quads}

    result = measured(run)
    result["quads_per_s"] = result["quads"] / result["seconds"]
    remove_build(work / "curated-stages")
    return result


#: Every step by the name ``--step`` takes: the per-size STEPS, and the curated build's stages.
STEP_FUNCTIONS: dict[str, Step] = {
    "load_project": step_load_project,
    "load_bulk": step_load_bulk,
    "validate": _validate_with("sparql"),
    "validate_pyshacl": _validate_with("pyshacl"),
    "queries_oxigraph": step_queries_oxigraph,
    "queries_rdflib": step_queries_rdflib,
    "virtuoso": step_virtuoso,
    "export_turtle": _export("turtle"),
    "export_jsonld": _export("jsonld"),
    "export_nquads": _export("nquads"),
    "cli_query": step_cli_query,
    "curated_stages": step_curated_stages,
}
