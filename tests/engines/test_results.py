"""``Results`` in Python: iterable as rows of dicts of strings, sized by ``len()``, its attributes
as they were — on the embedded store as ``kg.open_store()`` gives it, and on rdflib's engine."""

from __future__ import annotations

import pytest

import kg
from kg.api import sparql
from kg.engines import OxigraphView, RdflibView
from kg.pipeline.build import BuildReport

FORUMS = """SELECT ?forum ?label ?nothing WHERE {
  ?forum a <https://w3id.org/igkg/ontology#Forum> ; <http://www.w3.org/2000/01/rdf-schema#label> ?label
  OPTIONAL { ?forum <urn:x-igkg:never> ?nothing }
} ORDER BY ?forum"""
IGF = "<https://w3id.org/igkg/id/igf>"


def test_open_store_query_iterates_as_rows_of_dicts(built: BuildReport) -> None:
    results = kg.open_store(built.out_dir / "store").query(FORUMS)
    rows = list(results)
    assert len(results) == len(rows) == len(results.rows) > 0
    assert rows == results.dicts()  # the same dicts as before, and as kg.run_query's
    igf = next(r for r in results if r["forum"] == "https://w3id.org/igkg/id/igf")
    assert igf == {"forum": "https://w3id.org/igkg/id/igf", "label": "Internet Governance Forum"}  # unbound: absent
    assert results.variables == ["forum", "label", "nothing"] and bool(results)
    assert [r["label"] for r in results] == [r["label"] for r in results]  # iterable again, not an iterator
    assert list(sparql(FORUMS, store=built.out_dir / "store")) == rows  # the bounded path too


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_every_query_form_iterates(engine: str, view: OxigraphView, rdflib_view: RdflibView) -> None:
    store = view if engine == "oxigraph" else rdflib_view
    empty = store.query("SELECT ?s WHERE { ?s <urn:x-igkg:never> ?o }")
    assert list(empty) == [] and len(empty) == 0 and not empty
    graph = store.query(f"CONSTRUCT {{ {IGF} ?p ?o }} WHERE {{ {IGF} ?p ?o }}")
    triples = list(graph)
    assert len(graph) == len(triples) > 0 and graph.dicts() == []  # dicts() keeps its old meaning
    assert {t["subject"] for t in triples} == {"https://w3id.org/igkg/id/igf"}
    assert {"subject", "predicate", "object"} == set(triples[0])
    yes, no = store.query(f"ASK {{ {IGF} ?p ?o }}"), store.query("ASK { ?s <urn:x-igkg:never> ?o }")
    assert bool(yes) is True and bool(no) is False and yes.boolean is True
    for answer in (yes, no):
        with pytest.raises(TypeError, match=r"an ASK result has no rows .*\.boolean"):
            list(answer)
        with pytest.raises(TypeError, match="an ASK result"):
            len(answer)
    assert no.dicts() == []
