"""The closures the build materialises (kg/loaders/closures.py): the lineage-head rule on small
hand-made mandate graphs, its promise (walking downstream from the heads reaches what walking
from every root reaches) on random ones, the attested-dates and held-in rules, and the synthetic
generator writing the same heads and held-in links as the rules compute from its facts."""

from __future__ import annotations

import random
from collections import defaultdict

from pyoxigraph import NamedNode, RdfFormat, parse

from benchmarks.synthetic import nquads
from kg.loaders.closures import Holding, MandateLinks, attested_dates, held_in, lineage_heads, upstream_first


def links(*mandates: tuple[str, tuple[str, ...], tuple[str, ...]]) -> list[MandateLinks]:
    return [MandateLinks(m, up, roots) for m, up, roots in mandates]


def test_a_chain_has_one_head_per_thing_at_its_top() -> None:
    chain = links(
        ("m1", (), ("assembly", "res-1")),
        ("m2", ("m1",), ("assembly", "res-2")),
        ("m3", ("m2",), ("council", "res-3")),
    )
    assert sorted(lineage_heads(chain)) == [
        ("m1", "assembly"),
        ("m1", "res-1"),
        ("m2", "res-2"),
        ("m3", "council"),
        ("m3", "res-3"),
    ]


def test_the_order_given_does_not_matter() -> None:
    chain = links(
        ("m3", ("m2",), ("x",)),
        ("m2", ("m1",), ("x",)),
        ("m1", (), ("x",)),
    )
    assert [m.mandate for m in upstream_first(chain)] == ["m1", "m2", "m3"]
    assert lineage_heads(chain) == [("m1", "x")]


def test_in_a_diamond_both_sides_head_and_the_join_below_them_does_not() -> None:
    diamond = links(
        ("top", (), ("x",)),
        ("left", ("top",), ("y",)),
        ("right", ("top",), ("y",)),
        ("bottom", ("left", "right"), ("y",)),
    )
    assert sorted(lineage_heads(diamond)) == [("left", "y"), ("right", "y"), ("top", "x")]


def test_a_root_below_another_root_of_the_same_thing_is_no_head() -> None:
    # x issued m1 and m3; m3 renews m2, which rests on m1: m3 is found from m1 already.
    graph = links(
        ("m1", (), ("x",)),
        ("m2", ("m1",), ("y",)),
        ("m3", ("m2",), ("x",)),
        ("m4", (), ("x",)),  # another lineage of x, not below m1: a head of its own
    )
    assert sorted(lineage_heads(graph)) == [("m1", "x"), ("m2", "y"), ("m4", "x")]


def test_an_upstream_mandate_never_given_counts_as_absent() -> None:
    assert lineage_heads(links(("m1", ("nowhere",), ("x",)))) == [("m1", "x")]


def test_a_cycle_is_cut_not_followed_forever() -> None:
    heads = lineage_heads(links(("a", ("b",), ("x",)), ("b", ("a",), ("x",))))
    assert len(heads) == 1


def _downstream(start: set[str], upstream: dict[str, tuple[str, ...]]) -> set[str]:
    below: dict[str, set[str]] = defaultdict(set)
    for mandate, ups in upstream.items():
        for up in ups:
            below[up].add(mandate)
    found, todo = set(start), list(start)
    while todo:
        for nxt in below[todo.pop()] - found:
            found.add(nxt)
            todo.append(nxt)
    return found


def test_the_heads_reach_every_mandate_the_roots_reach() -> None:
    rng = random.Random(18)
    for _ in range(200):
        names = [f"m{n}" for n in range(rng.randint(1, 25))]
        graph = links(
            *(
                (
                    m,
                    tuple(rng.sample(names[:n], min(n, rng.randint(0, 2)))),
                    tuple(rng.sample(["a", "b", "c", "d"], rng.randint(1, 2))),
                )
                for n, m in enumerate(names)
            )
        )
        upstream = {m.mandate: m.upstream for m in graph}
        heads = lineage_heads(graph)
        for thing in "abcd":
            roots = {m.mandate for m in graph if thing in m.roots_of}
            its_heads = {m for m, t in heads if t == thing}
            assert its_heads <= roots
            assert _downstream(its_heads, upstream) == _downstream(roots, upstream)
            # no head is downstream of another root of the same thing
            for head in its_heads:
                assert head not in _downstream(roots - {head}, upstream)


def holding(ms: str, *, body: str = "wg", post: str | None = "chair", attested: tuple[str, ...] = ()) -> Holding:
    return Holding(ms, "alice", "chair-role", post, None, None, (body,), attested)


def test_attested_dates_are_shared_by_every_membership_of_one_holding() -> None:
    dates = attested_dates(
        [holding("ms1", attested=("2010-05-01",)), holding("ms2", attested=("2009", "2010-05-01")), holding("ms3")]
    )
    assert dates == {"ms1": "2009, 2010-05-01", "ms2": "2009, 2010-05-01", "ms3": "2009, 2010-05-01"}


def test_no_attested_dates_for_a_holding_without_any() -> None:
    assert attested_dates([holding("ms1"), holding("ms2", post=None, attested=("2001",))]) == {"ms2": "2001"}


def test_a_membership_whose_holdings_differ_between_its_bodies_gets_none() -> None:
    two = Holding("ms1", "alice", "chair-role", None, None, None, ("wg", "council"), ())
    other = Holding("ms2", "alice", "chair-role", None, None, None, ("wg",), ("2001",))
    assert attested_dates([two, other]) == {"ms2": "2001"}


IGKG = "https://w3id.org/igkg/ontology#"
ID = "https://w3id.org/igkg/id/"
READ = ("issuer", "authority", "renews", "pursuantTo", "paragraphOf", "organization", "post", "postIn")


def test_the_synthetic_graph_has_the_closures_the_rules_compute_from_its_facts() -> None:
    data, _ = nquads(10_000, 3)
    facts: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    written, held = set(), set()
    for quad in parse(data, format=RdfFormat.N_QUADS):
        s, p, o = quad.subject, quad.predicate.value, quad.object
        if not (isinstance(s, NamedNode) and isinstance(o, NamedNode) and s.value.startswith(ID)):
            continue
        subject, name, value = s.value.removeprefix(ID), p.removeprefix(IGKG), o.value.removeprefix(ID)
        if name == "lineageHeadOf":
            written.add((subject, value))
        elif name == "heldIn":
            held.add((subject, value))
        elif name in READ and value not in facts[subject][name]:
            facts[subject][name].append(value)
    mandates = []
    for m, f in facts.items():
        if "issuer" not in f:
            continue
        roots = [*f["issuer"], *f["authority"]]
        roots += [of for a in f["authority"] for of in facts.get(a, {}).get("paragraphOf", [])]
        mandates.append(MandateLinks(m, (*f["renews"], *f["pursuantTo"]), tuple(roots)))
    assert len(mandates) > 10 and written
    assert set(lineage_heads(mandates)) == written
    holdings = [
        Holding(
            m, "", "", None, None, None, (*f["organization"], *(b for p in f["post"] for b in facts[p]["postIn"])), ()
        )
        for m, f in list(facts.items())
        if "organization" in f or "post" in f
    ]
    assert len(holdings) > 10 and set(held_in(holdings)) == held


def test_held_in_is_every_body_of_every_membership() -> None:
    two = Holding("ms1", "alice", "chair", "wg-chair", None, None, ("wg", "council", "wg"), ())
    assert held_in([two, holding("ms2")]) == [("ms1", "council"), ("ms1", "wg"), ("ms2", "wg")]
