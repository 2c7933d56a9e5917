"""Starting and stopping the server: the worker pool on the store, the app, uvicorn."""

from __future__ import annotations

from collections.abc import Callable

from kg.core.errors import ConfigError, StoreError
from kg.serve.app import create_app
from kg.serve.config import Dataset, ServeConfig
from kg.serve.jobs import Job, handle, initialise
from kg.serve.workers import PoolError, WorkerPool, WorkerStartFailed

# Reading the store at start-up may be slow on a cold disk: longer than a query's deadline.
_STARTUP_DEADLINE = 120


def open_pool(config: ServeConfig) -> tuple[WorkerPool, Dataset]:
    """Start the workers on the store and read what the server needs to know about the dataset.

    :raises StoreError: there is no store, or the workers cannot open it.
    """
    if not config.store.is_dir() or not any(config.store.iterdir()):
        raise StoreError(
            f"no igkg store at {config.store}: run `igkg build` first, or point --store / IGKG_STORE at one"
        )
    try:
        pool = WorkerPool(
            config.workers, handle, initialise, (str(config.store), tuple(sorted(config.allowed_services)))
        )
    except WorkerStartFailed as exc:
        raise StoreError(f"cannot serve the store at {config.store}: {exc}") from None
    try:
        info = pool.run(Job("dataset_info"), deadline=_STARTUP_DEADLINE).data
        description = pool.run(Job("description", {"base_url": config.base_url}), deadline=_STARTUP_DEADLINE)
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
