"""Bounds on a query's parse tree, measured on its tokens, below where pyoxigraph crashes.

pyoxigraph's parser and evaluator recurse on the calling thread's stack; past a depth that
depends on the construct, the process dies with SIGSEGV (issue 15; reference/
reliability-checklist.md, O3). Deep nesting is one way there, and flat chains are another: ``1 &&
1 && …`` or ``{…} UNION {…} UNION …`` fold into a tree as deep as the chain is long.

The measure, one pass over the tokens (brackets are tokens: a bracket inside an IRI or a string
is not one, and a ``<…>`` that the engine reads as less-than is read so here too):

- **nesting**: brackets ``( { [ << {|`` open at once, at most :data:`MAX_NESTING`;
- **cost**: each bracket level and each link of a chain costs the share of the stack it took
  when measured alone (1 / the size at which that shape alone crashed), summed along the deepest
  path of the tree: a bracket's cost is its own, plus its chains, plus its costliest child.
  A query costing more than :data:`MAX_COST` (a tenth of a crash) is refused, naming the chain
  or the nesting that costs most.

Measured on this machine (pyoxigraph 0.5.13, Python 3.11, main thread with the default 8 MiB
stack; each shape alone, bisected to 3 %, in a child process; ``python -m
benchmarks.sparql_limits``, results in benchmarks/results/sparql-limits.json). The first size that
crashed:

==================================================  =======  ===================
shape (``python -m benchmarks.sparql_limits``)      crashed  its size then
==================================================  =======  ===================
nested ``STR(STR(…))`` / ``FILTER EXISTS {…}``        960/848  5 KB / 15 KB
nested ``{…}`` / ``[ <p> […] ]`` / ``(…)``          2,240/3,456/4,096  5 / 59 / 8 KB
nested ``<<( … )>>`` / path groups ``((<p>))``      6,016/13,824  84 / 28 KB
``MINUS {…}`` side by side                            2,624  50 KB
``UNION`` / ``OPTIONAL`` / ``BIND``                   6,656  126 / 146 / 119 KB
``-`` ``/`` (numbers) / path ``/``                  6,912 / 8,192  14 / 107 KB
triple patterns ``.`` / ``;`` / ``,`` / ``{…}{…}``    8,192  90 / 66 / 41 / 107 KB
``&&`` ``||`` ``+`` ``*`` ``!`` / ``FILTER``           9,472  28 / 123 KB
path ``|``                                          11,008  143 KB
``IN (…)``, ``CONCAT(…)`` arguments, VALUES rows,   none     up to the 1 MiB cap
``SELECT ?v…``, ``GROUP BY``/``ORDER BY`` lists
==================================================  =======  ===================

Shapes that did not crash up to the 1 MiB size cap cost nothing here (the cap bounds them).
``python -m benchmarks.sparql_limits --check`` runs, for every shape, the largest query these
limits accept, and a mix of nesting and chains at the limit: none crashes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.core.errors import QueryError
from kg.core.sparql_lex import IRI, PNAME, PUNCT, WORD, Lexed, Token

MAX_NESTING = 64
#: Tokens read at most: 100,000 take the lexer about a second; the canned queries have < 1,000.
MAX_TOKENS = 100_000
MAX_COST = 0.1

#: The size (nesting depth or chain length) at which each shape alone crashed pyoxigraph.
CRASH_AT: dict[str, int] = {
    # nesting, per level
    "parens": 4096,  # FILTER((((…)))) 4,736; collections (((…))) 4,096
    "calls": 960,  # STR(STR(…))
    "braces": 2240,  # {{{…}}}; { SELECT * WHERE { SELECT … 2,560
    "exists": 848,  # FILTER EXISTS { FILTER EXISTS { … } }
    "brackets": 3456,  # ?s ?p [ <p> [ <p> … ] ]
    "reified": 6016,  # <<( ?s ?p <<( … )>> )>> 6,016; << ?s ?p << … >> >> 8,320
    # chains, per link at one level
    "&&": 9472,
    "||": 9472,
    "+": 9472,
    "*": 9472,
    "!": 9472,
    "-": 6912,
    "/": 6912,  # divide 6,912; path sequence 8,192
    "|": 11008,  # path alternative
    "^": 5000,  # provisional: see benchmarks/results
    "UNION": 6656,
    "OPTIONAL": 6656,
    "MINUS": 2624,
    "BIND": 6656,
    "FILTER": 9472,
    "group": 8192,  # { … } { … } side by side
    ".": 8192,  # triple patterns in one group
    ";": 8192,
    ",": 8192,  # object lists; in an expression, argument lists did not crash up to 1 MiB
}
_CHAINED = frozenset(k for k in CRASH_AT if not k.islower())
_NAMES = {"(": "parenthesis", "{": "brace", "[": "square bracket", "<<": "'<<'", "{|": "'{|'"}


@dataclass
class _Level:
    """One open bracket: what it costs so far."""

    opener: str
    shape: str
    pos: int
    links: dict[str, int] = field(default_factory=dict)
    child: float = 0.0
    child_why: tuple[str, int, int] = ("", 0, 0)  # the costliest thing below: shape, count, position

    def cost(self) -> tuple[float, tuple[str, int, int]]:
        own = 1 / CRASH_AT[self.shape] if self.shape in CRASH_AT else 0.0
        chains = sum(n / CRASH_AT[k] for k, n in self.links.items())
        why = self.child_why
        if self.links:
            shape, count = max(self.links.items(), key=lambda kv: kv[1] / CRASH_AT[kv[0]])
            if count / CRASH_AT[shape] > self.child:
                why = (shape, count, self.pos)
        return own + chains + self.child, why


def _shape(opener: Token, prev: Token | None) -> str:
    """Which measured shape a bracket is: a call's parentheses cost more than plain ones."""
    if opener.text == "(":
        if prev is not None and (prev.kind in (IRI, PNAME) or (prev.kind == WORD and prev.text != "a")):
            return "calls"
        return "parens"
    if opener.text == "{":
        return "exists" if prev is not None and prev.is_word("EXISTS") else "braces"
    return {"[": "brackets", "<<": "reified", "{|": "braces"}[opener.text]


def measure(lexed: Lexed) -> float:
    """The query's cost (see the module docstring); :class:`QueryError` past a limit."""
    stack = [_Level("", "", 0)]
    prev: Token | None = None
    before: Token | None = None
    for token in lexed.tokens:
        text = token.text
        if token.kind == PUNCT and text in _NAMES:
            _open(stack, token, prev, before, lexed)
        elif token.kind == PUNCT and text in ("}", ")", "]", ">>", "|}"):
            closed = stack.pop()
            cost, why = closed.cost()
            if cost > stack[-1].child:
                stack[-1].child, stack[-1].child_why = cost, why
        elif text in _CHAINED and token.kind in (PUNCT, WORD) and (text != "," or stack[-1].opener != "("):
            _link(stack[-1], text)  # a "," in parentheses separates arguments: no chain
        before, prev = prev, token
    cost, why = stack[0].cost()
    if cost > MAX_COST:
        shape, count, pos = why
        if not shape:
            raise QueryError(f"query nests too deeply for the engine: it measures {cost / MAX_COST:.0%} of the limit")
        raise QueryError(
            f"query is too deep for the engine: {_described(shape, count)} at {lexed.where(pos)}; "
            f"with all it holds, the query measures {cost / MAX_COST:.0%} of the limit"
        )
    return cost


def _open(stack: list[_Level], token: Token, prev: Token | None, before: Token | None, lexed: Lexed) -> None:
    stack.append(_Level(token.text, _shape(token, prev), token.pos))
    if len(stack) - 1 > MAX_NESTING:
        raise QueryError(
            f"query nests {len(stack) - 1} levels deep at {lexed.where(token.pos)} "
            f"(a {_NAMES[token.text]}); at most {MAX_NESTING} are accepted"
        )
    if token.text == "{" and _side_by_side(prev, before):
        _link(stack[-2], "group")


def _side_by_side(prev: Token | None, before: Token | None) -> bool:
    """Whether a ``{`` opens a group that joins the ones beside it (not one that follows a
    keyword: UNION, OPTIONAL, GRAPH ?g, SERVICE <…>, WHERE…, which are counted as that keyword)."""
    if prev is None or prev.kind == WORD:
        return False
    return not (before is not None and before.is_word("GRAPH", "SERVICE", "SILENT", "VALUES"))


def _link(level: _Level, shape: str) -> None:
    level.links[shape] = level.links.get(shape, 0) + 1


def _described(shape: str, count: int) -> str:
    if shape in CRASH_AT and shape[0].islower() and shape not in ("group",):
        return f"{count} nested {shape}"
    what = "groups { } side by side" if shape == "group" else repr(shape)
    return f"a chain of {count} {what} (at most {int(MAX_COST * CRASH_AT[shape])} alone)"
