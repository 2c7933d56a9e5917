"""The SVG pictures of kg.analysis.diagram*: readable at their own size (text of 12 units or
more, width and height equal to the viewBox), no edge through a box other than its two ends,
every label escaped, and the same bytes for the same input (issue 17, deliverable 4)."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest

from kg.analysis.coalitions import Coalitions, coalitions
from kg.analysis.diagram import MIN_FONT, Box, Canvas, segment_hits_box
from kg.analysis.diagram_arcs import coalition_canvas, coalition_svg
from kg.analysis.diagram_layers import layered
from kg.analysis.diagram_lineage import lineage_canvas, lineage_svg
from kg.analysis.lineage import Lineage, lineage
from kg.engines import View
from kg.pipeline.build import BuildReport

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = "<script>alert('x')</script> & \"quoted\" ]]> <!--"


def _crossings(canvas: Canvas) -> list[tuple[str, str, str]]:
    """(edge from, edge to, box) for every edge segment that enters a box not at its ends."""
    hits = []
    for a, b, curve in canvas.edges:
        points = curve.points()
        for name, box in canvas.boxes:
            if name in (a, b):
                continue
            if any(segment_hits_box(p, q, box) for p, q in itertools.pairwise(points)):
                hits.append((a, b, name))
    return hits


def _check_svg(data: bytes) -> ET.Element:
    """The parsed document, after the checks every picture must pass."""
    root = ET.fromstring(data)
    assert root.tag == f"{SVG}svg"
    box = [float(v) for v in root.get("viewBox", "").split()]
    assert box[:2] == [0, 0] and [float(root.get("width", 0)), float(root.get("height", 0))] == box[2:]
    sizes = [float(t.get("font-size", 0)) for t in root.iter(f"{SVG}text")]
    assert sizes and min(sizes) >= MIN_FONT
    assert not any(e.get("style") for e in root.iter()), "inline styles are dropped by the pages' CSP"
    assert root.find(f".//{SVG}style") is None
    return root


@pytest.mark.parametrize("slug", ["wg-igf-improvements", "igf"])
def test_a_lineage_picture_is_readable_and_no_edge_crosses_a_box(view: View, slug: str) -> None:
    result = lineage(view, slug, "up", None, None)
    canvas = lineage_canvas(result)
    assert {name for name, _ in canvas.boxes} == set(result.graph.nodes)
    assert _crossings(canvas) == []
    assert min(canvas.fonts) >= MIN_FONT
    data = lineage_svg(result)
    root = _check_svg(data)
    texts = " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
    if slug == "wg-igf-improvements":
        assert "A/RES/65/141" in texts and "ECOSOC resolution 2010/2 ¶30" in texts
    assert data == lineage_svg(lineage(view, slug, "up", None, None))


def test_boxes_never_overlap_and_text_stays_inside(view: View) -> None:
    canvas = lineage_canvas(lineage(view, "igf", "up", None, None))
    boxes = [b for _, b in canvas.boxes]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert a.right <= b.x or b.right <= a.x or a.bottom <= b.y or b.bottom <= a.y


def test_long_edges_and_a_cycle_are_routed_round_the_boxes() -> None:
    sizes = {n: (80.0 + 10 * i, 40.0 + 8 * (i % 3)) for i, n in enumerate("abcdefg")}
    edges = [("a", "b"), ("b", "c"), ("c", "d"), ("d", "e"), ("a", "e"), ("b", "e"), ("a", "d")]
    edges += [("f", "e"), ("g", "b"), ("e", "a"), ("c", "g")]  # e → a closes a cycle
    layout = layered(sizes, edges)
    assert {(r.source, r.target) for r in layout.routes} == set(edges)
    assert [r for r in layout.routes if r.reversed] != []
    for route in layout.routes:
        points = route.curve.points()
        for name, box in layout.boxes.items():
            if name in (route.source, route.target):
                continue
            assert not any(segment_hits_box(p, q, box) for p, q in itertools.pairwise(points)), (
                route.source,
                route.target,
                name,
            )
    assert layered(sizes, edges) == layout


def test_segment_hits_box() -> None:
    box = Box(10, 10, 10, 10)
    assert segment_hits_box((0, 15), (30, 15), box)
    assert not segment_hits_box((0, 5), (30, 5), box)
    assert not segment_hits_box((20, 15), (30, 15), box)  # touching the side is not entering
    assert segment_hits_box((0, 0), (30, 30), box)


def _hostile_lineage() -> Lineage:
    graph = nx.DiGraph()
    graph.add_node("s", kind="subject", label=HOSTILE)
    graph.add_node(
        "m1",
        kind="mandate",
        action="establish",
        issuer_label=HOSTILE,
        mandatee_label="<b>x</b>",
        instrument_label="A & B",
        symbol="",
        paragraph='1"2',
        start="2010",
    )
    graph.add_node("o", kind="output", label=HOSTILE, symbol="<sym>", adopted="2011")
    graph.add_edge("s", "m1", relation="mandated by")
    graph.add_edge("m1", "o", relation="fulfilled by")
    return Lineage("s", HOSTILE, "up", None, graph)


def test_labels_from_data_are_escaped() -> None:
    data = lineage_svg(_hostile_lineage())
    root = _check_svg(data)
    assert b"<script>" not in data and b"<b>" not in data and b"<sym>" not in data
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "<sym>" in texts and any(t and "<b>x</b>" in t for t in texts)
    assert root.get("aria-label", "").endswith("who mandated it") and HOSTILE in root.get("aria-label", "")
    result = _hostile_coalitions()
    data = coalition_svg(result, title=HOSTILE)
    root = _check_svg(data)
    assert b"<script>" not in data and HOSTILE in [t.text for t in root.iter(f"{SVG}text")]


def _hostile_coalitions() -> Coalitions:
    graph = nx.DiGraph()
    labels = {"a": HOSTILE, "b": "B & co", "c": '"C"', "d": "D"}
    for n, label in labels.items():
        graph.add_node(n, label=label, morning="governments only" if n == "a" else "")
    link = {"manner": "support", "line": "1", "quote": ""}
    graph.add_edge("a", "b", links=[link, link, link])
    graph.add_edge("b", "a", links=[link])
    graph.add_edge("c", "a", links=[{**link, "manner": "oppose"}])
    graph.add_edge("d", "c", links=[link])
    return Coalitions("m", graph, [["a", "b"]], {}, labels)


def test_a_coalition_picture_keeps_arcs_off_the_names(view: View) -> None:
    for result in (coalitions(view, "meeting-2010-12-cstd"), _hostile_coalitions()):
        canvas = coalition_canvas(result)
        assert _crossings(canvas) == []
        assert min(canvas.fonts) >= MIN_FONT
        shown = {name for name, _ in canvas.boxes}
        assert shown == {n for n in result.graph.nodes if result.graph.degree(n)}
        _check_svg(coalition_svg(result))
        assert coalition_svg(result) == coalition_svg(result)


def test_the_same_picture_in_another_process_is_the_same_bytes(built: BuildReport, tmp_path: Path) -> None:
    """Set and dict orders change with the hash seed: the picture must not."""
    outputs = []
    store = str(built.out_dir / "store")
    for seed in ("1", "2"):
        out = tmp_path / f"igf-{seed}.svg"
        subprocess.run(
            [sys.executable, "-m", "kg", "lineage", "igf", "--format", "svg", "--out", str(out), "--store", store],
            check=True,
            capture_output=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
            timeout=300,
        )
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    _check_svg(outputs[0])
