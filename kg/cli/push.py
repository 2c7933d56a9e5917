"""``igkg push``."""

from __future__ import annotations

from pathlib import Path

import click

from kg import settings
from kg.cli.main import cli, progress, store_option
from kg.errors import ConfigError


def graph_store_for(endpoint: str) -> str:
    """The Graph Store Protocol URL beside a query endpoint, by the common conventions."""
    if endpoint.rstrip("/").endswith("/query"):  # Oxigraph server
        return endpoint.rstrip("/")[: -len("/query")] + "/store"
    return endpoint


@cli.command()
@click.option("--endpoint", required=True, metavar="URL", help="The store's SPARQL query endpoint (to verify counts).")
@click.option(
    "--graph-store",
    "graph_store",
    default=None,
    metavar="URL",
    help="The store's SPARQL 1.1 Graph Store Protocol URL (default: beside the endpoint: .../query -> .../store).",
)
@click.option("--auth", default=None, metavar="USER:PASSWORD", help="HTTP basic authentication, if the store needs it.")
@store_option
def push(endpoint: str, graph_store: str | None, auth: str | None, store: Path | None) -> None:
    """Upload the built graph to an external store, one named graph per source, and verify it.

    Each graph is replaced (HTTP PUT), so pushing twice gives the same store. The store's default
    graph receives the merge of all graphs, as igkg's own store holds it, so the canned queries
    answer the same there (`igkg query NAME --endpoint URL`). Then the triples of every graph are
    counted through the endpoint; a difference exits 1.

    \b
    Example (an Oxigraph server: `oxigraph serve --location data --bind 127.0.0.1:7878`):
      igkg push --endpoint http://127.0.0.1:7878/query
      igkg query who-mandated --param id=igf --endpoint http://127.0.0.1:7878/query
    """
    from kg.push import push as run_push
    from kg.store import OxigraphView

    credentials = None
    if auth:
        user, sep, password = auth.partition(":")
        if not sep:
            raise ConfigError("--auth takes USER:PASSWORD")
        credentials = (user, password)
    view = OxigraphView.open(store or settings.store_dir())
    report = run_push(view, endpoint, graph_store or graph_store_for(endpoint), credentials, progress=progress)
    total = sum(report.counts.values())
    click.echo(f"pushed {len(report.counts)} graphs, {total} triples; counts verified at {endpoint}", err=True)
