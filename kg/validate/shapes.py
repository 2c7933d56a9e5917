"""The shapes graph and the ontology graph the shapes need, read from the project's files; and the
facts about the shapes graph that both SHACL engines must read off it the same way."""

from __future__ import annotations

from pathlib import Path

import rdflib
from rdflib.namespace import SH

from kg.core import settings


def load_shapes(shapes_dir: Path | None = None) -> rdflib.Graph:
    graph = rdflib.Graph()
    for path in sorted((shapes_dir or settings.shapes_dir()).glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


def load_ontology(path: Path | None = None) -> rdflib.Graph:
    return rdflib.Graph().parse(path or settings.ontology_file(), format="turtle")


def node_shape_count(shapes: rdflib.Graph) -> int:
    return len(set(shapes.subjects(rdflib.RDF.type, SH.NodeShape)))


def shape_source(shapes: rdflib.Graph, shape: rdflib.term.Node | None) -> str:
    """The shape a finding names as its source. Property shapes are blank nodes: a finding names
    the node shape that holds one instead (and nothing if no named shape holds it)."""
    if isinstance(shape, rdflib.BNode):
        parent = shapes.value(predicate=SH.property, object=shape)
        shape = parent if parent is not None else shape
    return str(shape) if not isinstance(shape, rdflib.BNode) else ""
