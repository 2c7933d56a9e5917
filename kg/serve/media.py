"""The media types igkg serves, and the names a client may give for them in ``format``.

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
#: Media types of the graph formats (CONSTRUCT, DESCRIBE), by the name a client gives in ``format``,
#: in the server's order of preference (``Accept: */*`` gets the first).
GRAPH_MEDIA = {
    "turtle": "text/turtle; charset=utf-8",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
    # OWL 2's one mandatory exchange syntax, and SPARQLWrapper's default for a graph.
    "rdfxml": "application/rdf+xml",
}
#: The format name of each media type a client may ask for in ``Accept``.
MEDIA_FORMAT = {media.split(";")[0]: name for name, media in {**RESULT_MEDIA, **GRAPH_MEDIA}.items()}
MEDIA_FORMAT["application/json"] = "json"
MEDIA_FORMAT["text/plain"] = "ntriples"  # N-Triples was registered as text/plain first

#: Other names clients give in ``format`` for a graph format: SPARQLWrapper sends its own names
#: (``xml`` for RDF/XML, its default; ``n3``, ``json-ld``, ``rdf+xml``), Virtuoso's and Fuseki's
#: users the file extensions. N3 is answered with Turtle, which every N3 reader reads.
GRAPH_ALIASES = {
    "xml": "rdfxml",
    "rdf": "rdfxml",
    "rdf+xml": "rdfxml",
    "owl": "rdfxml",
    "ttl": "turtle",
    "n3": "turtle",
    "nt": "ntriples",
    "n-triples": "ntriples",
    "json-ld": "jsonld",
    "json": "jsonld",
}

#: How an RDF document (a thing at ``/id/SLUG``, the ontology, the dataset's VoID) is given to
#: machines, by the name given in ``format``; the pages list them as their alternates.
ENTITY_MEDIA = {
    "turtle": "text/turtle",
    "jsonld": "application/ld+json",
    "ntriples": "application/n-triples",
    "rdfxml": "application/rdf+xml",
}
#: The lenient media types a client may ask for an RDF document in, and the format each gets.
LENIENT_RDF = {
    "application/json": "jsonld",
    "text/plain": "ntriples",
    "application/xml": "rdfxml",
    "text/xml": "rdfxml",
}
#: The format name of each media type a client may ask for a thing in, the lenient ones included,
#: in the server's order of preference (it breaks ties in ``Accept``).
ENTITY_FORMAT = {media: name for name, media in ENTITY_MEDIA.items()} | LENIENT_RDF
