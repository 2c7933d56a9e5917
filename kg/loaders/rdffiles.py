"""Reading RDF files a user hands to igkg (``igkg validate``): strict, offline, located errors.

pyoxigraph parses: it refuses remote JSON-LD contexts and reports the line of a syntax error.
RDF/XML is not accepted at all (entity bombs crash or stall both parsers: reliability-checklist
R5, O4), and files are size-capped.
"""

from __future__ import annotations

import re
from pathlib import Path

from pyoxigraph import RdfFormat, parse

from kg.core.errors import SourceError
from kg.core.quads import QuadSet

MAX_INPUT_BYTES = 256 * 1024 * 1024
_BY_SUFFIX = {
    ".ttl": RdfFormat.TURTLE,
    ".nt": RdfFormat.N_TRIPLES,
    ".nq": RdfFormat.N_QUADS,
    ".trig": RdfFormat.TRIG,
    ".jsonld": RdfFormat.JSON_LD,
    ".json": RdfFormat.JSON_LD,
}
_LINE = re.compile(r"line (\d+)|(\d+):(\d+)")


def read_rdf_files(paths: list[Path]) -> QuadSet:
    quads = QuadSet()
    for path in paths:
        fmt = _BY_SUFFIX.get(path.suffix.lower())
        if fmt is None:
            known = " ".join(sorted(_BY_SUFFIX))
            raise SourceError(path, f"unknown RDF format {path.suffix!r}; use one of: {known}")
        try:
            size = path.stat().st_size
        except OSError as exc:
            raise SourceError(path, f"cannot read: {exc.strerror}") from None
        if size > MAX_INPUT_BYTES:
            raise SourceError(path, f"file is {size} bytes; at most {MAX_INPUT_BYTES} are accepted")
        try:
            data = path.read_bytes()
            quads.update(parse(data, format=fmt, base_iri=path.resolve().as_uri()))
        except SyntaxError as exc:
            line = getattr(exc, "lineno", None)
            raise SourceError(
                path, f"not valid {path.suffix[1:]}: {exc.msg if hasattr(exc, 'msg') else exc}", line
            ) from None
        except (OSError, ValueError) as exc:
            raise SourceError(path, f"cannot read: {exc}") from None
    return quads
