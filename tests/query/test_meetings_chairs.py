"""The meetings query finds a meeting by whoever took part in it or held its chair (issue 16)."""

from __future__ import annotations

from kg.engines import OxigraphView
from kg.query.run import run_canned


def meetings_of(view: OxigraphView, slug: str) -> set[str]:
    return {row["meeting"] for row in run_canned(view, "meetings", {"id": slug}).dicts()}


def test_the_eu_is_found_in_the_december_2010_meeting_where_it_spoke(view: OxigraphView) -> None:
    assert "meeting-2010-12-cstd" in meetings_of(view, "eu")


def test_a_chair_is_found_through_the_holding_of_the_chair_post_at_both_meetings(view: OxigraphView) -> None:
    # Meeting 4 and meeting 5 of the working group are chaired the same way: post plus holding.
    assert meetings_of(view, "peter-major") >= {
        "meeting-2012-01-wg-igf-improvements-4",
        "meeting-2012-02-wg-igf-improvements-5",
    }
    assert meetings_of(view, "wg-igf-improvements-chair") >= {
        "meeting-2011-02-wg-igf-improvements-1",
        "meeting-2012-02-wg-igf-improvements-5",
    }
    assert "meeting-2010-12-cstd" in meetings_of(view, "sherry-ayittey")


def test_office_holders_list_both_enhanced_cooperation_groups_chairs_apart(view: OxigraphView) -> None:
    first = {r["holderLabel"] for r in run_canned(view, "office-holders", {"id": "wgec"}).dicts()}
    second = {r["holderLabel"] for r in run_canned(view, "office-holders", {"id": "wgec-2016"}).dicts()}
    assert first == {"Peter Major"}
    assert second == {"Benedicto Fonseca Filho"}
