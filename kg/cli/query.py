"""``igkg queries``, ``igkg query`` and ``igkg sparql``.

A query runs in a process of its own, under a deadline, a row limit and a memory bound
(:mod:`kg.export.bounded`); this process only checks the options and writes the answer out as it
comes. So a one-line query loads neither pyoxigraph nor the query stage here.
"""

from __future__ import annotations

import contextlib
import json
import sys
from pathlib import Path
from typing import Any

import click

from kg.cli.main import cli, store_option, write_stdout
from kg.cli.types import COUNT, HTTP_URL, SECONDS
from kg.core import settings
from kg.core.errors import ConfigError, QueryError, SourceError

_FORMATS = click.Choice(["table", "csv", "tsv", "json"])

default_graph_option = click.option(
    "--default-graph",
    "default_graph",
    default=None,
    metavar="IRI",
    help="With --endpoint: the named graph that holds igkg's merged default graph (`igkg push "
    "--default-graph IRI`), for a store whose default graph is the union of all graphs (Virtuoso).",
)


#: The largest query file or standard input read (the query policy then refuses anything over its
#: own cap, 1 MiB); a bound so that ``-f /dev/zero`` or an endless pipe is refused, not read.
MAX_QUERY_INPUT = 8 * 1024 * 1024

endpoint_option = click.option(
    "--endpoint",
    type=HTTP_URL,
    default=None,
    metavar="URL",
    help="Ask this SPARQL 1.1 endpoint instead of the built store (an Oxigraph server, Virtuoso, Fuseki...).",
)


wide_option = click.option(
    "--wide",
    is_flag=True,
    help="A table with every value whole, however wide. Without it a table fits $COLUMNS, the "
    "terminal, or 120 columns when piped: things by their slug where a label does not fit, long "
    "cells cut with '…'.",
)


def limit_options(func: Any) -> Any:
    """``--timeout`` and ``--limit``: the query's deadline and row limit (kg/export/bounded.py)."""
    from kg.export.limits import DEFAULT_ROW_LIMIT, DEFAULT_TIMEOUT, MEMORY_ENV

    func = click.option(
        "--limit",
        type=COUNT,
        default=DEFAULT_ROW_LIMIT,
        show_default=True,
        metavar="ROWS",
        help="The most rows (or triples) an answer may have; 0 or none: no limit. csv, tsv and json are "
        "written as rows come and stop after ROWS; a table is written whole or not at all. Over the "
        "limit: exit 2.",
    )(func)
    return click.option(
        "--timeout",
        type=SECONDS,
        default=DEFAULT_TIMEOUT,
        show_default=True,
        metavar="SECONDS",
        help="Stop the query after this many seconds; 0 or none: no deadline. The query runs in a "
        f"process of its own, its memory bounded too (${MEMORY_ENV} MiB, none: unbounded; default "
        "half the machine's memory, at most 4096).",
    )(func)


def _parse_params(values: tuple[str, ...]) -> dict[str, str]:
    from kg.export.limits import odd_character

    params: dict[str, str] = {}
    for item in values:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise QueryError(f"--param {item!r}: write NAME=VALUE, for example --param id=igf")
        if name in params:
            raise QueryError(f"--param {name} is given twice")
        odd = odd_character(value)
        if odd is not None:
            raise QueryError(f"--param {name}: {value!r} contains {odd}; a parameter is one line of text")
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
@endpoint_option
@default_graph_option
@click.option(
    "--allow-service",
    "allowed",
    multiple=True,
    metavar="URL",
    help="Let a federated query (marked 'needs the network') reach this endpoint through SERVICE; repeatable.",
)
@wide_option
@limit_options
@store_option
def query(
    name: str,
    params: tuple[str, ...],
    fmt: str,
    endpoint: str | None,
    default_graph: str | None,
    allowed: tuple[str, ...],
    wide: bool,
    timeout: float | None,
    limit: int | None,
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
    from kg.export.limits import Request

    bound = _parse_params(params)
    if allowed and endpoint:
        raise ConfigError("--allow-service is for the built store; a remote endpoint decides its own SERVICE policy")
    request = Request(canned=name, params=bound, allowed_services=allowed, **_target(endpoint, store, default_graph))
    _answer(request, fmt, timeout, limit, wide)


@cli.command()
@click.argument("text", required=False)
@click.option(
    "--file",
    "-f",
    "file",
    type=click.Path(path_type=Path, dir_okay=False, allow_dash=True),
    default=None,
    help="Read the query from a file ('-' for stdin).",
)
@click.option("--format", "fmt", type=_FORMATS, default="table", show_default=True)
@endpoint_option
@default_graph_option
@wide_option
@limit_options
@store_option
def sparql(
    text: str | None,
    file: Path | None,
    fmt: str,
    endpoint: str | None,
    default_graph: str | None,
    wide: bool,
    timeout: float | None,
    limit: int | None,
    store: Path | None,
) -> None:
    """Run an ad-hoc SPARQL query (TEXT, --file FILE, or '-' for stdin) on the built store.

    The default graph is the union of all graphs; use GRAPH ?g to see where a fact comes from.
    Read-only: updates, SERVICE and deeply nested queries are refused.

    \b
    Example:
      igkg sparql 'SELECT ?body ?label WHERE { ?body a igkg:Forum ; rdfs:label ?label }'
    """
    from kg.export.limits import Request

    query_text = _query_text(text, file)
    request = Request(sparql=query_text, **_target(endpoint, store, default_graph))
    _answer(request, fmt, timeout, limit, wide)


def _query_text(text: str | None, file: Path | None) -> str:
    """The query, from the argument, a file or standard input, as UTF-8 text."""
    from kg.core.files import read_regular

    if file is not None and text is not None:
        raise ConfigError("give the query as TEXT or with --file, not both")
    if file is not None and str(file) != "-":
        return _utf8(read_regular(file, MAX_QUERY_INPUT), str(file))
    if file is not None or text == "-":
        data = sys.stdin.buffer.read(MAX_QUERY_INPUT + 1)
        if len(data) > MAX_QUERY_INPUT:
            raise ConfigError(f"standard input holds more than {MAX_QUERY_INPUT} bytes: that is not a query")
        return _utf8(data, "standard input")
    if not text:
        raise ConfigError("give a query: igkg sparql 'SELECT ...', --file FILE, or - for stdin")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:  # bytes the terminal's encoding could not read (surrogates)
        raise QueryError(f"the query holds bytes that are not UTF-8 text (at character {exc.start + 1})") from None
    return text


def _utf8(data: bytes, where: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SourceError(where, f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None


def _target(endpoint: str | None, store: Path | None, default_graph: str | None) -> dict[str, Any]:
    """The built store, or a SPARQL endpoint when one is given (not both), as a request's fields."""
    if endpoint and store:
        raise ConfigError("give --endpoint or --store, not both")
    if default_graph and not endpoint:
        raise ConfigError("--default-graph names a graph in a SPARQL endpoint: give --endpoint URL too")
    if endpoint:
        return {"endpoint": endpoint, "default_graph": default_graph}
    return {"store": str(store or settings.store_dir())}


def _answer(request: Any, fmt: str, timeout: float | None, limit: int | None, wide: bool) -> None:
    """Run the request under the limits and write its answer to stdout as it comes."""
    from dataclasses import replace

    from kg.export.bounded import stream
    from kg.export.limits import Limits
    from kg.export.width import table_width

    limits = Limits(timeout=timeout, rows=limit, timeout_name="--timeout", rows_name="--limit")
    width = table_width(wide)  # decided here: the query's process does not see our terminal
    # Closed however the writing ends (Ctrl-C, a reader gone): its process is killed at once.
    with contextlib.closing(stream(replace(request, output=fmt, table_width=width), limits)) as pieces:
        write_stdout(pieces)
