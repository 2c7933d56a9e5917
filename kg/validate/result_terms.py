"""A validation result's RDF terms as text, so that a :class:`~kg.validate.report.Finding` stays a
flat record of strings that both SHACL engines can produce and tests can compare.

A term is written in its N-Triples form. A blank node (a property shape, a sequence path, a blank
value) is written as a label followed by its description, one N-Triples line each, as pySHACL
copies a blank ``sh:sourceShape`` or ``sh:resultPath`` into its report. The label is a hash of the
description (recursively, of the labels of the blank nodes it holds), so that the same shape gets
the same label whichever parse of the shapes produced it: the report's bytes depend on the findings
only, and a shape that many results name is written once.
"""

from __future__ import annotations

import hashlib

import rdflib
from pyoxigraph import BlankNode, Literal, NamedNode, RdfFormat, Triple, parse

#: The subject and predicate of the line that names the described term while parsing.
_ROOT = "<urn:igkg:result-term>"
#: Stands for a blank node met again inside its own description (a cycle: no finite description).
_CYCLE = "_:cycle"

OxTerm = NamedNode | BlankNode | Literal


def node_text(graph: rdflib.Graph, node: rdflib.term.Node | None) -> str:
    """``node`` as text: its N-Triples form, or for a blank node a label and the lines describing it in ``graph``."""
    if node is None:
        return ""
    lines: set[str] = set()
    root = _label(graph, node, lines, frozenset())
    return "\n".join([root, *sorted(lines)])


def read_node_text(text: str) -> tuple[OxTerm, list[Triple]]:
    """The term that :func:`node_text` wrote, and the triples that describe it."""
    root, _, description = text.partition("\n")
    triples = [q.triple for q in parse(f"{_ROOT} {_ROOT} {root} .\n{description}", format=RdfFormat.N_TRIPLES)]
    term = triples[0].object
    if not isinstance(term, NamedNode | BlankNode | Literal):  # pragma: no cover - N-Triples has no others
        raise ValueError(f"not a result term: {root!r}")
    return term, triples[1:]


def ox_term(node: rdflib.term.Node) -> OxTerm:
    """The rdflib term as pyoxigraph's (a literal keeps rdflib's lexical form, as pySHACL reports it)."""
    if isinstance(node, rdflib.URIRef):
        return NamedNode(str(node))
    if isinstance(node, rdflib.Literal):
        if node.language:
            return Literal(str(node), language=node.language)
        if node.datatype is not None:
            return Literal(str(node), datatype=NamedNode(str(node.datatype)))
        return Literal(str(node))
    if isinstance(node, rdflib.BNode):
        return BlankNode(str(node))
    raise TypeError(f"not an RDF term: {node!r}")


def _label(graph: rdflib.Graph, node: rdflib.term.Node, lines: set[str], open_nodes: frozenset[rdflib.BNode]) -> str:
    if not isinstance(node, rdflib.BNode):
        return str(ox_term(node))
    if node in open_nodes:
        return _CYCLE
    inner = open_nodes | {node}
    own = sorted(f"{ox_term(p)} {_label(graph, o, lines, inner)}" for p, o in graph.predicate_objects(node))
    label = "_:b" + hashlib.sha256("\n".join(own).encode()).hexdigest()[:16]
    lines.update(f"{label} {line} ." for line in own)
    return label
