"""What a query worker does: every job that touches the store runs here, in a worker process.

The server sends a :class:`Job` (a name and plain arguments) and gets back a :class:`Reply`
(status, media type, bytes) or, for the page jobs, plain data the server renders. Everything the
worker returns is buffered: a result over the row limit is refused whole, never cut short.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pyoxigraph import BlankNode, DefaultGraph, Literal, NamedNode, Quad, Triple

from kg.core import settings
from kg.core.errors import KGError, QueryError, RowLimitError
from kg.core.quads import QuadSet
from kg.core.sandbox import isolate
from kg.engines.base import QueryDataset, Results, Term
from kg.engines.oxigraph import OxigraphView
from kg.export.dumps import FORMATS
from kg.export.results import to_csv, to_json, to_xml
from kg.query.run import run_sparql
from kg.query.safety import DEFAULT_POLICY, Policy, service_iris
from kg.serve.media import GRAPH_MEDIA, RESULT_MEDIA

log = logging.getLogger("igkg.serve.worker")

#: A property of a thing and its value, as the store holds them.
Fact = tuple[NamedNode, NamedNode | BlankNode | Literal | Triple]
#: A row of a SELECT answer.
Row = tuple[Term | None, ...]


@dataclass(frozen=True)
class Job:
    name: str
    args: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Reply:
    status: int
    media_type: str
    body: bytes
    data: Any = None  # plain data for the page jobs
    headers: dict[str, str] = field(default_factory=dict)


def error(status: int, message: str) -> Reply:
    return Reply(status, "text/plain; charset=utf-8", (message + "\n").encode("utf-8"))


class _State:
    view: OxigraphView | None = None
    store_path: str = ""
    policy: Policy = DEFAULT_POLICY
    network: str = ""  # how the worker stands towards the network (kg.core.sandbox.isolate)


def initialise(store: str, allowed_services: tuple[str, ...] = (), unsandboxed_ok: bool = False) -> None:
    """Open the store read-only and set the query policy (runs once in each worker): SERVICE only
    to the operator's endpoints, FROM and the protocol's dataset only to the store's own graphs.

    First, while the worker has one thread and has opened nothing, it cuts itself off the network
    unless SERVICE endpoints are allowed (:func:`kg.core.sandbox.isolate`), so that a query the
    policy missed reaches nothing; if that cannot be done, it refuses to start unless the operator
    said ``unsandboxed_ok`` (``--allow-network-unsandboxed``).
    """
    _State.network = isolate(allowed_services, unsandboxed_ok=unsandboxed_ok)
    view = OxigraphView.open(Path(store))
    _State.view = view
    _State.store_path = store
    graphs = frozenset(g.value for g in view.store.named_graphs() if isinstance(g, NamedNode))
    _State.policy = Policy(allowed_services=frozenset(allowed_services), known_graphs=graphs)


def network_status() -> Reply:
    """How this worker stands towards the network (the line :func:`initialise` recorded)."""
    return Reply(200, "", b"", data=_State.network)


def _view() -> OxigraphView:
    assert _State.view is not None, "initialise() was not called"
    return _State.view


def handle(job: Job) -> Reply:
    """Run one job; a user error is a 4xx reply, anything else a 500 with the error's name."""
    try:
        return _JOBS[job.name](**job.args)
    except KGError as exc:  # a bad query, an unknown name: the client's to fix
        return error(400, str(exc))
    except Exception as exc:  # the worker survives a bug; the traceback goes to its log
        log.error("job %s failed:\n%s", job.name, traceback.format_exc())
        return error(500, f"internal error ({type(exc).__name__}); the server goes on")


# --- SPARQL -------------------------------------------------------------------------------------


def sparql(
    text: str,
    fmt: str,
    row_limit: int,
    default_graphs: list[str] | None = None,
    named_graphs: list[str] | None = None,
) -> Reply:
    """Check, run (through :func:`kg.query.run.run_sparql`, under the server's policy) and
    serialise the buffered answer."""
    dataset = None
    if default_graphs is not None or named_graphs is not None:
        dataset = QueryDataset(tuple(default_graphs or ()), tuple(named_graphs or ()))
    try:
        results = run_sparql(_view(), text, policy=_State.policy, dataset=dataset, row_limit=row_limit)
    except RowLimitError as exc:
        return error(422, str(exc))
    except QueryError as exc:
        return error(400, str(exc))
    except (OSError, RuntimeError) as exc:  # pyoxigraph's evaluation errors, a SERVICE's among them
        # 502 only when the query really calls an (allowed) endpoint: decided on its tokens, so
        # "service" in a string or a name is no SERVICE call.
        status = 502 if service_iris(text) else 400
        return error(status, f"SPARQL evaluation: {exc}")
    return _serialise(results, fmt)


def _serialise(results: Results, fmt: str) -> Reply:
    if results.triples is not None:
        body = FORMATS[fmt].write(QuadSet(results.triples))
        return Reply(200, GRAPH_MEDIA[fmt], body, data=len(results.triples))
    if results.boolean is not None:
        if fmt not in ("json", "xml"):
            return error(406, "an ASK answer is given as SPARQL JSON or XML only")
        return Reply(200, RESULT_MEDIA[fmt], (to_json if fmt == "json" else to_xml)(results).encode("utf-8"))
    writer = {"json": to_json, "xml": to_xml, "csv": to_csv, "tsv": lambda r: to_csv(r, "tsv")}[fmt]
    return Reply(200, RESULT_MEDIA[fmt], writer(results).encode("utf-8"), data=len(results.rows))


# --- the dataset at start-up --------------------------------------------------------------------


def dataset_info() -> Reply:
    """The dataset's named graphs, every thing's slug and counts, read once when the server starts."""
    store = _view().store
    graphs = sorted(g.value for g in store.named_graphs() if isinstance(g, NamedNode))
    slugs: set[str] = set()
    things = f'SELECT DISTINCT ?s WHERE {{ ?s ?p ?o FILTER(STRSTARTS(STR(?s), "{settings.ID_BASE}")) }}'
    for row in run_sparql(_view(), things).rows:
        slugs.add(_value(row[0])[len(settings.ID_BASE) :])
    triples = _value(run_sparql(_view(), "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0][0])
    return Reply(200, "", b"", data={"graphs": graphs, "slugs": sorted(slugs), "triples": int(triples)})


# --- linked-data pages --------------------------------------------------------------------------

_LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>|<http://www.w3.org/2004/02/skos/core#prefLabel>"


def _labels(iris: set[str]) -> dict[str, str]:
    """rdfs:label (else skos:prefLabel) of each IRI, English or plain first, in one query."""
    if not iris:
        return {}
    values = " ".join(f"<{iri}>" for iri in sorted(iris))
    rows = run_sparql(
        _view(),
        f"SELECT ?x ?label WHERE {{ VALUES ?x {{ {values} }} ?x {_LABEL} ?label }} ORDER BY ?x DESC(LANG(?label))",
    ).rows
    labels: dict[str, str] = {}
    for row in rows:
        labels.setdefault(_value(row[0]), _value(row[1]))
    return labels


def _value(term: Term | None) -> str:
    """The lexical value of a term the query always binds."""
    assert term is not None, "an unbound variable the query always binds"
    return term.value


def _term(term: NamedNode | BlankNode | Literal | Triple | None, labels: dict[str, str]) -> dict[str, str]:
    """A term as a page shows it: an IRI with its label, a blank node, or a literal."""
    if isinstance(term, NamedNode):
        return {"kind": "iri", "iri": term.value, "label": labels.get(term.value, "")}
    if isinstance(term, BlankNode):
        return {"kind": "bnode", "value": term.value}
    assert isinstance(term, Literal)
    datatype = term.datatype.value if term.datatype else ""
    return {"kind": "literal", "value": term.value, "language": term.language or "", "datatype": datatype}


def _named(base: str, name: str) -> NamedNode | None:
    """The IRI a path names, or None when the path holds a character no IRI may (a space, ``<``,
    a control character): such a path names nothing igkg has, a 404, never an error."""
    try:
        return NamedNode(base + name)
    except ValueError:
        return None


def entity(slug: str, inbound_limit: int = 500) -> Reply:
    """Everything a page about ``slug`` shows, as plain data; ``data`` is None for an unknown slug."""
    iri = _named(settings.ID_BASE, slug)
    if iri is None or not _view().contains(iri):
        return Reply(404, "", b"", data=None)
    outgoing = _outgoing(iri)
    inbound = _inbound(iri, inbound_limit + 1)
    # A thing has a provenance table; a node under it (``slug/evidence/…``) does not.
    provenance = _provenance(iri) if "/" not in slug else Results([], [])
    sources = sorted({row[3].value for row in provenance.rows if row[3] is not None})
    source_iris = [settings.SOURCE_BASE + name for name in sources]
    labels = _labels(_iris_shown(iri, outgoing, inbound, provenance) | set(source_iris))
    locations = _page_locations(source_iris)
    data = {
        "iri": iri.value,
        "slug": slug,
        "label": labels.get(iri.value, ""),
        "types": [_term(o, labels) for p, o in outgoing if p.value.endswith("#type")],
        "facts": [
            {"property": _term(p, labels), "value": _term(o, labels)}
            for p, o in sorted(outgoing, key=lambda po: (po[0].value, str(po[1])))
        ],
        "provenance": [_citation(row, labels) for row in provenance.rows],
        "sources": {
            name: {"title": labels.get(settings.SOURCE_BASE + name, ""), "url": locations.get(name, "")}
            for name in sources
        },
        "inbound": [
            {"subject": _term(row[0], labels), "property": _term(row[1], labels)} for row in inbound[:inbound_limit]
        ],
        "inbound_truncated": len(inbound) > inbound_limit,
    }
    figure = _lineage_figure(slug) if "/" not in slug else ""
    data |= {"has_lineage": bool(figure), "lineage_svg": figure}
    data.update(_page_extras(iri.value, sources))
    return Reply(200, "", b"", data=data)


def _page_extras(iri: str, sources: list[str]) -> dict[str, Any]:
    """What the page shows beyond the triples: citations as quote and source line, what links
    here grouped by kind, mentions counted per meeting, and a meeting's record."""
    from kg.serve import meetingdata, pagedata

    view = _view()
    return {
        "evidence": pagedata.evidence(view, iri),
        "linked": pagedata.inbound(view, iri),
        "mentions": pagedata.mentions(view, iri),
        "known_sources": pagedata.known_sources(view, sources),
        "meeting": meetingdata.meeting(view, iri),
    }


def _outgoing(iri: NamedNode) -> list[Fact]:
    """The (property, value) pairs of ``iri`` in the merged graph."""
    return [(q.predicate, q.object) for q in _view().store.quads_for_pattern(iri, None, None, DefaultGraph())]


def _inbound(iri: NamedNode, limit: int) -> list[Row]:
    """Up to ``limit`` (subject, property) rows of the things that point at ``iri``."""
    return run_sparql(
        _view(),
        f"SELECT DISTINCT ?s ?p WHERE {{ ?s ?p {iri} FILTER(isIRI(?s)) }} ORDER BY ?p ?s LIMIT {limit}",
    ).rows


def _iris_shown(iri: NamedNode, outgoing: list[Fact], inbound: list[Row], provenance: Results) -> set[str]:
    """Every IRI a thing's page shows, so that their labels are read in one query."""
    iris = {iri.value}
    iris.update(p.value for p, _ in outgoing)
    iris.update(o.value for _, o in outgoing if isinstance(o, NamedNode))
    iris.update(_value(row[0]) for row in inbound)
    iris.update(_value(row[1]) for row in inbound)
    for row in provenance.rows:
        iris.update(t.value for t in row if isinstance(t, NamedNode))
    return iris


def _citation(row: Row, labels: dict[str, str]) -> dict[str, Any]:
    """One row of the canned ``provenance`` query as the page's provenance table shows it."""
    prop, value, rank, source_name, lines, quote = row[:6]
    return {
        "property": _term(prop, labels),
        "value": _term(value, labels),
        "rank": _text(rank),
        "source": _text(source_name),
        "lines": _text(lines),
        "quote": _text(quote),
    }


def _text(term: Term | None) -> str:
    """The lexical value of a term a query may leave unbound ("" when it does)."""
    return term.value if term is not None else ""


def _provenance(iri: NamedNode) -> Results:
    """The canned ``provenance`` query about ``iri`` (what the page's provenance table shows)."""
    from kg.query import catalog

    return run_sparql(_view(), catalog.get("provenance").text, {"id": iri})


def _page_locations(source_iris: list[str]) -> dict[str, str]:
    """Where each web-page source was read (prov:atLocation), by source name."""
    if not source_iris:
        return {}
    values = " ".join(f"<{s}>" for s in source_iris)
    rows = run_sparql(
        _view(), f"SELECT ?s ?url WHERE {{ VALUES ?s {{ {values} }} ?s <http://www.w3.org/ns/prov#atLocation> ?url }}"
    ).rows
    return {_value(row[0])[len(settings.SOURCE_BASE) :]: _value(row[1]) for row in rows}


def _lineage_figure(slug: str) -> str:
    """The lineage picture of ``slug`` as SVG markup for the page to inline ("" when there is no
    lineage): inline, so that it shows at its own size and its text is part of the page."""
    from kg.analysis.diagram_lineage import lineage_svg
    from kg.analysis.lineage import lineage

    try:
        result = lineage(_view(), slug, "up", None, None)
    except QueryError:
        return ""
    if result.graph.number_of_nodes() <= 1:
        return ""
    return lineage_svg(result, declaration=False).decode("utf-8")


def lineage_picture(slug: str) -> Reply:
    from kg.analysis.lineage import lineage
    from kg.analysis.picture import draw

    if _named(settings.ID_BASE, slug) is None:
        return error(404, f"nothing is known about {slug}")
    result = lineage(_view(), slug, "up", None, None)
    if result.graph.number_of_nodes() <= 1:
        return error(404, f"{slug} has no mandates above it: there is no lineage to draw")
    return Reply(200, "image/svg+xml", draw(result, "svg"))


def coalition_picture(slug: str) -> Reply:
    """The coalition picture (arc diagram) of the meeting ``slug``, as a standalone SVG file."""
    from kg.serve.meetingdata import coalition_figure

    iri = _named(settings.ID_BASE, slug)
    if iri is None or "/" in slug:
        return error(404, f"nothing is known about {slug}")
    figure = coalition_figure(_view(), iri.value, declaration=True)
    if not figure:
        return error(404, f"{slug} is not a meeting with support links: there is no coalition picture to draw")
    return Reply(200, "image/svg+xml", figure.encode("utf-8"))


def entity_rdf(slug: str, fmt: str) -> Reply:
    """The description of ``slug`` for machines: its own triples and those of the nodes under it
    (citations, claims: ``<…/id/slug/evidence/…>``), from the merged graph."""
    store = _view().store
    iri = _named(settings.ID_BASE, slug)
    if iri is None:
        return error(404, f"nothing is known about {slug}")
    own = [Quad(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(iri, None, None, DefaultGraph())]
    under = sorted(
        {q.object for q in own if isinstance(q.object, NamedNode) and q.object.value.startswith(iri.value + "/")},
        key=lambda n: n.value,
    )
    quads = QuadSet(own)
    for node in under:
        quads.update(
            Quad(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(node, None, None, DefaultGraph())
        )
    if not len(quads):
        return error(404, f"nothing is known about {slug}")
    return Reply(200, GRAPH_MEDIA[fmt], FORMATS[fmt].write(quads))


def source(name: str) -> Reply:
    """A source's description and, for a document the build read, its text."""
    store = _view().store
    iri = _named(settings.SOURCE_BASE, name)
    if iri is None:
        return Reply(404, "", b"", data=None)
    facts = [(q.predicate, q.object) for q in store.quads_for_pattern(iri, None, None, DefaultGraph())]
    if not facts:
        return Reply(404, "", b"", data=None)
    labels = _labels({p.value for p, _ in facts} | {o.value for _, o in facts if isinstance(o, NamedNode)})
    path = settings.sources_dir() / name
    text = path.read_text(encoding="utf-8", errors="replace") if "/" not in name and path.is_file() else None
    data = {
        "iri": iri.value,
        "name": name,
        "facts": [{"property": _term(p, labels), "value": _term(o, labels)} for p, o in sorted(facts, key=str)],
        "lines": text.splitlines() if text is not None else None,
    }
    return Reply(200, "", b"", data=data)


def description(base_url: str) -> Reply:
    """The dataset description (VoID and DCAT) with links under ``base_url``."""
    import json

    from kg.export.description import dataset_description

    view = _view()
    manifest_file = Path(_State.store_path).parent / "manifest.json"
    manifest = json.loads(manifest_file.read_text(encoding="utf-8")) if manifest_file.is_file() else {}
    return Reply(200, "text/turtle; charset=utf-8", dataset_description(view, manifest, base_url))


def search(q: str, limit: int = 10) -> Reply:
    """Things whose name holds every word of ``q`` (:func:`kg.serve.catalogue.search`)."""
    from kg.serve import catalogue

    return Reply(200, "", b"", data=catalogue.search(_view(), q, limit))


def browse(kind: str = "", slugs: list[str] | None = None) -> Reply:
    """The kinds with their counts and, for ``kind``, its things; with ``slugs``, those things
    (in that order) as well (:mod:`kg.serve.catalogue`)."""
    from kg.serve import catalogue

    view = _view()
    things = catalogue.of_kind(view, kind) if kind else []
    listed = {t.slug: t.as_dict() for t in catalogue.things(view)}
    picked = [listed[s] for s in slugs or [] if s in listed]
    return Reply(200, "", b"", data={"kinds": catalogue.counts(view), "things": things, "picked": picked})


def reconcile(op: str, args: dict[str, Any]) -> Reply:
    """A reconciliation operation (:mod:`kg.serve.reconcile.work`): plain data for the server."""
    from kg.serve.reconcile import work

    return Reply(200, "", b"", data=work.run(_view(), op, args))


_JOBS: dict[str, Callable[..., Reply]] = {
    "reconcile": reconcile,
    "search": search,
    "browse": browse,
    "description": description,
    "sparql": sparql,
    "dataset_info": dataset_info,
    "entity": entity,
    "entity_rdf": entity_rdf,
    "lineage_picture": lineage_picture,
    "coalition_picture": coalition_picture,
    "network_status": network_status,
    "source": source,
}
