"""A small SVG writer for pictures people read at their natural size.

Invariants every picture drawn with it keeps:
- the same input gives the same bytes (no ids from hashes or clocks, numbers rounded the same way);
- text is real ``<text>`` (searchable, selectable) of at least :data:`MIN_FONT` user units, and the
  ``width``/``height`` equal the ``viewBox``, so that a page shows it at 1:1 and never shrinks it;
- every piece of text from data is escaped (labels are data: ``<``, ``&`` and quotes stay text);
- only presentation attributes, no ``style`` attribute or element: the pages' Content Security
  Policy (``style-src 'self'``) would drop inline styles from an SVG embedded in a page.

The geometry is kept beside the markup (boxes and edge paths), so tests can check it directly.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

#: The smallest text any picture writes, in user units (= CSS px at 1:1).
MIN_FONT = 12.0
FONT_FAMILY = "DejaVu Sans, Verdana, Arial, sans-serif"
#: A generous estimate of a character's advance, in ems, for sans-serif fonts (DejaVu Sans, the
#: widest of the usual ones, averages about 0.55 em on English text; capitals reach 0.7).
_CHAR_EM = 0.57
_CAPITAL_EM = 0.72


def text_width(text: str, size: float) -> float:
    """How wide ``text`` may render at ``size`` (an overestimate, so that boxes hold their text)."""
    ems = sum(_CAPITAL_EM if ch.isupper() or ch in "mwMW%@" else _CHAR_EM for ch in text)
    return ems * size


def wrap(text: str, chars: int) -> list[str]:
    """``text`` as lines of at most ``chars`` characters (its own line breaks kept)."""
    lines: list[str] = []
    for line in text.split("\n"):
        lines.extend(textwrap.wrap(line, chars, break_long_words=True) or [""])
    return lines


def num(value: float) -> str:
    """A coordinate as written: one decimal, no trailing zero, no negative zero."""
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


@dataclass(frozen=True)
class Box:
    """An axis-aligned rectangle (x, y: top left)."""

    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    def inset(self, by: float) -> Box:
        return Box(self.x + by, self.y + by, self.w - 2 * by, self.h - 2 * by)


Point = tuple[float, float]


def segment_hits_box(a: Point, b: Point, box: Box) -> bool:
    """Whether the segment a–b meets the inside of ``box`` (Liang–Barsky clipping)."""
    (x0, y0), (x1, y1) = a, b
    dx, dy = x1 - x0, y1 - y0
    low, high = 0.0, 1.0
    for p, q in ((-dx, x0 - box.x), (dx, box.right - x0), (-dy, y0 - box.y), (dy, box.bottom - y0)):
        if p == 0:
            if q <= 0:
                return False
            continue
        t = q / p
        if p < 0:
            low = max(low, t)
        else:
            high = min(high, t)
        if low >= high:
            return False
    return True


@dataclass(frozen=True)
class Curve:
    """A path: a start, then straight lines (one point) and cubic Béziers (three points)."""

    start: Point
    steps: tuple[tuple[Point, ...], ...]

    def d(self) -> str:
        parts = [f"M{num(self.start[0])},{num(self.start[1])}"]
        for step in self.steps:
            coords = " ".join(f"{num(x)},{num(y)}" for x, y in step)
            parts.append(("L" if len(step) == 1 else "C") + coords)
        return " ".join(parts)

    def points(self, per_curve: int = 24) -> list[Point]:
        """The path flattened to a polyline (each Bézier sampled ``per_curve`` times)."""
        out = [self.start]
        for step in self.steps:
            if len(step) == 1:
                out.append(step[0])
                continue
            p0, (p1, p2, p3) = out[-1], step
            for i in range(1, per_curve + 1):
                t = i / per_curve
                u = 1 - t
                out.append(
                    (
                        u**3 * p0[0] + 3 * u * u * t * p1[0] + 3 * u * t * t * p2[0] + t**3 * p3[0],
                        u**3 * p0[1] + 3 * u * u * t * p1[1] + 3 * u * t * t * p2[1] + t**3 * p3[1],
                    )
                )
        return out


@dataclass
class Canvas:
    """An SVG document being written: elements in drawing order, plus the geometry tests read."""

    width: float
    height: float
    title: str
    #: id prefix, so that two pictures inlined in one page never share a marker id
    prefix: str
    elements: list[str] = field(default_factory=list)
    defs: list[str] = field(default_factory=list)
    #: (name, box) of every node box drawn, for tests
    boxes: list[tuple[str, Box]] = field(default_factory=list)
    #: (from, to, curve) of every edge drawn, for tests
    edges: list[tuple[str, str, Curve]] = field(default_factory=list)
    fonts: list[float] = field(default_factory=list)

    def marker(self, name: str, colour: str) -> str:
        """An arrowhead in ``colour`` (its id), declared once."""
        ident = f"{self.prefix}-arrow-{name}"
        if not any(f'id="{ident}"' in d for d in self.defs):
            self.defs.append(
                f'<marker id="{ident}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" '
                f'markerUnits="userSpaceOnUse" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="{colour}"/></marker>'
            )
        return ident

    def rect(self, box: Box, fill: str, stroke: str = "none", radius: float = 0, name: str = "") -> None:
        if name:
            self.boxes.append((name, box))
        self.elements.append(
            f'<rect x="{num(box.x)}" y="{num(box.y)}" width="{num(box.w)}" height="{num(box.h)}" rx="{num(radius)}" '
            f'fill="{fill}" stroke="{stroke}"/>'
        )

    def text(
        self,
        x: float,
        y: float,
        content: str,
        size: float = MIN_FONT,
        anchor: str = "start",
        fill: str = "#17202a",
        weight: str = "normal",
        cls: str = "",
    ) -> None:
        """One line of text whose baseline is at ``y``."""
        size = max(size, MIN_FONT)
        self.fonts.append(size)
        klass = f' class="{cls}"' if cls else ""
        self.elements.append(
            f'<text x="{num(x)}" y="{num(y)}" font-size="{num(size)}" text-anchor="{anchor}" '
            f'font-weight="{weight}" fill="{fill}"{klass}>{escape(content)}</text>'
        )

    def path(
        self,
        curve: Curve,
        stroke: str,
        width: float = 1.5,
        dash: str = "",
        arrow: str = "",
        ends: tuple[str, str] = ("", ""),
        tip: str = "",
    ) -> None:
        """An edge; ``ends`` names the boxes it joins (for tests), ``tip`` is a tooltip."""
        self.edges.append((ends[0], ends[1], curve))
        dashed = f' stroke-dasharray="{dash}"' if dash else ""
        head = f' marker-end="url(#{arrow})"' if arrow else ""
        inner = f"<title>{escape(tip)}</title>" if tip else ""
        self.elements.append(
            f'<path class="edge" d="{curve.d()}" fill="none" stroke="{stroke}" stroke-width="{num(width)}"'
            f"{dashed}{head}>{inner}</path>"
        )

    def raw(self, element: str) -> None:
        self.elements.append(element)

    def svg(self, declaration: bool = True) -> bytes:
        """The document: width and height equal to the viewBox, so it renders at 1:1; without the
        XML declaration when it is to be inlined in an HTML page."""
        w, h = num(self.width), num(self.height)
        head = (
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" '
            f'font-family={quoteattr(FONT_FAMILY)} role="img" aria-label={quoteattr(self.title)}>'
        )
        body = [head, f"<title>{escape(self.title)}</title>"]
        if self.defs:
            body.append("<defs>" + "".join(self.defs) + "</defs>")
        body.append(f'<rect width="{w}" height="{h}" fill="#ffffff"/>')
        body += self.elements
        body.append("</svg>")
        xml = '<?xml version="1.0" encoding="UTF-8"?>\n' if declaration else ""
        return (xml + "\n".join(body) + "\n").encode("utf-8")
