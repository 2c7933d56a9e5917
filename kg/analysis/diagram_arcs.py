"""The coalition picture of a meeting as an arc diagram (SVG, kg.analysis.diagram).

The agents that made or received a support link are listed top to bottom, grouped by bloc (the
blocs of kg.analysis.coalitions, largest first; then the agents in no bloc), each name with a
square in the colour of its stance in the morning. Every "backs" link is an arc on the right of
the names, from the backer's dot to the backed one's, with an arrowhead at the backed; the more
links between the two, the thicker the arc; its colour is the backer's bloc; dashed, an explicit
refusal. All arcs stay right of the dots and all names left of them, so no arc crosses a name.
"""

from __future__ import annotations

from kg.analysis.coalitions import Coalitions
from kg.analysis.diagram import MIN_FONT, Box, Canvas, Curve, num, text_width, wrap

_BLOC_COLOURS = ("#1f618d", "#b9770e", "#117a65", "#7d3c98", "#a93226", "#2e4053", "#7e5109", "#0e6655")
_LONERS = "#5d6d7e"
_STANCE = {
    "governments only": "#c0392b",
    "all stakeholders on an equal footing": "#2471a3",
    "compromise": "#d4ac0d",
    "procedural": "#909497",
}
_MARGIN = 16.0
_ROW = 20.0
_HEADING = 30.0
_SWATCH = 10.0
_DOT = 3.0


def _name(result: Coalitions, agent: str) -> str:
    return result.labels.get(agent) or agent


def _groups(result: Coalitions) -> list[tuple[str, str, list[str]]]:
    """(heading, colour, members) for each bloc, then the linked agents in no bloc."""
    g = result.graph
    linked = {n for n in g.nodes if g.degree(n)}
    groups = []
    placed: set[str] = set()
    for i, bloc in enumerate(result.blocs, 1):
        members = sorted((a for a in bloc if a in linked), key=lambda a: (_name(result, a).casefold(), a))
        placed |= set(members)
        if members:
            groups.append((f"Bloc {i}", _BLOC_COLOURS[(i - 1) % len(_BLOC_COLOURS)], members))
    rest = sorted(linked - placed, key=lambda a: (_name(result, a).casefold(), a))
    if rest:
        groups.append(("In no bloc", _LONERS, rest))
    return groups


def _manners(result: Coalitions, a: str, b: str) -> list[str]:
    return [link["manner"] for link in result.graph.edges[a, b]["links"]]


def _legend(canvas: Canvas, y: float) -> float:
    x = _MARGIN
    canvas.text(x, y, "Stance in the morning:", fill="#424949")
    x += text_width("Stance in the morning:", MIN_FONT) + 8
    for stance, colour in [*_STANCE.items(), ("none recorded", "#ffffff")]:
        canvas.rect(Box(x, y - _SWATCH, _SWATCH, _SWATCH), colour, "#17202a")
        canvas.text(x + _SWATCH + 5, y, stance)
        x += _SWATCH + 5 + text_width(stance, MIN_FONT) + 14
    return x


def coalition_canvas(result: Coalitions, title: str = "", prefix: str = "coalitions") -> Canvas:
    """The arc diagram drawn on a canvas (the geometry is kept for tests)."""
    title = title or f"Who backed whom: {result.meeting}"
    canvas = Canvas(0, 0, title, prefix)
    heads = wrap(title, 72)  # a meeting's label can be long: the title wraps rather than widen the picture
    for i, line in enumerate(heads):
        canvas.text(_MARGIN, 26 + 20 * i, line, size=16, weight="bold")
    top = 20.0 * (len(heads) - 1)
    how = (
        "An arc runs from the backer to the one backed (arrowhead); thicker: more links; colour: the backer's bloc; "
        "dashed: opposes."
    )
    canvas.text(_MARGIN, top + 48, how, fill="#424949")
    legend_end = _legend(canvas, top + 70)
    groups = _groups(result)
    names = [a for _, _, members in groups for a in members]
    name_x = _MARGIN + _SWATCH + 6
    widest = max([text_width(_name(result, a), MIN_FONT) for a in names] + [text_width("In no bloc (99)", 13) - 16])
    axis = name_x + widest + 14
    y = top + 96.0
    row: dict[str, float] = {}
    colour: dict[str, str] = {}
    for heading, hue, members in groups:
        canvas.rect(Box(_MARGIN - 6, y, axis - _MARGIN + 2, _HEADING - 6), "#f4f6f6")
        canvas.text(_MARGIN, y + 17, f"{heading} ({len(members)})", size=13, weight="bold", fill=hue)
        y += _HEADING
        for agent in members:
            row[agent], colour[agent] = y + _ROW / 2, hue
            stance = result.graph.nodes[agent].get("morning", "")
            canvas.rect(Box(_MARGIN, y + 5, _SWATCH, _SWATCH), _STANCE.get(stance, "#ffffff"), "#17202a")
            label = _name(result, agent)
            canvas.text(name_x, y + 14, label, cls="label")
            canvas.boxes.append((agent, Box(name_x, y + 1, text_width(label, MIN_FONT), _ROW - 2)))
            canvas.raw(f'<circle cx="{num(axis)}" cy="{num(y + _ROW / 2)}" r="{num(_DOT)}" fill="{hue}"/>')
            y += _ROW
        y += 8
    reach = _arcs(canvas, result, row, colour, axis + _DOT + 1)
    widest_head = max(text_width(line, 16) * 1.1 for line in heads)
    canvas.width = max(reach + _MARGIN, legend_end, text_width(how, MIN_FONT) + 2 * _MARGIN, widest_head + 2 * _MARGIN)
    canvas.height = y + _MARGIN
    return canvas


def _arcs(canvas: Canvas, result: Coalitions, row: dict[str, float], colour: dict[str, str], x: float) -> float:
    """Every backer → backed arc, right of ``x``; returns how far right they reach."""
    reach = x
    for a, b in sorted(result.graph.edges):
        if a == b or a not in row or b not in row:
            continue
        manners = _manners(result, a, b)
        opposes = set(manners) == {"oppose"}
        dy = abs(row[b] - row[a])
        # Upward arcs bulge a little further, so that A→B and B→A never lie on each other.
        bulge = 0.55 * dy + 18 + (10 if row[b] < row[a] else 0)
        curve = Curve((x, row[a]), (((x + bulge, row[a]), (x + bulge, row[b]), (x + 6, row[b])),))
        hue = "#922b21" if opposes else colour[a]
        marker = canvas.marker(hue.lstrip("#"), hue)
        width = min(1.2 + 1.1 * (len(manners) - 1), 6.0)
        backer, backed = _name(result, a), _name(result, b)
        how = ", ".join(sorted(set(manners)))
        tip = f"{backer} → {backed}: {len(manners)} link{'' if len(manners) == 1 else 's'} ({how})"
        canvas.path(curve, hue, width, "5 3" if opposes else "", marker, (a, b), tip)
        reach = max(reach, x + 0.75 * bulge + 6)
    return reach


def coalition_svg(result: Coalitions, title: str = "", declaration: bool = True) -> bytes:
    """The arc diagram as an SVG file (bytes), or, without the declaration, for a page."""
    return coalition_canvas(result, title).svg(declaration)
