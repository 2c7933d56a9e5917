"""The compiled form of the shapes: one SPARQL query per constraint, and how its rows become findings."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import rdflib
from pyoxigraph import BlankNode, Literal, NamedNode

Node = rdflib.term.Node
#: A term of the store, as a row of a SELECT holds it.
OxTerm = NamedNode | BlankNode | Literal
Row = dict[str, OxTerm]
#: A finding's message made from a row; the graph holds the descriptions of the row's blank nodes.
MessageFor = Callable[[Row, rdflib.Graph], str]

#: Stands for the ill-typed literals in compiled queries; the runner puts them in
#: (kg/validate/shacl_sparql/ill_typed.py).
ILL_TYPED = "IGKG_ILL_TYPED"


class UnsupportedShapeError(ValueError):
    """The shapes use a SHACL feature this compiler does not implement."""

    def __init__(self, shape: Node, term: object, why: str = "is not supported by kg.validate.shacl_sparql") -> None:
        super().__init__(f"shape {term_name(shape)}: {term_name(term)} {why}")
        self.shape, self.term = shape, term


def term_name(term: object) -> str:
    return term.n3() if isinstance(term, rdflib.term.Identifier) else str(term)


@dataclass(frozen=True)
class Check:
    """One query and how its rows become findings.

    The query selects ``?this`` (the focus node), ``?value`` when the result has a value, and,
    for SPARQL-based constraints, whatever the constraint's own SELECT projects."""

    shape: Node
    query: str
    severity: str
    source: str
    #: The result path as ``kg.validate.pyshacl_engine.shacl_findings`` prints it ("" for node shapes).
    path: str
    message: MessageFor
    #: For SPARQL-based constraints: turns a row into (focus, path, value) the way pySHACL does.
    sparql: bool = False
    node_shape: bool = True
    #: The constraint component's IRI, and the shape and its path as kg.validate.result_terms writes them.
    component: str = ""
    shape_text: str = ""
    path_node: str = ""
    #: The check validates the values of an ``sh:node`` constraint: its findings are details.
    detail: bool = False


@dataclass
class CompiledShapes:
    checks: list[Check] = field(default_factory=list)
    #: Datatypes whose literals rdflib may judge ill-typed (for ``sh:datatype``).
    checked_datatypes: set[rdflib.URIRef] = field(default_factory=set)
    node_shapes: int = 0
