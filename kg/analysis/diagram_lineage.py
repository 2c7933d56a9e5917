"""The lineage picture as a layered SVG (kg.analysis.diagram_layers), readable at its own size.

Each box is one node of the lineage: a mandate reads the instrument symbol and paragraph that
carry it, the action and to whom, who issued it, and when; a report that fulfilled a mandate reads
its title, symbol and date; the subject stands at the right end. Arrows follow authority forward:
from the earlier mandate to the later one, and on to the subject; renewals dashed, "pursuant to"
solid, the report that fulfilled a mandate dotted (the same code as the matplotlib picture).
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.analysis.diagram import MIN_FONT, Box, Canvas, Curve, text_width, wrap
from kg.analysis.diagram_layers import layered
from kg.analysis.lineage import Lineage, tree_roots

#: Relations whose edge points back in time (from the later node to the earlier one).
_BACKWARD = ("renews", "pursuant to", "mandated by")
_FILL = {"mandate": "#eaf2f8", "output": "#eafaf1", "subject": "#fdebd0"}
_STROKE = {"mandate": "#5d6d7e", "output": "#1e8449", "subject": "#a04000"}
_LINE_HEIGHT = 16.0
_PAD = 8.0
_WRAP = 30
_MARGIN = 16.0
_HEADER = 92.0


@dataclass(frozen=True)
class _Edge:
    colour: str
    dash: str
    width: float


_EDGE = {
    "renews": _Edge("#b03a2e", "7 4", 1.6),
    "pursuant to": _Edge("#566573", "", 1.4),
    "fulfilled by": _Edge("#1e8449", "2 3", 1.6),
    "mandated by": _Edge("#17202a", "", 1.4),
    "issued": _Edge("#17202a", "", 1.4),
}
_LEGEND = ("renews", "pursuant to", "fulfilled by", "mandated by")
_LEGEND_TEXT = {
    "renews": "renews (dashed)",
    "pursuant to": "given pursuant to",
    "fulfilled by": "fulfilled by a report (dotted)",
    "mandated by": "mandates the subject",
}


def _sort_date(attrs: dict[str, str]) -> str:
    return attrs.get("earliest") or attrs.get("adopted") or ""


def caption(attrs: dict[str, str]) -> list[tuple[str, bool]]:
    """A node's lines as (text, bold), before wrapping."""
    kind = attrs.get("kind")
    if kind == "subject":
        return [(attrs.get("label", ""), True)]
    if kind == "output":
        head = attrs.get("symbol") or attrs.get("label", "")
        rest = [attrs["label"]] if attrs.get("symbol") else []
        return [(head, True), *((r, False) for r in rest), (attrs.get("adopted") or "date unknown", False)]
    where = attrs.get("symbol") or attrs.get("instrument_label", "")
    if attrs.get("paragraph"):
        where += f" ¶{attrs['paragraph']}"
    span = (attrs.get("start") or "?") + (
        f"–{attrs['end']}" if attrs.get("end") else ("–" if attrs.get("start") else "")
    )
    return [
        (where, True),
        (f"{attrs.get('action', '')} → {attrs.get('mandatee_label', '')}", False),
        (f"by {attrs.get('issuer_label', '')}", False),
        (span, False),
    ]


def _lines(attrs: dict[str, str]) -> list[tuple[str, bool]]:
    return [(piece, bold) for text, bold in caption(attrs) for piece in wrap(text, _WRAP)]


def _box_size(lines: list[tuple[str, bool]]) -> tuple[float, float]:
    # Bold text runs about 10% wider than the estimate for regular text.
    widest = max(text_width(t, MIN_FONT) * (1.1 if bold else 1.0) for t, bold in lines)
    return max(widest + 2 * _PAD, 96.0), len(lines) * _LINE_HEIGHT + 2 * _PAD - 4


def drawn_edges(result: Lineage) -> list[tuple[str, str, str]]:
    """(from, to, relation) of the arrows drawn, authority flowing forward in time; the subject
    is joined to the top of each chain only (the rest is reachable)."""
    graph = result.graph
    roots = set(tree_roots(result))
    out = []
    for a, b in sorted(graph.edges):
        if a == result.subject and b not in roots:
            continue
        relation = graph.edges[a, b]["relation"]
        out.append((b, a, relation) if relation in _BACKWARD else (a, b, relation))
    return out


def _legend(canvas: Canvas, y: float) -> float:
    """The edge kinds, one sample line each, in a row; returns the row's right end."""
    x = _MARGIN
    for kind in _LEGEND:
        style = _EDGE[kind]
        arrow = canvas.marker(kind.replace(" ", "-"), style.colour)
        sample = Curve((x, y - 4), (((x + 30, y - 4),),))
        canvas.path(sample, style.colour, style.width, style.dash, arrow, ("legend", kind))
        canvas.text(x + 38, y, _LEGEND_TEXT[kind])
        x += 38 + text_width(_LEGEND_TEXT[kind], MIN_FONT) + 22
    return x


def lineage_canvas(result: Lineage, prefix: str = "lineage") -> Canvas:
    """The lineage drawn on a canvas (its geometry is kept for tests)."""
    graph = result.graph
    order = sorted((n for n in graph.nodes if n != result.subject), key=lambda n: (_sort_date(graph.nodes[n]), n))
    lines = {n: _lines(graph.nodes[n]) for n in [*order, result.subject]}
    edges = drawn_edges(result)
    sizes = {n: _box_size(lines[n]) for n in lines}
    # A box is tall enough for its arrows to arrive (and leave) apart: 12 units each.
    for end in (0, 1):
        for node in lines:
            count = sum(1 for e in edges if e[end] == node)
            sizes[node] = (sizes[node][0], max(sizes[node][1], 12.0 * (count + 1)))
    layout = layered(sizes, [(a, b) for a, b, _ in edges], origin=(_MARGIN, _HEADER))
    arrow = "who mandated it" if result.direction == "up" else "what it mandated"
    when = f", in force on {result.as_of}" if result.as_of else ""
    title = f"{result.label}: {arrow}{when}"
    canvas = Canvas(0, 0, title, prefix)
    canvas.text(_MARGIN, 26, title, size=16, weight="bold")
    canvas.text(_MARGIN, 48, "Each box: the instrument and paragraph, the action, who issued it, when.", fill="#424949")
    canvas.text(
        _MARGIN, 64, "Arrows run from the earlier mandate to the later one, ending at the subject.", fill="#424949"
    )
    legend_end = _legend(canvas, 84)
    relation = {(a, b): r for a, b, r in edges}
    for route in layout.routes:
        rel = relation[(route.source, route.target)]
        style = _EDGE.get(rel, _EDGE["pursuant to"])
        marker = canvas.marker(rel.replace(" ", "-"), style.colour)
        tip = f"{route.source} {rel} {route.target}"
        curve = route.curve
        if route.reversed:
            curve = _reverse(curve)
        canvas.path(curve, style.colour, style.width, style.dash, marker, (route.source, route.target), tip)
    for node in lines:
        _node(canvas, node, graph.nodes[node].get("kind", "mandate"), layout.boxes[node], lines[node])
    canvas.width = max(_MARGIN + layout.width + _MARGIN, legend_end, text_width(title, 16) * 1.1 + 2 * _MARGIN)
    canvas.height = _HEADER + layout.height + _MARGIN
    return canvas


def _reverse(curve: Curve) -> Curve:
    """The same path walked the other way (so the arrowhead lands at the right end)."""
    points: list[tuple[float, float]] = [curve.start]
    for step in curve.steps:
        points.append(step[-1])
    steps: list[tuple[tuple[float, float], ...]] = []
    for i in range(len(curve.steps) - 1, -1, -1):
        step = curve.steps[i]
        before = points[i]
        steps.append((before,) if len(step) == 1 else (step[1], step[0], before))
    return Curve(points[-1], tuple(steps))


def _node(canvas: Canvas, node: str, kind: str, box: Box, lines: list[tuple[str, bool]]) -> None:
    canvas.rect(box, _FILL.get(kind, "#ffffff"), _STROKE.get(kind, "#5d6d7e"), radius=5, name=node)
    y = box.y + _PAD + MIN_FONT
    for text, bold in lines:
        canvas.text(box.x + _PAD, y, text, weight="bold" if bold else "normal", cls="label")
        y += _LINE_HEIGHT


def lineage_svg(result: Lineage, declaration: bool = True, prefix: str = "lineage") -> bytes:
    """The lineage as a standalone SVG file (bytes), or, without the declaration, for a page."""
    return lineage_canvas(result, prefix).svg(declaration)
