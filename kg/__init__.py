"""igkg: a knowledge graph of the UN Internet-governance system that grew out of WSIS.

The Python API for notebooks and scripts::

    import kg
    report = kg.build()                       # records -> validated store and exports in build/
    rows = kg.run_query("who-mandated", id="wg-igf-improvements")
    for row in rows: print(row["issuerLabel"], row["action"], row["mandateeLabel"])
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:  # pragma: no cover
    from kg.build import BuildReport
    from kg.store import OxigraphView

__all__ = ["__version__", "build", "open_store", "run_query"]


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
