"""Paragraph-level lineage (issue 16): the answers name the paragraph that carries a mandate where
a read page or source shows it, and instruments name the meeting that adopted them."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.core.errors import RecordErrors
from kg.engines import OxigraphView, Results
from kg.query.run import run_canned
from kg.records import read_records
from tests.query.test_queries import by_mandate, source_says

ID = "https://w3id.org/igkg/id/"


def rows_of(results: Results, key: str) -> dict[str, dict[str, str]]:
    return {row[key].rsplit("/", 1)[-1]: row for row in results.dicts()}


def test_who_mandated_the_igf_names_tunis_78_b_for_its_bureau(view: OxigraphView) -> None:
    rows = by_mandate(run_canned(view, "who-mandated", {"id": "igf"}))
    bureau = rows["mandate-tunis-78-b-igf-bureau"]
    assert (bureau["issuerLabel"], bureau["instrumentLabel"], bureau["paragraph"], bureau["action"]) == (
        "World Summit on the Information Society",
        "Tunis Agenda for the Information Society",
        "78(b)",
        "request",
    )
    assert bureau["mandateeLabel"] == "United Nations Secretary-General"
    assert "page-123dok-tunis-73-79" in bureau["sources"]
    # The 2015 extension asked the IGF to speed up the Working Group's recommendations (A/67/65).
    speed_up = rows["mandate-a-res-70-125-wg-recommendations"]
    assert (speed_up["instrumentLabel"], speed_up["start"]) == (
        "Outcome document of the high-level meeting of the General Assembly on the overall review of the "
        "implementation of the outcomes of the World Summit on the Information Society",
        "2015-12-16",
    )


def test_who_mandated_the_working_group_includes_the_general_assemblys_2010_requests(view: OxigraphView) -> None:
    rows = by_mandate(run_canned(view, "who-mandated", {"id": "wg-igf-improvements"}))
    # 65/141 welcomes ECOSOC 2010/2 ¶30's invitation to the CSTD Chair (¶18 of the Second Committee's draft) ...
    endorse = rows["mandate-a-res-65-141-wg"]
    assert (endorse["issuerLabel"], endorse["action"], endorse["mandateeLabel"], endorse["start"]) == (
        "United Nations General Assembly",
        "endorse",
        "Chair of the CSTD",
        "2010-12-20",
    )
    assert endorse["instrumentLabel"] == "General Assembly resolution 65/141"
    assert source_says("004_bf564407ef9a5607.txt", "835", "Welcomes ECOSOC resolution para 30 to invite Chair")
    assert source_says("004_bf564407ef9a5607.txt", "659", "Para 18 of Second committee")
    # ... and asks the Working Group for the report that A/67/65 says answers it.
    report = rows["mandate-a-res-65-141-wg-report"]
    assert (report["action"], report["mandateeLabel"]) == ("report", "CSTD Working Group on improvements to the IGF")
    assert "page-slidelegend-a-67-65" in report["sources"]


def test_mandated_by_the_tunis_agenda_includes_enhanced_cooperation_under_paragraph_71(view: OxigraphView) -> None:
    rows = by_mandate(run_canned(view, "mandated-by", {"id": "tunis-agenda"}))
    ec = rows["mandate-tunis-71-enhanced-cooperation"]
    assert (ec["paragraph"], ec["mandateeLabel"], ec["start"]) == (
        "71",
        "United Nations Secretary-General",
        "2005-11-18",
    )


def test_paragraphs_carry_their_number_and_the_words_read(view: OxigraphView) -> None:
    rows = view.query(
        """PREFIX igkg: <https://w3id.org/igkg/ontology#>
        SELECT ?p ?of ?number ?excerpt WHERE {
          ?p igkg:paragraphOf ?of ; igkg:paragraphNumber ?number . OPTIONAL { ?p igkg:excerpt ?excerpt }
        }"""
    ).dicts()
    found = {r["p"].rsplit("/", 1)[-1]: r for r in rows}
    assert found["tunis-agenda-para-71"]["number"] == "71"
    assert found["tunis-agenda-para-71"]["excerpt"].startswith("The process towards enhanced cooperation")
    assert found["tunis-agenda-para-69"]["of"] == ID + "tunis-agenda" and "excerpt" not in found["tunis-agenda-para-69"]
    # The IGF's five-year extension as the Second Committee's draft of 65/141 numbered it.
    draft = found["a-c-2-65-l-56-para-15"]
    assert (draft["of"], draft["number"]) == (ID + "a-c-2-65-l-56", "15")
    assert draft["excerpt"].startswith("Decides to extend the mandate of the Internet Governance Forum")
    assert source_says("004_bf564407ef9a5607.txt", "261", "Para 17 – second commission - WG")


def test_the_wsis_outcome_resolutions_name_the_high_level_meetings_that_adopted_them(view: OxigraphView) -> None:
    rows = view.query(
        """PREFIX igkg: <https://w3id.org/igkg/ontology#>
        SELECT ?instrument ?meeting ?start ?end ?of WHERE {
          ?instrument igkg:adoptedAt ?meeting .
          ?meeting igkg:startDate ?start ; igkg:endDate ?end ; igkg:meetingOf ?of .
        }"""
    ).dicts()
    adopted_at = {r["instrument"].rsplit("/", 1)[-1]: r for r in rows}
    assert {k: (v["meeting"].rsplit("/", 1)[-1], v["start"], v["end"]) for k, v in adopted_at.items()} == {
        "a-res-70-125": ("meeting-2015-12-ga-wsis10", "2015-12-15", "2015-12-16"),
        "a-res-80-173": ("meeting-2025-12-ga-wsis20", "2025-12-16", "2025-12-17"),
    }
    assert {v["of"] for v in adopted_at.values()} == {ID + "ga"}


def test_the_wgig_report_is_an_earlier_instrument_of_the_tunis_agenda(view: OxigraphView) -> None:
    rows = rows_of(run_canned(view, "instrument-lineage", {"id": "tunis-agenda"}), "instrument")
    report = rows["wgig-report"]
    assert (report["direction"], report["symbol"], report["adopted"]) == ("earlier", "WSIS-II/PC-3/DOC/5-E", "2005-06")


ADOPTED_AT_A_BODY = """sources:
  - id: page-example
    type: web-page
    title: An example page
    url: https://example.org/page
bodies:
  - id: ga
    type: intergovernmental-organ
    label: United Nations General Assembly
    sources:
      - source: page-example
        quote: The General Assembly
instruments:
  - id: a-res-70-125
    type: resolution
    label: General Assembly resolution 70/125
    adopted_at: ga
    sources:
      - source: page-example
        quote: adopted at the high-level meeting
"""


def test_an_instrument_is_adopted_at_a_meeting_not_at_a_body(tmp_path: Path) -> None:
    records, sources = tmp_path / "records", tmp_path / "sources"
    records.mkdir()
    sources.mkdir()
    (records / "things.yaml").write_text(ADOPTED_AT_A_BODY, encoding="utf-8")
    with pytest.raises(RecordErrors) as exc:
        read_records(records, sources)
    messages = [p.message for p in exc.value.problems if p.field == "adopted_at"]
    assert messages and "meetings" in messages[0]
