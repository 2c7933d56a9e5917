"""The text-export reader (Otter, Zoom, Rev, Teams, Descript): a speaker line with a time, then the
speech; read without any list of names.

The fixtures are invented (names and speech). The seeds 000 and 001 (a Teams call exported as text,
and the same kind of export pasted into Markdown) are read in place, never copied.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kg.core import settings
from kg.meetings.transcripts.model import Reading, SourceText
from kg.meetings.transcripts.readers.exports import READER
from kg.meetings.transcripts.readers.srt import READER as SRT_READER
from tests.conftest import REPO, require

CORPUS = REPO.parent / "shared" / "corpus" / "transcripts"
SEED_CALL = settings.sources_dir() / "000_f75722b46b55aad4.txt"
SEED_MARKDOWN = settings.sources_dir() / "001_ae93e3ef07a7236a.txt"


def read(text: str) -> Reading:
    return READER.read(SourceText("t.txt", tuple(text.splitlines())))


def heads(reading: Reading) -> list[tuple[int, str, str, str]]:
    return [(h.line, h.label, h.kind, h.time) for h in reading.headers]


OTTER = """Ana Paz  0:04
Good morning, everyone.
Shall we begin? The call is at 10:30

Bo Lin  0:21
Yes. Thank you.

Unknown Speaker  1:02
Sorry, can you hear me?

Ana Paz  1:10
Yes, we can.
"""


def test_otter_name_two_spaces_time() -> None:
    reading = read(OTTER)
    assert reading.reader == "export" and reading.confidence > 0.7
    assert heads(reading) == [
        (1, "Ana Paz", "speaker", "0:04"),
        (5, "Bo Lin", "speaker", "0:21"),
        (8, "Unknown Speaker", "generic", "1:02"),
        (11, "Ana Paz", "speaker", "1:10"),
    ]


OTTER_WITH_HEAD = """Budget review
Mon, 3/3 2:00PM • 41:10

SUMMARY KEYWORDS
budget, release, review

SPEAKERS
Ana Paz, Bo Lin

Ana Paz  00:04
Good morning, everyone.

Bo Lin  00:21
Thank you.
"""


def test_otter_head_is_the_exports_own() -> None:
    reading = read(OTTER_WITH_HEAD)
    assert [h.line for h in reading.headers] == [10, 13]
    assert reading.title == "Budget review" and reading.date == ""  # Otter's head gives no year
    assert {1, 2, 4, 5, 7, 8}.issubset(reading.scaffolding)
    # the head is explained: the text scores as the same export without it
    assert reading.confidence == read("\n".join(OTTER_WITH_HEAD.splitlines()[9:])).confidence


REV = """Ana Paz (00:00:04):
Good morning, everyone.

Speaker 2 (00:00:21): Thank you. I have a question.

Ana Paz (00:01:10):
Please go ahead.

Speaker 2 (00:01:15):
It is about the budget.
"""

ZOOM = """[Ana Paz] 10:02:15
Good morning, everyone.

[Bo Lin (Acme Corp)] 10:02:31
Thank you.

[Ana Paz] 10:03:02
Let us start.
"""

TIME_FIRST = """[00:00:04] Ana Paz: Good morning, everyone.
[00:00:21] Bo Lin: Thank you.
So: this line is speech.
[00:01:10] Ana Paz: Let us start.
"""


def test_rev_zoom_and_time_first_speaker_lines() -> None:
    assert heads(read(REV)) == [
        (1, "Ana Paz", "speaker", "00:00:04"),
        (4, "Speaker 2", "generic", "00:00:21"),
        (6, "Ana Paz", "speaker", "00:01:10"),
        (9, "Speaker 2", "generic", "00:01:15"),
    ]
    zoom = read(ZOOM)
    assert heads(zoom) == [
        (1, "Ana Paz", "speaker", "10:02:15"),
        (4, "Bo Lin", "speaker", "10:02:31"),
        (7, "Ana Paz", "speaker", "10:03:02"),
    ]
    assert zoom.headers[1].affiliation == "Acme Corp"
    assert [h.line for h in read(TIME_FIRST).headers] == [1, 2, 4]


TEAMS_TIMED = """0:0:0.0 --> 0:0:5.390
Moreau, Ines
Good afternoon, everyone.

0:0:5.390 --> 0:0:8.740
Moreau, Ines
Let us start with the agenda.

0:0:9.10 --> 0:0:12.0
Kowalski, Piotr
Thank you, Ines.
I have one question.

0:0:12.500 --> 0:0:14.0
Moreau, Ines
Please.
"""


def test_teams_timed_blocks_merge_one_speakers_blocks() -> None:
    reading = read(TEAMS_TIMED)
    assert [(h.line, h.label, h.last_line, h.time) for h in reading.headers] == [
        (2, "Moreau, Ines", 7, "0:0:0.0"),
        (10, "Kowalski, Piotr", 12, "0:0:9.10"),
        (15, "Moreau, Ines", 16, "0:0:12.500"),
    ]
    assert {1, 5, 9, 14}.issubset(reading.scaffolding)
    # The SRT library reads these timings too; the export reader must be the more confident.
    srt = SRT_READER.read(SourceText("t.txt", tuple(TEAMS_TIMED.splitlines())))
    assert srt.confidence < reading.confidence


TEAMS_TEXT = """Budget review-20250301_140000-Meeting Recording
3 March 2025, 02:00pm 41m 10s

Ines Moreau started transcription

[image: ]
ROOM-A-0042FC   0:05
Good afternoon. We meet again at 10:30
Thank you.

[image: ]
Ines Moreau   0:40
Thank you all.
I give the floor to Kenya.

[image: ]
ROOM-A-0042FC   1:10
Kenya has the floor.
Piotr Kowalski 2:00
Ines Moreau 2:15
Thank you.
"""


def test_teams_text_front_matter_placeholders_devices_and_one_space_names() -> None:
    reading = read(TEAMS_TEXT)
    assert heads(reading) == [
        (7, "ROOM-A-0042FC", "generic", "0:05"),
        (12, "Ines Moreau", "speaker", "0:40"),
        (17, "ROOM-A-0042FC", "generic", "1:10"),
        (20, "Ines Moreau", "speaker", "2:15"),  # one space, but the name recurs as a speaker
    ]
    assert reading.unplaced == (19,)  # one space and a name written once: not sure, reported
    assert reading.title == "Budget review-20250301_140000-Meeting Recording"
    assert reading.date == "2025-03-03"
    assert {1, 2, 4, 6, 11, 16}.issubset(reading.scaffolding)


HYBRID_ROOM = """Weekly sync
Ana Paz  0:04
Good morning, everyone.

Room-Mic-1   0:40
Can you hear us in the room?

Bo Lin  0:52
Yes, loud and clear.

Speaker 2  01:12
One question from the chat, about the budget.

Unknown Speaker  1:30
Sorry, I was muted.

Audience Member 2  1:41
And one from the floor.

Ana Paz  2:05
Thank you. Let us move on.
"""


def test_generic_labels_open_turns_like_named_ones() -> None:
    """A room microphone, a numbered speaker, an unknown one: each line opens a turn of its own
    (issue 14: an unknown label opens a turn, speech is never merged into the previous speaker's)."""
    reading = read(HYBRID_ROOM)
    assert heads(reading) == [
        (2, "Ana Paz", "speaker", "0:04"),
        (5, "Room-Mic-1", "generic", "0:40"),
        (8, "Bo Lin", "speaker", "0:52"),
        (11, "Speaker 2", "generic", "01:12"),
        (14, "Unknown Speaker", "generic", "1:30"),
        (17, "Audience Member 2", "generic", "1:41"),
        (20, "Ana Paz", "speaker", "2:05"),
    ]
    assert reading.confidence > 0.7


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\x00\xff\xfe" * 100,
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nAna Paz  0:04\n",
        "Thank you.  0:04\nThe meeting resumes at  3:00\nSo we start at 10:30\n",
        "Ana Paz  0:04\nGood morning.\n",  # a single speaker line is no evidence of the format
    ],
    ids=["empty", "binary", "webvtt", "speech-ending-in-times", "one-header"],
)
def test_other_texts_get_no_or_little_confidence_and_no_crash(text: str) -> None:
    reading = read(text)
    assert reading.confidence < 0.3
    assert all(h.label == "Ana Paz" for h in reading.headers)


# -- the seeds and the corpus -------------------------------------------------------------------------------

_CALL_LABEL = re.compile(r"^\s*\S.*\S\s{2,}\d{1,2}:\d{2}\s*$")


def _seed(path: Path) -> tuple[tuple[str, ...], Reading]:
    lines = tuple(path.read_text(encoding="utf-8").splitlines())
    return lines, READER.read(SourceText(path.name, lines))


def test_seed_call_transcript_every_speaker_line_without_a_list_of_names() -> None:
    lines, reading = _seed(SEED_CALL)
    # gold by a second method: every line that is a label, two or more spaces and a time
    gold = [n for n, line in enumerate(lines, 1) if _CALL_LABEL.match(line)]
    assert len(gold) == 59
    assert [h.line for h in reading.headers] == gold
    assert reading.confidence > 0.9
    by_line = {h.line: h for h in reading.headers}
    assert (by_line[1].label, by_line[1].kind, by_line[1].time) == ("UNHQ-S-1522FC", "generic", "0:07")
    assert (by_line[85].label, by_line[85].kind) == ("Jimson Olufuye", "speaker")
    assert by_line[166].label == "Amrita"  # speaks once
    assert by_line[282].label == "Hossam Elgamal IMSB"
    assert 84 in reading.scaffolding  # [image: ]
    assert 2 not in by_line and 86 not in by_line  # speech


def test_seed_markdown_export_is_read_but_left_to_the_markdown_reader() -> None:
    _, reading = _seed(SEED_MARKDOWN)
    assert [h.line for h in reading.headers] == [7, 43, 49, 55, 61, 77, 107, 123, 141, 157, 163, 169, 179, 189, 195]
    by_line = {h.line: h for h in reading.headers}
    assert (by_line[77].label, by_line[77].time) == ("Wachholz, Cedric", "6:41")
    assert by_line[49].label == "Chengetai Masango"  # no markup, one space: the name recurs
    assert reading.title.startswith("WSIS+20 meeting-20251117_114328")
    assert reading.date == "2025-11-17"
    assert 5 in reading.scaffolding  # "… started transcription"
    assert reading.confidence < 0.7  # Markdown: its own reader is the one to claim it


@pytest.mark.parametrize(
    "name",
    [
        "un80_iahwg_s4_2025-10-30.md",
        "ethereum_acdc092_2022-07-28.md",
        "a11ychi_2020-05-21_invisible-disabilities-panel.md",
        "a11ychi_2017-10-19_accessibility-legal-update.md",
        "parlamint_gb_2020-02-12_lords.xml",
        "ethereum_acdt072_2026-03-02.vtt",
    ],
)
def test_corpus_files_of_other_formats_are_not_claimed(name: str) -> None:
    path = CORPUS / name
    require(path.exists(), f"the development corpus ({path})")
    reading = READER.read(SourceText(name, tuple(path.read_text(encoding="utf-8").splitlines())))
    assert reading.confidence == 0.0 and reading.headers == ()


def test_otter_export_pasted_into_markdown_is_read_with_less_confidence() -> None:
    path = CORPUS / "ethereum_acde124_2021-10-15.md"
    require(path.exists(), f"the development corpus ({path})")
    lines = tuple(path.read_text(encoding="utf-8").splitlines())
    reading = READER.read(SourceText(path.name, lines))
    gold = [n for n, line in enumerate(lines, 1) if re.match(r"^\*\*[^*]+ \d+(?::\d{2}){1,2}\*\*\s*$", line)]
    assert [h.line for h in reading.headers] == gold and len(gold) == 103
    # the Zoom chat at its end ("15:00:31 From Tim Beiko to Everyone:") is not a turn
    assert all(not lines[h.line - 1].startswith("15:") for h in reading.headers)
    assert reading.confidence < 0.7
