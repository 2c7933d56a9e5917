"""The curated bodies, posts, people and meetings say what the sources say (issue 16, part A):
the two Working Groups on Enhanced Cooperation are two bodies, no body is a specialized agency
unless a quote says so, every meeting names its chair as a post and the holding of that post,
and the December 2010 meeting lists who took the floor."""

from __future__ import annotations

import re

import pytest

from kg.core import settings
from kg.records.load import read_records
from kg.records.model import Record, RecordSet


@pytest.fixture(scope="module")
def records() -> RecordSet:
    return read_records(settings.records_dir(), settings.sources_dir())


def values(record: Record, name: str) -> list[str]:
    return [str(v) for v in record.get(name)]


def quotes(record: Record) -> list[str]:
    return [e.quote for e in record.evidence]


def test_the_two_working_groups_on_enhanced_cooperation_are_two_bodies_each_established_once(
    records: RecordSet,
) -> None:
    first, second = records["wgec"], records["wgec-2016"]
    assert values(first, "established") == ["2013-03-22"]
    assert values(second, "established") == ["2016-05-03"]
    assert values(second, "established_by") == ["cstd-chair-decision-2016-05-03"]
    assert any("established by the Chair of the CSTD on 3 May 2016" in q for q in quotes(second))
    # The mandates of A/RES/70/125 name the second group; the 2013 mandates keep the first.
    assert values(records["mandate-cstd-chair-2016-wgec"], "mandatee") == ["wgec-2016"]
    assert values(records["mandate-a-res-70-125-wgec"], "object") == ["wgec-2016"]
    assert values(records["mandate-a-res-70-125-wgec-report"], "mandatee") == ["wgec-2016"]
    assert values(records["mandate-cstd-chair-2013-wgec"], "mandatee") == ["wgec"]
    # Each group has its own chair post and holder.
    assert values(records["peter-major-wgec-chair"], "organization") == ["wgec"]
    assert values(records["benedicto-fonseca-filho-wgec-2016-chair"], "organization") == ["wgec-2016"]


SPECIALIZED = re.compile(r"speciali[sz]ed agenc", re.IGNORECASE)


def test_no_body_is_a_specialized_agency_unless_a_quote_says_so(records: RecordSet) -> None:
    agencies = [r for r in records.of_kind("bodies") if r.type == "specialized-agency"]
    assert {r.id for r in agencies} >= {"itu", "unesco", "ilo", "upu", "who", "fao"}
    for record in agencies:
        assert any(SPECIALIZED.search(q) for q in quotes(record)), record.id


@pytest.mark.parametrize(
    ("body", "kind", "words"),
    [
        ("un-desa", "secretariat-department", "part of the United Nations Secretariat"),
        ("ohchr", "secretariat-department", "part of the United Nations Secretariat"),
        ("undp", "fund-or-programme", "The fund and programmes (UNDP"),
        ("un-women", "un-entity", "is a United Nations entity"),
        ("odet", "un-entity", "(ODET) of the United Nations"),
        ("unctad", "intergovernmental-organ", "permanent intergovernmental body"),
    ],
)
def test_the_un_entities_are_typed_as_a_read_page_states(records: RecordSet, body: str, kind: str, words: str) -> None:
    record = records[body]
    assert record.type == kind
    assert any(words in q for q in quotes(record))


def test_every_meeting_is_chaired_by_a_post_and_its_holding_of_that_post(records: RecordSet) -> None:
    chaired = [m for m in records.of_kind("meetings") if m.get("chaired_by")]
    assert chaired
    for meeting in chaired:
        posts = set(values(meeting, "chaired_by"))
        assert all(records[p].kind == "posts" for p in posts), meeting.id
        for holding in values(meeting, "chair_holding"):
            assert values(records[holding], "post")[0] in posts, (meeting.id, holding)


def test_meetings_four_and_five_of_the_working_group_name_their_chair_the_same_way(records: RecordSet) -> None:
    for meeting in ("meeting-2012-01-wg-igf-improvements-4", "meeting-2012-02-wg-igf-improvements-5"):
        record = records[meeting]
        assert values(record, "chaired_by") == ["wg-igf-improvements-chair"]
        assert values(record, "chair_holding") == ["peter-major-wg-igf-improvements-chair"]
    for meeting in ("meeting-2011-02-wg-igf-improvements-1", "meeting-2011-03-wg-igf-improvements-2"):
        assert values(records[meeting], "chair_holding") == ["frederic-riehl-wg-igf-improvements-chair"]


def test_the_cstd_chair_of_december_2010_is_the_holder_a_page_names(records: RecordSet) -> None:
    meeting = records["meeting-2010-12-cstd"]
    assert values(meeting, "chaired_by") == ["cstd-chair"]
    assert values(meeting, "chair_holding") == ["sherry-ayittey-cstd-chair"]
    holding = records["sherry-ayittey-cstd-chair"]
    assert (values(holding, "member"), values(holding, "post")) == (["sherry-ayittey"], ["cstd-chair"])
    assert any("the current Chair of the CSTD" in q for q in quotes(holding))
    # The notes' "Madam Chair", cited on the meeting for its chair holding.
    assert any(e.source.startswith("004_") and "Madam Chair" in e.quote for e in meeting.evidence)


def test_the_december_2010_meeting_lists_who_took_the_floor_each_with_its_lines(records: RecordSet) -> None:
    meeting = records["meeting-2010-12-cstd"]
    participants = set(values(meeting, "participants"))
    assert participants >= {"eu", "icc", "marilyn-cade", "unesco", "apc", "igc", "council-of-europe", "william-drake"}
    for who in ("eu", "icc", "council-of-europe"):
        cited = [e for e in meeting.evidence if f"participants={who}" in e.supports]
        assert cited and cited[0].source.startswith("004_") and cited[0].lines, who
    # Every agent the notes give a turn to is a participant (the chair post aside).
    speakers = {
        str(v)
        for turn in records.of_kind("interventions")
        if values(turn, "meeting") == ["meeting-2010-12-cstd"]
        for v in turn.get("speaker")
    }
    assert speakers - {"cstd-chair"} <= participants


def test_the_mag_has_chairs_other_than_karklins_each_with_a_page(records: RecordSet) -> None:
    chairs = {
        values(m, "member")[0]
        for m in records.of_kind("memberships")
        if values(m, "post") == ["mag-chair"] and m.evidence
    }
    assert chairs >= {
        "janis-karklins",
        "nitin-desai",
        "lynn-st-amour",
        "anriette-esterhuysen",
        "paul-mitchell",
        "carol-roach",
    }


def test_the_imsb_draws_from_the_leadership_panel_as_well_as_the_mag(records: RecordSet) -> None:
    imsb = records["imsb"]
    assert set(values(imsb, "drawn_from")) == {"mag", "igf-leadership-panel"}
    [entry] = [e for e in imsb.evidence if "drawn_from=igf-leadership-panel" in e.supports]
    assert (entry.source, entry.lines) == ("000_f75722b46b55aad4.txt", "11")


def test_the_working_groups_preparatory_steps_of_2010_are_recorded(records: RecordSet) -> None:
    vilnius = records["meeting-2010-09-16-cstd-wg-igf-consultation"]
    assert (values(vilnius, "start"), values(vilnius, "part_of")) == (["2010-09-16"], ["meeting-2010-igf-5"])
    assert values(records["meeting-2010-11-24-cstd-wg-igf-consultation"], "start") == ["2010-11-24"]
    assert values(records["cstd-decision-2010-12-06-wg-igf-composition"], "adopted") == ["2010-12-06"]
