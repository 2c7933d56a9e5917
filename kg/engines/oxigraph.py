"""The embedded Oxigraph store: the system of record that ``igkg build`` writes, opened read-only
by queries and the server (or an in-memory store, during the build and in tests).

A damaged store is the user's to fix (rebuild it), not a crash: RocksDB reports a garbage
``CURRENT``, a scrambled ``MANIFEST`` or a truncated table when the store is opened, and a
damaged block (its checksum) when a query reads it; both become a :class:`StoreError` naming
the store's folder.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pyoxigraph import NamedNode, Quad, QueryBoolean, QuerySolutions, QueryTriples, Store

from kg.core.errors import QueryError, RowLimitError, StoreError
from kg.core.prefixes import PREFIXES
from kg.core.sparql_errors import explain
from kg.engines.base import QueryDataset, Results, Term, with_default_graph

#: What pyoxigraph's query answers are, before they are read.
Answer = QuerySolutions | QueryTriples | QueryBoolean


class OxigraphView:
    def __init__(self, store: Store, path: Path | None = None) -> None:
        self.store = store
        #: The folder the store was opened from (None for an in-memory store).
        self.path = path

    @classmethod
    def open(cls, path: Path) -> OxigraphView:
        """Open a built store read-only. Raises StoreError with a hint when there is none, or
        when the folder holds something RocksDB cannot open (a damaged store)."""
        try:
            empty = not path.is_dir() or not any(path.iterdir())
        except OSError as exc:
            raise StoreError(f"cannot read the store folder {path}: {exc.strerror or exc}") from None
        if empty:
            raise StoreError(f"no igkg store at {path}: run `igkg build` first, or point --store / IGKG_STORE at one")
        try:
            return cls(Store.read_only(str(path)), path)
        except (OSError, RuntimeError) as exc:
            raise StoreError(f"cannot open the store at {path}: {damage(exc)}") from None

    @classmethod
    def from_quads(cls, quads: Iterable[Quad]) -> OxigraphView:
        store = Store()
        store.extend(with_default_graph(quads))
        return cls(store)

    def answer(self, text: str, *, dataset: QueryDataset | None = None) -> Answer:
        """pyoxigraph's answer to ``text``, not yet read (rows are computed as they are read).

        :raises QueryError: the engine cannot parse the query.
        :raises StoreError: the store is damaged. Other engine errors (a SERVICE that failed, say)
            are raised as pyoxigraph raises them (OSError, RuntimeError), for the caller to judge.
        """
        # The predeclared prefixes go beside the text, not before it, so that the engine's error
        # positions are the user's own; a PREFIX in the text overrides them.
        options: dict[str, Any] = {"prefixes": PREFIXES}
        if dataset is not None:
            # The protocol's dataset is exactly FROM / FROM NAMED (SPARQL 1.1 Protocol, 2.1.4):
            # named-graph-uri alone leaves the default graph empty, as FROM NAMED alone does.
            options["default_graph"] = [NamedNode(g) for g in dataset.default_graphs]
            options["named_graphs"] = [NamedNode(g) for g in dataset.named_graphs]
        try:
            return self.store.query(text, **options)
        except SyntaxError as exc:
            raise QueryError(explain(str(exc), text)) from None
        except (OSError, RuntimeError) as exc:
            self.check_damage(exc)
            raise

    def check_damage(self, exc: OSError | RuntimeError) -> None:
        """Raise a StoreError naming the store when an engine error says the store is damaged."""
        error = damage_error(exc, self.path)
        if error is not None:
            raise error from None

    def query(self, text: str, *, dataset: QueryDataset | None = None, row_limit: int | None = None) -> Results:
        result = self.answer(text, dataset=dataset)
        try:
            return _read(result, row_limit)
        except (OSError, RuntimeError) as exc:
            self.check_damage(exc)
            raise

    def contains(self, iri: NamedNode) -> bool:
        try:
            return any(True for _ in self.store.quads_for_pattern(iri, None, None, None)) or any(
                True for _ in self.store.quads_for_pattern(None, None, iri, None)
            )
        except (OSError, RuntimeError) as exc:
            self.check_damage(exc)
            raise


def _read(result: Answer, row_limit: int | None) -> Results:
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


def damage_error(exc: BaseException, path: Path | str | None) -> StoreError | None:
    """The StoreError an engine error stands for when it says the store is damaged, else None."""
    if not _is_damage(exc):
        return None
    where = f" at {path}" if path is not None else ""
    return StoreError(f"cannot read the store{where}: {damage(exc)}")


def probe_damage(path: Path | str, seconds: float) -> StoreError | None:
    """Look for damage in the store at ``path`` for at most ``seconds``: a scan of its quads,
    which RocksDB stops at a block whose checksum fails. None when none was found (in time).

    A heuristic, for a better message after a query's process died: it reads one index of
    several, and a big store only in part.
    """
    import time

    started = time.monotonic()
    try:
        store = Store.read_only(str(path))
        for count, _ in enumerate(store.quads_for_pattern(None, None, None, None)):
            if count % 4096 == 0 and time.monotonic() - started > seconds:
                return None
    except (OSError, RuntimeError) as exc:
        return damage_error(exc, path)
    return None


def _is_damage(exc: BaseException) -> bool:
    """RocksDB's words for a store it cannot trust or read (its Status codes)."""
    text = str(exc)
    return text.startswith(("Corruption:", "IO error:", "Invalid argument:", "Not implemented:"))


def damage(exc: BaseException) -> str:
    """RocksDB's message, with the advice that fits a damaged store."""
    text = str(exc).strip()
    if _is_damage(exc):
        return f"{text} (the store is damaged: rebuild it with `igkg build`)"
    return text
