"""Re-exports loaded on first use (PEP 562), for a package whose members pull in heavy libraries.

A query's child process imports ``kg.export.limits`` and ``kg.engines.oxigraph``, which import
their packages first; with eager re-exports that brought rdflib and the dumps' writers into every
cold ``igkg query`` (0.61 → 0.44 s without them, benchmarks/README.md). A package's ``__init__``
stays declarative: ``__getattr__ = lazy_exports(__name__, {"name": "module", ...})``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def lazy_exports(package: str, homes: Mapping[str, str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` that imports ``homes[name]`` when ``name`` is first asked for."""

    def __getattr__(name: str) -> Any:
        home = homes.get(name)
        if home is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(home), name)

    return __getattr__
