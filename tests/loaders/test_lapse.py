"""The lapse rule (kg/loaders/lapse.py): what ends a mandate, checked on the curated records
against what their sources say, and on small made-up records for the rule's corners."""

from __future__ import annotations

import datetime as dt

import pytest

from kg.core import settings
from kg.core.dates import PartialDate
from kg.loaders.lapse import Period, course, nature_of, successors_of
from kg.records.load import read_records
from kg.records.model import FieldValue, Record, RecordSet, Ref


@pytest.fixture(scope="module")
def records() -> RecordSet:
    return read_records(settings.records_dir(), settings.sources_dir())


def course_of(records: RecordSet, rid: str) -> list[Period]:
    return course(records, records[rid], successors_of(records).get(rid, []))


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def test_the_working_groups_report_mandate_is_fulfilled_by_a_67_65(records: RecordSet) -> None:
    # A/67/65-E/2012/48, "Distr.: General 16 March 2012" (page-slidelegend-a-67-65).
    assert str(records["a-67-65"].first("adopted")) == "2012-03-16"
    before, after = course_of(records, "mandate-ecosoc-2011-16-wg-report")
    assert (before.state, before.last) == ("in-force", day("2012-03-16"))
    assert (after.state, after.first) == ("fulfilled", day("2012-03-17"))
    assert "A/67/65" in after.reason


def test_a_renewal_supersedes_its_predecessor_on_its_own_start(records: RecordSet) -> None:
    # Tunis ¶72 sets no term; A/RES/65/141 renewed the IGF's mandate "from 2011 to 2015".
    assert records["mandate-tunis-72-igf"].first("end") is None
    before, after = course_of(records, "mandate-tunis-72-igf")
    assert before.last == day("2010-12-31") and before.state == "in-force"
    assert (after.state, after.first) == ("superseded", day("2011-01-01"))
    assert "mandate-a-res-65-141-igf" in after.reason


def test_each_reason_appears_for_the_case_that_shows_it(records: RecordSet) -> None:
    # The 2001 invitation to the ITU ended with the Summit (Tunis, 16-18 November 2005).
    assert course_of(records, "mandate-a-res-56-183-itu")[-1].state == "fulfilled"
    # The 2003 request to set up the WGIG: the WGIG's members appointed on 11 November 2004.
    assert course_of(records, "mandate-geneva-wgig")[-1] == Period(
        "fulfilled", "fulfilled on 2004-11-11", day("2004-11-12"), None
    )
    # The MAG's first mandate "expired with the closure of the IGF's first meeting ... November 2006".
    assert course_of(records, "mandate-sg-2006-mag")[-1].state == "ended"
    # Tunis ¶76: the review of the first five years, due by the end of 2010, no fulfilment recorded.
    assert course_of(records, "mandate-tunis-76-igf-review")[-1].state == "lapsed-by-deadline"
    # A/RES/80/173 made the IGF permanent: standing, no end.
    assert course_of(records, "mandate-a-res-80-173-igf") == [
        Period("in-force", "standing, no end recorded", day("2025-12-17"), None)
    ]
    # Nothing recorded shows whether 60/252's invitation to convene the IGF is standing or ends.
    assert course_of(records, "mandate-a-res-60-252-igf")[-1].state == "unknown"


def _record(rid: str, kind: str, **fields: object) -> Record:
    record = Record(kind=kind, id=rid, path="made-up.yaml", at=1)
    for name, value in fields.items():
        values = tuple(value) if isinstance(value, list) else (value,)
        record.fields[name] = FieldValue(name, 1, values)
    return record


def _made_up(*records: Record) -> RecordSet:
    return RecordSet({r.id: r for r in records})


def test_a_mandate_ends_with_its_dissolved_mandatee() -> None:
    body = _record("group", "bodies", label="A group", dissolved=PartialDate.parse("2005-07"))
    mandate = _record("m", "mandates", mandatee=Ref("group"), action="entrust", start=PartialDate.parse("2004"))
    records = _made_up(body, mandate)
    assert nature_of(mandate) is None
    before, after = course(records, mandate, [])
    assert (before.last, after.state, after.first) == (day("2005-07-31"), "mandatee-ended", day("2005-08-01"))
    assert after.reason == "its mandatee, A group, ended (2005-07)"


def test_one_off_by_action_unless_recorded_standing_and_a_deadline_binds_only_tasks() -> None:
    body = _record("group", "bodies", label="A group")
    start, deadline = PartialDate.parse("2010-01-01"), PartialDate.parse("2011")
    task = _record("t", "mandates", mandatee=Ref("group"), action="report", start=start, deadline=deadline)
    standing = _record(
        "s", "mandates", mandatee=Ref("group"), action="report", start=start, deadline=deadline, nature="standing"
    )
    records = _made_up(body, task, standing)
    assert nature_of(task) == "one-off" and nature_of(standing) == "standing"
    assert course(records, task, [])[-1].state == "lapsed-by-deadline"
    assert course(records, standing, []) == [Period("in-force", "standing, no end recorded", day("2010-01-01"), None)]
    # A one-off task with nothing that ends it is not shown in force: its state is unknown.
    open_task = _record("o", "mandates", mandatee=Ref("group"), action="establish", start=start)
    assert course(_made_up(body, open_task), open_task, [])[0].state == "unknown"
