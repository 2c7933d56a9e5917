"""The SRT reader: numbered cues whose text names the speaker (``Name:``, ``[Name]``, ``>> Name:``,
``- Name:``), consecutive cues of one speaker as one turn.

There is no meeting SRT in the development corpus: the fixtures are invented (names and speech).
The corpus and the seeds are used to check that this reader claims none of them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.core import settings
from kg.meetings.transcripts.model import Reading, SourceText
from kg.meetings.transcripts.readers.srt import READER
from tests.conftest import REPO

CORPUS = REPO.parent / "shared" / "corpus" / "transcripts"


def read(text: str) -> Reading:
    return READER.read(SourceText("t.srt", tuple(text.splitlines())))


def heads(reading: Reading) -> list[tuple[int, str, str]]:
    return [(h.line, h.label, h.kind) for h in reading.headers]


HEARING = """1
00:00:01,000 --> 00:00:04,000
Marta Quell: Good morning, everyone.

2
00:00:04,500 --> 00:00:07,000
Let us begin with the first item.
Note: the session is recorded.

3
00:00:07,200 --> 00:00:09,000
[Applause]

4
00:00:09,100 --> 00:00:12,000
>> Oskar Brand: Thank you, Chair.

5
00:00:12,100 --> 00:00:14,000
Oskar Brand: I have two points.

6
00:00:14,100 --> 00:00:16,000
- Marta Quell: Please go ahead.
- Oskar Brand: First, the budget.

7
00:00:16,100 --> 00:00:18,000
>> I would like to add something.

8
00:00:18,100 --> 00:00:20,000
[Speaker 2] Yes, agreed.

9
00:00:20,100 --> 00:00:22,000
So: yes, we agree.

10
00:00:22,100 --> 00:00:24,000
[Speaker 2] And one more thing.
"""


def test_each_speaker_convention_opens_a_turn_and_runs_merge() -> None:
    reading = read(HEARING)
    assert reading.reader == "srt" and reading.confidence > 0.9
    assert heads(reading) == [
        (3, "Marta Quell", "speaker"),
        (16, "Oskar Brand", "speaker"),
        (24, "Marta Quell", "speaker"),
        (25, "Oskar Brand", "speaker"),
        (29, "", "unnamed"),
        (33, "Speaker 2", "generic"),
    ]
    marta, oskar, *_, speaker_two = reading.headers
    assert marta.last_line == 8  # "Note:" is speech; the unnamed cue continues Marta's turn
    assert oskar.last_line == 20 and oskar.time == "00:00:09,100"  # cues 4 and 5: one turn
    assert speaker_two.last_line == 41  # "So: yes" is speech too
    assert reading.stage_notes == (12,)
    assert {1, 2, 5, 6, 10, 11}.issubset(reading.scaffolding)
    assert not set(reading.scaffolding) & {3, 7, 8, 16}


def test_markup_crlf_and_a_missing_final_blank_line() -> None:
    text = (
        "1\r\n00:00:01,000 --> 00:00:02,000\r\n<i>Lena Voss:</i> {\\an8}Welcome.\r\n\r\n"
        '2\r\n00:00:02,000 --> 00:00:03,000\r\n<font color="#fff">Ivo Petrov: Thanks.</font>\r\n\r\n'
        "3\r\n00:00:03,000 --> 00:00:04,000\r\nLena Voss: Let us start.\r\n\r\n"
        "4\r\n00:00:04,000 --> 00:00:05,000\r\nIvo Petrov: Agreed."
    )
    reading = READER.read(SourceText("t.srt", tuple(line + "\r" for line in text.split("\r\n"))))
    assert [(h.line, h.label) for h in reading.headers] == [
        (3, "Lena Voss"),
        (7, "Ivo Petrov"),
        (11, "Lena Voss"),
        (15, "Ivo Petrov"),
    ]


def test_subtitles_without_speaker_names_have_no_turns() -> None:
    text = "1\n00:00:01,000 --> 00:00:02,000\nHello there.\n\n2\n00:00:02,000 --> 00:00:03,000\nHow are you?\n"
    reading = read(text)
    assert reading.headers == () and 0 < reading.confidence < 0.5
    assert any("no cue names a speaker" in note for note in reading.notes)


ROOM_AND_FLOOR = """1
00:00:01,000 --> 00:00:04,000
Marta Quell: Good afternoon, can everyone hear me?

2
00:00:04,500 --> 00:00:06,000
Room-Mic-1: Yes, we hear you in the room.

3
00:00:06,500 --> 00:00:09,000
Oskar Lind: Thanks Marta. I will share my screen.

4
00:00:09,500 --> 00:00:12,000
Speaker A: A question from the floor.

5
00:00:12,500 --> 00:00:15,000
Marta Quell: Could you go back one slide?
"""


def test_a_room_microphone_and_a_lettered_speaker_are_generic_turns() -> None:
    """They open their turns, and name nobody: the resolver must not try a name on them."""
    assert heads(read(ROOM_AND_FLOOR)) == [
        (3, "Marta Quell", "speaker"),
        (7, "Room-Mic-1", "generic"),
        (11, "Oskar Lind", "speaker"),
        (15, "Speaker A", "generic"),
        (19, "Marta Quell", "speaker"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\x00\xff\xfe" * 100,
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nAna Paz: hi\n\n00:00:02.000 --> 00:00:03.000\nBo Lin: hello\n",
        "Ana Paz  0:04\nGood morning.\n\nBo Lin  0:09\nHello.\n",
        "# Minutes\n\n**Ana Paz:** Good morning at 00:00:01,000.\n",
        "1\n00:00:01,000 --> 00:00:02,000\nonly one cue: a label\n",
    ],
    ids=["empty", "binary", "webvtt", "otter", "markdown", "one-cue"],
)
def test_other_texts_get_no_confidence_and_no_crash(text: str) -> None:
    reading = read(text)
    assert reading.confidence == 0.0 and reading.headers == ()


def _texts() -> list[Path]:
    corpus = sorted(p for p in CORPUS.glob("*") if p.suffix in (".md", ".vtt", ".xml"))
    return corpus + sorted(settings.sources_dir().glob("00[0-4]_*.txt"))


@pytest.mark.parametrize("path", _texts(), ids=lambda p: p.name)
def test_no_corpus_file_or_seed_is_taken_for_srt(path: Path) -> None:
    reading = READER.read(SourceText(path.name, tuple(path.read_text(encoding="utf-8").splitlines())))
    assert reading.confidence == 0.0 and reading.headers == ()
