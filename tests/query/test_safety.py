"""Query text igkg refuses before any engine sees it."""

import pytest

from kg.core.errors import QueryError
from kg.engines import OxigraphView
from kg.query.run import run_sparql
from kg.query.safety import MAX_NESTING, check_query_text


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", "SERVICE"),
        ("select * where { service silent ?endpoint { ?s ?p ?o } }", "SERVICE"),
        ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", "read-only"),
        ("LOAD <http://127.0.0.1:9/data.ttl>", "read-only"),
        ("DROP ALL", "read-only"),
        ("SELECT * WHERE { " + "{" * 5000 + " ?s ?p ?o " + "}" * 5000 + " }", "nests"),
        ("SELECT * WHERE { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }", "nests"),
        ("# " + "x" * (1024 * 1024 + 1) + "\nASK {}", "bytes"),
    ],
)
def test_hostile_queries_are_refused_before_the_engine(query: str, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        check_query_text(query)
    # The embedded engine is never reached: the same process keeps working afterwards.
    with pytest.raises(QueryError):
        run_sparql(OxigraphView.from_quads([]), query)
    assert run_sparql(OxigraphView.from_quads([]), "ASK {}").boolean is True


@pytest.mark.parametrize(
    "query",
    [
        'SELECT * WHERE { ?s ?p "SERVICE and INSERT DATA { are only words here" }',
        "SELECT ?add ?copy WHERE { ?add <urn:p> ?copy }  # DROP ALL in a comment",
        "SELECT * WHERE { <http://example.org/SERVICE> ?p ?o }",
        "SELECT * WHERE " + "{" * MAX_NESTING + "}" * MAX_NESTING,
    ],
)
def test_ordinary_queries_pass(query: str) -> None:
    check_query_text(query)
