"""What the server is told (:class:`ServeConfig`) and what it learns about a build when it starts
serving it (:class:`Dataset`)."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kg.core.errors import ConfigError
from kg.query.safety import MAX_QUERY_BYTES


@dataclass(frozen=True)
class ServeConfig:
    """The operator's settings for one ``igkg serve``.

    ``store`` is the store's path as the operator named it, symlinks unresolved: its folder is the
    build output folder (``igkg build --out``), which the server follows from build to build.
    """

    store: Path
    base_url: str = "http://127.0.0.1:8000/"
    deadline: float = 10.0
    row_limit: int = 100_000
    workers: int = 2
    rate: float = 20.0  # requests per second per client; 0 turns rate limiting off
    burst: int = 40
    max_body: int = MAX_QUERY_BYTES
    allowed_services: frozenset[str] = field(default_factory=frozenset)
    #: Serve even where the query workers cannot be cut off the network (kg.core.sandbox): the
    #: operator's explicit choice, with the query policy as the only line against SERVICE.
    allow_unsandboxed: bool = False
    #: Requests that may wait for a query worker when every one is busy; past that, 503.
    queue: int = 4
    #: Worker jobs one client may have running at once (as many more may wait); 0: no limit.
    client_queries: int = 1
    #: Seconds of query time each client gets per minute (the bucket holds twice that); 0: no budget.
    #: WDQS gives 60 s across a cluster; half a worker's minute suits a server of a few workers.
    query_budget: float = 30.0
    #: Peers whose X-Forwarded-For names the client (addresses or networks); none by default.
    trusted_proxies: tuple[str, ...] = ()
    #: Seconds between two looks at the build folder for a new build; 0: serve the first one only.
    follow_interval: float = 2.0

    @property
    def out_dir(self) -> Path:
        """The build output folder the store sits in (a symlink to the current build, or a folder)."""
        return self.store.parent

    @property
    def queue_wait(self) -> float:
        """How long a request waits in the queue for a worker: one and a half deadlines, enough
        for a query killed at the deadline and its worker's restart."""
        return 1.5 * self.deadline


@dataclass(frozen=True)
class Dataset:
    """A build's dataset as the server knows it, read once by a worker when it starts serving it."""

    graphs: frozenset[str]
    slugs: list[str]
    triples: int
    void: bytes = b""
    #: How the query workers stand towards the network (kg.core.sandbox.isolate): log and /healthz.
    network: str = ""


def trusted_proxies(values: Iterable[str]) -> tuple[str, ...]:
    """The ``--trusted-proxy`` values, each an IP address or network, in canonical form.

    :raises ConfigError: a value is neither (a host name, ``*``): trusting what cannot be checked
        would let any client choose the address its limits are counted against.
    """
    out = []
    for value in values:
        try:
            network = ipaddress.ip_network(value.strip(), strict=False)
        except ValueError:
            raise ConfigError(
                f"--trusted-proxy {value!r}: give the proxy's IP address or network (such as 10.0.0.5 or 10.0.0.0/24)"
            ) from None
        out.append(str(network.network_address) if network.num_addresses == 1 else str(network))
    return tuple(out)
