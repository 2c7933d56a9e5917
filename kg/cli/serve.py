"""``igkg serve``."""

from __future__ import annotations

import os
from pathlib import Path

import click

from kg.cli.main import cli, store_option
from kg.core import settings


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
    "--allow-service",
    "allowed",
    multiple=True,
    metavar="URL",
    help="An endpoint SERVICE may reach (repeatable). Without one, SERVICE is refused: nothing is fetched.",
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
    allowed: tuple[str, ...],
) -> None:
    """Serve the built store over HTTP: SPARQL, linked-data pages, dumps and docs.

    \b
    What it answers (read-only; the store is opened read-only):
      /sparql              SPARQL 1.1 Protocol, GET and POST; JSON, XML, CSV, TSV;
                           Turtle, N-Triples, JSON-LD for CONSTRUCT and DESCRIBE
      /id/SLUG             a thing: HTML for people, Turtle / JSON-LD by Accept or ?format=
      /source/NAME         a source document, its lines numbered (#L12)
      /                    what the dataset is, with a query box
      /.well-known/void    the dataset description (VoID and DCAT)
      /dumps/igkg.ttl      the dumps (also igkg.jsonld, igkg.trig, igkg.nq)
      /ontology            the ontology documentation (HTML; Turtle by Accept)

    Every query runs in a worker process under a deadline; updates, LOAD, SERVICE, FROM outside
    the dataset, oversized and deeply nested queries are refused with a 4xx before any engine.

    \b
    Examples:
      igkg serve                                     # http://127.0.0.1:8000/
      igkg serve --port 8080 --base-url https://igkg.example.org/
      curl -H 'Accept: text/turtle' http://127.0.0.1:8000/id/igf
    """
    import urllib.parse

    from kg.core.errors import ConfigError
    from kg.serve import ServeConfig, run

    if base_url is not None:
        parts = urllib.parse.urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
            raise ConfigError(
                f"--base-url {base_url!r}: give an absolute http(s) URL, such as https://igkg.example.org/"
            )
        base_url = base_url if base_url.endswith("/") else base_url + "/"
    config = ServeConfig(
        store=(store or settings.store_dir()).resolve(),
        base_url=base_url or f"http://{host}:{port}/",
        deadline=deadline,
        row_limit=row_limit,
        workers=workers or max(2, os.cpu_count() or 2),
        rate=rate,
        burst=max(1, int(rate * 2)),
        allowed_services=frozenset(allowed),
    )
    run(config, host, port, announce=lambda message: click.echo(message, err=True))
