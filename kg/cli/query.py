"""``igkg queries``, ``igkg query`` and ``igkg sparql``."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from kg.cli.main import cli, store_option
from kg.core import settings
from kg.core.errors import ConfigError, QueryError
from kg.engines.base import View

_FORMATS = click.Choice(["table", "csv", "tsv", "json"])

default_graph_option = click.option(
    "--default-graph",
    "default_graph",
    default=None,
    metavar="IRI",
    help="With --endpoint: the named graph that holds igkg's merged default graph (`igkg push "
    "--default-graph IRI`), for a store whose default graph is the union of all graphs (Virtuoso).",
)


def _parse_params(values: tuple[str, ...]) -> dict[str, str]:
    params: dict[str, str] = {}
    for item in values:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise QueryError(f"--param {item!r}: write NAME=VALUE, for example --param id=igf")
        if name in params:
            raise QueryError(f"--param {name} is given twice")
        params[name] = value
    return params


@cli.command("queries")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def list_queries(fmt: str) -> None:
    """List the canned queries, with their parameters.

    Parameters follow one convention: a thing is `id` (its slug), a date is `as_of`
    (YYYY-MM-DD), a second thing is `other`.
    """
    from kg.query.catalog import catalog

    queries = catalog(include_federated=True)
    if fmt == "json":
        doc = [
            {
                "name": q.name,
                "title": q.title,
                "description": q.description,
                "needs_network": q.federated,
                "params": [
                    {
                        "name": p.name,
                        "type": p.type,
                        "required": p.required,
                        "default": p.default,
                        "example": p.example,
                        "doc": p.doc,
                    }
                    for p in q.params.values()
                ],
            }
            for q in queries.values()
        ]
        click.echo(json.dumps(doc, indent=2, ensure_ascii=False))
        return
    for q in queries.values():
        params = " ".join(
            f"--param {p.name}={p.example or p.type.upper()}" + ("" if p.required else " (optional)")
            for p in q.params.values()
        )
        click.echo(f"{q.name}  —  {q.title}" + ("  [needs the network: --allow-service]" if q.federated else ""))
        click.echo(f"    igkg query {q.name} {params}".rstrip())
        click.echo(f"    {q.description}")
        click.echo("")


@cli.command()
@click.argument("name")
@click.option(
    "--param",
    "-p",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="A query parameter; repeat for several (see `igkg queries`).",
)
@click.option(
    "--format",
    "fmt",
    type=_FORMATS,
    default="table",
    show_default=True,
    help="table for people; csv, tsv or json (SPARQL 1.1 results) for machines.",
)
@click.option(
    "--endpoint",
    default=None,
    metavar="URL",
    help="Ask this SPARQL 1.1 endpoint instead of the built store (an Oxigraph server, Virtuoso, Fuseki...).",
)
@default_graph_option
@click.option(
    "--allow-service",
    "allowed",
    multiple=True,
    metavar="URL",
    help="Let a federated query (marked 'needs the network') reach this endpoint through SERVICE; repeatable.",
)
@store_option
def query(
    name: str,
    params: tuple[str, ...],
    fmt: str,
    endpoint: str | None,
    default_graph: str | None,
    allowed: tuple[str, ...],
    store: Path | None,
) -> None:
    """Run the canned query NAME on the built store (it never rebuilds).

    \b
    Examples:
      igkg query who-mandated --param id=wg-igf-improvements
      igkg query mandated-by --param id=ecosoc --format csv
      igkg query provenance --param id=igf --format json
      igkg query who-mandated --param id=igf --endpoint http://127.0.0.1:7878/query
      igkg query wikidata-bodies --allow-service https://query.wikidata.org/sparql   # needs the network
    """
    from kg.export.results import render
    from kg.query.run import run_canned
    from kg.query.safety import Policy

    bound = _parse_params(params)
    if allowed and endpoint:
        raise ConfigError("--allow-service is for the built store; a remote endpoint decides its own SERVICE policy")
    view = _view(endpoint, store, default_graph)
    policy = Policy(allowed_services=frozenset(allowed))
    click.echo(render(run_canned(view, name, bound, policy=policy), fmt), nl=False)


@cli.command()
@click.argument("text", required=False)
@click.option(
    "--file",
    "-f",
    "file",
    type=click.File("r", encoding="utf-8"),
    default=None,
    help="Read the query from a file ('-' for stdin).",
)
@click.option("--format", "fmt", type=_FORMATS, default="table", show_default=True)
@click.option(
    "--endpoint",
    default=None,
    metavar="URL",
    help="Ask this SPARQL 1.1 endpoint instead of the built store (an Oxigraph server, Virtuoso, Fuseki...).",
)
@default_graph_option
@store_option
def sparql(
    text: str | None, file: object, fmt: str, endpoint: str | None, default_graph: str | None, store: Path | None
) -> None:
    """Run an ad-hoc SPARQL query (TEXT, --file FILE, or '-' for stdin) on the built store.

    The default graph is the union of all graphs; use GRAPH ?g to see where a fact comes from.
    Read-only: updates, SERVICE and deeply nested queries are refused.

    \b
    Example:
      igkg sparql 'SELECT ?body ?label WHERE { ?body a igkg:Forum ; rdfs:label ?label }'
    """
    from kg.export.dumps import PREFIXES
    from kg.export.results import render
    from kg.query.run import run_sparql

    if file is not None:
        query_text = file.read()  # type: ignore[attr-defined]
    elif text == "-":
        query_text = sys.stdin.read()
    elif text:
        query_text = text
    else:
        raise ConfigError("give a query: igkg sparql 'SELECT ...', --file FILE, or - for stdin")
    declared = {
        line.split()[1].rstrip(":").lower()
        for line in query_text.splitlines()
        if line.strip().upper().startswith("PREFIX") and len(line.split()) > 1
    }
    header = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items() if p not in declared)
    view = _view(endpoint, store, default_graph)
    click.echo(render(run_sparql(view, header + query_text), fmt), nl=False)


def _view(endpoint: str | None, store: Path | None, default_graph: str | None = None) -> View:
    """The built store, or a SPARQL endpoint when one is given (not both)."""
    if endpoint and store:
        raise ConfigError("give --endpoint or --store, not both")
    if default_graph and not endpoint:
        raise ConfigError("--default-graph names a graph in a SPARQL endpoint: give --endpoint URL too")
    if endpoint:
        from kg.engines.remote import EndpointView

        return EndpointView(endpoint, default_graph=default_graph)
    from kg.engines.oxigraph import OxigraphView

    return OxigraphView.open(store or settings.store_dir())
