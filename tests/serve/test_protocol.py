"""Reading SPARQL 1.1 Protocol requests and a thing's format, without a server: every refusal with
its status and message, which input wins when several are given, and the answer's format."""

from __future__ import annotations

import pytest

from kg.serve.protocol import (
    DescribeService,
    QueryRequest,
    Refusal,
    SparqlRequest,
    body_too_large,
    entity_format,
    parse_sparql_request,
)

SELECT = "SELECT ?s WHERE { ?s ?p ?o }"
CONSTRUCT = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
FORM = "application/x-www-form-urlencoded"
MAX = 1000


def get(*params: tuple[str, str], accept: str | None = None, max_size: int = MAX) -> SparqlRequest:
    return parse_sparql_request("GET", list(params), None, b"", accept, max_size)


def post(
    body: bytes,
    content_type: str | None,
    *params: tuple[str, str],
    accept: str | None = None,
    max_size: int = MAX,
) -> SparqlRequest:
    return parse_sparql_request("POST", list(params), content_type, body, accept, max_size)


def query_request(parsed: SparqlRequest) -> QueryRequest:
    assert isinstance(parsed, QueryRequest), parsed
    return parsed


# --- the three ways to send a query ----------------------------------------------------------------


def test_get_with_a_query_parameter() -> None:
    parsed = query_request(get(("query", SELECT)))
    assert parsed == QueryRequest(query=SELECT, form="SELECT", fmt="json")


def test_post_of_a_form() -> None:
    parsed = query_request(post(b"query=SELECT+%3Fs+WHERE+%7B+%3Fs+%3Fp+%3Fo+%7D", FORM))
    assert parsed.query == SELECT


def test_post_of_the_query_itself() -> None:
    parsed = query_request(post(SELECT.encode(), "application/sparql-query"))
    assert parsed.query == SELECT and parsed.form == "SELECT"


def test_the_content_type_is_read_without_its_parameters_and_case() -> None:
    parsed = query_request(post(SELECT.encode(), "Application/SPARQL-Query; charset=utf-8"))
    assert parsed.query == SELECT


def test_a_body_that_is_not_utf8_is_read_with_replacement_characters() -> None:
    parsed = query_request(post(b'SELECT ("\xff" AS ?x) {}', "application/sparql-query"))
    assert "\ufffd" in parsed.query


def test_a_direct_post_ignores_query_parameters_in_the_url() -> None:
    parsed = query_request(post(SELECT.encode(), "application/sparql-query", ("query", "ASK {}"), ("query", "ASK {}")))
    assert parsed.query == SELECT


def test_a_get_ignores_its_body_and_content_type() -> None:
    parsed = parse_sparql_request("GET", [("query", SELECT)], "text/plain", b"x" * (MAX + 1), None, MAX)
    assert query_request(parsed).query == SELECT


def test_form_and_url_parameters_are_read_together() -> None:
    parsed = query_request(post(b"default-graph-uri=urn:b", FORM, ("query", SELECT), ("default-graph-uri", "urn:a")))
    assert parsed.query == SELECT and parsed.default_graphs == ("urn:a", "urn:b")


# --- no query ----------------------------------------------------------------------------------------


def test_without_a_query_the_client_asks_for_the_service_description() -> None:
    assert get() == DescribeService()
    assert get(("format", "xml")) == DescribeService()
    assert post(b"", FORM) == DescribeService()


def test_an_empty_direct_post_is_an_empty_query_not_a_description() -> None:
    assert query_request(post(b"", "application/sparql-query")).query == ""


# --- refusals ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("parsed", "status", "message"),
    [
        (
            post(b"DROP ALL", "application/sparql-update"),
            403,
            "this endpoint is read-only: SPARQL updates are refused",
        ),
        (
            post(b"update=DROP+ALL", FORM),
            403,
            "this endpoint is read-only: SPARQL updates (and LOAD) are refused",
        ),
        (
            get(("update", "LOAD <http://example.org/>")),
            403,
            "this endpoint is read-only: SPARQL updates (and LOAD) are refused",
        ),
        (
            get(("query", SELECT), ("using-graph-uri", "urn:g")),
            403,
            "this endpoint is read-only: SPARQL updates (and LOAD) are refused",
        ),
        (
            post(SELECT.encode(), "application/sparql-query", ("using-named-graph-uri", "urn:g")),
            403,
            "this endpoint is read-only: SPARQL updates (and LOAD) are refused",
        ),
        (
            post(SELECT.encode(), "text/plain"),
            415,
            "POST a query as application/sparql-query or as a form (application/x-www-form-urlencoded)",
        ),
        (
            post(SELECT.encode(), None),
            415,
            "POST a query as application/sparql-query or as a form (application/x-www-form-urlencoded)",
        ),
        (get(("query", SELECT), ("query", SELECT)), 400, "give one query, not several"),
        (post(b"query=ASK+%7B%7D", FORM, ("query", SELECT)), 400, "give one query, not several"),
        (
            post(b"#" * (MAX + 1), "application/sparql-query"),
            413,
            f"the request body is over {MAX} bytes; igkg refuses it",
        ),
        (get(("query", "#" * (MAX + 1))), 413, f"the query is over {MAX} bytes; igkg refuses it"),
        # Bytes, not characters: "é" is two.
        (get(("query", "é" * (MAX // 2 + 1))), 413, f"the query is over {MAX} bytes; igkg refuses it"),
        (
            get(("query", SELECT), ("format", "yaml")),
            400,
            "format=yaml is not offered for a SELECT query; use one of json, xml, csv, tsv, html",
        ),
        (
            get(("query", CONSTRUCT), ("format", "csv")),
            400,
            "format=csv is not offered for a CONSTRUCT query; use one of turtle, ntriples, jsonld, rdfxml, html",
        ),
        (
            get(("query", SELECT), accept="image/png"),
            406,
            "none of the formats you accept is offered: application/sparql-results+json, "
            "application/sparql-results+xml, text/csv, text/tab-separated-values, application/json",
        ),
        (
            get(("query", CONSTRUCT), accept="text/csv"),
            406,
            "none of the formats you accept is offered: text/turtle, application/n-triples, "
            "application/ld+json, application/rdf+xml, text/plain",
        ),
    ],
)
def test_a_refused_request_gets_its_status_and_message(parsed: SparqlRequest, status: int, message: str) -> None:
    assert parsed == Refusal(status, message)


def test_the_body_is_refused_before_its_content_type_is_read() -> None:
    assert post(b"x" * (MAX + 1), "application/sparql-update") == body_too_large(MAX)


def test_an_update_is_refused_before_several_queries() -> None:
    refused = get(("query", SELECT), ("query", SELECT), ("update", "DROP ALL"))
    assert isinstance(refused, Refusal) and refused.status == 403


def test_several_queries_are_refused_before_an_oversized_one() -> None:
    refused = get(("query", "#" * (MAX + 1)), ("query", SELECT))
    assert refused == Refusal(400, "give one query, not several")


def test_an_oversized_query_is_refused_before_its_format() -> None:
    refused = get(("query", "#" * (MAX + 1)), ("format", "yaml"))
    assert isinstance(refused, Refusal) and refused.status == 413


def test_a_query_of_exactly_the_limit_is_taken() -> None:
    assert query_request(get(("query", "#" * MAX))).query == "#" * MAX


def test_the_policy_is_not_checked_here() -> None:
    # SERVICE, FROM and LOAD are the worker's to refuse (kg.query.run): the parser passes them on.
    for text in ("SELECT * WHERE { SERVICE <http://example.org/> { ?s ?p ?o } }", "LOAD <http://example.org/>"):
        assert query_request(get(("query", text))).query == text


# --- the answer's format -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("accept", "fmt"),
    [
        (None, "json"),
        ("", "json"),
        ("*/*", "json"),
        ("application/sparql-results+json", "json"),
        ("application/json", "json"),
        ("application/sparql-results+xml", "xml"),
        ("text/csv", "csv"),
        ("text/tab-separated-values", "tsv"),
        ("text/html", "html"),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "html"),
        ("text/csv;q=0.5, application/sparql-results+xml", "xml"),
    ],
)
def test_select_results_follow_accept(accept: str | None, fmt: str) -> None:
    assert query_request(get(("query", SELECT), accept=accept)).fmt == fmt


@pytest.mark.parametrize(
    ("accept", "fmt"),
    [
        (None, "turtle"),
        ("*/*", "turtle"),
        ("text/turtle", "turtle"),
        ("application/n-triples", "ntriples"),
        ("text/plain", "ntriples"),
        ("application/ld+json", "jsonld"),
        ("text/html", "html"),
    ],
)
def test_graphs_follow_accept(accept: str | None, fmt: str) -> None:
    for query in (CONSTRUCT, "DESCRIBE <urn:x>"):
        assert query_request(get(("query", query), accept=accept)).fmt == fmt


def test_format_wins_over_accept() -> None:
    assert query_request(get(("query", SELECT), ("format", "csv"), accept="text/html")).fmt == "csv"
    assert query_request(get(("query", SELECT), ("format", "xml"), accept="image/png")).fmt == "xml"
    assert query_request(get(("query", SELECT), ("format", "html"), accept="image/png")).fmt == "html"


def test_an_empty_format_leaves_the_choice_to_accept() -> None:
    assert query_request(get(("query", SELECT), ("format", ""), accept="text/csv")).fmt == "csv"


def test_a_format_in_the_url_wins_over_one_in_the_form() -> None:
    assert query_request(post(b"format=xml", FORM, ("query", SELECT), ("format", "csv"))).fmt == "csv"
    assert query_request(post(b"format=xml", FORM, ("query", SELECT))).fmt == "xml"
    assert query_request(post(b"format=xml", FORM, ("query", SELECT), ("format", ""))).fmt == "xml"


def test_the_last_format_counts() -> None:
    assert query_request(get(("query", SELECT), ("format", "csv"), ("format", "tsv"))).fmt == "tsv"


def test_a_page_is_rendered_from_json_or_turtle() -> None:
    select = query_request(get(("query", SELECT), ("format", "html")))
    construct = query_request(get(("query", CONSTRUCT), ("format", "html")))
    assert (select.html, select.graph_form, select.worker_format) == (True, False, "json")
    assert (construct.html, construct.graph_form, construct.worker_format) == (True, True, "turtle")
    assert query_request(get(("query", SELECT), ("format", "csv"))).worker_format == "csv"


def test_text_that_is_no_query_form_is_answered_as_results() -> None:
    parsed = query_request(get(("query", "LOAD <urn:x>")))
    assert (parsed.form, parsed.fmt, parsed.graph_form) == ("", "json", False)


def test_the_protocol_dataset_is_kept_in_order() -> None:
    parsed = query_request(
        get(
            ("query", SELECT),
            ("default-graph-uri", "urn:d1"),
            ("named-graph-uri", "urn:n1"),
            ("default-graph-uri", "urn:d2"),
        )
    )
    assert parsed.default_graphs == ("urn:d1", "urn:d2") and parsed.named_graphs == ("urn:n1",)
    assert query_request(get(("query", SELECT))).default_graphs == ()


# --- the format of a thing ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "accept", "chosen"),
    [
        (None, None, "html"),
        (None, "*/*", "html"),
        (None, "text/turtle", "turtle"),
        (None, "application/ld+json", "jsonld"),
        (None, "application/json", "jsonld"),
        (None, "application/n-triples", "ntriples"),
        (None, "text/plain", "ntriples"),
        (None, "text/html;q=0.5, text/turtle", "turtle"),
        ("", "text/turtle", "turtle"),
        ("turtle", "text/html", "turtle"),
        ("html", "image/png", "html"),
        ("jsonld", None, "jsonld"),
        ("ntriples", None, "ntriples"),
        ("xml", None, "rdfxml"),  # SPARQLWrapper's name for RDF/XML
        ("application/rdf+xml", None, "rdfxml"),  # a media type as the format
        (None, "application/rdf+xml", "rdfxml"),
        (
            "yaml",
            None,
            Refusal(400, "format=yaml: use html, turtle, jsonld, ntriples, rdfxml"),
        ),
        (
            None,
            "image/png",
            Refusal(
                406,
                "offered as text/html, text/turtle, application/ld+json, application/n-triples, "
                "application/rdf+xml only",
            ),
        ),
    ],
)
def test_the_format_of_a_thing(fmt: str | None, accept: str | None, chosen: str | Refusal) -> None:
    assert entity_format(fmt, accept) == chosen
