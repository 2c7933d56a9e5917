"""The embedded Oxigraph store: the system of record that ``igkg build`` writes, opened read-only
by queries and the server (or an in-memory store, during the build and in tests)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pyoxigraph import DefaultGraph, NamedNode, Quad, QuerySolutions, QueryTriples, Store

from kg.core.errors import QueryError, RowLimitError, StoreError
from kg.engines.base import QueryDataset, Results, Term, with_default_graph


class OxigraphView:
    def __init__(self, store: Store) -> None:
        self.store = store

    @classmethod
    def open(cls, path: Path) -> OxigraphView:
        """Open a built store read-only. Raises StoreError with a hint when there is none."""
        if not path.is_dir() or not any(path.iterdir()):
            raise StoreError(f"no igkg store at {path}: run `igkg build` first, or point --store / IGKG_STORE at one")
        try:
            return cls(Store.read_only(str(path)))
        except OSError as exc:
            raise StoreError(f"cannot open the store at {path}: {exc}") from None

    @classmethod
    def from_quads(cls, quads: Iterable[Quad]) -> OxigraphView:
        store = Store()
        store.extend(with_default_graph(quads))
        return cls(store)

    def query(self, text: str, *, dataset: QueryDataset | None = None, row_limit: int | None = None) -> Results:
        options: dict[str, Any] = {}
        if dataset is not None:
            options["default_graph"] = [NamedNode(g) for g in dataset.default_graphs] or DefaultGraph()
            options["named_graphs"] = [NamedNode(g) for g in dataset.named_graphs]
        try:
            result = self.store.query(text, **options)
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax: {exc}") from None
        if isinstance(result, QuerySolutions):
            variables = [v.value for v in result.variables]
            rows: list[tuple[Term | None, ...]] = []
            for solution in result:
                if len(rows) == row_limit:
                    raise RowLimitError(row_limit)
                rows.append(tuple(solution[v] for v in variables))
            return Results(variables, rows)
        if isinstance(result, QueryTriples):
            triples: list[Quad] = []
            for triple in result:
                if len(triples) == row_limit:
                    raise RowLimitError(row_limit, "triples")
                triples.append(Quad(triple.subject, triple.predicate, triple.object))
            return Results([], [], triples=triples)
        return Results([], [], boolean=bool(result))

    def contains(self, iri: NamedNode) -> bool:
        return any(True for _ in self.store.quads_for_pattern(iri, None, None, None)) or any(
            True for _ in self.store.quads_for_pattern(None, None, iri, None)
        )
