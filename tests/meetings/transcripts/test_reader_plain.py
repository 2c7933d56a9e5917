"""The plain-text reader: ``Name: speech`` turns confirmed by the file, generic and diarisation
labels, ``Q:``/``A:`` interviews, multi-line speech, and nothing at all in prose with an occasional
``Note:``, nor much in any other format. Fixtures are invented, never copied."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from kg.meetings.transcripts.detect import detect
from kg.meetings.transcripts.model import Reading, SourceText
from kg.meetings.transcripts.readers.plain import READER
from tests.conftest import REPO

CORPUS = REPO.parent / "shared" / "corpus" / "transcripts"
SEEDS = REPO / "kg" / "data" / "sources"

# An invented board meeting. Line numbers matter to the tests.
MEETING = """\
Harbour Trust board meeting, 3 March 2041

Jane Doe: Good morning. Let us begin.
Kenya: We agree with the proposal.
Jane Doe: Thank you. Mr. Smith, you had a comment?
Mr. Smith: Yes. Two things.
First, the timeline is tight.
Second, the budget needs review.

[Applause]
H.E. Ms. Amina Odhiambo (Kenya): May I respond?
Jane Doe: Please.
H.E. Ms. Amina Odhiambo (Kenya): The timeline was agreed in May.
Note: this was recorded in the minutes.
Speaker 1: Can I ask a question from the floor?
Kenya: Of course.
Ana Ruiz (Moderator):
Thank you all. We close here.
"""


def reading(text: str) -> Reading:
    return READER.read(SourceText("t.txt", tuple(text.splitlines())))


def test_every_turn_of_a_plain_transcript_is_found_and_nothing_else() -> None:
    result = reading(MEETING)
    assert [h.line for h in result.headers] == [3, 4, 5, 6, 11, 12, 13, 15, 16, 17]
    assert result.confidence >= 0.7
    assert 14 not in {h.line for h in result.headers}  # ``Note:`` inside a turn is speech


def test_labels_keep_name_affiliation_role_and_kind() -> None:
    headers = {h.line: h for h in reading(MEETING).headers}
    assert (headers[6].label, headers[6].kind) == ("Mr. Smith", "speaker")
    assert (headers[11].label, headers[11].affiliation) == ("H.E. Ms. Amina Odhiambo", "Kenya")
    assert (headers[15].label, headers[15].kind) == ("Speaker 1", "generic")
    assert (headers[17].label, headers[17].role) == ("Ana Ruiz", "Moderator")


def test_lines_without_a_label_continue_the_turn() -> None:
    headers = {h.line: h for h in reading(MEETING).headers}
    assert headers[6].last_line == 8  # the two lines below Mr. Smith's, not the blank or the note
    assert headers[13].last_line == 14
    assert headers[17].last_line == 18  # a label alone on its line, the speech below


def test_front_matter_gives_title_and_date_and_stage_notes_are_found() -> None:
    result = reading(MEETING)
    assert result.title == "Harbour Trust board meeting, 3 March 2041"
    assert result.date == "2041-03-03"
    assert result.scaffolding == (1,)
    assert result.stage_notes == (10,)


@pytest.mark.parametrize(
    "text",
    [
        "SPEAKER_00: Hello and welcome.\nSPEAKER_01: Thanks for having me.\nSPEAKER_00: Shall we start?\n",
        "[SPEAKER_00]: Hello and welcome.\n[SPEAKER_01]: Thanks for having me.\n[SPEAKER_00]: Shall we start?\n",
    ],
    ids=["bare", "bracketed"],
)
def test_diarisation_labels_are_generic_turns(text: str) -> None:
    result = reading(text)
    assert [(h.line, h.label, h.kind) for h in result.headers] == [
        (1, "SPEAKER_00", "generic"),
        (2, "SPEAKER_01", "generic"),
        (3, "SPEAKER_00", "generic"),
    ]
    assert result.confidence >= 0.5


def test_a_room_microphone_or_an_audience_member_written_once_opens_a_generic_turn() -> None:
    """Generic labels open a turn like a named one: where the file's turns open with labels, one
    written once is a turn, and its speech is not merged into the previous speaker's."""
    text = (
        "Hana Sato: Good afternoon, can everyone hear me?\n"
        "Room-Mic-1: Yes, we hear you in the room.\n"
        "Oskar Lind: Thanks Hana. I will share my screen.\n"
        "Hana Sato: Could you go back one slide?\n"
        "Audience Member 2: A question from the floor.\n"
        "Oskar Lind: Sure.\n"
    )
    assert [(h.line, h.label, h.kind) for h in reading(text).headers] == [
        (1, "Hana Sato", "speaker"),
        (2, "Room-Mic-1", "generic"),
        (3, "Oskar Lind", "speaker"),
        (4, "Hana Sato", "speaker"),
        (5, "Audience Member 2", "generic"),
        (6, "Oskar Lind", "speaker"),
    ]


def test_an_interview_takes_q_and_a_as_generic_turns_only_when_both_recur() -> None:
    interview = "Q: How long have you been here?\nA: Twenty years.\nQ: And before?\nA: At sea.\nMostly.\n"
    result = reading(interview)
    assert [(h.line, h.label, h.kind) for h in result.headers] == [
        (1, "Q", "generic"),
        (2, "A", "generic"),
        (3, "Q", "generic"),
        (4, "A", "generic"),
    ]
    assert result.headers[-1].last_line == 5
    lone = "Our options were discussed.\nA: one option is to wait.\nA: another is to act now.\nNothing was decided.\n"
    assert reading(lone).headers == ()


PROSE = """\
The committee met on Tuesday and reviewed the plan in detail.
Note: the figures below are provisional.
Members discussed the budget at length and agreed to revisit it.
Result: the plan was adopted with two amendments.
Note: the next meeting is in May.
So: that is where we are.
Well: nobody objected.
Yes: the chair agreed.
Decision: adopt the plan.
Action items: circulate the text.
Agenda: the same as last time.
The plan is simple: we wait. Thank you.
I give the floor to Kenya.
"""


def test_prose_with_notes_and_results_has_no_turns() -> None:
    result = reading(PROSE)
    assert result.headers == ()
    assert result.confidence == 0.0


def test_a_name_written_once_in_prose_is_unplaced_not_a_turn() -> None:
    text = "The meeting opened late.\nIt rained all day.\n\nMaria Lopez: I object.\n\nThe meeting closed early.\n"
    result = reading(text)
    assert result.headers == ()
    assert result.unplaced == (4,)


def test_front_matter_labels_are_not_speakers() -> None:
    text = "Present: Jane Doe, Ann Bell\nDate: 3 May 2040\nJane Doe: We start.\nAnn Bell: Fine.\nJane Doe: Good.\n"
    assert [h.line for h in reading(text).headers] == [3, 4, 5]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\n\n   \n",
        "\x00\x01\x02\xff garbage: \x00" * 200,
        "A" * 100_000,
        ("Jane Doe: " + "x" * 20_000 + "\n") * 3,
        "Jane Doe:\n" * 5,
        "http://example.org: link\nhttp://example.org: link\n",
        "12:30: lunch\n12:30: lunch\n",
        ":\n::\n:::\n",
    ],
    ids=["empty", "blank", "binary", "long-line", "long-speech", "labels-only", "urls", "times", "colons"],
)
def test_hostile_inputs_never_raise(text: str) -> None:
    result = reading(text)
    assert 0.0 <= result.confidence <= 1.0


def test_a_huge_text_is_read_quickly() -> None:
    text = "".join(f"Speaker {i % 7}: line {i} of the speech.\nand its continuation.\n" for i in range(20_000))
    start = time.perf_counter()
    result = reading(text)
    assert time.perf_counter() - start < 5
    assert len(result.headers) == 20_000


OTHER_FORMATS = {
    "webvtt": "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\nJane Doe: Hello.\n\n"
    "00:00:03.000 --> 00:00:05.000\nKofi Mensah: Hi.\n\n00:00:05.000 --> 00:00:07.000\nJane Doe: Ready?\n",
    "srt": "1\n00:00:01,000 --> 00:00:03,000\nJane Doe: Hello.\n\n2\n00:00:03,000 --> 00:00:05,000\n"
    "Kofi Mensah: Hi.\n\n3\n00:00:05,000 --> 00:00:07,000\nJane Doe: Ready?\n",
    "igf": ">> JANE DOE: Hello.\n>> KOFI MENSAH: Hi.\n>> JANE DOE: Ready?\n>> Yes.\n",
    "markdown": "**Jane Doe:** Hello.\n\n**Kofi Mensah:** Hi.\n\n**Jane Doe:** Ready?\n",
    "tei": '<?xml version="1.0"?>\n<TEI><u who="#JaneDoe">Jane Doe: Hello.</u>\n<u who="#K">Kofi Mensah: Hi.</u>\n'
    '<u who="#JaneDoe">Jane Doe: Ready?</u></TEI>\n',
    "notes": "Chair\nWe open the meeting.\n\nKenya\nWe support the text.\n\nChair\nThank you.\n",
}


@pytest.mark.parametrize("fmt", sorted(OTHER_FORMATS))
def test_other_formats_get_low_confidence(fmt: str) -> None:
    assert reading(OTHER_FORMATS[fmt]).confidence < 0.3


def _corpus_files() -> list[Path]:
    files = sorted(p for p in CORPUS.glob("*.*") if p.name != "README.md") if CORPUS.is_dir() else []
    return files + sorted(SEEDS.glob("00[014]_*.txt"))


@pytest.mark.parametrize("path", _corpus_files(), ids=lambda p: p.name)
def test_no_corpus_file_or_seed_is_taken_for_plain_text(path: Path) -> None:
    # None is in the plain convention: the plain reader must find nothing there to claim.
    raw = SourceText(path.name, tuple(path.read_text(encoding="utf-8", errors="replace").splitlines()))
    detection = detect(path, raw)
    assert detection.reading.reader != "plain"
    assert detection.scores["plain"] < 0.3


def test_names_of_many_languages_are_labels_and_a_sentence_opener_is_not() -> None:
    text = (
        "Abd al-Rahman al-Sudairi: Welcome, everyone.\n"
        "Wanjiru wa Kamau: Thank you for having me.\n"
        "Of course: this line is speech.\n"
        "Abd al-Rahman al-Sudairi: Let us begin.\n"
        "Wanjiru wa Kamau: The budget is tight.\n"
        "Иван Петров: A brief remark.\n"
        "Иван Петров: And another.\n"
    )
    result = reading(text)
    assert [(h.line, h.label) for h in result.headers] == [
        (1, "Abd al-Rahman al-Sudairi"),
        (2, "Wanjiru wa Kamau"),
        (4, "Abd al-Rahman al-Sudairi"),
        (5, "Wanjiru wa Kamau"),
        (6, "Иван Петров"),
        (7, "Иван Петров"),
    ]
    assert result.headers[1].last_line == 3  # "Of course: …" is the speaker's speech
