"""``igkg stats``."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli.main import cli, store_option


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@store_option
def stats(fmt: str, store: Path | None) -> None:
    """What the built graph holds: things per class, facts per source, mandates per body, things
    without a label or a date, the facts without provenance (must be 0), and every disagreement
    between sources (the contested values kept as claims).

    Exit code 1 when a fact has no provenance, so that scripts can check it.
    """
    from kg.cli.isolated import on_store
    from kg.cli.main import write_stdout

    data, code = on_store(graph_stats, store, fmt)
    write_stdout([data])
    if code:
        raise SystemExit(code)


def graph_stats(store: str, fmt: str) -> tuple[bytes, int]:
    """``igkg stats``'s output and exit code (1: facts without provenance), in the process of its own."""
    from kg.analysis.stats import compute
    from kg.engines import OxigraphView

    result = compute(OxigraphView.open(Path(store)))
    text = result.to_json() if fmt == "json" else result.table()
    return text.encode("utf-8"), 1 if result.facts_without_provenance else 0
