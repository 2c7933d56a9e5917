"""RDF documents the server holds as Turtle text (the ontology, the dataset's VoID, the service
description), given in the graph format a client negotiated.

These answer in this process, not in a query worker: they read no store, and they must answer
while every worker is busy (a load balancer or an OWL tool does not wait behind a long query).
A conversion is cached by its text, so a document is converted once per format, not per request.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pyoxigraph import DefaultGraph, Quad, RdfFormat, parse

from kg.core.quads import QuadSet
from kg.export.dumps import FORMATS
from kg.serve.media import ENTITY_MEDIA

#: The media type each format is answered with (Turtle is served as the UTF-8 text it is).
DOCUMENT_MEDIA = {**ENTITY_MEDIA, "turtle": "text/turtle; charset=utf-8"}


@lru_cache(maxsize=32)
def convert(turtle: str | bytes, fmt: str) -> bytes:
    """``turtle`` in the format named ``fmt`` (a name from ENTITY_MEDIA); Turtle is kept as written,
    with its comments and prefixes.

    :raises SyntaxError: when ``turtle`` is not Turtle (pyoxigraph's parse error).
    """
    data = turtle.encode("utf-8") if isinstance(turtle, str) else turtle
    if fmt == "turtle":
        return data
    quads = QuadSet(Quad(q.subject, q.predicate, q.object, DefaultGraph()) for q in parse(data, RdfFormat.TURTLE))
    return FORMATS[fmt].write(quads)


def convert_file(path: Path, fmt: str) -> bytes:
    """The Turtle file at ``path`` in ``fmt``; cached by the file's text, so an edited file is
    converted again."""
    return convert(path.read_text(encoding="utf-8"), fmt)
