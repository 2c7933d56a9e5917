"""Pictures of a lineage (SVG or PNG), drawn with matplotlib: no system package needed.

Layout: time flows left to right. Each distinct date is a column (ordinal, so that a busy year
does not crowd a quiet decade); nodes of the same date stack in their column. A mandate's box
reads issuer, instrument and paragraph, action and mandatee, and validity. Arrows follow
authority forward in time: renewals dashed, "pursuant to" solid, the report that fulfilled a
mandate dotted.
"""

from __future__ import annotations

import io
import textwrap

import networkx as nx

from kg.analysis.lineage import Lineage, node_caption, tree_roots

_STYLE = {
    "renews": {"linestyle": "--", "color": "#b03a2e"},
    "pursuant to": {"linestyle": "-", "color": "#566573"},
    "fulfilled by": {"linestyle": ":", "color": "#1e8449"},
    "mandated by": {"linestyle": "-", "color": "#17202a"},
    "issued": {"linestyle": "-", "color": "#17202a"},
}
_FILL = {"mandate": "#eaf2f8", "output": "#eafaf1", "subject": "#fdebd0"}


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


def draw(result: Lineage, fmt: str) -> bytes:
    """The lineage as an SVG or PNG image (bytes)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.patches import FancyArrowPatch

    matplotlib.rcParams["svg.hashsalt"] = "igkg"  # stable element ids
    matplotlib.rcParams["svg.fonttype"] = "none"  # text stays text: searchable, small

    graph = result.graph
    others = [n for n in graph.nodes if n != result.subject]
    dates = sorted({_date(graph.nodes[n]) for n in others})
    column = {d: i for i, d in enumerate(dates)}
    headers: dict[int, set[str]] = {}
    for node in others:
        headers.setdefault(column[_date(graph.nodes[node])], set()).add(_shown_date(graph.nodes[node]))
    # The subject stands after the latest mandate (up) or before the earliest (down).
    subject_col = len(dates) if result.direction == "up" else -1
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
            placed[node] = (col * 3.4, -(band_top + row) * 2.1)
        band_top += max(stacks.values())
    placed[result.subject] = (subject_col * 3.4, 0.0)
    roots = set(tree_roots(result))
    rows = max(band_top, 1)

    columns = len(dates) + 1
    fig, ax = plt.subplots(figsize=(max(6.0, columns * 2.6), max(3.0, rows * 1.9 + 1.2)))
    ax.set_axis_off()
    boxes = {}
    for node, (x, y) in placed.items():
        attrs = graph.nodes[node]
        kind = attrs.get("kind", "mandate")
        boxes[node] = ax.text(
            x,
            y,
            _wrap(node_caption(attrs)),
            ha="center",
            va="center",
            fontsize=7,
            bbox={"boxstyle": "round,pad=0.4", "facecolor": _FILL.get(kind, "#ffffff"), "edgecolor": "#5d6d7e"},
        )
    for a, b in sorted(graph.edges):
        relation = graph.edges[a, b]["relation"]
        if a == result.subject and b not in roots:
            continue  # the subject links to the top of each chain only: the rest is reachable
        # Authority flows forward in time: draw from the earlier node to the later one.
        src, dst = (b, a) if relation in ("renews", "pursuant to", "mandated by") else (a, b)
        if result.direction == "up" and relation == "mandated by":
            src, dst = b, a
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
                **style,
            )
        )
    for col, shown in headers.items():
        label = " / ".join(sorted(d for d in shown if d))
        if label:
            ax.text(col * 3.4, 1.3, label, ha="center", va="bottom", fontsize=7, color="#7b7d7d")
    xs = [x for x, _ in placed.values()]
    ys = [y for _, y in placed.values()]
    ax.set_xlim(min(xs) - 1.9, max(xs) + 1.9)
    ax.set_ylim(min(ys) - 1.3, max(ys) + 1.8)
    when = f", in force on {result.as_of}" if result.as_of else ""
    arrow = "who mandated" if result.direction == "up" else "what it mandated"
    ax.set_title(f"{result.label}: {arrow}{when}", fontsize=10)
    handles = [plt.Line2D([], [], **_STYLE[k], label=k) for k in ("renews", "pursuant to", "fulfilled by")]
    ax.legend(handles=handles, loc="lower right", fontsize=7, frameon=False)
    buffer = io.BytesIO()
    metadata = {"Date": None} if fmt == "svg" else {"Software": None}
    fig.savefig(buffer, format=fmt, bbox_inches="tight", dpi=130, metadata=metadata)
    plt.close(fig)
    return buffer.getvalue()
