"""A layered (Sugiyama-style) drawing of a directed graph: boxes in columns, edges left to right.

Steps: break cycles (an edge that would close one is laid out reversed), give each node a column
(longest path from the sources; a source then moves right next to its nearest successor, so its
edges stay short), put a dummy point in every column a long edge passes, order each column by
the barycentre of its neighbours (sweeps left and right, keeping the order with the fewest
crossings), then place items top to bottom and route every edge.

The invariant the routing keeps: inside a column an edge only runs horizontally in its own
item's band (its box or its dummy slot), and between columns it runs in the gap, where no box
stands. So no edge ever passes through a box other than its two ends. Every choice is sorted
or stable, so the same graph always gives the same picture.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from kg.analysis.diagram import Box, Curve, Point

#: Room between two columns (for the curves) and between two items of a column.
COLUMN_GAP = 72.0
ROW_GAP = 20.0
#: The height a long edge's dummy point takes in a column it crosses.
DUMMY_HEIGHT = 10.0
_SWEEPS = 6
_PLACEMENT_ROUNDS = 4


@dataclass(frozen=True)
class Route:
    """One edge as drawn: its ends (as given), whether it was laid out reversed, and its path."""

    source: str
    target: str
    reversed: bool
    curve: Curve


@dataclass(frozen=True)
class Layout:
    boxes: dict[str, Box]
    routes: list[Route]
    width: float
    height: float


def _acyclic(
    nodes: list[str], edges: list[tuple[str, str]]
) -> tuple[nx.DiGraph, dict[tuple[str, str], tuple[str, str]]]:
    """The edges as a DAG, and each edge as laid out: in sorted order, an edge that would close a
    cycle is laid out reversed (two edges may then join the same pair the same way)."""
    dag = nx.DiGraph()
    dag.add_nodes_from(nodes)
    oriented: dict[tuple[str, str], tuple[str, str]] = {}
    for a, b in sorted(set(edges)):
        if a == b:
            continue
        way = (b, a) if nx.has_path(dag, b, a) else (a, b)
        dag.add_edge(*way)
        oriented[(a, b)] = way
    return dag, oriented


def _columns(dag: nx.DiGraph) -> dict[str, int]:
    order = list(nx.lexicographical_topological_sort(dag))
    column: dict[str, int] = {}
    for node in order:
        column[node] = max((column[p] + 1 for p in dag.predecessors(node)), default=0)
    # A source stands just left of its nearest successor: its edges stay short.
    for node in reversed(order):
        if dag.in_degree(node) == 0 and dag.out_degree(node):
            column[node] = min(column[s] for s in dag.successors(node)) - 1
    return column


def _chains(
    oriented: dict[tuple[str, str], tuple[str, str]], column: dict[str, int]
) -> tuple[dict[tuple[str, str], list[str]], dict[str, int]]:
    """Each edge's chain of items (its ends as laid out and the dummies between), and every
    item's column."""
    where = dict(column)
    chains: dict[tuple[str, str], list[str]] = {}
    for edge, (a, b) in sorted(oriented.items()):
        chain = [a]
        for step in range(column[a] + 1, column[b]):
            dummy = f"\x00{edge[0]}\x00{edge[1]}\x00{step}"
            where[dummy] = step
            chain.append(dummy)
        chains[edge] = [*chain, b]
    return chains, where


def _crossings(left: list[str], right: list[str], links: list[tuple[str, str]]) -> int:
    li = {n: i for i, n in enumerate(left)}
    ri = {n: i for i, n in enumerate(right)}
    pairs = sorted((li[a], ri[b]) for a, b in links if a in li and b in ri)
    return sum(1 for i, (a1, b1) in enumerate(pairs) for a2, b2 in pairs[i + 1 :] if a2 > a1 and b2 < b1)


def _order(layers: list[list[str]], links: list[tuple[str, str]]) -> list[list[str]]:
    """Each column ordered by the barycentre of its neighbours, the best of a few sweeps."""
    preds: dict[str, list[str]] = {}
    succs: dict[str, list[str]] = {}
    for a, b in links:
        succs.setdefault(a, []).append(b)
        preds.setdefault(b, []).append(a)

    def total(ls: list[list[str]]) -> int:
        return sum(_crossings(ls[i], ls[i + 1], links) for i in range(len(ls) - 1))

    best, best_count = [list(layer) for layer in layers], total(layers)
    current = [list(layer) for layer in layers]
    for sweep in range(_SWEEPS):
        downward = sweep % 2 == 0
        indices = range(1, len(current)) if downward else range(len(current) - 2, -1, -1)
        for i in indices:
            fixed = {n: k for k, n in enumerate(current[i - 1] if downward else current[i + 1])}
            near = preds if downward else succs

            def key(item: tuple[int, str], fixed: dict[str, int] = fixed, near: dict[str, list[str]] = near) -> float:
                pos, node = item
                seen = [fixed[n] for n in near.get(node, []) if n in fixed]
                return sum(seen) / len(seen) if seen else float(pos)

            current[i] = [n for _, n in sorted(enumerate(current[i]), key=lambda it: (key(it), it[0]))]
        count = total(current)
        if count < best_count:
            best, best_count = [list(layer) for layer in current], count
    return best


def _stack(desired: list[float], heights: list[float], forward: bool) -> list[float]:
    """Tops for a column's items, as near their desired centres as order and gaps allow."""
    tops = [0.0] * len(desired)
    indices = range(len(desired)) if forward else range(len(desired) - 1, -1, -1)
    edge: float | None = None
    for i in indices:
        want = desired[i] - heights[i] / 2
        if edge is None:
            tops[i] = want
        elif forward:
            tops[i] = max(want, edge)
        else:
            tops[i] = min(want, edge - heights[i])
        edge = tops[i] + heights[i] + ROW_GAP if forward else tops[i] - ROW_GAP
    return tops


def _place(
    layers: list[list[str]], size: dict[str, tuple[float, float]], links: list[tuple[str, str]]
) -> dict[str, float]:
    """The top of every item: stacked, then pulled towards its neighbours' centres."""
    near: dict[str, list[str]] = {}
    for a, b in links:
        near.setdefault(a, []).append(b)
        near.setdefault(b, []).append(a)
    top: dict[str, float] = {}
    for layer in layers:
        y = 0.0
        for node in layer:
            top[node] = y
            y += size[node][1] + ROW_GAP
    for _ in range(_PLACEMENT_ROUNDS):
        for layer in layers:
            heights = [size[n][1] for n in layer]
            centres = {n: top[n] + size[n][1] / 2 for n in top}
            desired = [
                sum(centres[m] for m in near.get(n, [])) / len(near[n]) if near.get(n) else centres[n] for n in layer
            ]
            down, up = _stack(desired, heights, True), _stack(desired, heights, False)
            for node, low_top, high_top in zip(layer, down, up, strict=True):
                top[node] = (low_top + high_top) / 2  # both keep order and gaps, so their mean does too
    return top


_Ports = dict[tuple[str, tuple[str, str]], float]


def _ports(chains: dict[tuple[str, str], list[str]], centre: dict[str, float], box: dict[str, Box]) -> _Ports:
    """Where each edge leaves its source box and enters its target box: spread along the side,
    in the order of the point each edge heads for, so edges from one box do not overlap."""
    leaving: dict[str, list[tuple[float, tuple[str, str]]]] = {}
    entering: dict[str, list[tuple[float, tuple[str, str]]]] = {}
    for edge, chain in chains.items():
        leaving.setdefault(chain[0], []).append((centre[chain[1]], edge))
        entering.setdefault(chain[-1], []).append((centre[chain[-2]], edge))
    ports: _Ports = {}
    for side, groups in (("out", leaving), ("in", entering)):
        for node, items in groups.items():
            b = box[node]
            for k, (_, edge) in enumerate(sorted(items)):
                ports[(side, edge)] = b.y + b.h * (k + 1) / (len(items) + 1)
    return ports


def layered(sizes: dict[str, tuple[float, float]], edges: list[tuple[str, str]], origin: Point = (0.0, 0.0)) -> Layout:
    """Boxes of the given (width, height) for ``sizes``' nodes and routes for ``edges``, drawn
    left to right from ``origin``. Nodes are first ordered by their order in ``sizes``."""
    nodes = list(sizes)
    rank = {n: i for i, n in enumerate(nodes)}
    dag, oriented = _acyclic(nodes, edges)
    column = _columns(dag)
    chains, where = _chains(oriented, column)
    size = dict(sizes) | {d: (0.0, DUMMY_HEIGHT) for d in where if d not in sizes}
    low = min(where.values(), default=0)
    layers: list[list[str]] = [[] for _ in range(max(where.values(), default=0) - low + 1)]
    for item in sorted(where, key=lambda n: (rank.get(n, len(rank)), n)):
        layers[where[item] - low].append(item)
    links = [(chain[i], chain[i + 1]) for chain in chains.values() for i in range(len(chain) - 1)]
    layers = _order(layers, links)
    top = _place(layers, size, links)
    shift = origin[1] - min(top.values(), default=0.0)
    widths = [max((size[n][0] for n in layer), default=0.0) for layer in layers]
    lefts = [origin[0] + sum(widths[:i]) + COLUMN_GAP * i for i in range(len(layers))]
    boxes: dict[str, Box] = {}
    for i, layer in enumerate(layers):
        for n in layer:
            w, h = size[n]
            boxes[n] = Box(lefts[i] + (widths[i] - w) / 2, top[n] + shift, w, h)
    centre = {n: b.y + b.h / 2 for n, b in boxes.items()}
    ports = _ports(chains, centre, boxes)
    routes = []
    for edge, chain in sorted(chains.items()):
        idx = [where[n] - low for n in chain]
        curve = _route(chain, idx, boxes, lefts, widths, ports, edge)
        routes.append(Route(edge[0], edge[1], oriented[edge] != edge, curve))
    real = [b for n, b in boxes.items() if n in sizes]
    width = max((b.right for b in real), default=origin[0]) - origin[0]
    height = max((b.bottom for b in boxes.values()), default=origin[1]) - origin[1]
    return Layout({n: b for n, b in boxes.items() if n in sizes}, routes, width, height)


def _route(
    chain: list[str],
    idx: list[int],
    boxes: dict[str, Box],
    lefts: list[float],
    widths: list[float],
    ports: _Ports,
    edge: tuple[str, str],
) -> Curve:
    """The path of one edge: horizontal inside a column (in its item's band), a cubic in each gap."""
    start_box = boxes[chain[0]]
    y = ports[("out", edge)]
    start = (start_box.right, y)
    steps: list[tuple[Point, ...]] = []
    x = lefts[idx[0]] + widths[idx[0]]
    if x > start[0]:
        steps.append(((x, y),))
    for k in range(1, len(chain)):
        node, col = chain[k], idx[k]
        last = k == len(chain) - 1
        ny = ports[("in", edge)] if last else boxes[node].y + boxes[node].h / 2
        nx0 = lefts[col]
        mid = (x + nx0) / 2
        steps.append(((mid, y), (mid, ny), (nx0, ny)))
        x, y = nx0, ny
        end = boxes[node].x if last else lefts[col] + widths[col]
        if end > x:
            steps.append(((end, y),))
            x = end
    return Curve(start, tuple(steps))
