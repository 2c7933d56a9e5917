"""What the suite measures, shared by the code that measures it (suite, steps) and the code that
renders it (report): the steps in the order they run and are reported, the extra query cases, and
the shape of a result. Kept apart so that the report never imports the suite, nor the suite the
report's internals."""

from __future__ import annotations

from pathlib import Path
from typing import Any

#: The repository's root: the cwd of every child process, and the parent of the default output.
ROOT = Path(__file__).resolve().parent.parent
#: The steps run at every size, each in its own interpreter, in this order (also the report's).
STEPS = (
    "load_project",
    "load_bulk",
    "validate",
    "validate_pyshacl",
    "queries_oxigraph",
    "queries_rdflib",
    "virtuoso",
    "export_turtle",
    "export_jsonld",
    "export_nquads",
    "cli_query",
)
#: The cold query timed on the curated build (``igkg query …`` after ``--store``).
CLI_QUERY = ["query", "who-mandated", "--param", "id=wg-igf-improvements"]
#: A step's (or a run's) figures, as written to latest.json.
Result = dict[str, Any]
#: Cases beyond each canned query's block-0 parameters (label -> query, parameters): a hub, whose
#: answer grows with the graph. `mandated-by` of the global assembly walks every mandate chain it
#: starts; its rows stay few (GROUP BY) while the pairs behind them grow (queries/mandated-by.rq).
EXTRA_CASES = {"mandated-by (id=assembly, a hub)": ("mandated-by", {"id": "assembly"})}
#: The cases whose answers grow with the graph by design (benchmarks/README.md): their p50 target is
#: 10 ms + 0.1 ms a row (issue 18), the others' 50 ms.
GROWING = frozenset({"instrument-lineage", "stakeholder-categories", *EXTRA_CASES})
