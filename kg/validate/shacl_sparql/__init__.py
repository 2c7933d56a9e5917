"""A fast SHACL engine: the project's shapes compiled to SPARQL SELECT queries run on pyoxigraph.

pySHACL walks the graph node by node in Python (about 2 000 quads/s); here each constraint of a
targeted shape becomes one set-oriented query over all its focus nodes, so that the store's
indexes do the work and the time grows about linearly with the graph. pySHACL stays the reference
engine (``kg.validate.pyshacl_engine.shacl_findings``): the findings of :func:`run` are meant to be
*identical* to the ones ``shacl_findings`` derives from pySHACL's report (same severity, focus, path,
message, value and source strings), and tests/validate/test_shacl_sparql.py holds both engines to that.

Only the SHACL features the project's shapes use are compiled: targets ``sh:targetClass`` and
``sh:targetSubjectsOf``; paths that are an IRI or a sequence of IRIs; ``sh:property``,
``sh:minCount``, ``sh:maxCount``, ``sh:class``, ``sh:datatype``, ``sh:nodeKind``, ``sh:pattern``
(with ``sh:flags``), ``sh:minLength``, ``sh:minInclusive``, ``sh:lessThanOrEquals``,
``sh:languageIn``, ``sh:uniqueLang``, ``sh:hasValue``, ``sh:or``, ``sh:xone``, ``sh:node``,
SPARQL-based constraints (``sh:sparql`` with ``sh:select``, ``sh:prefixes``/``sh:declare``),
``sh:severity``, ``sh:message`` and ``sh:deactivated``. Anything else in the ``sh:`` namespace, or
a custom constraint component, raises :class:`UnsupportedShapeError` naming the shape and the
term: a shape is never silently ignored, since a skipped constraint would let bad data through.

Where pySHACL's behaviour comes from rdflib rather than from SHACL, it is mirrored on purpose:

- values are reported as rdflib prints them (rdflib normalises typed literals: ``"01"^^xsd:integer``
  is reported as ``1``);
- ``sh:datatype`` rejects ill-typed literals *as rdflib judges them* (a literal rdflib cannot
  convert): those few literals are found with one query and checked by rdflib in Python;
- ``sh:pattern`` follows Python's ``re.search`` (``$`` also matches before a final newline);
- a SPARQL constraint takes its severity from its shape, and its message from the constraint;
- the results pySHACL nests under an ``sh:node`` result (``sh:detail``) are findings too;
- a SPARQL constraint's ``$this`` is joined with the focus nodes rather than pre-bound, so its
  SELECT must project ``$this`` (checked); for the project's constraint the two are the same.

Known difference: rdflib normalises literals when it reads the data, so two literals that differ
only in lexical form (``"1"``/``"01"`` as xsd:integer) are one value for pySHACL and two here.

The store's default graph must hold the data triples merged with the ontology's, as pySHACL is
given them (``kg.validate.gate.validation_store``): ``sh:targetClass`` and ``sh:class`` follow
``rdfs:subClassOf*`` there.

The modules, in the order the work flows: ``reader`` (the shapes graph, and refusals),
``expressions`` and ``conformance`` (a value node's tests as SPARQL expressions), ``constraints``
and ``sparql_constraints`` (one query per constraint), ``messages``, ``compiler`` (the walk over
the shapes into :class:`CompiledShapes`), then ``runner`` (with ``rows`` and ``ill_typed``), which
runs the checks and makes the findings.
"""

from kg.validate.shacl_sparql.compiled import Check, CompiledShapes, UnsupportedShapeError
from kg.validate.shacl_sparql.compiler import compile_shapes
from kg.validate.shacl_sparql.runner import run, validate_store

__all__ = ["Check", "CompiledShapes", "UnsupportedShapeError", "compile_shapes", "run", "validate_store"]
