"""``igkg serve``: the graph over HTTP.

- :mod:`kg.serve.app`: the routes (SPARQL 1.1 Protocol, linked-data pages, dumps, VoID, ontology).
- :mod:`kg.serve.jobs`: what runs in the worker processes (everything that reads the store).
- :mod:`kg.serve.workers`: the pool of killable worker processes behind the deadline.
- :mod:`kg.serve.negotiate`, :mod:`kg.serve.ratelimit`: content negotiation and per-client limits.
"""

from __future__ import annotations

from collections.abc import Callable

from kg.core.errors import ConfigError, StoreError
from kg.serve.app import Dataset, ServeConfig, create_app
from kg.serve.jobs import Job, handle, initialise
from kg.serve.workers import PoolError, WorkerPool, WorkerStartFailed

__all__ = ["ServeConfig", "open_pool", "run"]


def open_pool(config: ServeConfig) -> tuple[WorkerPool, Dataset]:
    """Start the workers on the store and read what the server needs to know about the dataset.

    :raises StoreError: there is no store, or the workers cannot open it.
    """
    if not config.store.is_dir() or not any(config.store.iterdir()):
        raise StoreError(
            f"no igkg store at {config.store}: run `igkg build` first, or point --store / IGKG_STORE at one"
        )
    try:
        pool = WorkerPool(config.workers, handle, initialise, (str(config.store),))
    except WorkerStartFailed as exc:
        raise StoreError(f"cannot serve the store at {config.store}: {exc}") from None
    try:
        info = pool.run(Job("dataset_info"), deadline=120).data
        description = pool.run(Job("description", {"base_url": config.base_url}), deadline=120)
    except PoolError as exc:
        pool.close()
        raise StoreError(f"cannot read the store at {config.store}: {exc}") from None
    dataset = Dataset(
        graphs=frozenset(info["graphs"]),
        slugs=info["slugs"],
        triples=info["triples"],
        void=description.body if description.status == 200 else b"",
    )
    return pool, dataset


def run(config: ServeConfig, host: str, port: int, announce: Callable[[str], None] = print) -> None:
    """Serve until interrupted (Ctrl-C or SIGTERM); the workers stop with the server."""
    import uvicorn

    if config.workers < 1:
        raise ConfigError("--workers must be at least 1")
    pool, dataset = open_pool(config)
    try:
        app = create_app(config, pool, dataset)
        announce(
            f"igkg serving {config.base_url} on {host}:{port}: {dataset.triples:,} triples, "
            f"{config.workers} query workers, {config.deadline:g} s deadline, row limit {config.row_limit:,}"
        )
        uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)
    finally:
        pool.close()
