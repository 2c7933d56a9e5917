"""``igkg lineage`` and ``igkg analyse``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from kg.cli.main import cli, graph_output_options, store_option, write_output
from kg.cli.types import ISO_DATE, SLUG


@cli.command()
@click.argument("slug", type=SLUG)
@click.option(
    "--up/--down",
    "up",
    default=True,
    show_default=True,
    help="Up: who mandated SLUG, back to the roots. Down: what SLUG mandated, onwards.",
)
@click.option(
    "--as-of", "as_of", type=ISO_DATE, default=None, metavar="YYYY-MM-DD", help="Only mandates in force on this date."
)
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
    from kg.cli.isolated import on_store

    data, _ = on_store(draw_lineage, store, slug, "up" if up else "down", as_of, depth, fmt)
    write_output(data, out, fmt)


def draw_lineage(
    store: str, slug: str, direction: str, as_of: str | None, depth: int | None, fmt: str
) -> tuple[bytes, int]:
    """``igkg lineage``'s output (in the process of its own, kg/cli/isolated.py)."""
    from kg.analysis.lineage import lineage as build_lineage
    from kg.analysis.lineage import to_dot, to_json, to_text
    from kg.engines import OxigraphView

    result = build_lineage(OxigraphView.open(Path(store)), slug, direction, as_of, depth)
    if fmt in ("svg", "png"):
        from kg.analysis.picture import draw

        return draw(result, fmt), 0
    return {"text": to_text, "json": to_json, "dot": to_dot}[fmt](result).encode("utf-8"), 0


@cli.command()
@click.option(
    "--as-of",
    "as_of",
    type=ISO_DATE,
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
    from kg.cli.isolated import on_store
    from kg.cli.main import write_stdout

    data, code = on_store(analyse_mandates, store, as_of or dt.date.today().isoformat(), fmt)
    write_stdout([data])
    if code:
        raise SystemExit(code)


def analyse_mandates(store: str, as_of: str, fmt: str) -> tuple[bytes, int]:
    """``igkg analyse``'s output and exit code (1: a cycle), in the process of its own."""
    from kg.analysis.lineage import mandate_graph
    from kg.analysis.mandates import analyse as run_analysis
    from kg.engines import OxigraphView

    result = run_analysis(mandate_graph(OxigraphView.open(Path(store))), as_of)
    text = result.to_json() if fmt == "json" else result.table()
    return text.encode("utf-8"), 1 if result.cycles else 0
