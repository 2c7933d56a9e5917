"""What a query worker does: every job that touches the store runs here, in a worker process.

The server sends a :class:`Job` (a name and plain arguments) and gets back a :class:`Reply`
(status, media type, bytes) or, for the page jobs, plain data the server renders. Everything the
worker returns is buffered: a result over the row limit is refused whole, never cut short.
"""

from __future__ import annotations

import logging
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pyoxigraph import BlankNode, DefaultGraph, Literal, NamedNode, Quad, QuerySolutions, QueryTriples

from kg.core import settings
from kg.core.errors import KGError, QueryError
from kg.core.quads import QuadSet
from kg.engines.store import OxigraphView, Results
from kg.export.dumps import FORMATS
from kg.export.results import to_csv, to_json, to_xml

log = logging.getLogger("igkg.serve.worker")

#: Media types of the result formats, by the name a client gives in ``format``.
RESULT_MEDIA = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
}
GRAPH_MEDIA = {
    "turtle": "text/turtle; charset=utf-8",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
}


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


def initialise(store: str) -> None:
    """Open the store read-only (runs once in each worker)."""
    _State.view = OxigraphView.open(Path(store))
    _State.store_path = store


def _view() -> OxigraphView:
    assert _State.view is not None, "initialise() was not called"
    return _State.view


def handle(job: Job) -> Reply:
    """Run one job; a user error is a 4xx reply, anything else a 500 with the error's name."""
    try:
        return _JOBS[job.name](**job.args)
    except QueryError as exc:
        return error(400, str(exc))
    except KGError as exc:
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
    """Evaluate ``text`` (already checked by the server) and serialise the buffered answer."""
    options: dict[str, Any] = {}
    if default_graphs is not None or named_graphs is not None:
        # A dataset given in the protocol replaces the query's own (SPARQL 1.1 Protocol, 2.1.4).
        options["default_graph"] = [NamedNode(g) for g in default_graphs or []] or DefaultGraph()
        options["named_graphs"] = [NamedNode(g) for g in named_graphs or []]
    try:
        return _evaluate(text, options, fmt, row_limit)
    except SyntaxError as exc:
        return error(400, f"SPARQL syntax: {exc}")
    except (OSError, RuntimeError) as exc:  # pyoxigraph's evaluation errors, a SERVICE's among them
        status = 502 if "SERVICE" in text.upper() else 400
        return error(status, f"SPARQL evaluation: {exc}")


def _evaluate(text: str, options: dict[str, Any], fmt: str, row_limit: int) -> Reply:
    result = _view().store.query(text, **options)
    too_many = (
        f"the answer has more than {row_limit} rows; igkg sends whole answers only: "
        "add LIMIT and OFFSET to page through it"
    )
    if isinstance(result, QuerySolutions):
        variables = [v.value for v in result.variables]
        rows = []
        for solution in result:
            if len(rows) == row_limit:
                return error(422, too_many)
            rows.append(tuple(solution[v] for v in variables))
        results = Results(variables, rows)
        writer = {"json": to_json, "xml": to_xml, "csv": to_csv, "tsv": lambda r: to_csv(r, "tsv")}[fmt]
        return Reply(200, RESULT_MEDIA[fmt], writer(results).encode("utf-8"), data=len(rows))
    if isinstance(result, QueryTriples):
        triples: list[Quad] = []
        for triple in result:
            if len(triples) == row_limit:
                return error(422, too_many.replace("rows", "triples"))
            triples.append(Quad(triple.subject, triple.predicate, triple.object))
        return Reply(200, GRAPH_MEDIA[fmt], FORMATS[fmt].write(QuadSet(triples)), data=len(triples))
    boolean = Results([], [], boolean=bool(result))
    if fmt not in ("json", "xml"):
        return error(406, "an ASK answer is given as SPARQL JSON or XML only")
    return Reply(200, RESULT_MEDIA[fmt], (to_json if fmt == "json" else to_xml)(boolean).encode("utf-8"))


# --- the dataset at start-up --------------------------------------------------------------------


def dataset_info() -> Reply:
    """The dataset's named graphs, every thing's slug and counts, read once when the server starts."""
    store = _view().store
    graphs = sorted(g.value for g in store.named_graphs() if isinstance(g, NamedNode))
    slugs: set[str] = set()
    for row in store.query(f'SELECT DISTINCT ?s WHERE {{ ?s ?p ?o FILTER(STRSTARTS(STR(?s), "{settings.ID_BASE}")) }}'):
        slugs.add(row[0].value[len(settings.ID_BASE) :])
    triples = next(iter(store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))[0].value
    return Reply(200, "", b"", data={"graphs": graphs, "slugs": sorted(slugs), "triples": int(triples)})


# --- linked-data pages --------------------------------------------------------------------------

_LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>|<http://www.w3.org/2004/02/skos/core#prefLabel>"


def _labels(iris: set[str]) -> dict[str, str]:
    """rdfs:label (else skos:prefLabel) of each IRI, English or plain first, in one query."""
    if not iris:
        return {}
    values = " ".join(f"<{iri}>" for iri in sorted(iris))
    rows = _view().store.query(
        f"SELECT ?x ?label WHERE {{ VALUES ?x {{ {values} }} ?x {_LABEL} ?label }} ORDER BY ?x DESC(LANG(?label))"
    )
    labels: dict[str, str] = {}
    for row in rows:
        labels.setdefault(row[0].value, row[1].value)
    return labels


def _term(term: Any, labels: dict[str, str]) -> dict[str, str]:
    if isinstance(term, NamedNode):
        return {"kind": "iri", "iri": term.value, "label": labels.get(term.value, "")}
    if isinstance(term, BlankNode):
        return {"kind": "bnode", "value": term.value}
    assert isinstance(term, Literal)
    datatype = term.datatype.value if term.datatype else ""
    return {"kind": "literal", "value": term.value, "language": term.language or "", "datatype": datatype}


def entity(slug: str, inbound_limit: int = 500) -> Reply:
    """Everything a page about ``slug`` shows, as plain data; ``data`` is None for an unknown slug."""
    view = _view()
    iri = NamedNode(settings.ID_BASE + slug)
    if not view.contains(iri):
        return Reply(404, "", b"", data=None)
    store = view.store
    outgoing = [(q.predicate, q.object) for q in store.quads_for_pattern(iri, None, None, DefaultGraph())]
    inbound_rows = list(
        store.query(
            f"SELECT DISTINCT ?s ?p WHERE {{ ?s ?p {iri} FILTER(isIRI(?s)) }} ORDER BY ?p ?s LIMIT {inbound_limit + 1}"
        )
    )
    provenance = _provenance(iri) if "/" not in slug else Results([], [])
    iris = {iri.value}
    iris.update(p.value for p, _ in outgoing)
    iris.update(o.value for _, o in outgoing if isinstance(o, NamedNode))
    iris.update(r[0].value for r in inbound_rows)
    iris.update(r[1].value for r in inbound_rows)
    for row in provenance.rows:
        iris.update(t.value for t in row if isinstance(t, NamedNode))
    sources = sorted({r[3].value for r in provenance.rows if r[3] is not None})
    labels = _labels(iris | {settings.SOURCE_BASE + s for s in sources})
    locations = _page_locations([settings.SOURCE_BASE + s for s in sources])
    facts = [
        {"property": _term(p, labels), "value": _term(o, labels)}
        for p, o in sorted(outgoing, key=lambda po: (po[0].value, str(po[1])))
    ]
    cited = [
        {
            "property": _term(row[0], labels),
            "value": _term(row[1], labels),
            "rank": row[2].value if row[2] is not None else "",
            "source": row[3].value if row[3] is not None else "",
            "lines": row[4].value if row[4] is not None else "",
            "quote": row[5].value if row[5] is not None else "",
        }
        for row in provenance.rows
    ]
    data = {
        "iri": iri.value,
        "slug": slug,
        "label": labels.get(iri.value, ""),
        "types": [_term(o, labels) for p, o in outgoing if p.value.endswith("#type")],
        "facts": facts,
        "provenance": cited,
        "sources": {
            s: {"title": labels.get(settings.SOURCE_BASE + s, ""), "url": locations.get(s, "")} for s in sources
        },
        "inbound": [
            {"subject": _term(r[0], labels), "property": _term(r[1], labels)} for r in inbound_rows[:inbound_limit]
        ],
        "inbound_truncated": len(inbound_rows) > inbound_limit,
        "has_lineage": _has_lineage(slug),
    }
    return Reply(200, "", b"", data=data)


def _provenance(iri: NamedNode) -> Results:
    """The canned ``provenance`` query about ``iri`` (what the page's provenance table shows)."""
    from kg.query import catalog as queries

    return _view().query(queries.get("provenance").text, {"id": iri})


def _page_locations(source_iris: list[str]) -> dict[str, str]:
    """Where each web-page source was read (prov:atLocation), by source name."""
    if not source_iris:
        return {}
    values = " ".join(f"<{s}>" for s in source_iris)
    rows = _view().store.query(
        f"SELECT ?s ?url WHERE {{ VALUES ?s {{ {values} }} ?s <http://www.w3.org/ns/prov#atLocation> ?url }}"
    )
    return {row[0].value[len(settings.SOURCE_BASE) :]: row[1].value for row in rows}


def _has_lineage(slug: str) -> bool:
    from kg.analysis.lineage import lineage

    try:
        result = lineage(_view(), slug, "up", None, None)
    except QueryError:
        return False
    return result.graph.number_of_nodes() > 1


def lineage_picture(slug: str) -> Reply:
    from kg.analysis.lineage import lineage
    from kg.analysis.picture import draw

    result = lineage(_view(), slug, "up", None, None)
    if result.graph.number_of_nodes() <= 1:
        return error(404, f"{slug} has no mandates above it: there is no lineage to draw")
    return Reply(200, "image/svg+xml", draw(result, "svg"))


def entity_rdf(slug: str, fmt: str) -> Reply:
    """The description of ``slug`` for machines: its own triples and those of the nodes under it
    (citations, claims: ``<…/id/slug/evidence/…>``), from the merged graph."""
    store = _view().store
    iri = NamedNode(settings.ID_BASE + slug)
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
    iri = NamedNode(settings.SOURCE_BASE + name)
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


_JOBS = {
    "description": description,
    "sparql": sparql,
    "dataset_info": dataset_info,
    "entity": entity,
    "entity_rdf": entity_rdf,
    "lineage_picture": lineage_picture,
    "source": source,
}
