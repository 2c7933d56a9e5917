"""Coalitions in a meeting: the support graph, the blocs it forms, and how stances moved.

Reads the explicit support links and the positions of a meeting from the store (the canned
queries ``coalitions`` and ``positions``) into a networkx ``DiGraph`` (supporter -> supported).
Blocs are the communities of the graph of positive links (support, align, agree), found with
networkx's greedy modularity, which is deterministic. Stance moves compare each agent's
positions by part of the day, in the order of the record.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import networkx as nx

from kg.analysis.figures import figure_bytes, new_figure
from kg.core.errors import QueryError
from kg.engines import View
from kg.query.run import run_canned

if TYPE_CHECKING:
    from matplotlib.axes import Axes

DAY_PARTS = ("morning", "afternoon", "evening")
POSITIVE = ("support", "align", "agree")
GOVERNMENTS_ONLY = "governments only"


@dataclass(frozen=True)
class Held:
    stance: str
    day_part: str
    session: str
    lines: str
    quote: str


@dataclass
class Coalitions:
    meeting: str
    graph: nx.DiGraph
    blocs: list[list[str]]
    positions: dict[str, list[Held]] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)

    def stance_in(self, agent: str, part: str) -> list[Held]:
        return [h for h in self.positions.get(agent, []) if h.day_part == part]

    def governments_only_in_the_morning(self) -> list[str]:
        return [
            a for a in sorted(self.positions) if any(h.stance == GOVERNMENTS_ONLY for h in self.stance_in(a, "morning"))
        ]

    def last_stance(self, agent: str) -> Held | None:
        """The last position that takes a side (a procedural remark takes none)."""
        held = [h for h in self.positions.get(agent, []) if h.stance != "procedural"]
        return held[-1] if held else None

    def moved_by_evening(self) -> list[str]:
        """Agents governments-only in the morning whose last recorded position is another stance."""
        out = []
        for agent in self.governments_only_in_the_morning():
            last = self.last_stance(agent)
            if last and last.stance != GOVERNMENTS_ONLY:
                out.append(agent)
        return out


def _label(rows: list[dict[str, str]], slug_key: str, label_key: str) -> dict[str, str]:
    return {row[slug_key]: row[label_key] for row in rows}


def coalitions(view: View, meeting: str) -> Coalitions:
    """The support graph of ``meeting``, its blocs and the positions its agents took.

    :raises QueryError: the meeting has neither support links nor positions.
    """
    links = run_canned(view, "coalitions", {"id": meeting}).dicts()
    held = run_canned(view, "positions", {"id": meeting}).dicts()
    if not links and not held:
        raise QueryError(f"{meeting!r} has no support links or positions: is it a meeting with a reviewed overlay?")
    labels = _label(links, "supporter_id", "supporter") | _label(links, "supported_id", "supported")
    labels |= _label(held, "holder_id", "holder")
    graph = _support_graph(labels, links)
    positions = _positions(held)
    for slug, stances in positions.items():
        morning = [h.stance for h in stances if h.day_part == "morning"]
        graph.nodes[slug]["morning"] = morning[0] if morning else ""
        graph.nodes[slug]["last"] = stances[-1].stance
    return Coalitions(meeting, graph, _blocs(graph), positions, labels)


def _support_graph(labels: dict[str, str], links: list[dict[str, str]]) -> nx.DiGraph:
    """supporter -> supported, each edge with its links (manner, line, quote) in record order."""
    graph = nx.DiGraph()
    for slug in sorted(labels):
        graph.add_node(slug, label=labels[slug])
    for row in links:
        a, b = row["supporter_id"], row["supported_id"]
        link = {"manner": row["manner"], "line": row["line"], "quote": row["quote"]}
        if graph.has_edge(a, b):
            graph.edges[a, b]["links"].append(link)
        else:
            graph.add_edge(a, b, links=[link])
    return graph


def _positions(held: list[dict[str, str]]) -> dict[str, list[Held]]:
    """Each agent's positions, in the order of the record."""
    positions: dict[str, list[Held]] = {}
    for row in held:
        lines = row["line_start"] if row["line_start"] == row["line_end"] else f"{row['line_start']}-{row['line_end']}"
        positions.setdefault(row["holder_id"], []).append(
            Held(row["stance"], row.get("day_part", ""), row.get("session", ""), lines, row["quote"])
        )
    return positions


def _blocs(graph: nx.DiGraph) -> list[list[str]]:
    """The communities of the positive links, weighted by their number, largest first."""
    positive = nx.Graph()
    positive.add_nodes_from(sorted(graph.nodes))
    for a, b, data in sorted(graph.edges(data=True)):
        weight = sum(1 for link in data["links"] if link["manner"] in POSITIVE)
        if weight:
            w = positive.edges[a, b]["weight"] + weight if positive.has_edge(a, b) else weight
            positive.add_edge(a, b, weight=w)
    connected = positive.subgraph([n for n in positive.nodes if positive.degree(n)])
    communities = nx.community.greedy_modularity_communities(connected, weight="weight") if connected.edges else []
    return sorted((sorted(c) for c in communities), key=lambda c: (-len(c), c))


def _bloc_summary(result: Coalitions, bloc: list[str]) -> str:
    counts: dict[str, int] = {}
    for agent in bloc:
        stance = result.graph.nodes[agent].get("morning")
        if stance:
            counts[stance] = counts.get(stance, 0) + 1
    return ", ".join(f"{s} {n}" for s, n in sorted(counts.items(), key=lambda x: (-x[1], x[0]))) or "no morning stance"


def _path(result: Coalitions, agent: str) -> str:
    steps = [f"{h.day_part or '?'} {h.stance} ({h.lines})" for h in result.positions.get(agent, [])]
    return " → ".join(steps)


def _most_backed(result: Coalitions, shown: int = 8) -> list[tuple[int, str]]:
    """(support links received, agent) for the agents that received the most."""
    g = result.graph
    received = sorted(((sum(len(g.edges[a, b]["links"]) for a in g.predecessors(b)), b) for b in g.nodes), reverse=True)
    return [r for r in received if r[0]][:shown]


def _verdict(result: Coalitions, agent: str, moved: set[str]) -> str:
    """Where an agent that was governments-only in the morning stood later."""
    last = result.last_stance(agent)
    if agent in moved:
        return f"moved by the {last.day_part}" if last else "moved"
    if last and last.day_part != "morning":
        return f"held (last: {last.day_part})"
    return "no later stance recorded"


def to_text(result: Coalitions) -> str:
    g = result.graph
    n_links = sum(len(d["links"]) for _, _, d in g.edges(data=True))
    out = [f"Coalitions in {result.meeting}: {n_links} support links among {g.number_of_nodes()} agents", ""]
    out.append("Who backed whom most (in-degree of support):")
    out += [f"  {result.labels[agent]:<32} {count}" for count, agent in _most_backed(result)]
    out += ["", "Blocs (communities of the support graph; morning stances of their members):"]
    for i, bloc in enumerate(result.blocs, 1):
        names = ", ".join(result.labels[a] for a in bloc)
        out.append(f"  {i}. {names}")
        out.append(f"     {_bloc_summary(result, bloc)}")
    out += ["", "Governments only in the morning, and where they stood later:"]
    moved = set(result.moved_by_evening())
    out += [
        f"  {result.labels[agent]:<16} {_verdict(result, agent, moved):<27} {_path(result, agent)}"
        for agent in result.governments_only_in_the_morning()
    ]
    out += ["", f"Moved by the evening: {', '.join(result.labels[a] for a in sorted(moved)) or 'none'}"]
    return "\n".join(out) + "\n"


def to_json(result: Coalitions) -> str:
    g = result.graph
    data = {
        "meeting": result.meeting,
        "nodes": [
            {
                "id": n,
                "label": g.nodes[n]["label"],
                "morning": g.nodes[n].get("morning", ""),
                "last": g.nodes[n].get("last", ""),
            }
            for n in sorted(g.nodes)
        ],
        "links": [
            {"supporter": a, "supported": b, **link} for a, b in sorted(g.edges) for link in g.edges[a, b]["links"]
        ],
        "blocs": result.blocs,
        "positions": {agent: [h.__dict__ for h in held] for agent, held in sorted(result.positions.items())},
        "governments_only_in_the_morning": result.governments_only_in_the_morning(),
        "moved_by_evening": result.moved_by_evening(),
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


_COLOUR = {
    "governments only": "#c0392b",
    "all stakeholders on an equal footing": "#2471a3",
    "compromise": "#d4ac0d",
    "procedural": "#909497",
    "": "#ffffff",
}


def _dot_quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def to_dot(result: Coalitions) -> str:
    g = result.graph
    lines = ["digraph coalitions {", '  node [shape=ellipse, style=filled, fontname="Helvetica", fontsize=10];']
    for n in sorted(g.nodes):
        colour = _COLOUR.get(g.nodes[n].get("morning", ""), "#ffffff")
        lines.append(f"  {_dot_quote(n)} [label={_dot_quote(g.nodes[n]['label'])}, fillcolor={_dot_quote(colour)}];")
    for a, b in sorted(g.edges):
        manners = sorted({link["manner"] for link in g.edges[a, b]["links"]})
        style = "dashed" if manners == ["oppose"] else "solid"
        lines.append(f"  {_dot_quote(a)} -> {_dot_quote(b)} [label={_dot_quote(', '.join(manners))}, style={style}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _bloc_layout(result: Coalitions) -> tuple[dict[str, tuple[float, float]], float]:
    """Each bloc on its own circle, blocs side by side; agents in no bloc in a column at the right.

    Returns the positions and the width they take.
    """
    pos: dict[str, tuple[float, float]] = {}
    x0 = 0.0
    for bloc in result.blocs:
        radius = 0.9 + 0.22 * len(bloc)
        layout = nx.circular_layout(sorted(bloc), scale=radius)
        for node in sorted(layout):
            x, y = layout[node]
            pos[node] = (x0 + radius + float(x), float(y))
        x0 += 2 * radius + 1.6
    loners = sorted(n for n in result.graph.nodes if n not in pos)
    for i, node in enumerate(loners):
        pos[node] = (x0 + 0.8, 2.0 - i * 0.7)
    return pos, x0 + 2.0


def _draw_links(ax: Axes, g: nx.DiGraph, pos: dict[str, tuple[float, float]]) -> None:
    for a, b in sorted(g.edges):
        opposes = {link["manner"] for link in g.edges[a, b]["links"]} == {"oppose"}
        ax.annotate(
            "",
            xy=pos[b],
            xytext=pos[a],
            arrowprops={
                "arrowstyle": "-|>",
                "color": "#7b241c" if opposes else "#566573",
                "linestyle": "--" if opposes else "-",
                "shrinkA": 14,
                "shrinkB": 14,
                "lw": 0.8,
            },
        )


def _draw_agents(ax: Axes, g: nx.DiGraph, pos: dict[str, tuple[float, float]]) -> None:
    """Each agent's name (its slug where the name is long), coloured by its morning stance."""
    for node in sorted(g.nodes):
        x, y = pos[node]
        colour = _COLOUR.get(g.nodes[node].get("morning", ""), "#ffffff")
        label = g.nodes[node]["label"]
        ax.text(
            x,
            y,
            label if len(label) <= 20 else node.upper(),
            ha="center",
            va="center",
            fontsize=8,
            bbox={"boxstyle": "round,pad=0.3", "fc": colour, "ec": "#17202a", "alpha": 0.9},
        )


def _draw_frame(ax: Axes, result: Coalitions, pos: dict[str, tuple[float, float]]) -> None:
    """The legend, the title and the limits."""
    from matplotlib.patches import Patch

    ax.legend(
        handles=[Patch(color=c, label=s or "no morning stance") for s, c in _COLOUR.items()],
        loc="lower left",
        fontsize=8,
        title="stance in the morning",
        title_fontsize=8,
    )
    ax.set_title(f"Who backed whom: {result.meeting} (arrow: supporter → supported; dashed: opposes)", fontsize=10)
    ax.axis("off")
    xs = [p[0] for p in pos.values()] or [0.0]
    ys = [p[1] for p in pos.values()] or [0.0]
    ax.set_xlim(min(xs) - 1, max(xs) + 1)
    ax.set_ylim(min(ys) - 2.2, max(ys) + 0.6)


def draw(result: Coalitions, fmt: str) -> bytes:
    """The support graph as SVG or PNG: colour = morning stance; one cluster per bloc."""
    pos, width = _bloc_layout(result)
    fig_w = min(22.0, max(9.0, 1.2 * width))
    fig, ax = new_figure(fig_w, fig_w * 0.5)
    _draw_links(ax, result.graph, pos)
    _draw_agents(ax, result.graph, pos)
    _draw_frame(ax, result, pos)
    return figure_bytes(fig, fmt)
