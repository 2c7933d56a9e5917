"""A corpus of hostile SPARQL protocol requests (issue 15, item 8), the same every run.

:func:`corpus` makes over 1,000 requests from a seed. Every one that tries to reach outside points
at ``url`` (a request logger on loopback: tests/netlog.py) or at ``file:///etc/passwd``:

- **disguises** of SERVICE, FROM / FROM NAMED, LOAD and every update (INSERT DATA, DELETE WHERE,
  CLEAR, DROP, CREATE, ADD / MOVE / COPY, WITH … INSERT, USING): keywords in mixed case with
  ``\\u`` / ``\\U`` escapes of any letter, punctuation escaped, tokens parted by comments that end
  at ``\\n``, ``\\r`` or an escaped ``\\u000A`` or glued (``SERVICE<…>``, ``SERVICEp:x``), escaped
  characters in prefixed names (``ex:a\\#``), a string an escaped quote ends early; targets as IRIs
  (partly escaped), prefixed names (the empty prefix, a prefix named like a keyword, escapes in
  the local part), IRIs relative to a BASE, and variables bound by VALUES;
- **shapes** below the query policy's bounds (they must be answered), around them, at the sizes
  that crashed pyoxigraph alone (kg/query/limits.py, CRASH_AT) and twice those, the crash inputs
  of the issue at its sizes, and near the 1 MiB cap: nesting (parentheses, braces, brackets,
  collections, calls, FILTER EXISTS, sub-queries, path groups, triple terms) and flat chains
  (``&&`` ``||`` ``+`` ``*`` ``-`` ``/`` ``!``, UNION, OPTIONAL, MINUS, BIND, FILTER, groups side
  by side, ``.`` ``;`` ``,``, property paths ``/`` and ``|``);
- **harmless look-alikes**, to be answered 200: keywords and brackets in strings, IRIs, comments,
  variable names and escaped prefixed names; FROM one of the store's own graphs, disguised;
- **bytes**: invalid UTF-8, NUL bytes, bad codepoint escapes, huge literals, IRIs and comments,
  a body over the cap;
- **the protocol**: each query as GET ``query=``, a POSTed form or a POSTed
  ``application/sparql-query`` body (by the seed; GET only below 6 KB), updates also as
  ``update=`` and ``application/sparql-update``; ``default-graph-uri`` / ``named-graph-uri``
  pointing outside, several queries, wrong content types and formats.

Each request says what it expects: :data:`REFUSED` (a 4xx with a message), :data:`ANSWERED` (200),
:data:`EITHER` (a shape at the edge of a bound) or :data:`SLOW`. tests/serve/test_hostile_corpus.py
runs it.
"""

from __future__ import annotations

import random
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from kg.core.sparql_lex import KEYWORDS
from kg.query.limits import CRASH_AT, MAX_COST, MAX_NESTING
from kg.query.safety import MAX_QUERY_BYTES

REFUSED, ANSWERED, EITHER = "refused", "answered", "either"
#: Accepted, but pyoxigraph may plan it longer than the deadline (503, the worker replaced).
SLOW = "slow"
PASSWD = "file:///etc/passwd"
_GET_LIMIT = 6000  # bytes of URL-encoded query sent by GET; longer ones are POSTed
_FORM = "application/x-www-form-urlencoded"
_QUERY = "application/sparql-query"


@dataclass(frozen=True)
class Hostile:
    """One request: ``query`` sent by ``transport`` (``get``, ``form``, ``direct``, ``update``,
    ``update-direct``), or ``body`` sent as it is (``raw``), with extra protocol ``params``."""

    family: str
    query: str = ""
    expect: str = REFUSED
    transport: str = "get"
    params: tuple[tuple[str, str], ...] = ()
    body: bytes = b""
    content_type: str = ""
    headers: tuple[tuple[str, str], ...] = ()

    def request(self) -> dict[str, Any]:
        """The arguments of ``httpx.Client.request`` for this request (path ``sparql``)."""
        params, headers = list(self.params), dict(self.headers)
        content: bytes | None = None
        if self.transport == "get":
            params.insert(0, ("query", self.query))
        elif self.transport in ("form", "update"):
            name = "query" if self.transport == "form" else "update"
            content = urllib.parse.urlencode([(name, self.query), *params]).encode()
            params, headers["content-type"] = [], _FORM
        elif self.transport in ("direct", "update-direct"):
            content = self.query.encode("utf-8")
            headers["content-type"] = _QUERY if self.transport == "direct" else "application/sparql-update"
        else:
            content, headers["content-type"] = self.body, self.content_type
        method = "GET" if self.transport == "get" else "POST"
        return {"method": method, "url": "sparql", "params": params, "content": content, "headers": headers}

    def shown(self) -> str:
        """A short description for a failure message."""
        text = self.query or self.body.decode("utf-8", "replace")
        cut = text if len(text) < 300 else f"{text[:200]}… ({len(text):,} characters)"
        return f"[{self.family} / {self.transport} {dict(self.params)}] {cut!r}"


# --- disguises ------------------------------------------------------------------------------------


def escaped(char: str, rng: random.Random) -> str:
    """``char`` as a codepoint escape, ``\\u`` or ``\\U``, hex digits upper or lower case."""
    long = rng.random() < 0.3
    digits = f"{ord(char):08X}" if long else f"{ord(char):04X}"
    return ("\\U" if long else "\\u") + (digits.lower() if rng.random() < 0.3 else digits)


def disguise(word: str, rng: random.Random) -> str:
    """A keyword in random case with some (or all, or none) of its letters escaped."""
    cased = "".join(c.lower() if rng.random() < 0.5 else c.upper() for c in word)
    share = rng.choice((0.0, 0.0, 0.3, 0.6, 1.0))
    return "".join(escaped(c, rng) if rng.random() < share else c for c in cased)


def separator(url: str, rng: random.Random) -> str:
    """Whitespace between two tokens (escaped too), or a comment that hides a keyword."""
    hidden = (f" # }} SERVICE <{url}> {{\n", f" # FROM <{PASSWD}>\r", " # ended by an escaped line feed\\u000A")
    return rng.choice((" ", " ", "\t", "\n", "\r", "\r\n", "\\u0020", "\\u000A", " # a note\n", " #\r", *hidden))


_GLUE_AFTER = frozenset("{}()<>*.;,")
_GLUE_BEFORE = frozenset("{}()<*.;,?$")


def render(template: str, url: str, rng: random.Random, fill: dict[str, str]) -> str:
    """``template``'s space-separated tokens, keywords disguised, the placeholders ({T} the
    target, {U} the raw URL, ...) filled, joined by random separators or glued where SPARQL
    needs no space, or where gluing is the disguise (a keyword and a prefixed name)."""
    out: list[str] = []
    keyword = False
    for token in template.split(" "):
        glue_name = keyword and token == "{T}" and not fill["{T}"].startswith(("<", "?"))
        keyword = token in KEYWORDS
        token = _written(token, rng, fill)
        if (glue_name or _gluable(out, token)) and rng.random() < 0.3:
            out[-1] += token
        else:
            out.append(token)
    return "".join(piece + separator(url, rng) for piece in out[:-1]) + out[-1]


def _written(token: str, rng: random.Random, fill: dict[str, str]) -> str:
    """One token of a template as the query writes it: a keyword disguised, punctuation sometimes
    escaped ("\\u007B" is "{" to the engine too), the placeholders filled."""
    if token in KEYWORDS:
        token = disguise(token, rng)
    elif token in _GLUE_AFTER and rng.random() < 0.15:
        token = escaped(token, rng)
    for key, value in fill.items():
        token = token.replace(key, value)
    return token.replace("§", " ")


def _gluable(out: list[str], token: str) -> bool:
    """Whether ``token`` may follow the last one with no space between (punctuation on either side)."""
    return bool(out) and (out[-1][-1:] in _GLUE_AFTER or token[:1] in _GLUE_BEFORE)


@dataclass(frozen=True)
class Target:
    """How a query names the place it reaches: a ``prologue`` (PREFIX, BASE), the ``text`` where
    the IRI goes, and a ``suffix`` (a VALUES clause binding a variable to it)."""

    form: str
    prologue: str
    text: str
    suffix: str = ""


def targets(url: str, rng: random.Random) -> list[Target]:
    """Every way of writing ``url`` that the corpus uses."""
    head, tail = url.rsplit("/", 1)
    head += "/"
    some = "".join(escaped(c, rng) if c.isalpha() and rng.random() < 0.2 else c for c in url)
    local = tail[:2] + rng.choice(("\\-", "\\~", "\\.", "%41", "\\!")) + tail[2:]
    return [
        Target("iri", "", f"<{url}>"),
        Target("escaped-iri", "", f"<{some}>"),
        Target("prefixed", f"PREFIX p: <{head}>", f"p:{tail}"),
        Target("escaped-local", f"PREFIX p: <{head}>", f"p:{local}"),
        Target("empty-prefix", f"PREFIX : <{head}>", f":{tail}"),
        Target("keyword-prefix", f"PREFIX service: <{head}>", f"service:{tail}"),
        Target("base-relative", f"BASE <{head}>", f"<{tail}>"),
        Target("variable", "", "?e", f" VALUES ?e {{ <{url}> }}"),
    ]


SERVICE = (
    "SELECT * WHERE { SERVICE {T} { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE SILENT {T} { ?s ?p ?o } }",
    "PREFIX ex: <http://e/> SELECT ?x WHERE { BIND(ex:a\\# AS ?x) SERVICE {T} { ?s ?p ?o } }",
    "ASK { ?s ?p ?o OPTIONAL { SERVICE {T} { ?s ?p ?o } } }",
    "SELECT * WHERE { { ?s ?p ?o } UNION { SERVICE SILENT {T} { } } }",
    "ASK { FILTER EXISTS { SERVICE {T} { } } }",
    'SELECT * WHERE { ?s ?p ?o FILTER(?o!="SERVICE{") SERVICE {T} { } }',
    "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE {T} { ?s ?p ?o } }",
    "SELECT * WHERE { { SELECT * WHERE { SERVICE {T} { ?s ?p ?o } } } }",
    "SELECT * WHERE { GRAPH ?g { SERVICE {T} { } } }",
    "DESCRIBE ?s WHERE { SERVICE {T} { ?s ?p ?o } }",
    "SELECT * WHERE { LATERAL { SERVICE {T} { } } }",
    'SELECT * WHERE { ?s ?p "x\\u0022 . SERVICE {T} { ?s ?p ?o } . ?s ?p \\u0022y" }',
    "PREFIX ex: <http://e/> SELECT * WHERE { ?s ?p ex:a.b.SERVICE {T} { ?s ?p ?o } }",
    "ASK { FILTER(1<2&&3>2) SERVICE {T} { } }",
    "SELECT * WHERE { MINUS { SERVICE {T} { ?s ?p ?o } } }",
)
FROM = (
    "SELECT * FROM {T} WHERE { ?s ?p ?o } LIMIT 1",
    "SELECT * FROM NAMED {T} WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 1",
    "ASK FROM {T} { }",
    "CONSTRUCT { ?s ?p ?o } FROM {T} WHERE { ?s ?p ?o } LIMIT 1",
    "DESCRIBE <http://e/x> FROM {T}",
    "SELECT * FROM {G} FROM {T} WHERE { } LIMIT 1",
    "SELECT * FROM NAMED {G} FROM NAMED {T} WHERE { }",
)
UPDATES = (
    "LOAD {T}",
    "LOAD SILENT {T} INTO GRAPH <urn:g>",
    "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
    "INSERT DATA { GRAPH {T} { <urn:a> <urn:b> <urn:c> } }",
    "DELETE WHERE { ?s ?p ?o }",
    "DELETE DATA { <urn:a> <urn:b> <urn:c> }",
    "DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }",
    "WITH {T} INSERT { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "WITH {T} DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "INSERT { ?s ?p ?o } USING {T} WHERE { ?s ?p ?o }",
    "INSERT { ?s ?p ?o } WHERE { SERVICE {T} { ?s ?p ?o } }",
    "CLEAR ALL",
    "CLEAR SILENT GRAPH {T}",
    "DROP ALL",
    "DROP SILENT GRAPH {T}",
    "CREATE GRAPH {T}",
    "ADD {T} TO DEFAULT",
    "MOVE DEFAULT TO {T}",
    "COPY SILENT {T} TO GRAPH <urn:g>",
    "ASK { } ; DROP ALL",
    "SELECT * { } ; LOAD {T}",
)
# Keywords, brackets and URLs where they are data: each must be answered.
HARMLESS = (  # "§" is a space inside a string or a comment: rendering keeps it there
    'SELECT ?s WHERE { ?s ?p ?o FILTER(?o="SERVICE§<{U}>§{§?s§?p§?o§}") } LIMIT 1',
    "SELECT ?s WHERE { ?s ?p ?o FILTER(?o='''FROM§<{F}>\n#§}§LOAD§<{U}>§{''') } LIMIT 1",
    'SELECT ?s WHERE { ?s ?p ?o FILTER(?o="""INSERT§DATA§{§}§;§DROP§ALL""") } LIMIT 1',
    'SELECT ?s WHERE { ?s ?p ?o FILTER(?o="\\u0053ERVICE§\\"<{U}>\\"§{") } LIMIT 1',
    "SELECT * WHERE { <http://e/SERVICE(((#FROM'x> ?p ?o }",
    "SELECT * WHERE { ?s ?p ?o } #§SERVICE§<{U}>§LOAD§<{F}>\nLIMIT 1",
    "SELECT ?service ?from WHERE { ?service <http://e/load> ?from } LIMIT 1",
    "SELECT $SERVICE WHERE { $SERVICE ?INSERT ?DROP } LIMIT 1",
    "PREFIX service: <http://e/> ASK { ?s service:from ?o }",
    "SELECT * WHERE { GRAPH <{U}> { ?s ?p ?o } }",
    "DESCRIBE <{U}>",
    "SELECT ?x WHERE { BIND(<{F}> AS ?x) }",
    'SELECT ?x WHERE { BIND(IRI("{U}") AS ?x) }',
    "ASK { FILTER(?a<'x'&&?b>'y') }",
    "SELECT * FROM {G} WHERE { ?s ?p ?o } LIMIT 1",
    "SELECT * FROM NAMED {G} WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 1",
)
_LOCAL_ESCAPES = "_~.-!$&'()*+,;=/?#@%"


def _transport(query: str, rng: random.Random, update: bool = False) -> str:
    choices = ["form", "direct"] + (["get"] if len(urllib.parse.quote(query)) < _GET_LIMIT else [])
    if update:
        choices += ["update", "update-direct"]
    return rng.choice(choices)


def disguises(url: str, graphs: list[str], rng: random.Random) -> Iterator[Hostile]:
    """SERVICE, FROM and updates, every template with every target, disguised; and the harmless."""
    known = f"<{graphs[0]}>" if graphs else "<http://e/none>"
    for rounds, family, templates in ((2, "service", SERVICE), (2, "from", FROM), (1, "update", UPDATES)):
        for _ in range(rounds):
            for where in (f"{url}/sparql", PASSWD):
                for template in templates:
                    yield from _disguised(family, template, url, targets(where, rng), known, rng)
    yield from _harmless(url, graphs, known, rng)
    yield from _escaped_locals(url, rng)


def _disguised(
    family: str, template: str, url: str, places: list[Target], known: str, rng: random.Random
) -> Iterator[Hostile]:
    """``template`` aimed at each of ``places`` (once, for a template that names no target)."""
    for target in places if "{T}" in template else places[:1]:
        suffix = target.suffix if template.split(" ")[0] in ("SELECT", "ASK") else ""
        text = render(f"{target.prologue} {template}".strip(), url, rng, {"{T}": target.text, "{G}": known})
        query = text + suffix
        yield Hostile(f"{family}/{target.form}", query, REFUSED, _transport(query, rng, update=family == "update"))


def _harmless(url: str, graphs: list[str], known: str, rng: random.Random) -> Iterator[Hostile]:
    """Each harmless template as written and three times disguised."""
    fill = {"{U}": url, "{F}": PASSWD, "{G}": known}
    for template in HARMLESS:
        if "{G}" in template and not graphs:
            continue
        text = template.replace("§", " ")
        for key, value in fill.items():
            text = text.replace(key, value)
        yield Hostile("harmless", text, ANSWERED, _transport(text, rng))
        for _ in range(3):
            yield Hostile("harmless/disguised", render(template, url, rng, fill), ANSWERED, _transport(text, rng))


def _escaped_locals(url: str, rng: random.Random) -> Iterator[Hostile]:
    """Every escape a prefixed name's local part may hold, before a SERVICE and alone."""
    for char in _LOCAL_ESCAPES:
        bind = f"PREFIX ex: <http://e/> SELECT ?x WHERE {{ BIND(ex:a\\{char} AS ?x)"
        hidden = f"{bind} SERVICE <{url}> {{ ?s ?p ?o }} }}"
        yield Hostile("service/escaped-local", hidden, REFUSED, _transport(hidden, rng))
        # "ex:a\\%" names <http://e/a%>, which is no IRI: pyoxigraph refuses it.
        yield Hostile("harmless/escaped-local", bind + " }", EITHER if char == "%" else ANSWERED, _transport(bind, rng))


# --- shapes ---------------------------------------------------------------------------------------

# name: (the CRASH_AT key, the query for size n)
CHAINS: dict[str, tuple[str, Callable[[int], str]]] = {
    "and": ("&&", lambda n: f"ASK {{ FILTER(1{'&&1' * n}) }}"),
    "or": ("||", lambda n: f"ASK {{ FILTER(0{'||0' * n}) }}"),
    "plus": ("+", lambda n: f"SELECT (1{'+1' * n} AS ?v) {{ }}"),
    "times": ("*", lambda n: f"SELECT (1{'*1' * n} AS ?v) {{ }}"),
    "minus-op": ("-", lambda n: f"SELECT (1{'-1' * n} AS ?v) {{ }}"),
    "divide": ("/", lambda n: f"SELECT (1{'/1' * n} AS ?v) {{ }}"),
    "not": ("!", lambda n: f"ASK {{ FILTER({'!' * n}true) }}"),
    "path-alternative": ("|", lambda n: f"ASK {{ ?s <http://e/p>{'|<http://e/p>' * n} ?o }}"),
    "path-sequence": ("/", lambda n: f"ASK {{ ?s <http://e/p>{'/<http://e/p>' * n} ?o }}"),
    "union": ("UNION", lambda n: f"ASK {{ {{}}{' UNION {}' * n} }}"),
    "optional": ("OPTIONAL", lambda n: f"ASK {{ <urn:x> ?p ?o{' OPTIONAL { <urn:x> ?p ?o }' * n} }}"),
    "minus": ("MINUS", lambda n: f"ASK {{ <urn:x> ?p ?o{' MINUS { <urn:x> ?p ?o }' * n} }}"),
    "bind": ("BIND", lambda n: "ASK { " + " ".join(f"BIND({i} AS ?v{i})" for i in range(n)) + " }"),
    "filter": ("FILTER", lambda n: f"ASK {{{' FILTER(true)' * n} }}"),
    "groups": ("group", lambda n: f"ASK {{ {'{} ' * n}}}"),
    "triples": (".", lambda n: f"ASK {{ {'<urn:x> <urn:p> 1 . ' * n}}}"),
    "semicolons": (";", lambda n: f"ASK {{ <urn:x> <urn:p> 1{' ; <urn:p> 1' * n} }}"),
    "commas": (",", lambda n: f"ASK {{ <urn:x> <urn:p> 1{' , 1' * n} }}"),
}


def _nest(head: str, opener: str, middle: str, closer: str, tail: str, per: int = 1) -> Callable[[int], str]:
    """The query ``head opener… middle …closer tail`` whose brackets nest ``n`` deep (``per``
    brackets to each opener)."""
    return lambda n: head + opener * (n // per) + middle + closer * (n // per) + tail


def _mixed(n: int) -> str:
    """FILTER EXISTS and groups, then parentheses: ``n`` brackets deep in all."""
    braces = n // 3
    parens = n - 2 * braces
    return (
        "ASK { "
        + "FILTER EXISTS { { " * braces
        + "FILTER("
        + "(" * parens
        + "1"
        + ")" * parens
        + ") "
        + "} }" * braces
        + " }"
    )


# name: (the CRASH_AT key, the brackets around the nesting, the query for a nesting n brackets deep)
NESTINGS: dict[str, tuple[str, int, Callable[[int], str]]] = {
    "parens": ("parens", 2, _nest("ASK { FILTER(", "(", "1", ")", ") }")),
    "fake-iri-parens": ("parens", 2, _nest("ASK { FILTER(1<", "(", "1", ")", "&&2>1) }")),
    "calls": ("calls", 1, _nest("SELECT (", "STR(", '"x"', ")", " AS ?v) { }")),
    "braces": ("braces", 0, _nest("SELECT * WHERE ", "{", "", "}", "")),
    "exists": ("exists", 1, _nest("ASK { ", "FILTER EXISTS { ", "", "} ", "}")),
    "brackets": ("brackets", 1, _nest("ASK { ?s <http://e/p> ", "[ <http://e/p> ", "1", " ]", " }")),
    "collections": ("parens", 1, _nest("ASK { ?s <http://e/p> ", "(", "1", ")", " }")),
    "subqueries": ("braces", 1, _nest("SELECT * WHERE { ", "{ SELECT * WHERE { ", "", "} } ", "}", per=2)),
    "path-groups": ("parens", 1, _nest("ASK { ?s ", "(", "<http://e/p>", ")", " ?o }")),
    "inverse-paths": ("parens", 1, _nest("ASK { ?s ", "^(", "<http://e/p>", ")", " ?o }")),
    "triple-terms": ("reified", 1, _nest("ASK { ?s ?p ", "<<( <urn:a> <urn:b> ", "1", " )>>", " }", per=2)),
    "mixed": ("exists", 2, _mixed),
}
#: The crash inputs of issue 15, at the sizes it gave (bytes).
ISSUE_SIZES = {"and": 600_000, "plus": 400_000, "union": 900_000, "path-sequence": 400_000,
               "path-alternative": 400_000, "optional": 600_000, "bind": 520_000}  # fmt: skip


def _sized(build: Callable[[int], str], size: int) -> int:
    """The count n whose query is about ``size`` bytes (from the bytes a link adds)."""
    step = max(1, len(build(101)) - len(build(100)))
    return max(1, (size - len(build(0))) // step)


def _shape(family: str, query: str, expect: str, rng: random.Random) -> Hostile:
    if len(query.encode()) > MAX_QUERY_BYTES:
        return Hostile(family, query, REFUSED, "direct")  # 413
    return Hostile(family, query, expect, _transport(query, rng))


def shapes(rng: random.Random) -> Iterator[Hostile]:
    """Every chain and nesting at sizes below, around and far beyond its bound."""
    for name, (key, build) in CHAINS.items():
        for n, expect in _chain_sizes(name, key, build):
            yield _shape(f"chain/{name}/{n}", build(n), expect, rng)
    for name, (key, around, build) in NESTINGS.items():
        crash = CRASH_AT[key]
        # Triple terms (RDF 1.2) are refused at any size: the policy refuses RDF 1.2 syntax.
        small = REFUSED if name == "triple-terms" else ANSWERED
        sizes = [(8, small), (MAX_NESTING - around - 4, small), (MAX_NESTING - around, EITHER)]
        sizes += [(MAX_NESTING - around + 1, REFUSED), (MAX_NESTING * 2, REFUSED)]
        sizes += [(n, REFUSED) for n in (crash // 2, crash, 2 * crash)]
        for n, expect in sizes:
            yield _shape(f"nesting/{name}/{n}", build(n), expect, rng)
    yield _shape("nesting/fake-iri-parens/issue", NESTINGS["fake-iri-parens"][2](5000), REFUSED, rng)
    # A chain inside a nesting: their costs add up (kg/query/limits.py), here to 6 % and 10.5 %.
    for depth, links, expect in ((50, 473, ANSWERED), (60, 852, REFUSED)):
        query = f"ASK {{ FILTER({'(' * depth}1{'&&1' * links}{')' * depth}) }}"
        yield _shape(f"chain/in-nesting/{depth}/{links}", query, expect, rng)
    # 200 triple patterns sharing a variable (4 KB): accepted, planned for some 10 s.
    yield _shape("chain/planner", "ASK { " + "<urn:x> <urn:p> ?o . " * 200 + "}", SLOW, rng)
    # Lists that never crashed, bounded by the tokens read (100,000) and the cap.
    in_list: Callable[[int], str] = lambda n: "ASK { FILTER(1 IN (" + ", ".join(["1"] * n) + ")) }"  # noqa: E731
    values: Callable[[int], str] = lambda n: "ASK { VALUES ?x { " + "1 " * n + "} }"  # noqa: E731
    for name, build, over in (("in-list", in_list, 60_000), ("values-rows", values, 120_000)):
        for n, expect in ((1000, ANSWERED), (40_000, ANSWERED), (over, REFUSED), (_sized(build, 1_040_000), REFUSED)):
            yield _shape(f"list/{name}/{n}", build(n), expect, rng)


def _chain_sizes(name: str, key: str, build: Callable[[int], str]) -> list[tuple[int, str]]:
    """A chain's lengths and what each must get: a quarter and 0.8 of the policy's bound
    (answered), the bound, 1.2 times it, and around, at, twice the length that crashed."""
    crash = CRASH_AT[key]
    bound = int(MAX_COST * crash)
    # A path sequence this long is accepted but planned in time that grows as a power of its
    # length (0.8 s for 200 links, 15 s for 552, on an empty store): the deadline stops it.
    slow = name == "path-sequence"
    sizes = [(bound // 4, ANSWERED), (int(bound * 0.8), SLOW if slow else ANSWERED), (bound, SLOW if slow else EITHER)]
    sizes.append((int(bound * 1.2), REFUSED))
    sizes += [(n, REFUSED) for n in (crash // 2, int(crash * 0.97), crash, int(crash * 1.03), 2 * crash)]
    if name in ISSUE_SIZES:
        sizes.append((_sized(build, ISSUE_SIZES[name]), REFUSED))
    return sizes


# --- bytes and the protocol -------------------------------------------------------------------------


def odd_bytes(url: str) -> Iterator[Hostile]:
    """Bodies that are not clean UTF-8 SPARQL, and text at the edge of the size cap."""
    raw = [
        (b'ASK { FILTER("\xff\xfe" != "") }', ANSWERED),  # invalid UTF-8: read as U+FFFD
        (b'ASK { FILTER("\xc0\xaf" != "") }', ANSWERED),  # an overlong "/"
        (b'ASK { FILTER("a\x00b" != "") }', EITHER),  # NUL inside a string
        (b"ASK {}\x00", REFUSED),
        (b"\x00" * 1000, REFUSED),
        (b"\xef\xbb\xbfASK {}", REFUSED),  # a BOM: pyoxigraph refuses it too
        ("ASK {}".encode("utf-16"), REFUSED),
        (b"SELECT * WHERE { SERVICE <" + url.encode() + b"> { \xff } }", REFUSED),
        (b"\\u0053ERVICE \xff <" + url.encode() + b">", REFUSED),
    ]
    for body, expect in raw:
        yield Hostile("bytes", expect=expect, transport="raw", body=body, content_type=_QUERY)
    texts = [
        ("ASK { FILTER(\\uD800) }", REFUSED),  # a surrogate
        ("ASK { FILTER(\\U00110000) }", REFUSED),  # past Unicode
        ("ASK { FILTER(\\u00) }", REFUSED),  # cut short
        ('ASK { FILTER("' + "x" * 900_000 + '" != "") }', ANSWERED),
        ("ASK { <http://e/" + "x" * 900_000 + "> ?p ?o }", ANSWERED),
        ("#" + "x" * 1_000_000 + "\nASK { }", ANSWERED),
        ("PREFIX ex: <http://e/> ASK { ?s ex:" + "x" * 500_000 + " ?o }", ANSWERED),
        ("SELECT ?" + "v" * 500_000 + " { }", ANSWERED),
        ('ASK { FILTER("x"@' + "a" * 1000 + ' != "") }', EITHER),
        ("".join(f"PREFIX p{i}: <http://e/{i}/> " for i in range(20_000)) + "ASK { }", EITHER),
        ("# " + "x" * MAX_QUERY_BYTES + "\nASK { }", REFUSED),  # over the cap: 413
        ("SERVICE" * 140_000, REFUSED),
    ]
    for text, expect in texts:
        yield Hostile("bytes/text", text, expect, "direct")
    yield Hostile("bytes", transport="raw", body=b"#" * (MAX_QUERY_BYTES + 10), content_type=_QUERY)
    yield Hostile("bytes", transport="raw", body=b"query=" + b"%23" * 400_000, content_type=_FORM)
    yield Hostile("bytes", "ASK { FILTER(%00) }", REFUSED, "get")  # a literal "%00": no token starts with "%"
    yield Hostile("bytes", "ASK { FILTER(\x00) }", REFUSED, "get")


def protocol(url: str, graphs: list[str], rng: random.Random) -> Iterator[Hostile]:
    """The dataset given beside the query, and the protocol's other ways in."""
    fine = "SELECT * WHERE { ?s ?p ?o } LIMIT 1"
    for name in ("default-graph-uri", "named-graph-uri", "using-graph-uri", "using-named-graph-uri"):
        for where in (url, PASSWD, f"{url}/g", "not an iri", ""):
            for transport in ("get", "form", "direct"):
                yield Hostile(f"protocol/{name}", fine, REFUSED, transport, params=((name, where),))
    for graph in graphs[:2]:
        both = (("default-graph-uri", graph), ("named-graph-uri", url))
        yield Hostile("protocol/known-and-outside", fine, REFUSED, rng.choice(("get", "form")), params=both)
        yield Hostile("protocol/known", fine, ANSWERED, "get", params=(("default-graph-uri", graph),))
    yield Hostile("protocol/two-queries", fine, REFUSED, "get", params=(("query", f"ASK {{ SERVICE <{url}> {{}} }}"),))
    yield Hostile("protocol/update-param", fine, REFUSED, "get", params=(("update", f"LOAD <{url}>"),))
    yield Hostile("protocol/format", fine, REFUSED, "get", params=(("format", "../../etc/passwd"),))
    yield Hostile("protocol/accept", fine, REFUSED, "get", headers=(("accept", "application/x-unknown"),))
    yield Hostile("protocol/content-type", transport="raw", body=f"query={fine}".encode(), content_type="text/plain")
    yield Hostile("protocol/content-type", transport="raw", body=b"LOAD <" + url.encode() + b">", content_type="")


def corpus(url: str, graphs: list[str] | None = None, seed: int = 15) -> list[Hostile]:
    """The whole corpus for a request logger at ``url`` (``http://127.0.0.1:PORT``); ``graphs``
    are the store's own graphs (FROM one of them is harmless). The same for the same arguments."""
    rng = random.Random(seed)
    known = list(graphs or [])
    return [*disguises(url, known, rng), *shapes(rng), *odd_bytes(url), *protocol(url, known, rng)]
