"""``igkg ingest-meeting --proposals`` and ``igkg review-speakers``: unknown speakers become review
proposals, and a review accepts them as curated records, maps them to existing ones or rejects
them for good. Nothing else is written: never the graph, and nothing at all after a refusal.

Every test works on a copy of the curated data (IGKG_DATA_DIR), never on kg/data, with an invented
call recorded as a source there. Its names and speech are invented, except one person igkg has a
record of, to show a resolved speaker.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from kg.core import settings
from kg.meetings.speakers import read_review
from kg.meetings.speakers.review import insert_in_section
from kg.meetings.speakers.tables import speaker_table
from kg.records import read_records
from tests.conftest import Cli

#: An invented call in WebVTT. Lines: Marta Invented 9 and 21, Northwind Caucus 13, Sam Example 17.
CALL = """\
WEBVTT

1
00:00:01.000 --> 00:00:04.000
Jimson Olufuye: Good morning, colleagues, and welcome.

2
00:00:05.000 --> 00:00:09.000
Marta Invented: Thank you. Two short points on the draft.

3
00:00:10.000 --> 00:00:12.000
Northwind Caucus: We support the second point.

4
00:00:13.000 --> 00:00:15.000
Sam Example: A question from the back of the room.

5
00:00:16.000 --> 00:00:18.000
Marta Invented: A short reply to that question.
"""


@dataclass(frozen=True)
class Workspace:
    data: Path  # the copy of kg/data in use (IGKG_DATA_DIR)
    call: Path  # the invented call, a recorded source of the copy
    review: Path  # the review file

    @property
    def records(self) -> Path:
        return self.data / "records"

    @property
    def names(self) -> Path:
        return self.data / "names.yaml"

    def state(self) -> dict[str, bytes]:
        """Every file a review could write, as it is now."""
        files = [self.review, self.names, *sorted(self.records.glob("*.yaml"))]
        return {str(path): path.read_bytes() for path in files if path.is_file()}


@pytest.fixture
def space(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    data = tmp_path / "data"
    shutil.copytree(settings.data_dir(), data)
    call = data / "sources" / "call.vtt"
    call.write_text(CALL, encoding="utf-8")
    sources = data / "records" / "sources.yaml"
    entry = ["  - id: call.vtt", "    type: transcript", "    title: An invented call", "    file: call.vtt"]
    sources.write_text(insert_in_section(sources.read_text(encoding="utf-8"), "sources", entry), encoding="utf-8")
    monkeypatch.setenv("IGKG_DATA_DIR", str(data))
    return Workspace(data, call, tmp_path / "speakers.review.yaml")


def _propose(cli: Cli, space: Workspace) -> str:
    result = cli("ingest-meeting", str(space.call), "--proposals", str(space.review))
    assert result.exit_code == 0, result.output
    return result.stderr


def _turns(cli: Cli, space: Workspace) -> dict[str, tuple[str | None, str]]:
    result = cli("ingest-meeting", str(space.call), "--format", "json")
    assert result.exit_code == 0, result.output
    return {t["label"]: (t["speaker"], t["how"]) for t in json.loads(result.stdout)["turns"]}


def _listed(cli: Cli, space: Workspace) -> list[dict[str, object]]:
    result = cli("review-speakers", str(space.review), "--format", "json")
    assert result.exit_code == 0, result.output
    proposals: list[dict[str, object]] = json.loads(result.stdout)["proposals"]
    return proposals


def test_help_says_nothing_enters_the_graph_unreviewed_and_teaches_by_example(cli: Cli) -> None:
    result = cli("review-speakers", "--help")
    assert result.exit_code == 0
    text = " ".join(result.output.split())
    assert "Nothing enters the graph unreviewed" in text
    for example in ("--proposals speakers.review.yaml", "--map 1=isoc --reject 3", "--accept 2 --slug ana-perez"):
        assert example in result.output
    assert "review-speakers" in cli("--help").output
    assert "--proposals" in cli("ingest-meeting", "--help").output


def test_each_unknown_speaker_is_proposed_once_with_its_header_lines(cli: Cli, space: Workspace) -> None:
    before = space.state()
    said = _propose(cli, space)
    assert "3 new, 0 merged into open ones; 3 open" in said and "igkg review-speakers" in said
    listed = _listed(cli, space)
    assert [(p["number"], p["label"], p["kind"], p["slug"]) for p in listed] == [
        (1, "Marta Invented", "person", "marta-invented"),
        (2, "Northwind Caucus", "organization", "northwind-caucus"),
        (3, "Sam Example", "person", "sam-example"),
    ]  # the known speaker (Jimson Olufuye) is not proposed
    assert listed[0]["evidence"] == [
        {"file": "call.vtt", "line": 9, "text": "Marta Invented: Thank you. Two short points on the draft."},
        {"file": "call.vtt", "line": 21, "text": "Marta Invented: A short reply to that question."},
    ]
    # Proposing writes the review file only: no record, no name, no graph.
    assert {k: v for k, v in space.state().items() if k != str(space.review)} == before
    # Proposing again merges: the same three, each line once.
    assert "0 new, 3 merged into open ones; 3 open" in _propose(cli, space)
    assert _listed(cli, space) == listed


def test_the_list_is_a_table_for_people(cli: Cli, space: Workspace) -> None:
    _propose(cli, space)
    result = cli("review-speakers", str(space.review))  # no decision, not a terminal: the list
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["N", "LABEL", "KIND", "HOW", "PROPOSED", "ID", "SEEN", "AT", "CANDIDATES"]
    assert lines[1].split() == [
        "1",
        "Marta",
        "Invented",
        "person",
        "unresolved",
        "marta-invented",
        "call.vtt:9",
        "(+1)",
        "-",
    ]
    assert f"igkg review-speakers {space.review} --accept N | --map N=SLUG | --reject N" in result.stdout


def test_a_label_mapped_to_an_existing_record_resolves_at_the_next_ingest(cli: Cli, space: Workspace) -> None:
    real_names = (settings.PACKAGE_DIR / "data" / "names.yaml").read_bytes()
    _propose(cli, space)
    assert _turns(cli, space)["Northwind Caucus"] == (None, "unresolved")
    result = cli("review-speakers", str(space.review), "--map", "2=isoc")
    assert result.exit_code == 0, result.output
    assert "0 accepted, 1 mapped, 0 rejected, 2 left to review" in result.stdout
    assert speaker_table(space.names) == {"Northwind Caucus": "isoc"}
    assert (settings.PACKAGE_DIR / "data" / "names.yaml").read_bytes() == real_names  # the copy, not kg/data
    assert _turns(cli, space)["Northwind Caucus"] == ("isoc", "alias")
    assert [p["label"] for p in _listed(cli, space)] == ["Marta Invented", "Sam Example"]
    assert "0 new, 2 merged into open ones; 2 open" in _propose(cli, space)  # Northwind resolves now


def test_an_accepted_proposal_is_a_curated_record_that_reads_back(cli: Cli, space: Workspace) -> None:
    _propose(cli, space)
    result = cli("review-speakers", str(space.review), "--accept", "1")
    assert result.exit_code == 0, result.output
    assert f"wrote {space.records / 'speakers.yaml'}: marta-invented" in result.stderr
    # Numbers are places in the open list: Sam Example, third before, is second now. Accepted with
    # another id and label, into another records file of the folder; the label as written is then
    # mapped to the new record, so that the transcript's label names it.
    chosen = space.records / "people-reviewed.yaml"
    result = cli(
        "review-speakers", str(space.review), "--accept", "2", "--slug", "sam-example-floor", "--label", "Sam E.",
        "--records", str(chosen), "--format", "json",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {
        "accepted": ["sam-example-floor"],
        "records_file": str(chosen),
        "mapped": [{"label": "Sam Example", "record": "sam-example-floor"}],
        "rejected": 0,
        "left": 1,
    }
    assert speaker_table(space.names) == {"Sam Example": "sam-example-floor"}
    records = read_records(space.records, space.data / "sources")
    marta, sam = records["marta-invented"], records["sam-example-floor"]
    assert (marta.kind, marta.first("label"), sam.kind, sam.first("label")) == (
        "people", "Marta Invented", "people", "Sam E.")  # fmt: skip
    turns = _turns(cli, space)
    assert (turns["Marta Invented"], turns["Sam Example"]) == (
        ("marta-invented", "exact"),
        ("sam-example-floor", "alias"),
    )


def test_a_rejected_label_is_never_proposed_again(cli: Cli, space: Workspace) -> None:
    _propose(cli, space)
    result = cli("review-speakers", str(space.review), "--reject", "3", "--reviewer", "tester", "--date", "2025-01-02")
    assert result.exit_code == 0, result.output
    rejected = read_review(space.review).rejected
    assert rejected == [{"label": "Sam Example", "kind": "person", "by": "tester", "on": "2025-01-02"}]
    assert "1 rejected before, not proposed again" in _propose(cli, space)
    assert [p["label"] for p in _listed(cli, space)] == ["Marta Invented", "Northwind Caucus"]
    assert _turns(cli, space)["Sam Example"] == (None, "unresolved")  # still a turn, as written


REFUSALS = [
    (["--accept", "9"], "there is no proposal 9: give a number from 1 to 3"),
    (["--reject", "0"], "there is no proposal 0"),
    (["--map", "2=no-such-record"], "there is no record 'no-such-record'"),
    (["--map", "2=tunis-agenda"], "'tunis-agenda' is no person, body or post"),
    (["--accept", "1", "--slug", "jimson-olufuye"], "a record 'jimson-olufuye' exists already"),
    (["--accept", "1", "--slug", "Not A Slug"], "is not a slug"),
    (["--map", "2"], "give N=SLUG"),
    (["--accept", "1", "--reject", "1"], "proposal 1 is decided twice"),
    (["--reject", "1", "--slug", "x"], "give them with exactly one --accept"),
    (["--reject", "1", "--date", "yesterday"], "'yesterday' is not a date"),
]


def test_refusals_exit_2_with_a_clear_message_and_write_nothing(cli: Cli, space: Workspace) -> None:
    _propose(cli, space)
    before = space.state()
    for args, message in REFUSALS:
        result = cli("review-speakers", str(space.review), "--map", "3=isoc", *args)  # a good decision too
        assert result.exit_code == 2, (args, result.output)
        assert message in " ".join(result.output.split()), (args, result.output)
        assert space.state() == before, args


def test_accepting_needs_a_recorded_source(cli: Cli, space: Workspace, tmp_path: Path) -> None:
    elsewhere = tmp_path / "other.vtt"
    elsewhere.write_text(CALL, encoding="utf-8")
    result = cli("ingest-meeting", str(elsewhere), "--proposals", str(space.review))
    assert result.exit_code == 0, result.output
    before = space.state()
    result = cli("review-speakers", str(space.review), "--accept", "1")
    assert result.exit_code == 2
    assert "its evidence (other.vtt) is in no recorded source" in result.output
    assert space.state() == before


def test_a_record_that_fails_the_checks_puts_every_file_back(cli: Cli, space: Workspace) -> None:
    """The review file can be edited by hand; a new record whose quote is not on its cited line is
    refused by the curated records' checks, after writing: then every file is put back."""
    _propose(cli, space)
    text = space.review.read_text(encoding="utf-8").replace("line: 9,", "line: 5,")
    space.review.write_text(text, encoding="utf-8")
    before = space.state()
    result = cli("review-speakers", str(space.review), "--map", "2=isoc", "--accept", "1")
    assert result.exit_code == 2
    assert "nothing was written" in result.output and "quote not found in call.vtt lines 5" in result.output
    assert space.state() == before and not (space.records / "speakers.yaml").exists()


def test_the_interactive_review_asks_about_each_proposal(cli: Cli, space: Workspace) -> None:
    _propose(cli, space)
    # Marta: skip; Northwind: map, first to a record that does not exist (asked again), then isoc;
    # Sam: reject.
    answers = "s\nm\nno-such-record\nisoc\nr\n"
    result = cli("review-speakers", str(space.review), "--interactive", input=answers)
    assert result.exit_code == 0, result.output
    assert "[2/3] 'Northwind Caucus': unresolved; proposed as organization 'northwind-caucus'" in result.output
    assert "call.vtt:13  Northwind Caucus: We support the second point." in result.output
    assert "there is no record 'no-such-record'" in result.output
    assert "0 accepted, 1 mapped, 1 rejected, 1 left to review" in result.stdout
    assert speaker_table(space.names) == {"Northwind Caucus": "isoc"}
    assert [p["label"] for p in _listed(cli, space)] == ["Marta Invented"]
    # [q]uit decides nothing more.
    result = cli("review-speakers", str(space.review), "--interactive", input="q\n")
    assert (result.exit_code, result.stdout.splitlines()[-1]) == (0, "nothing decided")


def test_proposals_are_written_only_when_every_file_was_read(cli: Cli, space: Workspace, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(space.call, folder / "a.vtt")
    (folder / "b.txt").write_bytes(b"")  # empty: cannot be read
    result = cli("ingest-meeting", str(folder), "--proposals", str(space.review))
    assert result.exit_code == 2 and "b.txt" in result.output
    assert not space.review.exists()
    seed = settings.sources_dir() / "004_bf564407ef9a5607.txt"
    result = cli("ingest-meeting", str(seed), "--format", "yaml", "--proposals", str(space.review))
    assert result.exit_code == 2 and "--proposals goes with --format text or json" in result.output
    result = cli("review-speakers", str(space.review))
    assert result.exit_code == 2 and "no such review file" in result.output
