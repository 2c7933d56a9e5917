"""The mandate graph as a networkx DiGraph, and the lineage of one thing within it.

Nodes are mandates (with issuer, authority, mandatee, action, validity and sources as
attributes), the instruments that fulfilled them (``fulfilledBy``, a derived rule), and the
subject asked about. Edges point from a mandate to the earlier mandate it renews or was given
pursuant to (``relation``: "renews" or "pursuant to"), from a mandate to the instrument that
fulfilled it, and from the subject to the mandates about it (up) or that it issued (down).
Everything is read from the store with engine-neutral SPARQL; nothing here writes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import networkx as nx
from pyoxigraph import NamedNode

from kg.core import terms
from kg.core.dates import PartialDate
from kg.core.errors import QueryError
from kg.engines import View
from kg.query.run import run_sparql

_PREFIXES = """PREFIX igkg: <https://w3id.org/igkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""

MANDATES = (
    _PREFIXES
    + """
SELECT ?mandate ?action ?issuer ?issuerLabel ?mandatee ?mandateeLabel ?instrument ?instrumentLabel
       ?symbol ?paragraph ?start ?end ?earliest ?latest
       (GROUP_CONCAT(DISTINCT ?cite; separator="; ") AS ?sources)
WHERE {
  ?mandate a igkg:Mandate ; igkg:issuer ?issuer ; igkg:mandatee ?mandatee ; igkg:authority ?authority ;
           igkg:action/skos:prefLabel ?action .
  ?issuer rdfs:label ?issuerLabel .
  ?mandatee rdfs:label ?mandateeLabel .
  OPTIONAL { ?authority igkg:paragraphOf ?partOf ; igkg:paragraphNumber ?paragraph }
  BIND(COALESCE(?partOf, ?authority) AS ?instrument)
  ?instrument rdfs:label ?instrumentLabel .
  OPTIONAL { ?instrument igkg:symbol ?symbol }
  OPTIONAL { ?mandate igkg:startDate ?start }
  OPTIONAL { ?mandate igkg:endDate ?end }
  OPTIONAL { ?mandate igkg:earliestStart ?earliest }
  OPTIONAL { ?mandate igkg:latestEnd ?latest }
  OPTIONAL {
    ?mandate igkg:evidence ?citation .
    ?citation igkg:inSource ?src .
    OPTIONAL { ?citation igkg:lineStart ?from ; igkg:lineEnd ?to }
    BIND(STRAFTER(STR(?src), "https://w3id.org/igkg/source/") AS ?srcName)
    BIND(IF(BOUND(?from),
            CONCAT(?srcName, ":", STR(?from), IF(?from = ?to, "", CONCAT("-", STR(?to)))),
            ?srcName) AS ?cite)
  }
}
GROUP BY ?mandate ?action ?issuer ?issuerLabel ?mandatee ?mandateeLabel ?instrument ?instrumentLabel
         ?symbol ?paragraph ?start ?end ?earliest ?latest
"""
)

LINKS = (
    _PREFIXES
    + """
SELECT DISTINCT ?mandate ?relation ?earlier WHERE {
  { ?mandate igkg:renews ?earlier BIND("renews" AS ?relation) }
  UNION { ?mandate igkg:pursuantTo ?earlier BIND("pursuant to" AS ?relation) }
}
"""
)

ABOUT = (
    _PREFIXES
    + """
SELECT DISTINCT ?mandate ?thing ?role WHERE {
  { ?mandate a igkg:Mandate ; igkg:mandatee ?thing BIND("mandatee" AS ?role) }
  UNION { ?mandate a igkg:Mandate ; igkg:object ?thing BIND("object" AS ?role) }
  UNION { ?mandate a igkg:Mandate ; igkg:issuer ?thing BIND("issuer" AS ?role) }
  UNION { ?mandate a igkg:Mandate ; igkg:authority ?thing BIND("authority" AS ?role) }
  UNION { ?mandate a igkg:Mandate ; igkg:authority/igkg:paragraphOf ?thing BIND("authority" AS ?role) }
}
"""
)

OUTPUTS = (
    _PREFIXES
    + """
SELECT DISTINCT ?mandate ?output ?label ?symbol ?adopted WHERE {
  ?mandate igkg:fulfilledBy ?output .
  ?output rdfs:label ?label .
  OPTIONAL { ?output igkg:symbol ?symbol }
  OPTIONAL { ?output igkg:adopted ?adopted }
}
"""
)

# The periods of each mandate's course, derived by the build (kg/loaders/lapse.py).
PERIODS = (
    _PREFIXES
    + """
SELECT ?mandate ?from ?until ?state ?reason WHERE {
  ?mandate igkg:period ?period .
  ?period igkg:periodState ?st ; igkg:periodReason ?reason .
  ?st skos:prefLabel ?state .
  OPTIONAL { ?period igkg:periodFrom ?from }
  OPTIONAL { ?period igkg:periodUntil ?until }
}
"""
)

LABEL = _PREFIXES + "SELECT ?label WHERE { ?thing rdfs:label ?label } LIMIT 1"


#: The label of the in-force state (ontology/igkg.ttl, mandate-states scheme).
IN_FORCE = "in force"


def _slug(iri: str) -> str:
    return terms.slug_of(iri) or iri


@dataclass(frozen=True)
class Lineage:
    """A lineage selection: the subject, the direction, and the graph of what was selected."""

    subject: str
    label: str
    direction: str
    as_of: str | None
    graph: nx.DiGraph


def mandate_graph(view: View) -> nx.DiGraph:
    """Every mandate, with its links to earlier mandates and to the instruments that fulfilled it."""
    graph = nx.DiGraph()
    for row in run_sparql(view, MANDATES).dicts():
        node = _slug(row["mandate"])
        graph.add_node(
            node,
            kind="mandate",
            action=row["action"],
            issuer=_slug(row["issuer"]),
            issuer_label=row["issuerLabel"],
            mandatee=_slug(row["mandatee"]),
            mandatee_label=row["mandateeLabel"],
            instrument=_slug(row["instrument"]),
            instrument_label=row["instrumentLabel"],
            symbol=row.get("symbol", ""),
            paragraph=row.get("paragraph", ""),
            start=row.get("start", ""),
            end=row.get("end", ""),
            earliest=row.get("earliest", ""),
            latest=row.get("latest", ""),
            sources=row.get("sources", ""),
        )
    for row in run_sparql(view, PERIODS).dicts():
        node = _slug(row["mandate"])
        if node in graph:
            period = {k: row.get(k, "") for k in ("from", "until", "state", "reason")}
            graph.nodes[node].setdefault("periods", []).append(period)
    for node in graph.nodes:
        graph.nodes[node].get("periods", []).sort(key=lambda p: p["from"])
    for row in run_sparql(view, LINKS).dicts():
        graph.add_edge(_slug(row["mandate"]), _slug(row["earlier"]), relation=row["relation"])
    for row in run_sparql(view, OUTPUTS).dicts():
        output = _slug(row["output"])
        graph.add_node(
            output, kind="output", label=row["label"], symbol=row.get("symbol", ""), adopted=row.get("adopted", "")
        )
        graph.add_edge(_slug(row["mandate"]), output, relation="fulfilled by")
    return graph


def state_on(attrs: dict[str, Any], as_of: str) -> dict[str, str] | None:
    """The period of a mandate's course that holds ``as_of`` (state, reason, from, until), or
    None when the mandate had not begun (or its start is not known)."""
    for period in attrs.get("periods", []):
        if period["from"] and period["from"] <= as_of and (not period["until"] or period["until"] >= as_of):
            return dict(period)
    return None


def final_state(attrs: dict[str, Any]) -> dict[str, str]:
    """The last period of a mandate's course: what it came to, as far as the records know."""
    periods = attrs.get("periods", [])
    return dict(periods[-1]) if periods else {"from": "", "until": "", "state": "unknown", "reason": ""}


def _in_force(attrs: dict[str, Any], as_of: str | None) -> bool:
    """Whether a node is kept for ``as_of``: every node without a date, else a mandate in force."""
    if as_of is None or attrs.get("kind") != "mandate":
        return True
    period = state_on(attrs, as_of)
    return period is not None and period["state"] == IN_FORCE


_DIRECTIONS = ("up", "down")
#: The roles in which the subject's own mandates name it: up, the mandates given to it or about
#: it; down, the mandates it issued or that rest on it.
_SUBJECT_ROLES = {"up": ("mandatee", "object"), "down": ("issuer", "authority")}
#: How the subject's edge to each of its own mandates reads.
_SUBJECT_RELATION = {"up": "mandated by", "down": "issued"}


def _check_request(direction: str, as_of: str | None) -> None:
    if direction not in _DIRECTIONS:
        raise QueryError("direction must be 'up' or 'down'")
    if as_of is None:
        return
    try:
        if PartialDate.parse(as_of).datatype != "date":
            raise ValueError(f"give a full date YYYY-MM-DD, not {as_of!r}")
    except ValueError as exc:
        raise QueryError(f"--as-of: {exc}") from None


def _subject_mandates(view: View, subject: NamedNode, direction: str) -> list[str]:
    """The mandates that name the subject in the direction's roles (slugs, sorted)."""
    roles = _SUBJECT_ROLES[direction]
    about = run_sparql(view, ABOUT).dicts()
    return sorted({_slug(r["mandate"]) for r in about if r["thing"] == subject.value and r["role"] in roles})


def _walk(whole: nx.DiGraph, starts: list[str], direction: str, depth: int | None) -> set[str]:
    """The mandates reached from ``starts``, at most ``depth`` levels deep (the starts are level 1).

    Up follows the edges to earlier mandates; down follows them backwards, to later mandates.
    """
    walk = whole if direction == "up" else whole.reverse(copy=False)
    selected: set[str] = set()
    frontier = [(node, 1) for node in starts if node in whole]
    while frontier:
        node, level = frontier.pop()
        if node in selected:
            continue
        selected.add(node)
        if depth is not None and level >= depth:
            continue
        frontier += [(nxt, level + 1) for nxt in walk.successors(node) if whole.nodes[nxt].get("kind") == "mandate"]
    return selected


def lineage(
    view: View, slug: str, direction: str = "up", as_of: str | None = None, depth: int | None = None
) -> Lineage:
    """The mandates that led to ``slug`` (up) or that it set in motion (down), as a DiGraph.

    :raises QueryError: unknown slug, bad direction or date.
    """
    _check_request(direction, as_of)
    subject = terms.thing(slug)
    if not view.contains(subject):
        raise QueryError(f"unknown id {slug!r}: nothing in the store has that slug")
    labels = run_sparql(view, LABEL, {"thing": subject}).dicts()
    label = labels[0]["label"] if labels else slug
    whole = mandate_graph(view)
    starts = _subject_mandates(view, subject, direction)
    kept = {n for n in _walk(whole, starts, direction, depth) if _in_force(whole.nodes[n], as_of)}
    outputs = {o for n in kept for o in whole.successors(n) if whole.nodes[o].get("kind") == "output"}
    graph = nx.DiGraph(whole.subgraph(kept | outputs))
    graph.add_node(slug, kind="subject", label=label)
    for node in starts:
        if node in kept:
            graph.add_edge(slug, node, relation=_SUBJECT_RELATION[direction])
    return Lineage(slug, label, direction, as_of, graph)


def mandate_line(attrs: dict[str, str]) -> str:
    where = attrs["instrument_label"] + (f" ¶{attrs['paragraph']}" if attrs.get("paragraph") else "")
    span = attrs.get("start", "") or "?"
    if attrs.get("end"):
        span += f"–{attrs['end']}"
    elif attrs.get("start"):
        span += "–"
    line = f"{attrs['issuer_label']} —{attrs['action']}→ {attrs['mandatee_label']}  by {where}  ({span})"
    if attrs.get("sources"):
        line += f"  [{attrs['sources']}]"
    return line


_DOWNWARD = {"renews": "renewed by", "pursuant to": "given pursuant to it"}


def _children(result: Lineage, node: str) -> list[tuple[str, str]]:
    """(child, relation as read from the parent) in the direction of the lineage."""
    graph = result.graph
    if graph.nodes[node].get("kind") != "mandate":
        return []
    outputs = [(o, "fulfilled by") for o in graph.successors(node) if graph.nodes[o].get("kind") == "output"]
    if result.direction == "up":
        earlier = [
            (m, graph.edges[node, m]["relation"])
            for m in graph.successors(node)
            if graph.nodes[m].get("kind") == "mandate"
        ]
        return earlier + outputs
    later = [
        (m, _DOWNWARD[graph.edges[m, node]["relation"]])
        for m in graph.predecessors(node)
        if graph.nodes[m].get("kind") == "mandate" and graph.edges[m, node]["relation"] in _DOWNWARD
    ]
    return later + outputs


def tree_roots(result: Lineage) -> list[str]:
    """The subject's direct mandates that no other direct mandate leads to (the tree's top level)."""
    graph = result.graph
    direct = [n for n in graph.successors(result.subject)]
    mandates = graph.subgraph(n for n in graph.nodes if graph.nodes[n].get("kind") == "mandate")
    walk = mandates if result.direction == "up" else mandates.reverse(copy=False)
    reachable = set()
    for node in direct:
        reachable |= nx.descendants(walk, node)
    return [n for n in direct if n not in reachable]


def to_text(result: Lineage) -> str:
    """An indented tree: the subject, then each mandate and, under it, what it leads to."""
    graph = result.graph
    if graph.number_of_nodes() == 1:
        when = f" in force on {result.as_of}" if result.as_of else ""
        return f"{result.label} ({result.subject}): no mandates{when}\n"
    lines = [f"{result.label} ({result.subject})"]
    shown: set[str] = set()

    def order(item: tuple[str, str]) -> tuple[str, str]:
        attrs = graph.nodes[item[0]]
        return (attrs.get("earliest", "") or attrs.get("adopted", ""), item[0])

    def visit(node: str, relation: str, prefix: str, last: bool) -> None:
        attrs = graph.nodes[node]
        branch = "└── " if last else "├── "
        if attrs.get("kind") == "output":
            text = f"{relation}: {attrs['label']}" + (f" ({attrs['symbol']})" if attrs.get("symbol") else "")
            text += f", {attrs['adopted']}" if attrs.get("adopted") else ""
        else:
            text = mandate_line(attrs) if not relation else f"{relation}: {mandate_line(attrs)}"
        if node in shown:
            lines.append(f"{prefix}{branch}{text}  (shown above)")
            return
        shown.add(node)
        lines.append(f"{prefix}{branch}{text}")
        children = sorted(_children(result, node), key=order, reverse=result.direction == "up")
        for i, (child, rel) in enumerate(children):
            visit(child, rel, prefix + ("    " if last else "│   "), i == len(children) - 1)

    roots = sorted(((n, "") for n in tree_roots(result)), key=order, reverse=result.direction == "up")
    for i, (node, rel) in enumerate(roots):
        visit(node, rel, "", i == len(roots) - 1)
    return "\n".join(lines) + "\n"


def to_json(result: Lineage) -> str:
    graph = result.graph
    nodes = [{"id": n, **{k: v for k, v in sorted(graph.nodes[n].items()) if v != ""}} for n in sorted(graph.nodes)]
    edges = [{"from": a, "to": b, "relation": graph.edges[a, b]["relation"]} for a, b in sorted(graph.edges)]
    doc = {
        "subject": result.subject,
        "label": result.label,
        "direction": result.direction,
        "as_of": result.as_of,
        "nodes": nodes,
        "edges": edges,
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def _dot_quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def node_caption(attrs: dict[str, str]) -> str:
    """A node's text for pictures: issuer → instrument/paragraph → mandatee, and the dates."""
    kind = attrs.get("kind")
    if kind == "subject":
        return attrs["label"]
    if kind == "output":
        return "\n".join(x for x in (attrs["label"], attrs.get("symbol", ""), attrs.get("adopted", "")) if x)
    where = attrs.get("symbol") or attrs["instrument_label"]
    if attrs.get("paragraph"):
        where += f" ¶{attrs['paragraph']}"
    span = (attrs.get("start") or "?") + (
        f"–{attrs['end']}" if attrs.get("end") else ("–" if attrs.get("start") else "")
    )
    return f"{attrs['issuer_label']}\n{where}\n{attrs['action']} → {attrs['mandatee_label']}\n{span}"


def to_dot(result: Lineage) -> str:
    """Graphviz DOT, time flowing left to right (older mandates first)."""
    graph = result.graph
    lines = ["digraph lineage {", "  rankdir=LR;", '  node [shape=box, fontname="Helvetica", fontsize=10];']
    for node in sorted(graph.nodes):
        attrs = graph.nodes[node]
        shape = {"subject": "ellipse", "output": "note"}.get(attrs.get("kind", ""), "box")
        lines.append(f"  {_dot_quote(node)} [label={_dot_quote(node_caption(attrs))}, shape={shape}];")
    for a, b in sorted(graph.edges):
        relation = graph.edges[a, b]["relation"]
        style = "dashed" if relation == "renews" else "solid"
        # Draw authority flowing forward in time: from the earlier mandate to the later one.
        src, dst = (b, a) if relation in ("renews", "pursuant to", "mandated by") else (a, b)
        lines.append(f"  {_dot_quote(src)} -> {_dot_quote(dst)} [label={_dot_quote(relation)}, style={style}];")
    lines.append("}")
    return "\n".join(lines) + "\n"
