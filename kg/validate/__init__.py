"""Validation, the gate before publishing: SHACL shapes (compiled to SPARQL on pyoxigraph, or the
reference engine pySHACL), the quality checks in ``queries/check-*.rq``, and OWL consistency
(HermiT). The heavy libraries (pySHACL, owlready2) are imported only when they are used."""

from kg.validate.checks import check_findings
from kg.validate.gate import ENGINES, validate, validation_store
from kg.validate.pyshacl_engine import shacl_findings
from kg.validate.reasoning import Consistency, check_consistency, java_available
from kg.validate.report import SEVERITIES, Finding, ValidationReport
from kg.validate.shapes import load_ontology, load_shapes

__all__ = [
    "ENGINES",
    "SEVERITIES",
    "Consistency",
    "Finding",
    "ValidationReport",
    "check_consistency",
    "check_findings",
    "java_available",
    "load_ontology",
    "load_shapes",
    "shacl_findings",
    "validate",
    "validation_store",
]
