"""The graph stage's set of quads and its conversions (kg/core/quads.py)."""

from __future__ import annotations

import rdflib
from pyoxigraph import Literal, NamedNode, Quad

from kg.core.quads import QuadSet

EX = "https://example.org/"


def test_to_rdflib_gives_what_rdflib_parses_from_the_n_triples() -> None:
    """The direct conversion makes the very terms rdflib's own parser makes (plain strings
    without a datatype, language tags, typed literals normalised alike), once per triple."""
    s, p, g1, g2 = NamedNode(EX + "s"), NamedNode(EX + "p"), NamedNode(EX + "g1"), NamedNode(EX + "g2")
    xsd = "http://www.w3.org/2001/XMLSchema#"
    objects = [
        Literal("plain"),
        Literal("Forum", language="en"),
        Literal("Forum", language="fr"),
        Literal("007", datatype=NamedNode(xsd + "integer")),
        Literal("2006-10", datatype=NamedNode(xsd + "gYearMonth")),
        Literal("true", datatype=NamedNode(xsd + "boolean")),
        NamedNode(EX + "o"),
    ]
    quads = QuadSet(Quad(s, p, o, g) for o in objects for g in (g1, g2))
    direct = quads.to_rdflib()
    parsed = rdflib.Graph().parse(data=quads.ntriples().decode(), format="nt")
    assert len(direct) == len(objects)
    assert set(direct) == set(parsed)
    assert {repr(o) for o in direct.objects()} == {repr(o) for o in parsed.objects()}
