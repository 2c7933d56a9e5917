"""Push the built graph to an external store with the SPARQL 1.1 Graph Store HTTP Protocol.

Every named graph (one per source, the derived graph, the ontology) is sent with PUT, which
replaces the graph, so pushing twice is idempotent. The store's default graph receives the merge
of all graphs, as igkg's own store holds it, so that the canned queries give the same answers
there. A store whose default graph is the union of all its graphs (Virtuoso) cannot hold the
merge there: with ``default_graph`` (``--default-graph IRI``) the merge goes into that named graph
instead, and queries name it as their dataset's default graph (kg.engines.remote). After the upload,
the triples of each graph are counted through the SPARQL endpoint and compared. A push that fails
halfway says which graphs made it; running it again is safe.

Authentication (``auth``) answers the store's challenge, HTTP Basic (Fuseki, GraphDB) or Digest
(Virtuoso's ``/sparql-graph-crud-auth``), with the standard library's handlers.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pyoxigraph import DefaultGraph, NamedNode, Quad, RdfFormat, serialize

from kg.core import settings
from kg.core.errors import ConfigError, KGError
from kg.engines import OxigraphView
from kg.engines.remote import EndpointView, graph_iri

DEFAULT = "default graph"
DEFAULT_GRAPH_EXAMPLE = settings.GRAPH_BASE + "merged"  # the IRI the README suggests for --default-graph
_UNION_HINT = (
    "If this store's default graph is the union of its named graphs (Virtuoso), push the merge into a"
    f" named graph, --default-graph {DEFAULT_GRAPH_EXAMPLE}, and query with the same option."
)


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


class _DigestUpFront(urllib.request.HTTPDigestAuthHandler):
    """The standard library's Digest handler, which also answers every later request up front with
    the store's last challenge (the standard handler waits for a 401 each time). Each PUT then goes
    out once: Virtuoso refuses an unauthenticated PUT before reading its body and resets the
    connection while the megabytes of a large graph are still being sent.
    """

    def __init__(self, passwords: urllib.request.HTTPPasswordMgr) -> None:
        super().__init__(passwords)
        self.challenge: dict[str, str] | None = None

    def retry_http_digest_auth(self, req: urllib.request.Request, auth: str) -> Any:
        self.challenge = urllib.request.parse_keqv_list(
            [item for item in urllib.request.parse_http_list(auth.split(" ", 1)[-1]) if item]
        )
        return super().retry_http_digest_auth(req, auth)

    def http_request(self, req: urllib.request.Request) -> urllib.request.Request:
        if self.challenge and not req.has_header(self.auth_header):
            answer = self.get_authorization(req, self.challenge)
            if answer:
                req.add_unredirected_header(self.auth_header, f"Digest {answer}")
        return req

    https_request = http_request


def _opener(
    graph_store_url: str, first_url: str, auth: tuple[str, str] | None, timeout: int
) -> urllib.request.OpenerDirector:
    """An opener that authenticates as the store asks: HTTP Digest when it challenges with Digest
    (Virtuoso's /sparql-graph-crud-auth), else HTTP Basic, sent up front as before.

    One body-less request (HEAD) comes first, so that the challenge never costs a large upload.
    """
    if not auth:
        return urllib.request.build_opener()
    passwords = urllib.request.HTTPPasswordMgrWithPriorAuth()
    passwords.add_password(None, graph_store_url, *auth)
    digest = _DigestUpFront(passwords)
    opener = urllib.request.build_opener(urllib.request.HTTPBasicAuthHandler(passwords), digest)
    try:
        opener.open(urllib.request.Request(first_url, method="HEAD"), timeout=timeout).close()
    except urllib.error.HTTPError as exc:
        if exc.code == 401:
            raise ConfigError(f"{graph_store_url} refused the credentials given with --auth: {exc}") from None
    except (urllib.error.URLError, OSError):
        pass  # the first PUT reports it, with what was pushed
    if digest.challenge is None:
        passwords.update_authenticated(graph_store_url, True)  # Basic: send it with every request
    return opener


def _graph_url(graph_store_url: str, graph: str) -> str:
    where = "default" if graph == DEFAULT else "graph=" + urllib.parse.quote(graph, safe="")
    return f"{graph_store_url}{'&' if '?' in graph_store_url else '?'}{where}"


def _put(opener: urllib.request.OpenerDirector, url: str, data: bytes, timeout: int) -> None:
    request = urllib.request.Request(url, data=data, method="PUT", headers={"Content-Type": "application/n-triples"})
    with opener.open(request, timeout=timeout) as response:
        response.read()


def _reason(exc: Exception) -> str:
    """The error, with the first words of the store's own explanation when it gave one."""
    if not isinstance(exc, urllib.error.HTTPError):
        return str(exc)
    try:
        body = exc.read().decode("utf-8", "replace")
    except OSError:
        body = ""
    text = " ".join(re.sub(r"<[^>]*>", " ", body).split())
    return f"{exc} ({text[:300]})" if text else str(exc)


def _count(endpoint: EndpointView, graph: str) -> int:
    rows = endpoint.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ {_pattern(graph)} }}").rows
    return int(rows[0][0].value) if rows and rows[0][0] is not None else 0


def _pattern(graph: str) -> str:
    return "?s ?p ?o" if graph == DEFAULT else f"GRAPH {NamedNode(graph)} {{ ?s ?p ?o }}"


def _targets(graphs: dict[str, list[Quad]], default_graph: str | None) -> dict[str, str]:
    """Where each graph goes: itself, or for the merge (DEFAULT) the store's default graph or the
    named graph given with ``--default-graph``."""
    target = {name: name for name in graphs}
    if default_graph is not None:
        default_graph = graph_iri(default_graph).value
        if default_graph in graphs:
            raise ConfigError(f"--default-graph {default_graph} is one of igkg's own graphs: choose another IRI")
        target[DEFAULT] = default_graph
    return target


def _push_failed(exc: OSError, name: str, target: str, where: str, report: PushReport, of: str) -> PushFailed:
    """What to tell the user when a PUT fails: what was pushed, whether re-running is safe, a hint."""
    made = ", ".join(report.done) if report.done else "none"
    code = exc.code if isinstance(exc, urllib.error.HTTPError) else None
    refused = code is not None or isinstance(getattr(exc, "reason", exc), ConnectionResetError | BrokenPipeError)
    hint = ""
    if code == 401:
        hint = " The store wants credentials: --auth USER:PASSWORD."
    elif refused and target == DEFAULT:
        # Virtuoso refuses a PUT to its default graph: in words for a small graph, and by closing
        # the connection mid-upload for a large one.
        hint = f" {_UNION_HINT}"
    return PushFailed(
        f"push to {where} failed at {name} ({of}): {_reason(exc)}. "
        f"Graphs pushed before it: {made}. Pushing again replaces them, so it is safe to re-run.{hint}"
    )


def _verify(endpoint: EndpointView, report: PushReport, target: dict[str, str]) -> None:
    """Count every graph through the endpoint; a difference from what was sent fails the push."""
    wrong = {
        name: (sent, got) for name, sent in report.counts.items() if (got := _count(endpoint, target[name])) != sent
    }
    if wrong:
        lines = [f"  {name}: sent {sent}, the store has {got}" for name, (sent, got) in sorted(wrong.items())]
        if target.get(DEFAULT) == DEFAULT and DEFAULT in wrong:
            lines.append(_UNION_HINT)
        raise PushFailed("the store's triple counts differ from what was pushed:\n" + "\n".join(lines))


def push(
    view: OxigraphView,
    endpoint_url: str,
    graph_store_url: str,
    auth: tuple[str, str] | None = None,
    timeout: int = 120,
    progress: Callable[[str], None] = lambda _: None,
    default_graph: str | None = None,
) -> PushReport:
    """PUT every graph, then count each through the endpoint.

    ``default_graph``: put the merge (the store's default graph) into this named graph instead;
    query with the same IRI (``EndpointView(default_graph=...)``, ``--default-graph``).
    """
    report = PushReport()
    graphs = graphs_of(view)
    target = _targets(graphs, default_graph)
    urls = {name: _graph_url(graph_store_url, target[name]) for name in graphs}
    opener = _opener(graph_store_url, next(iter(urls.values()), graph_store_url), auth, timeout)
    for i, (name, quads) in enumerate(graphs.items(), 1):
        data = serialize(quads, format=RdfFormat.N_TRIPLES) or b""
        try:
            _put(opener, urls[name], data, timeout)
        except (urllib.error.URLError, OSError) as exc:
            raise _push_failed(exc, name, target[name], graph_store_url, report, f"{i} of {len(graphs)}") from None
        report.counts[name] = len(quads)
        report.done.append(name)
        shown = name if target[name] == name else f"{name} (as {target[name]})"
        progress(f"{i}/{len(graphs)} {shown}: {len(quads)} triples")
    _verify(EndpointView(endpoint_url, auth=auth), report, target)  # the store's own dataset: every graph by name
    return report
