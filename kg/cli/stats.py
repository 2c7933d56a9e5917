"""``igkg stats``."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli.main import cli, store_option
from kg.core import settings


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@store_option
def stats(fmt: str, store: Path | None) -> None:
    """What the built graph holds: things per class, facts per source, mandates per body, things
    without a label or a date, the facts without provenance (must be 0), and every disagreement
    between sources (the contested values kept as claims).

    Exit code 1 when a fact has no provenance, so that scripts can check it.
    """
    from kg.analysis.stats import compute
    from kg.engines import OxigraphView

    result = compute(OxigraphView.open(store or settings.store_dir()))
    click.echo(result.to_json() if fmt == "json" else result.table(), nl=False)
    if result.facts_without_provenance:
        raise SystemExit(1)
