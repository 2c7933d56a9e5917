"""Starting and stopping the server: the port, the build (its workers), the app, uvicorn."""

from __future__ import annotations

import socket
from collections.abc import Callable
from typing import Any

from kg.core.errors import ConfigError
from kg.serve.app import create_app
from kg.serve.builds import Builds
from kg.serve.config import ServeConfig
from kg.serve.jobs import handle


def listen(host: str, port: int) -> socket.socket:
    """The listening socket, taken before any worker starts, so a port in use is a clear message.

    :raises ConfigError: the address cannot be had (in use, not this machine's, not allowed).
    """
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise ConfigError(f"--host {host!r}: not an address this machine can listen on ({exc.strerror})") from None
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(2048)
    except OSError as exc:
        sock.close()
        raise ConfigError(f"cannot listen on {host}:{port}: {exc.strerror}; choose another --port or --host") from None
    sock.set_inheritable(True)
    return sock


def run(
    config: ServeConfig,
    host: str,
    port: int,
    announce: Callable[[str], None] = print,
    handler: Callable[[Any], Any] = handle,
) -> None:
    """Serve until interrupted (Ctrl-C or SIGTERM); the workers stop with the server.

    ``handler`` is what the workers run for a job (:func:`kg.serve.jobs.handle`); tests give one
    that wraps it.

    :raises ConfigError: the port cannot be had, or a setting is out of range.
    :raises StoreError: there is no build to serve, or its store cannot be opened.
    """
    import uvicorn

    if config.workers < 1:
        raise ConfigError("--workers must be at least 1")
    sock = listen(host, port)
    try:
        builds = Builds(config, handler, announce)
    except BaseException:
        sock.close()
        raise
    try:
        app = create_app(config, builds)
        announce(
            f"igkg serving {config.base_url} on {host}:{port}: build {builds.current.id}, "
            f"{builds.current.dataset.triples:,} triples, {config.workers} query workers "
            f"(queue {config.queue}), {config.deadline:g} s deadline, row limit {config.row_limit:,}"
        )
        network = builds.current.dataset.network
        if network:
            # Loud when the workers keep the network: the query policy is then the only line.
            warning = "" if network.startswith("cut off") else "WARNING: "
            announce(f"{warning}query workers' network: {network}")
        builds.follow()
        # The client's address is the connection's unless a --trusted-proxy vouches for another
        # (kg.serve.middleware); uvicorn's own header handling would believe loopback peers.
        server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False, proxy_headers=False))
        server.run(sockets=[sock])
    finally:
        builds.close()
        sock.close()
