"""The Python API for notebooks and scripts, re-exported by ``kg`` (see its docstring).

Each function imports its stage on first use, so that ``import kg`` stays cheap.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

    from kg.analysis.lineage import Lineage
    from kg.engines import OxigraphView
    from kg.pipeline.build import BuildReport


def build(out_dir: Path | str | None = None) -> BuildReport:
    """Build, validate and publish the graph (see :func:`kg.build.build`)."""
    from kg.pipeline.build import build as _build

    return _build(Path(out_dir) if out_dir is not None else None)


def open_store(path: Path | str | None = None) -> OxigraphView:
    """Open a built store read-only (default: ``IGKG_STORE`` or ``build/store``)."""
    from kg.core import settings
    from kg.engines import OxigraphView

    return OxigraphView.open(Path(path) if path is not None else settings.store_dir())


def run_query(name: str, store: Path | str | None = None, **params: str) -> list[dict[str, str]]:
    """Run a canned query by name with keyword parameters; rows as dicts of strings."""
    from kg.query.run import run_canned

    return run_canned(open_store(store), name, params).dicts()


def query_table(name: str, store: Path | str | None = None, **params: str) -> dict[str, list[str | None]]:
    """Run a canned query; the result as columns (``pandas.DataFrame(table)`` reads it as is).

    Every column of the query is present, with ``None`` where a row has no value.
    """
    from kg.query.run import run_canned

    results = run_canned(open_store(store), name, params)
    return {
        var: [term.value if (term := row[i]) is not None else None for row in results.rows]
        for i, var in enumerate(results.variables)
    }


def lineage_graph(store: Path | str | None = None) -> nx.DiGraph:
    """Every mandate as a networkx DiGraph: edges from a mandate to the earlier mandate it renews
    or was given pursuant to, and to the instrument that fulfilled it (see kg.analysis.lineage)."""
    from kg.analysis.lineage import mandate_graph

    return mandate_graph(open_store(store))


def lineage_of(
    slug: str,
    direction: str = "up",
    as_of: str | None = None,
    depth: int | None = None,
    store: Path | str | None = None,
) -> Lineage:
    """The lineage of one thing (``.graph`` is a networkx DiGraph), as ``igkg lineage`` draws it."""
    from kg.analysis.lineage import lineage as build_lineage

    return build_lineage(open_store(store), slug, direction, as_of, depth)
