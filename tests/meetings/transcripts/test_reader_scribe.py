"""The scribe-notes reader: ``JD: text`` lines, the roster that expands the initials (kept out of
the label, given in ``Reading.notes`` and as ``affiliation = "roster: …"``), common prefixes that
are not speakers, runs of one speaker as one turn, and low confidence on other formats. The notes
below are invented."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.meetings.transcripts.model import Reading, SourceText
from kg.meetings.transcripts.readers.scribe import READER
from tests.conftest import REPO

CORPUS = REPO.parent / "shared" / "corpus" / "transcripts"
SOURCES = REPO / "kg" / "data" / "sources"

# Line numbers matter to the tests.
SYNC = """\
# Weekly sync: Digital Cooperation Task Team
Date: 2024-03-05
Present: Jane Doe (JD), Ann Bell (AB), Carlos Ruiz (CR)
Regrets: Mia Tan
Scribe: AB
KT = Kofi Tetteh

Topic: Budget
JD: we should close the budget by Friday
AB: agree, but the travel line is still open
JD: ok, I'll check with finance
... and report back next week
JD: also the audit
CR: can we move the workshop?
Note: workshop date TBD
Action: JD to send the revised budget
TODO: AB to book the room
KT: late joiner here
ZQ: only once

Topic: AOB
MT: I'll join next time
MT: bye
"""

# A roster as a block of list lines, and times before the initials.
BLOCK = """\
Attendees:
- Lena Park (LP)
- RW - Rafael Weiss
- SO: Sofia Osei

[10:02] LP: shall we start?
[10:03] RW: yes
[10:05] SO: one item from me
[10:06] LP: go ahead
FYI: the room changes next week
Q: who takes notes next time?
A: LP
"""


def read(text: str) -> Reading:
    return READER.read(SourceText("notes.txt", tuple(text.splitlines())))


def lines_of(path: Path) -> tuple[str, ...]:
    return tuple(path.read_text(encoding="utf-8", errors="replace").splitlines())


def test_initials_open_turns_and_the_roster_expands_them() -> None:
    reading = read(SYNC)
    assert [(h.line, h.last_line, h.label, h.affiliation) for h in reading.headers] == [
        (9, 9, "JD", "roster: Jane Doe"),
        (10, 10, "AB", "roster: Ann Bell"),
        (11, 13, "JD", "roster: Jane Doe"),  # one run of JD, with a "..." continuation
        (14, 14, "CR", "roster: Carlos Ruiz"),
        (18, 18, "KT", "roster: Kofi Tetteh"),  # used once, but the roster defines it
        (22, 23, "MT", ""),  # not in the roster, but used twice
    ]
    assert {"JD = Jane Doe", "AB = Ann Bell", "CR = Carlos Ruiz", "KT = Kofi Tetteh"} <= set(reading.notes)
    assert reading.confidence > 0.7


def test_common_prefixes_and_one_off_initials_are_not_speakers() -> None:
    taken = {h.line for h in read(SYNC).headers}
    assert not taken & {15, 16, 17, 19}  # Note:, Action:, TODO:, ZQ: (once, not in the roster)


def test_a_guess_by_initials_stays_out_of_the_header() -> None:
    reading = read(SYNC)
    mt = next(h for h in reading.headers if h.label == "MT")
    assert mt.affiliation == "" and mt.confidence < 0.9
    assert "MT may be Mia Tan (initials only; not used as an expansion)" in reading.notes


def test_title_date_and_scaffolding() -> None:
    reading = read(SYNC)
    assert reading.title == "Weekly sync: Digital Cooperation Task Team"
    assert reading.date == "2024-03-05"
    assert {1, 2, 3, 4, 5, 6, 8, 15, 16, 17, 21} <= set(reading.scaffolding)


def test_roster_block_times_and_q_and_a() -> None:
    reading = read(BLOCK)
    assert [(h.line, h.label, h.time, h.affiliation) for h in reading.headers] == [
        (6, "LP", "10:02", "roster: Lena Park"),
        (7, "RW", "10:03", "roster: Rafael Weiss"),
        (8, "SO", "10:05", "roster: Sofia Osei"),
        (9, "LP", "10:06", "roster: Lena Park"),
    ]
    assert {1, 2, 3, 4} <= set(reading.scaffolding)  # the roster block, "SO: Sofia Osei" included


def test_without_a_roster_the_confidence_stays_modest() -> None:
    reading = read("JD: we agree\nAB: fine\nJD: good\nAB: done\n")
    assert [h.label for h in reading.headers] == ["JD", "AB", "JD", "AB"]
    assert 0.3 < reading.confidence < 0.7


@pytest.mark.parametrize("name", sorted(p.name for p in CORPUS.glob("*") if p.name != "README.md"))
def test_other_formats_get_a_low_confidence(name: str) -> None:
    assert READER.read(SourceText(name, lines_of(CORPUS / name))).confidence < 0.1


@pytest.mark.parametrize("name", sorted(p.name for p in SOURCES.glob("*.txt")))
def test_seed_records_are_not_scribe_notes(name: str) -> None:
    assert READER.read(SourceText(name, lines_of(SOURCES / name))).confidence < 0.1


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\n",
        "\x00\x01binary\x00" * 500,
        "JD: " + "x" * 2_000_000,
        "\ud800: lone surrogate\n\udfff: another\n",
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nJD: Hello.\n\n00:00:03.000 --> 00:00:04.000\nJD: Again.\n",
        "Note: one\nTODO: two\nAction: three\nNote: four\n",
        "The President: I give the floor.\nMr. Wekesa (Kenya): Thank you.\n",
    ],
)
def test_hostile_and_foreign_inputs(text: str) -> None:
    assert read(text).confidence < 0.3


def test_a_roster_name_with_accents_or_particles_is_expanded_whole() -> None:
    text = (
        "Meeting: Invented working group\n"
        "Present: Émile Durand (ED), Jan van Dijk (JvD), Ivo Petrov (IP)\n"
        "\n"
        "ED: we start with the budget\n"
        "JvD: the budget is late\n"
        "IP: vendor delays\n"
    )
    reading = read(text)
    assert [h.affiliation for h in reading.headers] == [
        "roster: Émile Durand",
        "roster: Jan van Dijk",
        "roster: Ivo Petrov",
    ]
