"""``igkg coalitions``."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli.main import cli, graph_output_options, store_option, write_output
from kg.cli.types import SLUG


@cli.command()
@click.argument("meeting", type=SLUG)
@graph_output_options(
    "text: blocs and stance moves for people; json: the graph and the answers; dot/svg/png: the support graph."
)
@store_option
def coalitions(meeting: str, fmt: str, out: Path | None, store: Path | None) -> None:
    """Who backed whom in MEETING, the blocs that support forms, and how stances moved.

    Reads the meeting's explicit support links ("Support Philippines", "align with Malaysia") and
    positions into a networkx graph. Blocs are the communities of the graph of support; stance
    moves follow each delegation from morning to evening, with the lines that show each stance.

    \b
    Examples:
      igkg coalitions meeting-2010-12-cstd                       # blocs; who moved by the evening
      igkg coalitions meeting-2010-12-cstd --format json          # for scripts
      igkg coalitions meeting-2010-12-cstd --format png --out coalitions.png
    """
    from kg.cli.isolated import on_store

    data, _ = on_store(draw_coalitions, store, meeting, fmt)
    write_output(data, out, fmt)


def draw_coalitions(store: str, meeting: str, fmt: str) -> tuple[bytes, int]:
    """``igkg coalitions``'s output, in the process of its own (kg/cli/isolated.py)."""
    from kg.analysis.coalitions import coalitions as analyse
    from kg.analysis.coalitions import draw, to_dot, to_json, to_text
    from kg.engines import OxigraphView

    result = analyse(OxigraphView.open(Path(store)), meeting)
    if fmt in ("svg", "png"):
        return draw(result, fmt), 0
    return {"text": to_text, "json": to_json, "dot": to_dot}[fmt](result).encode("utf-8"), 0
