"""The build's derivation rules: ``queries/construct-*.rq``, run over the merged graphs.

Each rule is a CONSTRUCT query (DESIGN.md: a derived edge is materialised "by a documented rule");
its triples go into the derived graph. The rules run through :func:`kg.query.run.run_sparql`, like
every other query.
"""

from __future__ import annotations

from pathlib import Path

from pyoxigraph import Quad

from kg.core.errors import ConfigError
from kg.core.quads import QuadSet
from kg.engines import View
from kg.loaders.derive import DERIVED
from kg.query.run import run_sparql


def construct_rules(queries_dir: Path) -> list[Path]:
    return sorted(queries_dir.glob("construct-*.rq"))


def apply_rules(view: View, rules: list[Path]) -> QuadSet:
    """Run each CONSTRUCT rule over the merged graphs; return its triples as derived quads."""
    derived = QuadSet()
    for rule in rules:
        triples = run_sparql(view, rule.read_text(encoding="utf-8")).triples
        if triples is None:
            raise ConfigError(f"{rule}: a derivation rule must be a CONSTRUCT query")
        derived.update(Quad(t.subject, t.predicate, t.object, DERIVED) for t in triples)
    return derived
