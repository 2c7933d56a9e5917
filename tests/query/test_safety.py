"""The query policy refuses what issue 15 showed getting through, however it is written."""

from __future__ import annotations

import re
import socket
import threading
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.core.errors import QueryError
from kg.engines import OxigraphView
from kg.engines.base import QueryDataset
from kg.query import catalog
from kg.query.binding import bind
from kg.query.run import run_sparql
from kg.query.safety import MAX_NESTING, Policy, check_query, check_query_text, dataset_iris, service_iris

GRAPHS = frozenset({"http://e/g"})
SERVER = Policy(known_graphs=GRAPHS)


@pytest.fixture
def listener() -> Iterator[tuple[int, list[bytes]]]:
    """A loopback TCP listener that records every request made to it."""
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(0.2)
    heard: list[bytes] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            with conn:
                heard.append(conn.recv(1024))

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1], heard
    stop.set()
    thread.join()
    server.close()


# -- the bypasses of issue 15, each refused with a message ------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        # SPARQL allows an escaped "#" in a prefixed name: it starts no comment.
        r"PREFIX ex: <http://e/> SELECT ?x WHERE { BIND(ex:a\# AS ?x) "
        r"SERVICE <http://127.0.0.1:PORT/sparql> { ?s ?p ?o } }",
        # Codepoint escapes are decoded before parsing.
        r"SELECT * WHERE { \u0053ERVICE <http://127.0.0.1:PORT/sparql> { ?s ?p ?o } }",
        r"SELECT * WHERE { SERVIC\u0045 SILENT <http://127.0.0.1:PORT/sparql> { ?s ?p ?o } }",
        # pyoxigraph matches keywords with no word boundary.
        "PREFIX ex: <http://127.0.0.1:PORT/> SELECT * WHERE { SERVICEex:sparql { ?s ?p ?o } }",
        "SELECT*WHERE{SERVICE<http://127.0.0.1:PORT/sparql>{?s ?p ?o}}",
        # A comment ends at a carriage return too.
        "SELECT * WHERE { ?s ?p ?o # note\r SERVICE <http://127.0.0.1:PORT/sparql> { ?s ?p ?o } }",
        # pyoxigraph reads one run of dots in a local name: the rest is a SERVICE pattern.
        "PREFIX ex: <http://e/> SELECT * WHERE { ?s ?p ex:a.b.SERVICE<http://127.0.0.1:PORT/>{?s ?p ?o} }",
        # A variable endpoint, a relative IRI, an undeclared prefix: never resolvable to an allowed one.
        "SELECT * WHERE { BIND(<http://127.0.0.1:PORT/> AS ?e) SERVICE ?e { ?s ?p ?o } }",
        "BASE <http://127.0.0.1:PORT/> SELECT * WHERE { SERVICE <sparql> { ?s ?p ?o } }",
    ],
)
def test_every_disguise_of_service_is_refused_and_nothing_is_fetched(
    query: str, listener: tuple[int, list[bytes]]
) -> None:
    port, heard = listener
    query = query.replace("PORT", str(port))
    view = OxigraphView.from_quads([])
    with pytest.raises(QueryError, match=r"SERVICE|ambiguous|unknown word"):
        run_sparql(view, query)
    assert heard == []


def test_service_to_an_allowed_endpoint_passes_through_a_prefix() -> None:
    allowed = frozenset({"http://127.0.0.1:9/sparql"})
    check_query_text("PREFIX w: <http://127.0.0.1:9/> ASK { SERVICE SILENT w:sparql { } }", allowed)
    assert service_iris("PREFIX w: <http://127.0.0.1:9/> ASK { SERVICE w:sparql {} SERVICE ?x {} }") == [
        "http://127.0.0.1:9/sparql",
        None,
    ]
    with pytest.raises(QueryError, match=re.escape("SERVICE <http://127.0.0.1:9/other>")):
        check_query_text("ASK { SERVICE <http://127.0.0.1:9/other> { } }", allowed)


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * FROM<file:///etc/passwd> WHERE { ?s ?p ?o }",
        "SELECT * FROM NAMED<file:///etc/passwd> WHERE { ?s ?p ?o }",
        r"SELECT * \u0046ROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
        "PREFIX f: <file:///etc/> SELECT * FROM f:passwd WHERE { ?s ?p ?o }",
        "PREFIX e: <http://e/> SELECT * FROM e:g FROM ?x WHERE { ?s ?p ?o }",
    ],
)
def test_a_dataset_outside_the_known_graphs_is_refused(query: str) -> None:
    with pytest.raises(QueryError, match=r"FROM .* is not one of this dataset's graphs"):
        check_query(query, SERVER)


def test_the_known_graphs_may_be_named_in_the_query_and_beside_it() -> None:
    check_query("PREFIX e: <http://e/> SELECT * FROM e:g FROM NAMED <http://e/g> { ?s ?p ?o }", SERVER)
    assert dataset_iris("SELECT * FROM <http://e/g> FROM NAMED <rel> { }") == ["http://e/g", None]
    with pytest.raises(QueryError, match="<http://other/> is not one of"):
        check_query("ASK {}", SERVER, QueryDataset(default_graphs=["http://other/"]))


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", "INSERT at line 1, column 1: only queries"),
        ("LOAD <http://127.0.0.1:9/data.ttl>", "LOAD .*read-only"),
        ("DROP ALL", "read-only"),
        ("ASK {} ; CLEAR ALL", "CLEAR"),
        (r"\u0049NSERT DATA { <urn:a> <urn:b> <urn:c> }", "INSERT"),
        ("PREFIX : <http://e/> WITH :g DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "WITH"),
        ("<urn:a> <urn:b> <urn:c>", "syntax error at line 1, column 1: expected SELECT, ASK, CONSTRUCT or DESCRIBE"),
        ("# " + "x" * (1024 * 1024 + 1) + "\nASK {}", "bytes"),
    ],
)
def test_updates_and_oversized_text_are_refused(query: str, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        check_query_text(query)


# -- bounds: the crash inputs of the issue, refused before the engine -------------------------
# Each is refused by the policy; were it not, the engine would crash this process. So they run
# in a child process (tests/query/test_limits.py), and here only the policy is asked.


def _chain(head: str, link: str, tail: str, size: int) -> str:
    return head + link * ((size - len(head) - len(tail)) // len(link)) + tail


ISSUE_SIZES = {
    "fake-iri-parens": "ASK { FILTER(1<" + "(" * 5000 + "1" + ")" * 5000 + "&&2>1) }",
    "braces": "ASK { " + "{" * 5000 + "}" * 5000 + " }",
    "and": _chain("ASK { FILTER(1", "&&1", ") }", 600_000),
    "plus": _chain("ASK { FILTER(1", "+1", ") }", 400_000),
    "union": _chain("ASK { {}", " UNION {}", " }", 900_000),
    "path-sequence": _chain("ASK { ?s <http://e/p>", "/<http://e/p>", " ?o }", 400_000),
    "path-alternative": _chain("ASK { ?s <http://e/p>", "|<http://e/p>", " ?o }", 400_000),
    "optional": _chain("ASK { ?s ?p ?o", " OPTIONAL { ?s ?p ?o }", " }", 600_000),
    "bind": _chain("ASK { ?s ?p ?o", " BIND(1 AS ?v)", " }", 520_000),
}


@pytest.mark.parametrize("name", sorted(ISSUE_SIZES))
def test_the_crash_inputs_of_the_issue_are_refused(name: str) -> None:
    query = ISSUE_SIZES[name]
    assert len(query.encode()) < 1024 * 1024
    with pytest.raises(QueryError, match=r"nests|too deep|tokens"):
        check_query_text(query)


@pytest.mark.parametrize(
    ("head", "link", "tail", "shown"),
    [
        ("ASK { FILTER(1", "&&1", ") }", "'&&'"),
        ("ASK { FILTER(1", "||1", ") }", "'\\|\\|'"),
        ("ASK { FILTER(1", "-1", ") }", "'-'"),
        ("ASK { FILTER(", "!", "true) }", "'!'"),
        ("ASK { {}", " UNION {}", " }", "'UNION'"),
        ("ASK { ?s <http://e/p>", "/<http://e/p>", " ?o }", "'/'"),
        ("ASK { ?s ?p ?o", " OPTIONAL { ?s ?p ?o }", " }", "'OPTIONAL'"),
        ("ASK { ?s ?p ?o", " BIND(1 AS ?v)", " }", "'BIND'"),
    ],
)
def test_a_chain_the_size_of_a_crash_is_refused_naming_the_chain(head: str, link: str, tail: str, shown: str) -> None:
    # 10,000 links: about where each of these crashed pyoxigraph alone (kg/query/limits.py).
    with pytest.raises(QueryError, match=f"a chain of 10000 {shown} .* at line 1"):
        check_query_text(head + link * 10_000 + tail)


def test_brackets_inside_iris_and_strings_are_not_nesting() -> None:
    deep = "(" * 5000
    check_query_text(f'ASK {{ ?s <http://e/{deep}> "{deep}{{[" }}')
    check_query_text("SELECT * WHERE " + "{" * MAX_NESTING + "}" * MAX_NESTING)


# -- what passes ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        'SELECT * WHERE { ?s ?p "SERVICE and INSERT DATA { are only words here" }',
        "SELECT ?add ?copy WHERE { ?add <urn:p> ?copy }  # DROP ALL in a comment",
        "SELECT * WHERE { <http://example.org/SERVICE> ?p ?o }",
        "ASK { FILTER(?a<'x'&&?b>'y') }",
        "PREFIX service: <http://e/> ASK { ?s service:from ?o }",
    ],
)
def test_ordinary_queries_pass(query: str) -> None:
    check_query_text(query)


CANNED = catalog.catalog(include_internal=True, include_federated=True)


@pytest.mark.parametrize("name", sorted(CANNED))
def test_every_canned_query_passes_bound_with_its_examples(name: str) -> None:
    query = CANNED[name]
    examples = {p: param.example for p, param in query.params.items() if param.example}
    bindings = query.bind(examples) if examples else {}
    allowed = frozenset(t.value for p, t in bindings.items() if query.params[p].type == "endpoint")
    check_query(bind(query.text, bindings) if bindings else query.text, Policy(allowed_services=allowed))


# -- the decision does not change with how the query is written (hypothesis) ------------------

BASES = {
    "service": "SELECT ?x WHERE { ?s <http://e/p> ?x . SERVICE <http://127.0.0.1:9/s> { ?s ?p ?x } }",
    "from": "SELECT ?x FROM <file:///etc/passwd> WHERE { ?s <http://e/p> ?x }",
    "load": "LOAD <http://127.0.0.1:9/data>",
    "insert": "INSERT DATA { <http://e/s> <http://e/p> 1 }",
    "fine": "SELECT ?x WHERE { ?s <http://e/p> ?x FILTER(?x != 3) }",
}
_COMMENT = st.text(alphabet=st.characters(blacklist_characters="\\\r\n", codec="utf-8"), max_size=12)
_DATA = st.text(alphabet="SERVICE FROM LOAD {}()[]<>#'\"x", max_size=16)


def decision(query: str) -> str:
    try:
        check_query(query, SERVER)
    except QueryError as exc:
        message = str(exc)
        return next((word for word in ("SERVICE", "FROM", "only queries") if word in message), message)
    return "accepted"


def _escape(char: str) -> str:
    return f"\\u{ord(char):04X}" if ord(char) <= 0xFFFF else f"\\U{ord(char):08X}"


@st.composite
def disguised(draw: st.DrawFn, base: str) -> str:
    """``base`` with its keywords in random case, some characters written as codepoint escapes,
    and whitespace between tokens replaced by random whitespace and comments."""
    out = []
    for word in base.split(" "):
        if word.isalpha() and word.isupper():
            word = "".join(c.lower() if draw(st.booleans()) else c for c in word)
        word = "".join(_escape(c) if draw(st.integers(0, 4)) == 0 else c for c in word)
        out.append(word)
    glue = st.one_of(
        st.sampled_from([" ", "\t", "\n", "\r\n", " \r "]),
        _COMMENT.map(lambda c: f" #{c}\n"),
    )
    text = out[0]
    for word in out[1:]:
        text += draw(glue) + word
    return text


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_a_disguise_never_changes_the_decision(data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(sorted(BASES)))
    base = BASES[name]
    assert decision(data.draw(disguised(base))) == decision(base)


@settings(max_examples=100, deadline=None)
@given(_DATA, st.sampled_from(sorted(BASES)))
def test_keywords_and_brackets_inside_strings_iris_and_names_change_nothing(data: str, name: str) -> None:
    base = BASES[name]
    iri = "".join(c for c in data if c not in '<>"{}|^`\\ ') or "x"
    escaped = "".join(c if c.isalnum() else "\\" + c for c in data if c in "#()'!$&*+,;=/?@%" or c.isalnum())
    literal = data.replace("\\", "").replace('"', "'")
    with_data = base.replace("<http://e/p>", f"<http://e/{iri}>", 1)
    assert decision(with_data) == decision(base)
    if "?x" in base and "WHERE {" in base:
        extra = f'PREFIX ex: <http://e/> {base[: base.index("WHERE {") + 7]} ?s ex:a{escaped} """{literal}""" .'
        assert decision(extra + base[base.index("WHERE {") + 7 :]) == decision(base)


@pytest.mark.parametrize(
    "query",
    [
        'SELECT ?x WHERE { BIND(<<( <urn:a> <urn:b> "c" )>> AS ?x) }',
        "SELECT ?x WHERE { BIND(TRIPLE(<urn:a>, <urn:b>, <urn:c>) AS ?x) }",
        "SELECT * WHERE { <urn:a> <urn:b> <urn:c> {| <urn:d> <urn:e> |} }",
    ],
)
def test_rdf_1_2_triple_terms_are_refused_before_they_reach_an_answer_with_no_form_for_them(query: str) -> None:
    with pytest.raises(QueryError, match=re.escape("RDF 1.2 triple terms")):
        check_query(query)


def test_less_than_and_greater_than_stay_comparisons() -> None:
    check_query("SELECT ?x WHERE { VALUES ?x { 1 } FILTER(?x < 2 && ?x > 0) }")
