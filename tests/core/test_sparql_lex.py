"""The SPARQL lexer: tokens as the grammar and the engine read them, refusals with a place."""

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib.plugins.sparql.parser import parseQuery

from kg.core.errors import QueryError
from kg.core.sparql_lex import IRI, LANGTAG, NUMBER, PNAME, PUNCT, STRING, VAR, WORD, lex
from kg.core.sparql_text import first_keyword, iri_of, query_form

QUERIES = sorted((Path(__file__).parents[2] / "queries").glob("*.rq"))


def kinds(text: str) -> list[tuple[str, str]]:
    return [(t.kind, t.text) for t in lex(text).tokens]


def test_a_query_reads_as_the_terminals_of_the_grammar() -> None:
    text = 'PREFIX ex: <http://e/> select ?s (COUNT(*) AS ?n) { ?s a ex:T ; ex:p "x"@en , 1.5e3 , -2 }'
    assert kinds(text) == [
        (WORD, "PREFIX"), (PNAME, "ex:"), (IRI, "<http://e/>"), (WORD, "SELECT"), (VAR, "?s"),
        (PUNCT, "("), (WORD, "COUNT"), (PUNCT, "("), (PUNCT, "*"), (PUNCT, ")"), (WORD, "AS"), (VAR, "?n"),
        (PUNCT, ")"), (PUNCT, "{"), (VAR, "?s"), (WORD, "a"), (PNAME, "ex:T"), (PUNCT, ";"), (PNAME, "ex:p"),
        (STRING, '"x"'), (LANGTAG, "@en"), (PUNCT, ","), (NUMBER, "1.5e3"), (PUNCT, ","), (PUNCT, "-"),
        (NUMBER, "2"), (PUNCT, "}"),
    ]  # fmt: skip


def test_a_prefixed_name_with_an_escaped_hash_is_a_name_not_a_comment() -> None:
    tokens = kinds(r"PREFIX ex: <http://e/> ASK { BIND(ex:a\# AS ?x) SERVICE <http://x/> {} }")
    assert (PNAME, r"ex:a\#") in tokens
    assert (WORD, "SERVICE") in tokens


def test_codepoint_escapes_are_decoded_before_anything_else() -> None:
    assert kinds(r"\u0053ERVICE") == [(WORD, "SERVICE")]
    assert kinds(r"\U00000041SK {}") == [(WORD, "ASK"), (PUNCT, "{"), (PUNCT, "}")]
    # A decoded quote closes the string, as the grammar says (§19.2).
    assert kinds(r'ASK { ?s ?p "a\u0022 }')[-2:] == [(STRING, '"a"'), (PUNCT, "}")]


def test_an_escape_that_is_no_character_is_refused() -> None:
    with pytest.raises(QueryError, match=r"\\uD800 at line 1 is not a Unicode character"):
        lex(r"ASK { ?s ?p '\uD800' }")


def test_comments_end_at_either_line_end_and_never_start_inside_a_token() -> None:
    assert (WORD, "SERVICE") in kinds("ASK { # a comment\r SERVICE <http://x/> {} }")
    tokens = kinds("ASK { <http://e/a#b> ?p '# not a comment' } # one")
    assert tokens[2] == (IRI, "<http://e/a#b>") and tokens[4] == (STRING, "'# not a comment'")


def test_the_text_for_the_engine_is_decoded_with_comments_blanked_in_place() -> None:
    lexed = lex('ASK { # SERVICE\n ?s ?p \\u0022x" }')
    assert lexed.text == 'ASK {          \n ?s ?p "x" }'
    assert [t.text for t in lexed.tokens if t.kind == STRING] == ['"x"']


def test_less_than_in_an_expression_is_the_operator_and_elsewhere_starts_an_iri() -> None:
    tokens = kinds("ASK { FILTER(1<((1))&&2>1) ?s <http://e/p> (<http://e/a> 1) }")
    assert tokens[4:8] == [(NUMBER, "1"), (PUNCT, "<"), (PUNCT, "("), (PUNCT, "(")]
    assert (IRI, "<http://e/p>") in tokens and (IRI, "<http://e/a>") in tokens
    assert kinds("ASK { FILTER(?a<'x'&&?b>'y') }")[5:8] == [(PUNCT, "<"), (STRING, "'x'"), (PUNCT, "&&")]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('ASK { ?s ?p "never closed }', r"string that is never closed .* at line 1, column 13"),
        ("ASK {\n  ?s ?p 'bad \\q escape' }", r"line 2, column 9"),
        ("ASK { ?s ?p ?o ` }", r"'`' is not SPARQL here .* line 1, column 16"),
        ("ASK { ?s ?p ?o } LIMIT10", r"unknown word 'LIMIT10'"),
        ("ASK { FILTERNOTEXISTS { } }", r"unknown word 'FILTERNOTEXISTS'"),
        ("PREFIX ex: <http://e/> ASK { SERVICEex:e { } }", r"keyword glued to 'ex:'"),
        ("PREFIX ex: <http://e/> SELECT * FROMex:g { }", r"keyword glued to 'ex:'"),
        ("PREFIX ex: <http://e/> SELECT * FROM NAMEDex:g { }", r"keyword glued to 'ex:'"),
        ("PREFIX ex: <http://e/> ASK { ?s ?p ex:a.b.SERVICE<http://x/>{} }", r"read its dots differently"),
        ("ASK { ?s ?p (<http://e/a> <http://e/b#c>) }", r"ambiguous IRI"),
        ("ASK { FILTER(?a<'x#>'''\n) SERVICE <http://x/> {} #''' ) }", r"could be an IRI"),
        ("ASK { ?s ?p < http://e/ > }", r"'<' starts no IRI"),
        ("ASK { ?s ?p ?o ) }", r"unbalanced '\)' at line 1, column 16: the bracket open there is '\{'"),
        ("ASK { ?s ?p ( ?o", r"'\(' opened at line 1, column 13 is never closed"),
        ("\\u0041SK { ?s ?p ?o ` }", r"line 1, column 21"),  # counted in the text as written
    ],
)
def test_text_no_terminal_accepts_is_refused_with_its_place(text: str, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        lex(text)


def test_the_query_form_is_the_first_keyword_after_the_prologue() -> None:
    assert query_form("BASE <http://e/> PREFIX e: <x> VERSION '1.2' CONSTRUCT WHERE {}") == "CONSTRUCT"
    assert first_keyword("# ASK\nINSERT DATA {}") == "INSERT"
    assert query_form("PREFIX : <http://e/> INSERT DATA {}") == ""
    assert query_form('ASK { "never closed }') == ""  # unreadable text is no form, not an error


def test_names_resolve_through_the_declarations_and_relative_iris_do_not() -> None:
    lexed = lex(r"PREFIX ex: <http://e/> PREFIX ex: <http://f/> PREFIX r: <rel/> ASK { ex:a\#b r:x <y> ?v }")
    body = lexed.tokens[-5:-1]
    assert [iri_of(t, lexed) for t in body] == ["http://f/a#b", None, None, None]


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem)
def test_the_lexer_reads_every_canned_query_that_rdflib_parses(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    parseQuery(text)  # the second opinion: a maintained parser accepts it
    assert lex(text).tokens


@pytest.mark.parametrize(
    "text",
    ['ASK { ?s ?p "open }', "ASK { ?s ?p ?o ` }", "ASK { ?s ?p 'a\\qb' }", "ASK { ?s ?p <a b> }", "ASK { _: ?p ?o }"],
)
def test_the_lexer_and_rdflib_refuse_the_same_broken_tokens(text: str) -> None:
    with pytest.raises(QueryError):
        lex(text)
    with pytest.raises(Exception):  # noqa: B017 - pyparsing's own exception type
        parseQuery(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
def test_any_text_is_either_read_or_refused_with_a_query_error(text: str) -> None:
    try:
        lexed = lex(text)
    except QueryError as exc:
        assert "line" in str(exc)
    else:
        for token in lexed.tokens:
            written = lexed.text[token.pos : token.end]
            assert token.text == (written.upper() if token.kind == WORD and written != "a" else written)


def test_the_form_is_read_from_the_head_of_the_text_whatever_follows() -> None:
    """The server reads the form before any worker, on its event loop: only the first tokens are
    read, so a megabyte of brackets costs nothing there (the worker's policy reads it all)."""
    from kg.core.sparql_text import query_form

    assert query_form("ASK { FILTER(" + "(" * 200_000) == "ASK"
    assert query_form("PREFIX ex: <http://e/> CONSTRUCT WHERE { ?s ?p ?o }") == "CONSTRUCT"
    assert query_form("INSERT DATA { <urn:a> <urn:b> <urn:c> }") == ""
