"""Pictures of a lineage: SVG by the layered writer (kg.analysis.diagram_lineage), PNG with
matplotlib (below): no system package needed.

Layout: time flows left to right. Each distinct date is a column (ordinal, so that a busy year
does not crowd a quiet decade); nodes of the same date stack in their column. A mandate's box
reads issuer, instrument and paragraph, action and mandatee, and validity. Arrows follow
authority forward in time: renewals dashed, "pursuant to" solid, the report that fulfilled a
mandate dotted.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import networkx as nx

from kg.analysis.figures import figure_bytes, new_figure
from kg.analysis.lineage import Lineage, node_caption, tree_roots

if TYPE_CHECKING:
    from matplotlib.axes import Axes


@dataclass(frozen=True)
class _Line:
    linestyle: Literal["-", "--", ":"]
    color: str


_STYLE = {
    "renews": _Line("--", "#b03a2e"),
    "pursuant to": _Line("-", "#566573"),
    "fulfilled by": _Line(":", "#1e8449"),
    "mandated by": _Line("-", "#17202a"),
    "issued": _Line("-", "#17202a"),
}
_LEGEND = ("renews", "pursuant to", "fulfilled by")
_FILL = {"mandate": "#eaf2f8", "output": "#eafaf1", "subject": "#fdebd0"}
#: Relations whose edge points back in time (from the later node to the earlier one).
_BACKWARD = ("renews", "pursuant to", "mandated by")
#: Distance between two date columns, and between two rows, in data units.
_COLUMN_STEP = 3.4
_ROW_STEP = 2.1


def _date(attrs: dict[str, str]) -> str:
    """The sort key: the first day the node's date can mean."""
    return attrs.get("earliest") or attrs.get("adopted") or ""


def _shown_date(attrs: dict[str, str]) -> str:
    """The date as the source gives it (a year stays a year: no invented day)."""
    return attrs.get("start") or attrs.get("adopted") or ""


def _wrap(caption: str, width: int = 30) -> str:
    lines: list[str] = []
    for line in caption.split("\n"):
        lines.extend(textwrap.wrap(line, width) or [""])
    return "\n".join(lines)


@dataclass(frozen=True)
class _Layout:
    """Where each node stands, and the dates written above the columns."""

    placed: dict[str, tuple[float, float]]
    #: column -> the dates, as the sources give them, of the nodes in that column
    headers: dict[int, set[str]]
    columns: int
    rows: int


def _layout(result: Lineage) -> _Layout:
    graph = result.graph
    others = [n for n in graph.nodes if n != result.subject]
    dates = sorted({_date(graph.nodes[n]) for n in others})
    column = {d: i for i, d in enumerate(dates)}
    headers: dict[int, set[str]] = {}
    for node in others:
        headers.setdefault(column[_date(graph.nodes[node])], set()).add(_shown_date(graph.nodes[node]))
    # Each chain (a connected group of mandates and their reports) gets its own band of rows.
    chains = sorted(
        nx.weakly_connected_components(graph.subgraph(others)),
        key=lambda c: min((_date(graph.nodes[n]), n) for n in c),
    )
    placed: dict[str, tuple[float, float]] = {}
    band_top = 0
    for chain in chains:
        stacks: dict[int, int] = {}
        for node in sorted(chain, key=lambda n: (_date(graph.nodes[n]), n)):
            col = column[_date(graph.nodes[node])]
            row = stacks.get(col, 0)
            stacks[col] = row + 1
            placed[node] = (col * _COLUMN_STEP, -(band_top + row) * _ROW_STEP)
        band_top += max(stacks.values())
    # The subject stands after the latest mandate (up) or before the earliest (down).
    subject_col = len(dates) if result.direction == "up" else -1
    placed[result.subject] = (subject_col * _COLUMN_STEP, 0.0)
    return _Layout(placed, headers, columns=len(dates) + 1, rows=max(band_top, 1))


def _draw_nodes(ax: Axes, result: Lineage, placed: dict[str, tuple[float, float]]) -> None:
    graph = result.graph
    for node, (x, y) in placed.items():
        attrs = graph.nodes[node]
        kind = attrs.get("kind", "mandate")
        ax.text(
            x,
            y,
            _wrap(node_caption(attrs)),
            ha="center",
            va="center",
            fontsize=7,
            bbox={"boxstyle": "round,pad=0.4", "facecolor": _FILL.get(kind, "#ffffff"), "edgecolor": "#5d6d7e"},
        )


def _arrow_ends(a: str, b: str, relation: str) -> tuple[str, str]:
    """An edge's ends as drawn: authority flows forward in time, from the earlier node to the later."""
    if relation in _BACKWARD:
        return b, a
    return a, b


def _draw_edges(ax: Axes, result: Lineage, placed: dict[str, tuple[float, float]]) -> None:
    from matplotlib.patches import FancyArrowPatch

    graph = result.graph
    roots = set(tree_roots(result))
    for a, b in sorted(graph.edges):
        if a == result.subject and b not in roots:
            continue  # the subject links to the top of each chain only: the rest is reachable
        relation = graph.edges[a, b]["relation"]
        src, dst = _arrow_ends(a, b, relation)
        style = _STYLE.get(relation, _STYLE["pursuant to"])
        ax.add_patch(
            FancyArrowPatch(
                placed[src],
                placed[dst],
                arrowstyle="-|>",
                mutation_scale=11,
                shrinkA=48,
                shrinkB=48,
                zorder=4,
                connectionstyle="arc3,rad=0.08",
                linewidth=1.0,
                linestyle=style.linestyle,
                color=style.color,
            )
        )


def _draw_frame(ax: Axes, result: Lineage, layout: _Layout) -> None:
    """The dates above the columns, the limits, the title and the legend."""
    from matplotlib.lines import Line2D

    # In column order: the set of nodes, hence the order the columns were met in, depends on the hash seed.
    for col, shown in sorted(layout.headers.items()):
        label = " / ".join(sorted(d for d in shown if d))
        if label:
            ax.text(col * _COLUMN_STEP, 1.3, label, ha="center", va="bottom", fontsize=7, color="#7b7d7d")
    xs = [x for x, _ in layout.placed.values()]
    ys = [y for _, y in layout.placed.values()]
    ax.set_xlim(min(xs) - 1.9, max(xs) + 1.9)
    ax.set_ylim(min(ys) - 1.3, max(ys) + 1.8)
    when = f", in force on {result.as_of}" if result.as_of else ""
    arrow = "who mandated" if result.direction == "up" else "what it mandated"
    ax.set_title(f"{result.label}: {arrow}{when}", fontsize=10)
    handles = [Line2D([], [], linestyle=_STYLE[k].linestyle, color=_STYLE[k].color, label=k) for k in _LEGEND]
    ax.legend(handles=handles, loc="lower right", fontsize=7, frameon=False)


def draw(result: Lineage, fmt: str) -> bytes:
    """The lineage as an SVG or PNG image (bytes). SVG is the layered drawing of
    :mod:`kg.analysis.diagram_lineage` (readable at its own size, deterministic); PNG is still
    drawn with matplotlib, as a raster needs a renderer and this one is already a dependency."""
    if fmt == "svg":
        from kg.analysis.diagram_lineage import lineage_svg

        return lineage_svg(result)
    layout = _layout(result)
    fig, ax = new_figure(max(6.0, layout.columns * 2.6), max(3.0, layout.rows * 1.9 + 1.2))
    ax.set_axis_off()
    _draw_nodes(ax, result, layout.placed)
    _draw_edges(ax, result, layout.placed)
    _draw_frame(ax, result, layout)
    return figure_bytes(fig, fmt)
