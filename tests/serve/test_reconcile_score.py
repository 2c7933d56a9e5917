"""The reconciliation service's scoring and match decision, on small hand-made indexes."""

from __future__ import annotations

from kg.serve.reconcile.index import Entry, Index
from kg.serve.reconcile.score import Query, candidates
from kg.serve.reconcile.text import Name, normalise, similarity


def entry(slug: str, label: str, kind: str, aliases: tuple[str, ...] = (), symbols: tuple[str, ...] = ()) -> Entry:
    names = [Name(label, "label"), *(Name(a, "alias") for a in aliases), *(Name(s, "symbol") for s in symbols)]
    return Entry(slug, label, list(aliases), list(symbols), {kind}, {kind}, {kind}, names)


def query(text: str, *types: str, properties: tuple[tuple[str, tuple[str, ...]], ...] = ()) -> Query:
    return Query(text, types, "any", 10, properties)


def test_an_exact_name_shared_within_a_kind_is_no_match() -> None:
    index = Index(
        {
            "wg-a": entry("wg-a", "Working Group", "Body"),
            "wg-b": entry("wg-b", "Working Group", "Body"),
            "wg-doc": entry("wg-doc", "Working Group", "Instrument"),
        },
        {},
    )
    found = {c["id"]: c for c in candidates(index, query("working group"))}
    assert found["wg-a"]["score"] == found["wg-b"]["score"] == 100
    assert not found["wg-a"]["match"] and not found["wg-b"]["match"]
    assert found["wg-doc"]["match"]  # the only one of its kind
    typed = candidates(index, query("working group", "Instrument"))
    assert [(c["id"], c["match"]) for c in typed] == [("wg-doc", True)]


def test_aliases_and_symbols_match_exactly_and_properties_must_agree() -> None:
    index = Index(
        {
            "ecosoc": entry("ecosoc", "Economic and Social Council", "Body", aliases=("ECOSOC",)),
            "a-res-65-141": entry("a-res-65-141", "GA resolution 65/141", "Instrument", symbols=("A/RES/65/141",)),
        },
        {},
    )
    assert candidates(index, query("Ecosoc"))[0]["match"]
    wrong = candidates(index, query("A/RES/65/141", properties=(("symbol", ("A/RES/65/142",)),)))
    assert wrong[0]["id"] == "a-res-65-141" and not wrong[0]["match"] and wrong[0]["score"] < 100
    right = candidates(index, query("A/RES/65/141", properties=(("symbol", ("a/res/65/141",)),)))
    assert right[0]["match"] and right[0]["score"] == 100


def test_near_names_score_below_exact_ones_and_unrelated_names_zero() -> None:
    q = Name("Commision on Science and Technology", "query")
    near = similarity(q, Name("Commission on Science and Technology for Development", "label"))
    assert 55 <= near <= 90
    assert similarity(Name("Ministry of Silly Walks", "query"), Name("Internet Governance Forum", "label")) == 0
    assert normalise("  Économique  et Social-Council ") == "economique et social council"
