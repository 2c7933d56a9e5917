"""igkg: a knowledge graph of the UN Internet-governance system that grew out of WSIS.

The Python API for notebooks and scripts::

    import kg
    report = kg.build()                       # records -> validated store and exports in build/
    rows = kg.run_query("who-mandated", id="wg-igf-improvements")
    for row in rows: print(row["issuerLabel"], row["action"], row["mandateeLabel"])
    table = kg.query_table("mandate-timeline", id="igf")   # pandas.DataFrame(table) works
    graph = kg.lineage_graph()                # every mandate as a networkx.DiGraph
    chain = kg.lineage_of("igf", direction="up", as_of="2012-01-01").graph
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

    from kg.build import BuildReport
    from kg.lineage import Lineage
    from kg.store import OxigraphView

__all__ = ["__version__", "build", "lineage_graph", "lineage_of", "open_store", "query_table", "run_query"]


def build(out_dir: Path | str | None = None) -> BuildReport:
    """Build, validate and publish the graph (see :func:`kg.build.build`)."""
    from kg.build import build as _build

    return _build(Path(out_dir) if out_dir is not None else None)


def open_store(path: Path | str | None = None) -> OxigraphView:
    """Open a built store read-only (default: ``IGKG_STORE`` or ``build/store``)."""
    from kg import settings
    from kg.store import OxigraphView

    return OxigraphView.open(Path(path) if path is not None else settings.store_dir())


def run_query(name: str, store: Path | str | None = None, **params: str) -> list[dict[str, str]]:
    """Run a canned query by name with keyword parameters; rows as dicts of strings."""
    from kg.runner import run_canned

    return run_canned(open_store(store), name, params).dicts()


def query_table(name: str, store: Path | str | None = None, **params: str) -> dict[str, list[str | None]]:
    """Run a canned query; the result as columns (``pandas.DataFrame(table)`` reads it as is).

    Every column of the query is present, with ``None`` where a row has no value.
    """
    from kg.runner import run_canned

    results = run_canned(open_store(store), name, params)
    return {
        var: [row[i].value if row[i] is not None else None for row in results.rows]
        for i, var in enumerate(results.variables)
    }


def lineage_graph(store: Path | str | None = None) -> nx.DiGraph:
    """Every mandate as a networkx DiGraph: edges from a mandate to the earlier mandate it renews
    or was given pursuant to, and to the instrument that fulfilled it (see kg.lineage)."""
    from kg.lineage import mandate_graph

    return mandate_graph(open_store(store))


def lineage_of(
    slug: str,
    direction: str = "up",
    as_of: str | None = None,
    depth: int | None = None,
    store: Path | str | None = None,
) -> Lineage:
    """The lineage of one thing (``.graph`` is a networkx DiGraph), as ``igkg lineage`` draws it."""
    from kg.lineage import lineage as build_lineage

    return build_lineage(open_store(store), slug, direction, as_of, depth)
