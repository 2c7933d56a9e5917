"""What a request asks for: the SPARQL 1.1 Protocol and the format of a thing, read from plain values.

Pure functions, no web framework: the routes (:mod:`kg.serve.app`) hand over the method, the URL's
parameters, the content type, the body and the ``Accept`` header, and get back either what to do
(a :class:`QueryRequest`, or :class:`DescribeService` when there is no query) or a
:class:`Refusal` — the status and the message the client reads. Whether a query is *allowed*
(SERVICE, FROM, size of its nesting…) is not decided here: the worker runs every query through
:func:`kg.query.run.run_sparql`, the one place that holds the policy.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass

from kg.core.sparql_text import query_form
from kg.serve.media import (
    ENTITY_FORMAT,
    ENTITY_MEDIA,
    GRAPH_ALIASES,
    GRAPH_MEDIA,
    HTML,
    LENIENT_RDF,
    MEDIA_FORMAT,
    RESULT_MEDIA,
)
from kg.serve.negotiate import best_match

#: A name and a value, as a URL's query string or a form body gives them (names may repeat).
Param = tuple[str, str]

_GRAPH_FORMS = ("CONSTRUCT", "DESCRIBE")
# The protocol's update operation (SPARQL 1.1 Protocol, 2.2): this endpoint is read-only.
_UPDATE_PARAMS = frozenset({"update", "using-graph-uri", "using-named-graph-uri"})
_SPARQL_QUERY = "application/sparql-query"
_SPARQL_UPDATE = "application/sparql-update"
_FORM = "application/x-www-form-urlencoded"


@dataclass(frozen=True)
class Refusal:
    """The request is refused: answer ``status`` with ``message`` as plain text."""

    status: int
    message: str


@dataclass(frozen=True)
class DescribeService:
    """A protocol request without a query: the client asks what the endpoint is."""


@dataclass(frozen=True)
class QueryRequest:
    """A query to run, and how to answer it."""

    query: str
    form: str  # SELECT, ASK, CONSTRUCT, DESCRIBE, or "" for text that is none of them
    fmt: str  # a name from RESULT_MEDIA or GRAPH_MEDIA, or "html" for a page
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()

    @property
    def graph_form(self) -> bool:
        """Whether the answer is a graph (CONSTRUCT, DESCRIBE) rather than results."""
        return self.form in _GRAPH_FORMS

    @property
    def html(self) -> bool:
        """Whether the answer is a page for people."""
        return self.fmt == "html"

    @property
    def worker_format(self) -> str:
        """The format the worker serialises to; a page is rendered from Turtle or SPARQL JSON."""
        if self.html:
            return "turtle" if self.graph_form else "json"
        return self.fmt


SparqlRequest = QueryRequest | DescribeService | Refusal


def body_too_large(max_size: int) -> Refusal:
    """The refusal of a request body over ``max_size`` bytes."""
    return Refusal(413, f"the request body is over {max_size} bytes; igkg refuses it")


def parse_sparql_request(
    method: str,
    params: Sequence[Param],
    content_type: str | None,
    body: bytes,
    accept: str | None,
    max_size: int,
) -> SparqlRequest:
    """Read a SPARQL 1.1 Protocol query request (GET, POST of a form, or POST of the query itself).

    ``params`` are the URL's query parameters in order; ``body`` is read only for a POST.
    The checks run in this order, so that each request gets one answer: the body (413, 403 for
    an update, 415), the update parameters (403), the number of queries (400), no query at all
    (:class:`DescribeService`), the query's size (413), then the answer's format (400, 406).
    """
    direct: str | None = None
    form: list[Param] = []
    if method == "POST":
        posted = _read_post(content_type, body, max_size)
        if isinstance(posted, Refusal):
            return posted
        direct, form = posted
    every = [*params, *form]
    if _UPDATE_PARAMS.intersection(name for name, _ in every):
        return Refusal(403, "this endpoint is read-only: SPARQL updates (and LOAD) are refused")
    query = direct if direct is not None else _the_query(every)
    if query is None or isinstance(query, Refusal):
        return DescribeService() if query is None else query
    if len(query.encode("utf-8")) > max_size:
        return Refusal(413, f"the query is over {max_size} bytes; igkg refuses it")
    kind = query_form(query)
    # A format in the URL wins over one in a form body.
    fmt = _answer_format(_last(params, "format") or _last(every, "format"), kind, accept)
    if isinstance(fmt, Refusal):
        return fmt
    return QueryRequest(
        query=query,
        form=kind,
        fmt=fmt,
        default_graphs=_values(every, "default-graph-uri"),
        named_graphs=_values(every, "named-graph-uri"),
    )


def _read_post(content_type: str | None, body: bytes, max_size: int) -> tuple[str | None, list[Param]] | Refusal:
    """A POST body: the query sent directly, or the parameters of a form."""
    if len(body) > max_size:
        return body_too_large(max_size)
    media = (content_type or "").split(";")[0].strip().lower()
    if media == _SPARQL_UPDATE:
        return Refusal(403, "this endpoint is read-only: SPARQL updates are refused")
    if media == _SPARQL_QUERY:
        return _text(body), []
    if media == _FORM:
        return None, urllib.parse.parse_qsl(_text(body), keep_blank_values=True)
    return Refusal(415, "POST a query as application/sparql-query or as a form (application/x-www-form-urlencoded)")


def _text(body: bytes) -> str:
    """A body as text: UTF-8, a stray byte read as U+FFFD rather than refused."""
    return body.decode("utf-8", errors="replace")


def _the_query(params: Sequence[Param]) -> str | Refusal | None:
    """The one ``query`` parameter, None when there is none."""
    queries = _values(params, "query")
    if len(queries) > 1:
        return Refusal(400, "give one query, not several")
    return queries[0] if queries else None


def _values(params: Sequence[Param], name: str) -> tuple[str, ...]:
    """Every value of parameter ``name``, in order."""
    return tuple(value for key, value in params if key == name)


def _last(params: Sequence[Param], name: str) -> str | None:
    """The last value of parameter ``name`` (as a dict of the parameters would keep it)."""
    values = _values(params, name)
    return values[-1] if values else None


def _answer_format(fmt: str | None, form: str, accept: str | None) -> str | Refusal:
    """The format of the answer: the one named in ``format``, else the best one for ``accept``.

    ``format`` may hold a name (``json``, ``turtle``; a graph format also by the names of
    :data:`GRAPH_ALIASES`) or a media type, as SPARQLWrapper sends for TSV, JSON-LD and RDF/XML.
    """
    graph_form = form in _GRAPH_FORMS
    formats = GRAPH_MEDIA if graph_form else RESULT_MEDIA
    offered = [media.split(";")[0] for media in formats.values()]
    offered += ["text/plain"] if graph_form else ["application/json"]
    if fmt:
        name = fmt.strip().lower()
        if "/" in name:  # a media type: negotiated like a one-entry Accept header
            chosen = best_match(name, [*offered, HTML])
            return _named(chosen) if chosen else _not_offered(fmt, form, formats)
        name = GRAPH_ALIASES.get(name, name) if graph_form else name
        return name if name in formats or name == "html" else _not_offered(fmt, form, formats)
    chosen = best_match(accept, [*offered, HTML])
    if chosen is None:
        return Refusal(406, "none of the formats you accept is offered: " + ", ".join(offered))
    return _named(chosen)


def _named(media: str) -> str:
    """The format name of an offered media type."""
    return "html" if media == HTML else MEDIA_FORMAT[media]


def _not_offered(fmt: str, form: str, formats: dict[str, str]) -> Refusal:
    choices = ", ".join([*formats, "html"])
    return Refusal(400, f"format={fmt} is not offered for a {form} query; use one of {choices}")


#: How a thing (``/id/SLUG``) is given, in the server's order of preference.
ENTITY_FORMATS = ("html", "turtle", "jsonld", "ntriples", "rdfxml")


def entity_format(fmt: str | None, accept: str | None) -> str | Refusal:
    """How to describe a thing (``/id/SLUG``): "html", or a name from ENTITY_MEDIA.

    ``fmt`` is the URL's ``format`` parameter; without one, ``accept`` decides.
    """
    return document_format(fmt, accept, ENTITY_FORMATS)


def document_format(fmt: str | None, accept: str | None, offered: Sequence[str]) -> str | Refusal:
    """How to give an RDF document: one of ``offered`` ("html" and names from ENTITY_MEDIA, in
    the server's order of preference, which breaks ties in ``Accept``).

    ``fmt`` (the URL's ``format``: a name, an alias from GRAPH_ALIASES or a media type) wins over
    ``accept``; a ``fmt`` that names nothing offered is a 400, an ``accept`` that takes nothing
    offered a 406.
    """
    media = [HTML if name == "html" else ENTITY_MEDIA[name] for name in offered]
    lenient = [m for m, name in LENIENT_RDF.items() if name in offered]
    if fmt:
        name = fmt.strip().lower()
        if "/" in name:
            chosen = best_match(name, [*media, *lenient])
            name = _document_name(chosen) if chosen else name
        name = GRAPH_ALIASES.get(name, name)
        if name in offered:
            return name
        return Refusal(400, f"format={fmt}: use {', '.join(offered)}")
    chosen = best_match(accept, [*media, *lenient])
    if chosen is None:
        return Refusal(406, f"offered as {', '.join(media)} only")
    return _document_name(chosen)


def _document_name(media: str) -> str:
    return "html" if media == HTML else ENTITY_FORMAT[media]
