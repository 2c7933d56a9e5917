"""Push the built graph to an external store with the SPARQL 1.1 Graph Store HTTP Protocol.

Every named graph (one per source, the derived graph, the ontology) is sent with PUT, which
replaces the graph, so pushing twice is idempotent. The store's default graph receives the merge
of all graphs, as igkg's own store holds it, so that the canned queries give the same answers
there. After the upload, the triples of each graph are counted through the SPARQL endpoint and
compared. A push that fails halfway says which graphs made it; running it again is safe.
"""

from __future__ import annotations

import base64
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from pyoxigraph import DefaultGraph, NamedNode, Quad, RdfFormat, serialize

from kg.endpoint import EndpointView
from kg.errors import KGError
from kg.store import OxigraphView

DEFAULT = "default graph"


class PushFailed(KGError):
    exit_code = 1


@dataclass
class PushReport:
    counts: dict[str, int] = field(default_factory=dict)  # graph -> triples sent
    done: list[str] = field(default_factory=list)


def graphs_of(view: OxigraphView) -> dict[str, list[Quad]]:
    """Graph IRI (or DEFAULT) -> its triples, in a stable order."""
    by_graph: dict[str, list[Quad]] = defaultdict(list)
    for quad in view.store:
        name = DEFAULT if isinstance(quad.graph_name, DefaultGraph) else quad.graph_name.value
        by_graph[name].append(Quad(quad.subject, quad.predicate, quad.object))
    return {name: sorted(quads, key=str) for name, quads in sorted(by_graph.items())}


def _put(url: str, data: bytes, auth: tuple[str, str] | None, timeout: int) -> None:
    request = urllib.request.Request(url, data=data, method="PUT", headers={"Content-Type": "application/n-triples"})
    if auth:
        token = base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode()
        request.add_header("Authorization", f"Basic {token}")
    with urllib.request.urlopen(request, timeout=timeout) as response:
        response.read()


def _count(endpoint: EndpointView, graph: str) -> int:
    pattern = "?s ?p ?o" if graph == DEFAULT else f"GRAPH {NamedNode(graph)} {{ ?s ?p ?o }}"
    rows = endpoint.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}").rows
    return int(rows[0][0].value) if rows and rows[0][0] is not None else 0


def push(
    view: OxigraphView,
    endpoint_url: str,
    graph_store_url: str,
    auth: tuple[str, str] | None = None,
    timeout: int = 120,
    progress: Callable[[str], None] = lambda _: None,
) -> PushReport:
    report = PushReport()
    graphs = graphs_of(view)
    for i, (name, quads) in enumerate(graphs.items(), 1):
        target = "default" if name == DEFAULT else "graph=" + urllib.parse.quote(name, safe="")
        url = f"{graph_store_url}{'&' if '?' in graph_store_url else '?'}{target}"
        data = serialize(quads, format=RdfFormat.N_TRIPLES) or b""
        try:
            _put(url, data, auth, timeout)
        except (urllib.error.URLError, OSError) as exc:
            made = ", ".join(report.done) if report.done else "none"
            raise PushFailed(
                f"push to {graph_store_url} failed at {name} ({i} of {len(graphs)}): {exc}. "
                f"Graphs pushed before it: {made}. Pushing again replaces them, so it is safe to re-run."
            ) from None
        report.counts[name] = len(quads)
        report.done.append(name)
        progress(f"{i}/{len(graphs)} {name}: {len(quads)} triples")
    endpoint = EndpointView(endpoint_url, auth=auth)
    wrong = {name: (sent, got) for name, sent in report.counts.items() if (got := _count(endpoint, name)) != sent}
    if wrong:
        lines = [f"  {name}: sent {sent}, the store has {got}" for name, (sent, got) in sorted(wrong.items())]
        raise PushFailed("the store's triple counts differ from what was pushed:\n" + "\n".join(lines))
    return report
