"""Unknown speakers as proposals, and their review (kg.meetings.speakers.proposals, .review).

A label that names no record becomes a proposal with its header lines as evidence; a reviewer
accepts it as a curated record (which then passes every check of the records), maps it to an
existing record, or rejects it for good. Invented transcripts and names only.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg.core import settings
from kg.core.errors import ConfigError
from kg.meetings.speakers import (
    Decision,
    Evidence,
    Proposal,
    SpeakerIndex,
    apply_review,
    guess_kind,
    proposals,
    read_review,
    resolve_headers,
    write_review,
)
from kg.meetings.speakers.review import insert_in_section
from kg.meetings.speakers.tables import speaker_table
from kg.meetings.transcripts.model import Header, SourceText
from kg.records import RecordSet, read_records
from kg.records.names import name_table


@pytest.fixture(scope="module")
def index() -> SpeakerIndex:
    records: RecordSet = read_records(settings.records_dir(), settings.sources_dir(), with_meetings=False)
    return SpeakerIndex.from_records(records, name_table(settings.data_dir() / "names.yaml")[0])


# -- proposals and their review -------------------------------------------------------------------

#: An invented call record: a person and an organization no record has, a delegation with no
#: record, a known person, a generic label, a doubtful one and the chair.
INVENTED_CALL = """\
Ana Invented | Lakeside Institute | Co-Chair  0:01
Good morning, colleagues.
Uruguay  0:40
We support the proposal.
Jimson Olufuye  1:10
Thank you.
PARTICIPANT  1:30
A question from the floor.
Internet Architecture Board  2:05
Two short points.
Ana Invented | Lakeside Institute | Co-Chair  2:40
Thank you, Uruguay.
EU ?  3:00
We note the text.
Chair  3:30
Thank you all; the meeting is closed.
"""


def _invented_headers() -> list[Header]:
    return [
        Header(1, "Ana Invented", affiliation="Lakeside Institute", role="Co-Chair", time="0:01"),
        Header(3, "Uruguay", time="0:40"),
        Header(5, "Jimson Olufuye", time="1:10"),
        Header(7, "PARTICIPANT", kind="generic", time="1:30"),
        Header(9, "Internet Architecture Board", time="2:05"),
        Header(11, "Ana Invented", affiliation="Lakeside Institute", role="Co-Chair", time="2:40"),
        Header(13, "EU ?", time="3:00"),
        Header(15, "Chair", time="3:30"),  # a role: the meeting's facts answer it, not a new record
    ]


def test_unknown_speakers_become_proposals_with_their_evidence(index: SpeakerIndex) -> None:
    text = SourceText("invented_call.txt", tuple(INVENTED_CALL.splitlines()))
    resolved = resolve_headers(index, "invented_call.txt", _invented_headers(), text=text)
    assert [r.speaker.slug for r in resolved][2] == "jimson-olufuye"
    found = {p.label: p for p in proposals(resolved)}
    assert sorted(found) == ["Ana Invented", "Internet Architecture Board", "Uruguay"]
    ana = found["Ana Invented"]
    assert (ana.kind, ana.slug, ana.role, ana.affiliation) == (
        "person",
        "ana-invented",
        "Co-Chair",
        "Lakeside Institute",
    )
    assert [(e.file, e.line) for e in ana.evidence] == [("invented_call.txt", 1), ("invented_call.txt", 11)]
    assert ana.evidence[0].text.startswith("Ana Invented | Lakeside Institute")
    assert (found["Uruguay"].kind, found["Uruguay"].candidates) == ("delegation", ("Uruguay",))
    assert found["Internet Architecture Board"].kind == "organization"


def test_a_representative_speaks_for_the_delegation_the_header_shows(index: SpeakerIndex) -> None:
    """UN Web TV labels: "Kenya | Representative". The delegation is the speaker (as in the notes),
    and a delegation igkg has no record of is what gets proposed, not "Representative"."""
    found = index.resolve("Representative", affiliation="Russian Federation")
    assert (found.slug, found.how) == ("russia", "country")
    assert index.resolve("Permanent Representative", affiliation="Kenya").slug == "kenya"
    assert index.resolve("Representative").slug is None
    text = SourceText("invented.md", ("**Nigeria | Representative**", "We thank the co-chairs."))
    resolved = resolve_headers(index, "invented.md", [Header(1, "Representative", affiliation="Nigeria")], text=text)
    [proposal] = proposals(resolved)
    assert (proposal.label, proposal.kind, proposal.role, proposal.affiliation) == (
        "Nigeria", "delegation", "Representative", "")  # fmt: skip


def test_kind_guesses() -> None:
    assert guess_kind("Nigeria") == "delegation"
    assert guess_kind("ISOC-NY") == "organization"
    assert guess_kind("Ministry of Digital Affairs") == "organization"
    assert guess_kind("Ana Invented") == "person"
    assert guess_kind("SMITH", affiliation="Lakeside Institute") == "person"


@pytest.fixture
def workspace(tmp_path: Path) -> tuple[Path, Path, Path]:
    """Copies of the records, sources and names.yaml, with the invented call as a recorded source."""
    records_dir, sources_dir = tmp_path / "records", tmp_path / "sources"
    shutil.copytree(settings.records_dir(), records_dir)
    shutil.copytree(settings.sources_dir(), sources_dir)
    (sources_dir / "invented_call.txt").write_text(INVENTED_CALL, encoding="utf-8")
    sources_file = records_dir / "sources.yaml"
    entry = [
        "",
        "  - id: invented_call.txt",
        "    type: transcript",
        "    title: An invented call",
        "    file: invented_call.txt",
    ]
    sources_file.write_text(insert_in_section(sources_file.read_text(encoding="utf-8"), "sources", entry[1:]))
    names_file = tmp_path / "names.yaml"
    shutil.copy(settings.data_dir() / "names.yaml", names_file)
    return records_dir, sources_dir, names_file


def test_the_review_accepts_maps_and_rejects(index: SpeakerIndex, workspace: tuple[Path, Path, Path]) -> None:
    records_dir, sources_dir, names_file = workspace
    text = SourceText("invented_call.txt", tuple(INVENTED_CALL.splitlines()))
    review_file = records_dir.parent / "speakers.review.yaml"
    open_ = write_review(
        review_file, proposals(resolve_headers(index, "invented_call.txt", _invented_headers(), text=text))
    )
    assert [p.label for p in open_.proposals] == ["Ana Invented", "Uruguay", "Internet Architecture Board"]
    # Writing the same proposals again adds nothing new.
    assert len(write_review(review_file, open_.proposals).proposals) == 3
    records = read_records(records_dir, sources_dir, with_meetings=False)
    summary = apply_review(
        review_file,
        {1: Decision("accept"), 2: Decision("reject"), 3: Decision("map", "isoc")},
        records=records,
        records_file=records_dir / "people-proposed.yaml",
        names_file=names_file,
        reviewer="igkgagent:tester",
        day="2025-01-01",
    )
    assert (summary.accepted, summary.mapped, summary.rejected, summary.left) == (
        ["ana-invented"], [("Internet Architecture Board", "isoc")], 1, 0)  # fmt: skip
    # The accepted record passes every check of the curated records, its quote included.
    checked = read_records(records_dir, sources_dir, with_meetings=False)
    assert checked["ana-invented"].first("label") == "Ana Invented"
    # The mapped label is a reviewed speaker label now; the rejected one is never proposed again.
    assert speaker_table(names_file) == {"Internet Architecture Board": "isoc"}
    assert name_table(names_file) == name_table(settings.data_dir() / "names.yaml")  # aliases untouched
    again = write_review(review_file, [Proposal("Uruguay", "delegation", "uruguay", "unresolved")])
    assert again.proposals == [] and read_review(review_file).rejected[0]["label"] == "Uruguay"
    relearnt = SpeakerIndex.from_records(checked, name_table(names_file)[0], speakers=speaker_table(names_file))
    assert relearnt.resolve("Ana Invented").slug == "ana-invented"
    assert relearnt.resolve("Internet Architecture Board").how == "alias"


def test_the_review_refuses_what_it_cannot_do(index: SpeakerIndex, workspace: tuple[Path, Path, Path]) -> None:
    records_dir, sources_dir, names_file = workspace
    records = read_records(records_dir, sources_dir, with_meetings=False)
    review_file = records_dir.parent / "speakers.review.yaml"
    unsourced = Proposal("Ana Invented", "person", "ana-invented", "unresolved", evidence=(Evidence("x.vtt", 3),))
    taken = Proposal("Jimson", "person", "jimson-olufuye", "unresolved", evidence=(Evidence("invented_call.txt", 5),))
    write_review(review_file, [unsourced, taken])
    options = {"records": records, "records_file": records_dir / "p.yaml", "names_file": names_file}
    with pytest.raises(ConfigError, match="no recorded source"):
        apply_review(review_file, {1: Decision("accept")}, reviewer="t", day="2025-01-01", **options)  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="exists already"):
        apply_review(review_file, {2: Decision("accept")}, reviewer="t", day="2025-01-01", **options)  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="no person, body or post"):
        apply_review(review_file, {2: Decision("map", "tunis-agenda")}, reviewer="t", day="2025-01-01", **options)  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="from 1 to 2"):
        apply_review(review_file, {3: Decision("reject")}, reviewer="t", day="2025-01-01", **options)  # type: ignore[arg-type]
    assert len(read_review(review_file).proposals) == 2  # nothing decided, nothing lost
