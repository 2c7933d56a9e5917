"""Dated answers (issue 16): in-force, who-mandated and mandated-by with as_of use the build's
lapse rule and say why; the same answers on the embedded store and on rdflib."""

from __future__ import annotations

import pytest

from kg.analysis.stats import compute
from kg.engines import OxigraphView, RdflibView, View
from kg.query.run import run_canned


@pytest.fixture(params=["oxigraph", "rdflib"])
def engine(request: pytest.FixtureRequest, view: OxigraphView, rdflib_view: RdflibView) -> View:
    return view if request.param == "oxigraph" else rdflib_view


def rows(engine: View, name: str, **params: str) -> dict[str, dict[str, str]]:
    return {r["mandate"].rsplit("/", 1)[-1]: r for r in run_canned(engine, name, params).dicts()}


def test_state_and_reason_are_the_last_columns(engine: View) -> None:
    for name, params in (("in-force", {"as_of": "2012-06-01"}), ("who-mandated", {"id": "igf"})):
        assert run_canned(engine, name, params).variables[-2:] == ["state", "reason"]


def test_in_force_on_1_june_2012(engine: View) -> None:
    on_day = rows(engine, "in-force", as_of="2012-06-01")
    # Neither the 2001 invitation to the ITU (the Summit ended in 2005) nor the 2003 request to
    # set up the WGIG (set up in 2004) is in force; the Working Group had reported (A/67/65,
    # 16 March 2012) and its extension's deadline (May 2012) had passed.
    for gone in (
        "mandate-a-res-56-183-itu",
        "mandate-geneva-wgig",
        "mandate-ecosoc-2011-16-wg",
        "mandate-ecosoc-2011-16-wg-report",
        "mandate-cstd-chair-2010-wg",
        "mandate-tunis-72-igf",
    ):
        assert gone not in on_day, gone
    assert on_day["mandate-a-res-65-141-igf"]["state"] == "in force"
    assert on_day["mandate-tunis-ecosoc-follow-up"]["reason"] == "standing, no end recorded"
    assert all(r["state"] == "in force" and r["reason"] for r in on_day.values())


def test_nothing_is_in_force_before_2001(engine: View) -> None:
    assert run_canned(engine, "in-force", {"as_of": "2000-12-31"}).rows == []


def test_a_renewal_takes_over_on_its_start(engine: View) -> None:
    end_2010 = rows(engine, "in-force", as_of="2010-12-31", id="igf")
    start_2011 = rows(engine, "in-force", as_of="2011-01-01", id="igf")
    assert "mandate-tunis-72-igf" in end_2010 and "mandate-a-res-65-141-igf" not in end_2010
    assert "mandate-a-res-65-141-igf" in start_2011 and "mandate-tunis-72-igf" not in start_2011
    assert end_2010["mandate-tunis-72-igf"]["reason"] == "standing, until superseded on 2011"


def test_who_mandated_says_what_each_mandate_came_to(engine: View) -> None:
    chain = rows(engine, "who-mandated", id="wg-igf-improvements")
    report = chain["mandate-ecosoc-2011-16-wg-report"]
    assert report["state"] == "fulfilled" and report["reason"] == "fulfilled by A/67/65 on 2012-03-16"
    assert chain["mandate-tunis-72-igf"]["state"] == "superseded"
    in_2012 = rows(engine, "who-mandated", id="wg-igf-improvements", as_of="2012-06-01")
    assert "mandate-ecosoc-2011-16-wg-report" not in in_2012


def test_mandated_by_as_of_keeps_only_what_is_in_force(engine: View) -> None:
    late_2011 = rows(engine, "mandated-by", id="ecosoc", as_of="2011-12-01")
    mid_2012 = rows(engine, "mandated-by", id="ecosoc", as_of="2012-06-01")
    assert "mandate-ecosoc-2011-16-wg-report" in late_2011
    assert "mandate-ecosoc-2011-16-wg-report" not in mid_2012
    assert all(r["state"] == "in force" for r in mid_2012.values())


def test_stats_time_counts_the_in_force_answer(view: OxigraphView) -> None:
    time = compute(view, "2012-06-01").time
    by_state = time["by_state"]
    assert isinstance(by_state, dict)
    assert by_state["in-force"] == len(run_canned(view, "in-force", {"as_of": "2012-06-01"}).rows)
    assert by_state["fulfilled"] >= 3 and by_state["superseded"] >= 3
    assert sum(by_state.values()) == time["mandates"]
