"""The build the server serves, and following the build folder from one build to the next.

Everything the server answers from comes from one :class:`ServedBuild`: the worker pool on that
build's store, the graph list, the slugs, the VoID and the folder its dumps and ontology page are
read from. The object is made whole before it is used and never changes; :class:`Builds` holds
the current one and swaps it for the next in one assignment.

Each request takes the current build once, when it arrives (:meth:`Builds.acquire`, a lease), and
answers wholly from it, so no answer mixes two builds. Paths are the build's resolved folder,
never the output folder's symlink: a worker that replaces a crashed one reopens the store it
replaces, not whatever the symlink points at by then.

Following: every ``follow_interval`` seconds a thread resolves the output folder
(:func:`kg.core.publish.current_build`, one readlink); when the build id changes it opens the new build beside
the old one (new workers, the dataset read again), swaps, and then drains the old one: requests
that hold it finish on it, and its workers stop when the last one is done (or when the drain time
is up). A new build that cannot be opened is reported in /healthz and the old one stays served.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.core.errors import ConfigError, KGError, StoreError
from kg.core.publish import build_id, current_build
from kg.engines.oxigraph import probe_damage
from kg.serve.config import Dataset, ServeConfig
from kg.serve.jobs import Job, initialise
from kg.serve.workers import PoolError, WorkerPool, WorkerStartFailed

log = logging.getLogger("igkg.serve")

# Reading the store at start-up may be slow on a cold disk: longer than a query's deadline.
_STARTUP_DEADLINE = 120
_PROBE_SECONDS = 5.0
#: A build that could not be opened is tried again after this many seconds (or when it changes).
_RETRY_FAILED_AFTER = 30.0
#: Beyond the longest a request can take (queue wait + deadline + a worker's restart).
_DRAIN_GRACE = 30.0


def resolve_build(out: Path) -> tuple[Path, str]:
    """The folder of the build published at ``out`` now (resolved), and that build's id.

    :raises NoBuild: there is no build there (yet, or for a moment while an older layout migrates).
    """
    try:
        root = current_build(out)
        return root, build_id(root)
    except (OSError, KGError) as exc:
        raise NoBuild(str(exc)) from None


class NoBuild(Exception):
    """No build is published at the output folder now."""


@dataclass(eq=False)
class ServedBuild:
    """One build as the server answers from it; nothing in it changes once it is served."""

    id: str
    root: Path
    store: Path
    pool: WorkerPool
    dataset: Dataset
    leases: int = field(default=0, repr=False)  # requests answering from it (guarded by Builds' lock)

    def file(self, name: str) -> Path | None:
        """A file this build wrote beside its store (a dump, the ontology page), if it did."""
        path = self.root / name
        return path if path.is_file() else None


def open_build(config: ServeConfig, root: Path, ident: str, handler: Callable[[Any], Any]) -> ServedBuild:
    """Start the workers on the build in ``root`` and read what the server needs to know of it.

    :raises StoreError: there is no store there, or the workers cannot open or read it.
    """
    store = root / config.store.name
    if not store.is_dir() or not any(store.iterdir()):
        raise StoreError(f"no igkg store at {store}: run `igkg build` first, or point --store / IGKG_STORE at one")
    # A damaged block can send a worker's first read into a loop that only ends at the start-up
    # deadline; a bounded scan names the damage first (kg/engines/oxigraph.py).
    damage = probe_damage(store, _PROBE_SECONDS)
    if damage is not None:
        raise damage
    init_args = (str(store), tuple(sorted(config.allowed_services)), config.allow_unsandboxed)
    try:
        pool = WorkerPool(config.workers, handler, initialise, init_args)
    except WorkerStartFailed as exc:
        reason = str(exc).removeprefix("SandboxUnavailable: ")
        if reason != str(exc):  # the workers could not give up the network (kg/core/sandbox.py)
            raise ConfigError(f"the query workers {reason}") from None
        raise StoreError(f"cannot serve the store at {store}: {exc}") from None
    try:
        info = pool.run(Job("dataset_info"), deadline=_STARTUP_DEADLINE).data
        description = pool.run(Job("description", {"base_url": config.base_url}), deadline=_STARTUP_DEADLINE)
        network = pool.run(Job("network_status"), deadline=_STARTUP_DEADLINE).data
    except PoolError as exc:
        pool.close()
        raise StoreError(f"cannot read the store at {store}: {exc}") from None
    dataset = Dataset(
        graphs=frozenset(info["graphs"]),
        slugs=info["slugs"],
        triples=info["triples"],
        void=description.body if description.status == 200 else b"",
        network=network or "",
    )
    return ServedBuild(ident, root, store, pool, dataset)


class Builds:
    """The build being served, the ones still draining, and the thread that follows new builds."""

    def __init__(
        self,
        config: ServeConfig,
        handler: Callable[[Any], Any],
        announce: Callable[[str], None] = log.info,
    ) -> None:
        self.config = config
        self._handler = handler
        self._announce = announce
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._draining: list[ServedBuild] = []
        self._retired: Counter[str] = Counter()  # crash and kill counts of builds no longer served
        self._failed: tuple[str, float] | None = None
        self.switching_to: str | None = None
        self.error: str | None = None
        self.switches = 0
        try:
            root, ident = resolve_build(config.out_dir)
        except NoBuild:
            raise StoreError(
                f"no igkg store at {config.store}: run `igkg build` first, or point --store / IGKG_STORE at one"
            ) from None
        self.current = open_build(config, root, ident, handler)

    # --- leases ------------------------------------------------------------------------------------

    def acquire(self) -> ServedBuild:
        """The current build, held until :meth:`release`: its workers stay up while it is held."""
        with self._lock:
            build = self.current
            build.leases += 1
            return build

    def release(self, build: ServedBuild) -> None:
        with self._lock:
            build.leases -= 1

    # --- following -----------------------------------------------------------------------------------

    def follow(self) -> None:
        """Look for a new build every ``follow_interval`` seconds, in a thread, until :meth:`close`."""
        if self.config.follow_interval > 0:
            threading.Thread(target=self._follow, daemon=True, name="igkg-build-follower").start()

    def _follow(self) -> None:
        while not self._stop.wait(self.config.follow_interval):
            try:
                self.check()
            except Exception:  # the follower must outlive anything one look can raise
                log.exception("looking for a new build failed")

    def check(self) -> bool:
        """Look once; switch to a new build if there is one. True if the server switched."""
        try:
            root, ident = resolve_build(self.config.out_dir)
        except NoBuild:
            return False  # no build there for now (between two steps of a swap): look again later
        if ident == self.current.id or self._recently_failed(ident):
            return False
        self.switching_to = ident
        try:
            new = open_build(self.config, root, ident, self._handler)
        except StoreError as exc:
            self._failed = (ident, time.monotonic())
            self.error = f"build {ident} not served: {exc}"
            log.error("%s", self.error)
            return False
        finally:
            self.switching_to = None
        with self._lock:
            old, self.current = self.current, new
            self._draining.append(old)
        self.error = None
        self.switches += 1
        self._announce(f"igkg serving build {ident}: {new.dataset.triples:,} triples (was {old.id})")
        threading.Thread(target=self._drain, args=(old,), daemon=True, name="igkg-build-drain").start()
        return True

    def _recently_failed(self, ident: str) -> bool:
        if self._failed is None or self._failed[0] != ident:
            return False
        return time.monotonic() - self._failed[1] < _RETRY_FAILED_AFTER

    def _drain(self, old: ServedBuild) -> None:
        """Stop ``old``'s workers once no request holds it (or when the longest request is over)."""
        longest = self.config.queue_wait + self.config.deadline + old.pool.start_seconds + _DRAIN_GRACE
        until = time.monotonic() + longest
        while old.leases > 0 and time.monotonic() < until and not self._stop.is_set():
            time.sleep(0.05)
        if old.leases > 0:
            log.warning("build %s still had %d requests after %.0f s; stopping it", old.id, old.leases, longest)
        old.pool.close()
        with self._lock:
            self._retired.update(crashed=old.pool.crashed, killed=old.pool.killed)
            if old in self._draining:
                self._draining.remove(old)

    # --- reporting and stopping ----------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        """Worker crashes and deadline kills since the server started, and builds still draining."""
        with self._lock:
            live = [self.current, *self._draining]
            return {
                "crashed": self._retired["crashed"] + sum(b.pool.crashed for b in live),
                "killed": self._retired["killed"] + sum(b.pool.killed for b in live),
                "draining": len(self._draining),
            }

    def close(self) -> None:
        self._stop.set()
        with self._lock:
            builds = [self.current, *self._draining]
        for build in builds:
            build.pool.close()
