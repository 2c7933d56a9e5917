"""``igkg push``."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli.main import cli, progress, store_option
from kg.cli.types import HTTP_URL
from kg.core import settings
from kg.core.errors import ConfigError


def graph_store_for(endpoint: str) -> str:
    """The Graph Store Protocol URL beside a query endpoint, by the common conventions."""
    if endpoint.rstrip("/").endswith("/query"):  # Oxigraph server
        return endpoint.rstrip("/")[: -len("/query")] + "/store"
    return endpoint


@cli.command()
@click.option(
    "--endpoint",
    required=True,
    type=HTTP_URL,
    metavar="URL",
    help="The store's SPARQL query endpoint (to verify counts).",
)
@click.option(
    "--graph-store",
    "graph_store",
    type=HTTP_URL,
    default=None,
    metavar="URL",
    help="The store's SPARQL 1.1 Graph Store Protocol URL (default: beside the endpoint: .../query -> .../store).",
)
@click.option(
    "--auth",
    default=None,
    metavar="USER:PASSWORD",
    help="Credentials for the graph store, if it needs them (HTTP Basic or Digest, as the store asks).",
)
@click.option(
    "--default-graph",
    "default_graph",
    default=None,
    metavar="IRI",
    help="Put the merge of all graphs into this named graph instead of the store's default graph, for a "
    "store whose default graph is the union of all graphs (Virtuoso); query with the same option.",
)
@store_option
def push(
    endpoint: str, graph_store: str | None, auth: str | None, default_graph: str | None, store: Path | None
) -> None:
    """Upload the built graph to an external store, one named graph per source, and verify it.

    Each graph is replaced (HTTP PUT), so pushing twice gives the same store. The store's default
    graph receives the merge of all graphs, as igkg's own store holds it, so the canned queries
    answer the same there (`igkg query NAME --endpoint URL`). A store whose default graph is the
    union of all its graphs (Virtuoso) needs --default-graph IRI: the merge goes into that named
    graph, and queries given the same option use it as their default graph. Then the triples of
    every graph are counted through the endpoint; a difference exits 1.

    \b
    Example (an Oxigraph server: `oxigraph serve --location data --bind 127.0.0.1:7878`):
      igkg push --endpoint http://127.0.0.1:7878/query
      igkg query who-mandated --param id=igf --endpoint http://127.0.0.1:7878/query

    \b
    Example (Virtuoso, HTTP port 8890):
      igkg push --endpoint http://127.0.0.1:8890/sparql \\
        --graph-store http://127.0.0.1:8890/sparql-graph-crud-auth --auth dba:dba \\
        --default-graph https://w3id.org/igkg/graph/merged
      igkg query who-mandated --param id=igf --endpoint http://127.0.0.1:8890/sparql \\
        --default-graph https://w3id.org/igkg/graph/merged
    """
    from kg.engines import OxigraphView
    from kg.engines.push import push as run_push

    credentials = None
    if auth:
        user, sep, password = auth.partition(":")
        if not sep:
            raise ConfigError("--auth takes USER:PASSWORD")
        credentials = (user, password)
    view = OxigraphView.open(store or settings.store_dir())
    target = graph_store or graph_store_for(endpoint)
    report = run_push(view, endpoint, target, credentials, progress=progress, default_graph=default_graph)
    total = sum(report.counts.values())
    click.echo(f"pushed {len(report.counts)} graphs, {total} triples; counts verified at {endpoint}", err=True)
    if default_graph:
        click.echo(f"query with: --endpoint {endpoint} --default-graph {default_graph}", err=True)
