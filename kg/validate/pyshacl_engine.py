"""The reference SHACL engine: pySHACL, run on rdflib graphs.

About 100 times slower than the shapes compiled to SPARQL (kg/validate/shacl_sparql/), which must
give exactly its findings (tests/validate/test_shacl_sparql.py). pySHACL is always given rdflib
Graph objects, never strings it might open as paths or URLs (reliability-checklist.md, P2), and
runs without inference: the whole ontology is merged into the data graph, so that
``sh:targetClass`` reaches subclasses and ``sh:class`` finds the concept schemes.
"""

from __future__ import annotations

import rdflib
from rdflib.namespace import SH

from kg.validate.report import NAMELESS, Finding
from kg.validate.result_terms import node_text
from kg.validate.shapes import shape_source


def shacl_findings(data: rdflib.Graph, shapes: rdflib.Graph, ontology: rdflib.Graph) -> list[Finding]:
    # Imported here: pySHACL takes a quarter of a second to import, and only this engine needs it.
    import pyshacl

    # pySHACL's ont_graph only copies RDFS/OWL axioms into the data graph, not the concept-scheme
    # individuals (roles, actions, ranks) that sh:class constraints need: merge the whole ontology.
    merged = rdflib.Graph()
    for triple in data:
        merged.add(triple)
    for triple in ontology:
        merged.add(triple)
    _conforms, results, _text = pyshacl.validate(
        merged,
        shacl_graph=shapes,
        inference="none",
        abort_on_first=False,
        allow_warnings=True,
        advanced=False,
        do_owl_imports=False,
    )
    return [
        _finding(results, result, shapes, merged) for result in results.subjects(rdflib.RDF.type, SH.ValidationResult)
    ]


def _finding(results: rdflib.Graph, result: rdflib.term.Node, shapes: rdflib.Graph, data: rdflib.Graph) -> Finding:
    # pySHACL's results graph keeps the shapes graph's and the data graph's blank nodes: their
    # descriptions are read where they come from.
    shape = results.value(result, SH.sourceShape)
    return Finding(
        severity=_str(results, result, SH.resultSeverity).rsplit("#", 1)[-1],
        focus=_str(results, result, SH.focusNode),
        path=_str(results, result, SH.resultPath),
        message=_str(results, result, SH.resultMessage),
        value=_str(results, result, SH.value),
        source=shape_source(shapes, shape),
        component=_str(results, result, SH.sourceConstraintComponent),
        focus_node=node_text(data, results.value(result, SH.focusNode)),
        path_node=node_text(shapes, results.value(result, SH.resultPath)),
        value_node=node_text(data, results.value(result, SH.value)),
        shape=node_text(shapes, shape),
        detail=(None, SH.detail, result) in results,
    )


def _str(graph: rdflib.Graph, node: rdflib.term.Node, pred: rdflib.URIRef) -> str:
    value = graph.value(node, pred)
    if value is None:
        return ""
    if isinstance(value, rdflib.BNode):
        return NAMELESS
    return str(value)
