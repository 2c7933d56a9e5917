"""The media types igkg serves, and the short names a client may give for them in ``format``.

Plain tables, shared by the request parser (:mod:`kg.serve.protocol`), the routes and the
workers that serialise answers (:mod:`kg.serve.jobs`).
"""

from __future__ import annotations

HTML = "text/html"

#: Media types of the result formats (SELECT, ASK), by the name a client gives in ``format``.
RESULT_MEDIA = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
}
#: Media types of the graph formats (CONSTRUCT, DESCRIBE), by the name a client gives in ``format``.
GRAPH_MEDIA = {
    "turtle": "text/turtle; charset=utf-8",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
}
#: The format name of each media type a client may ask for in ``Accept``.
MEDIA_FORMAT = {media.split(";")[0]: name for name, media in {**RESULT_MEDIA, **GRAPH_MEDIA}.items()}
MEDIA_FORMAT["application/json"] = "json"
MEDIA_FORMAT["text/plain"] = "ntriples"  # N-Triples was registered as text/plain first

#: How a thing (``/id/SLUG``) is described for machines, by the name given in ``format``; the
#: page lists them as its alternates.
ENTITY_MEDIA = {"turtle": "text/turtle", "jsonld": "application/ld+json", "ntriples": "application/n-triples"}
#: The format name of each media type a client may ask for a thing in, the lenient ones included,
#: in the server's order of preference (it breaks ties in ``Accept``).
ENTITY_FORMAT = {media: name for name, media in ENTITY_MEDIA.items()} | {
    "application/json": "jsonld",
    "text/plain": "ntriples",
}
