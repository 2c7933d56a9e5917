"""``igkg stats``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from kg.cli.main import cli, store_option


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option(
    "--as-of", "as_of", metavar="YYYY-MM-DD", help="the date of the time section (mandates by state); default today"
)
@store_option
def stats(fmt: str, as_of: str | None, store: Path | None) -> None:
    """What the built graph holds: things per class, facts per source, mandates per body, things
    without a label or a date, the facts without provenance (must be 0), and every disagreement
    between sources (the contested values kept as claims), and "time": the mandates by state on
    a date (in force, ended, lapsed by deadline, fulfilled, superseded, mandatee ended, unknown,
    not begun), and "evidence": per record kind and field, the facts with and without a quote
    tied to them (`supports`).

    Exit code 1 when a fact has no provenance, so that scripts can check it.
    """
    from kg.cli.isolated import on_store
    from kg.cli.main import write_stdout

    day = _checked_date(as_of) if as_of is not None else dt.date.today().isoformat()
    data, code = on_store(graph_stats, store, fmt, day)
    write_stdout([data])
    if code:
        raise SystemExit(code)


def _checked_date(text: str) -> str:
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise click.BadParameter(f"{text!r}: give a full date YYYY-MM-DD", param_hint="--as-of") from None


def graph_stats(store: str, fmt: str, as_of: str) -> tuple[bytes, int]:
    """``igkg stats``'s output and exit code (1: facts without provenance), in the process of its own."""
    from kg.analysis.stats import compute
    from kg.engines import OxigraphView

    result = compute(OxigraphView.open(Path(store)), as_of)
    text = result.to_json() if fmt == "json" else result.table()
    return text.encode("utf-8"), 1 if result.facts_without_provenance else 0
