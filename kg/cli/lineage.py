"""``igkg lineage`` and ``igkg analyse``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from kg.cli.main import cli, graph_output_options, store_option, write_output
from kg.core import settings


@cli.command()
@click.argument("slug")
@click.option(
    "--up/--down",
    "up",
    default=True,
    show_default=True,
    help="Up: who mandated SLUG, back to the roots. Down: what SLUG mandated, onwards.",
)
@click.option("--as-of", "as_of", default=None, metavar="YYYY-MM-DD", help="Only mandates in force on this date.")
@click.option("--depth", type=click.IntRange(min=1), default=None, help="How many mandates deep to follow the chain.")
@graph_output_options("text: an indented tree; json: nodes and edges; dot: Graphviz; svg/png: a picture.")
@store_option
def lineage(
    slug: str, up: bool, as_of: str | None, depth: int | None, fmt: str, out: Path | None, store: Path | None
) -> None:
    """The mandate chain of SLUG, as a tree with dates and sources, or as a picture.

    \b
    Examples:
      igkg lineage wg-igf-improvements                      # who mandated the working group
      igkg lineage igf --as-of 2012-01-01                   # the IGF's mandates in force in 2012
      igkg lineage ecosoc --down --depth 2                  # what ECOSOC set in motion
      igkg lineage igf --format svg --out igf.svg           # the picture: time flows left to right
    """
    from kg.analysis.lineage import lineage as build_lineage
    from kg.analysis.lineage import to_dot, to_json, to_text
    from kg.engines import OxigraphView

    view = OxigraphView.open(store or settings.store_dir())
    result = build_lineage(view, slug, "up" if up else "down", as_of, depth)
    if fmt in ("svg", "png"):
        from kg.analysis.picture import draw

        data = draw(result, fmt)
    else:
        data = {"text": to_text, "json": to_json, "dot": to_dot}[fmt](result).encode("utf-8")
    write_output(data, out, fmt)


@cli.command()
@click.option(
    "--as-of",
    "as_of",
    default=None,
    metavar="YYYY-MM-DD",
    help="The date against which mandates count as lapsed (default: today).",
)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@store_option
def analyse(as_of: str | None, fmt: str, store: Path | None) -> None:
    """Analyse the mandate graph: roots of authority, longest chains, bodies whose mandates have
    lapsed, open-ended mandates, renewals that renew nothing or are renewed twice, and cycles.

    Exit code 1 when the graph has a cycle (a data error: the build refuses one, too).
    """
    from kg.analysis.lineage import mandate_graph
    from kg.analysis.mandates import analyse as run_analysis
    from kg.engines import OxigraphView

    view = OxigraphView.open(store or settings.store_dir())
    result = run_analysis(mandate_graph(view), as_of or dt.date.today().isoformat())
    click.echo(result.to_json() if fmt == "json" else result.table(), nl=False)
    if result.cycles:
        raise SystemExit(1)
