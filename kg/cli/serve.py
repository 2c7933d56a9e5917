"""``igkg serve``."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from kg.cli.main import cli, store_option
from kg.core import settings

if TYPE_CHECKING:
    from kg.serve import ServeConfig


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
@store_option
@click.option(
    "--base-url",
    default=None,
    metavar="URL",
    help="The public address pages link to (default: http://HOST:PORT/). Links never come from the request.",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Query worker processes (default: the number of CPUs, at least 2).",
)
@click.option(
    "--timeout",
    "deadline",
    type=click.FloatRange(min=0.1),
    default=10.0,
    show_default=True,
    help="Deadline of a query in seconds; past it its worker is killed and replaced.",
)
@click.option(
    "--row-limit",
    type=click.IntRange(min=1),
    default=100_000,
    show_default=True,
    help="Largest answer sent (rows or triples); a larger one is refused whole, never cut.",
)
@click.option(
    "--rate-limit",
    "rate",
    type=click.FloatRange(min=0),
    default=20.0,
    show_default=True,
    help="Requests per second per client address (bursts of twice that); 0 turns it off.",
)
@click.option(
    "--queue",
    type=click.IntRange(min=0),
    default=None,
    help="Requests that may wait for a busy query worker (default: twice the workers); past that, 503 at once.",
)
@click.option(
    "--client-queries",
    type=click.IntRange(min=0),
    default=None,
    help="Worker requests one client may have running (as many more may wait; default: half the workers, "
    "at least 1); past that, 429. 0 turns it off.",
)
@click.option(
    "--query-budget",
    type=click.FloatRange(min=0),
    default=30.0,
    show_default=True,
    help="Seconds of query time per client per minute (up to twice that saved up); past it, 429. 0 turns it off.",
)
@click.option(
    "--trusted-proxy",
    "trusted",
    multiple=True,
    metavar="ADDRESS",
    help="A reverse proxy (address or network, repeatable) whose X-Forwarded-For names the client. "
    "Without one the header is ignored.",
)
@click.option(
    "--follow-interval",
    type=click.FloatRange(min=0),
    default=2.0,
    show_default=True,
    help="Seconds between looks for a new build in the store's folder; 0 serves the first build only.",
)
@click.option(
    "--allow-service",
    "allowed",
    multiple=True,
    metavar="URL",
    help="An endpoint SERVICE may reach (repeatable). Without one, SERVICE is refused: nothing is fetched.",
)
@click.option(
    "--allow-network-unsandboxed",
    "unsandboxed",
    is_flag=True,
    help="Serve even where the query workers cannot be cut off the network (not Linux; a container "
    "that forbids namespaces and seccomp): the query policy is then the only line against SERVICE.",
)
def serve(
    host: str,
    port: int,
    store: Path | None,
    base_url: str | None,
    workers: int | None,
    deadline: float,
    row_limit: int,
    rate: float,
    queue: int | None,
    client_queries: int | None,
    query_budget: float,
    trusted: tuple[str, ...],
    follow_interval: float,
    allowed: tuple[str, ...],
    unsandboxed: bool,
) -> None:
    """Serve the built store over HTTP: SPARQL, linked-data pages, dumps and docs.

    \b
    What it answers (read-only; the store is opened read-only):
      /sparql              SPARQL 1.1 Protocol, GET and POST; JSON, XML, CSV, TSV;
                           Turtle, N-Triples, JSON-LD, RDF/XML for CONSTRUCT and DESCRIBE;
                           in a browser, the query editor (canned queries as examples)
      /id/SLUG             a thing: HTML for people, Turtle / JSON-LD / N-Triples / RDF/XML
                           by Accept or ?format=; /id/SLUG/lineage.svg, /id/MEETING/coalitions.svg
      /search, /browse     search by label and alias (/search.json suggests), browse by kind
      /reconcile           the W3C Entity Reconciliation API (OpenRefine)
      /source/NAME         a source document, its lines numbered (#L12)
      /                    what the dataset is, where to start
      /.well-known/void    the dataset description (VoID and DCAT)
      /dumps/igkg.ttl      the dumps (also igkg.jsonld, igkg.trig, igkg.nq)
      /ontology            the ontology: RDF/XML, Turtle, N-Triples, JSON-LD by Accept
                           (RDF/XML when the client states no preference), HTML for browsers
      /healthz             200 {"status": "ok", ...}, or 503 when saturated: for load balancers

    Every query runs in a worker process under a deadline; updates, LOAD, SERVICE, FROM outside
    the dataset, oversized and deeply nested queries are refused with a 4xx before any engine.
    Each client has a budget of query time (--query-budget) and a share of the workers
    (--client-queries); a full queue answers 503 at once. When `igkg build` publishes a new build
    into the store's folder, the server moves to it whole (see --follow-interval).
    Without --allow-service the workers are also cut off the network (Linux: a network namespace,
    else a seccomp filter), so that a query the policy missed reaches nothing; the server says so
    when it starts, and refuses to start where neither can be applied, unless
    --allow-network-unsandboxed is given.

    \b
    Examples:
      igkg serve                                     # http://127.0.0.1:8000/
      igkg serve --port 8080 --base-url https://igkg.example.org/
      curl -H 'Accept: text/turtle' http://127.0.0.1:8000/id/igf
    """
    from kg.core.errors import ConfigError
    from kg.serve import run

    config = serve_config(click.get_current_context().params)
    check_listen(host, port)
    try:
        run(config, host, port, announce=lambda message: click.echo(message, err=True))
    except SystemExit as exc:
        if exc.code == _UVICORN_STARTUP_FAILURE:  # uvicorn logged why; the port was taken meanwhile
            raise ConfigError(f"the server could not listen on {host}:{port} (--host, --port)") from None
        raise


#: uvicorn's exit status when its server cannot start (``uvicorn.main.STARTUP_FAILURE``).
_UVICORN_STARTUP_FAILURE = 3


def check_listen(host: str, port: int) -> None:
    """Refuse an address igkg cannot listen on, by name, before the workers start: a port in use,
    a privileged port, a host name that does not resolve or is not this machine's. (Without
    this, uvicorn gives up after start-up with exit 3.) Bound as uvicorn binds: SO_REUSEADDR,
    which lets a port in TIME_WAIT be reused but not one another server listens on."""
    import errno
    import socket

    from kg.core.errors import ConfigError

    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
    except (socket.gaierror, UnicodeError) as exc:
        raise ConfigError(f"--host {host}: not an address of this machine ({exc})") from None
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise ConfigError(
                    f"--port {port}: the port is in use on {host} (another server?): stop it, or choose another --port"
                ) from None
            raise ConfigError(f"cannot listen on {host}:{port} (--host, --port): {exc.strerror or exc}") from None


def serve_config(options: Mapping[str, Any]) -> ServeConfig:
    """The server's settings from ``igkg serve``'s options (by parameter name, as click parsed
    them), with the defaults that depend on other options filled in.

    :raises ConfigError: an option's value cannot be used (named in the message).
    """
    import urllib.parse

    from kg.core.errors import ConfigError
    from kg.serve import ServeConfig
    from kg.serve.config import trusted_proxies

    base_url: str | None = options["base_url"]
    if base_url is not None:
        parts = urllib.parse.urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
            raise ConfigError(
                f"--base-url {base_url!r}: give an absolute http(s) URL, such as https://igkg.example.org/"
            )
        base_url = base_url if base_url.endswith("/") else base_url + "/"
    workers: int = options["workers"] or max(2, os.cpu_count() or 2)
    queue: int | None = options["queue"]
    client_queries: int | None = options["client_queries"]
    rate: float = options["rate"]
    store: Path | None = options["store"]
    return ServeConfig(
        # Not resolved: the store's folder may be the symlink `igkg build` flips to each new build.
        store=(store or settings.store_dir()).absolute(),
        base_url=base_url or f"http://{options['host']}:{options['port']}/",
        deadline=options["deadline"],
        row_limit=options["row_limit"],
        workers=workers,
        rate=rate,
        burst=max(1, int(rate * 2)),
        allowed_services=frozenset(options["allowed"]),
        queue=2 * workers if queue is None else queue,
        client_queries=max(1, workers // 2) if client_queries is None else client_queries,
        query_budget=options["query_budget"],
        trusted_proxies=trusted_proxies(options["trusted"]),
        follow_interval=options["follow_interval"],
        allow_unsandboxed=options["unsandboxed"],
    )
