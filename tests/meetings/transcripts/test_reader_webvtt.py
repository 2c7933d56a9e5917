"""The WebVTT reader: Teams voice tags, Zoom ``Name: text`` payloads, YouTube ``>>`` changes; one
turn per run of one speaker's cues, its header at the first cue's payload line.

The fixtures are invented (names and speech); the corpus file is read in place, never copied.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kg.meetings.transcripts.model import Reading, SourceText
from kg.meetings.transcripts.readers.webvtt import READER
from tests.conftest import REPO, require

CORPUS = REPO.parent / "shared" / "corpus" / "transcripts"
ZOOM_FILE = CORPUS / "ethereum_acdt072_2026-03-02.vtt"


def read(text: str) -> Reading:
    return READER.read(SourceText("t.vtt", tuple(text.splitlines())))


def heads(reading: Reading) -> list[tuple[int, str]]:
    return [(h.line, h.label) for h in reading.headers]


TEAMS = """WEBVTT

NOTE Invented meeting for the tests

3f2a9c1e-0000-4000-8000-000000000001/12-0
00:00:03.120 --> 00:00:05.480
<v Ines Moreau>Good afternoon, everyone.</v>

3f2a9c1e-0000-4000-8000-000000000001/12-1
00:00:05.480 --> 00:00:09.010
<v Ines Moreau>Let us start with the agenda.
The first item is the budget.</v>

3f2a9c1e-0000-4000-8000-000000000001/13-0
00:00:09.500 --> 00:00:12.000
<v Kowalski, Piotr>Note: this is a short remark.</v>

3f2a9c1e-0000-4000-8000-000000000001/14-0
00:00:12.100 --> 00:00:14.000
<v Ines Moreau (Host)>Thank you, Piotr.</v>
"""


def test_teams_voice_tags_make_one_turn_per_run_of_cues() -> None:
    reading = read(TEAMS)
    assert reading.reader == "webvtt" and reading.confidence > 0.9
    assert heads(reading) == [(7, "Ines Moreau"), (16, "Kowalski, Piotr"), (20, "Ines Moreau")]
    first, second, third = reading.headers
    assert first.last_line == 12 and first.time == "00:00:03.120"
    assert second.last_line == 16  # "Note:" inside a voice tag is speech, not a speaker
    assert third.role == "Host" and third.affiliation == ""
    # WEBVTT, the NOTE block, identifiers and timing lines are the format's own lines
    assert {1, 3, 5, 6, 9, 10, 14, 15, 18, 19}.issubset(reading.scaffolding)
    assert not set(reading.scaffolding) & {7, 11, 12, 16, 20}


ZOOM = """WEBVTT

1
00:00:01.000 --> 00:00:04.000
Amara Okafor: Welcome to the call. Note: we are recording.

2
00:00:04.100 --> 00:00:06.000
Amara Okafor: First, the release.

3
00:00:06.100 --> 00:00:09.000
lukas-w: The release is ready. So: yes, we can ship.

4
00:00:09.100 --> 00:00:11.000
Chen Wei (Prism Labs): We need one more day.

5
00:00:11.100 --> 00:00:12.000
Chen Wei (Prism Labs): Maybe two, as the memo says:
Budget Office: the release waits.

6
00:00:12.100 --> 00:00:14.000
Amara Okafor: Fine, thank you both.

7
00:00:14.100 --> 00:00:15.000
Rosa Díaz | Delta Group: Agreed.
"""


def test_zoom_payload_names_with_handles_affiliations_and_once_only_speakers() -> None:
    reading = read(ZOOM)
    assert heads(reading) == [
        (5, "Amara Okafor"),
        (13, "lukas-w"),
        (17, "Chen Wei"),
        (26, "Amara Okafor"),
        (30, "Rosa Díaz"),
    ]
    amara, _, chen, _, rosa = reading.headers
    assert amara.last_line == 9 and amara.time == "00:00:01.000"
    assert chen.affiliation == "Prism Labs" and chen.last_line == 22
    # a label further down a cue is not Zoom's convention: a quoted "Budget Office:" is speech
    assert reading.unplaced == (22,)
    assert rosa.affiliation == "Delta Group"
    # every cue names its speaker (Zoom), so a name written once is read, with less confidence
    assert rosa.confidence < amara.confidence
    assert reading.confidence > 0.9


CAPTIONS_WITH_SOME_NAMES = """WEBVTT

00:00:00.000 --> 00:00:03.000
HANNA BERG: Good morning and welcome.

00:00:03.000 --> 00:00:05.000
Note: this session is recorded.

00:00:05.000 --> 00:00:07.000
So: yes, we begin.

00:00:07.000 --> 00:00:09.000
TOMAS REY: Thank you, Hanna.

00:00:09.000 --> 00:00:11.000
HANNA BERG: You are welcome.

00:00:11.000 --> 00:00:13.000
TOMAS REY: My first point.
"""


def test_note_and_so_payloads_are_speech_not_speakers() -> None:
    reading = read(CAPTIONS_WITH_SOME_NAMES)
    assert heads(reading) == [(4, "HANNA BERG"), (13, "TOMAS REY"), (16, "HANNA BERG"), (19, "TOMAS REY")]
    assert reading.headers[0].last_line == 10  # the unnamed cues continue Hanna's turn
    assert not reading.unplaced


YOUTUBE_CHEVRONS = """WEBVTT
Kind: captions
Language: en

00:00:00.000 --> 00:00:03.000
>> Good morning and welcome to the hearing.

00:00:03.000 --> 00:00:05.000
We have a full agenda today.

00:00:05.000 --> 00:00:07.000
[Music]

00:00:07.000 --> 00:00:09.000
>> Thank you. I have a question.

00:00:09.000 --> 00:00:11.000
>> MARIA SOLIS: And I have another.
"""


def test_chevrons_mark_unnamed_speaker_changes_and_stage_notes_are_not_speech() -> None:
    reading = read(YOUTUBE_CHEVRONS)
    assert [(h.line, h.label, h.kind) for h in reading.headers] == [
        (6, "", "unnamed"),
        (15, "", "unnamed"),
        (18, "MARIA SOLIS", "speaker"),
    ]
    assert reading.headers[0].last_line == 9
    assert reading.stage_notes == (12,)


YOUTUBE_ROLLING = """WEBVTT
Kind: captions
Language: en

00:00:00.500 --> 00:00:02.990 align:start position:0%
~
good<00:00:00.900><c> morning</c><00:00:01.200><c> everyone</c>

00:00:02.990 --> 00:00:03.000 align:start position:0%
good morning everyone
~

00:00:03.000 --> 00:00:05.000 align:start position:0%
good morning everyone
>> thanks<00:00:03.500><c> for</c><00:00:03.900><c> having</c><00:00:04.100><c> me</c>

00:00:05.000 --> 00:00:05.010 align:start position:0%
>> thanks for having me
~

00:00:05.010 --> 00:00:07.000 align:start position:0%
>> thanks for having me
so<00:00:05.500><c> let's</c><00:00:05.900><c> begin</c>
""".replace("~", " ")  # YouTube writes lines of one space


def test_room_microphones_and_numbered_participants_are_generic_turns() -> None:
    text = (
        "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nHana Sato: Good afternoon.\n\n"
        "00:00:04.500 --> 00:00:06.000\nRoom Mic 2: We hear you in the room.\n\n"
        "00:00:06.500 --> 00:00:09.000\nHana Sato: Thanks. Oscar?\n\n"
        "00:00:09.500 --> 00:00:12.000\n<v Participant 3>A question from the chat.</v>\n"
    )
    reading = read(text)
    assert [(h.line, h.label, h.kind) for h in reading.headers] == [
        (4, "Hana Sato", "speaker"),
        (7, "Room Mic 2", "generic"),
        (10, "Hana Sato", "speaker"),
        (13, "Participant 3", "generic"),
    ]


def test_rolling_auto_captions_show_each_change_once() -> None:
    reading = read(YOUTUBE_ROLLING)
    assert [(h.line, h.kind) for h in reading.headers] == [(15, "unnamed")]
    assert reading.headers[0].last_line == 23


def test_a_file_without_any_speaker_has_no_headers_and_says_so() -> None:
    text = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nhello there\n\n00:00:02.000 --> 00:00:03.000\nhow are you\n"
    reading = read(text)
    assert reading.headers == ()
    assert 0 < reading.confidence < 0.5
    assert any("no cue names a speaker" in note for note in reading.notes)


def test_line_numbers_survive_carriage_returns_and_a_bom() -> None:
    cues = [("00:00:01.000", "Ana Paz: hi"), ("00:00:02.000", "Bo Lin: hello"), ("00:00:03.000", "Ana Paz: bye")]
    text = "\ufeffWEBVTT\r\n" + "".join(f"\r\n{start} --> 00:00:09.000\r\n{payload}\r\n" for start, payload in cues)
    # lines as a reader may get them: each with its carriage return, one with a stray one inside
    lines = [line + "\r" for line in text.split("\r\n")]
    lines[3] = "Ana Paz: h\ri\r"
    reading = READER.read(SourceText("t.vtt", tuple(lines)))
    assert heads(reading) == [(4, "Ana Paz"), (7, "Bo Lin"), (10, "Ana Paz")]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\x00\x01\x02\xff" * 50,
        "WEBVTT",
        "WEBVTT\n\n99:99:99.999 --> garbage\n<v \n\n-->\n-->\n",
        "1\n00:00:01,000 --> 00:00:02,000\nAna Paz: hi\n\n2\n00:00:02,000 --> 00:00:03,000\nBo Lin: hello\n",
        "# Minutes\n\n**Ana Paz:** Good morning.\n\n**Bo Lin:** Hello.\n",
        "Ana Paz  0:04\nGood morning.\n\nBo Lin  0:09\nHello.\n",
    ],
    ids=["empty", "binary", "signature-only", "broken-cues", "srt", "markdown", "otter"],
)
def test_other_texts_get_no_confidence_and_no_crash(text: str) -> None:
    reading = read(text)
    assert reading.confidence == 0.0 and reading.headers == ()


# -- the Zoom recording of the development corpus -------------------------------------------------------


@pytest.fixture(scope="module")
def zoom() -> tuple[tuple[str, ...], Reading]:
    require(ZOOM_FILE.exists(), f"the development corpus ({ZOOM_FILE})")
    lines = tuple(ZOOM_FILE.read_text(encoding="utf-8").splitlines())
    return lines, READER.read(SourceText(ZOOM_FILE.name, lines))


def _runs_by_scan(lines: tuple[str, ...]) -> list[tuple[int, str]]:
    """Gold by a second, independent method: the display name before the first ': ' of the line
    after each timing line, and a turn wherever it changes."""
    runs: list[tuple[int, str]] = []
    for number, line in enumerate(lines, 1):
        if number > 1 and "-->" in lines[number - 2]:
            name = line.split(": ", 1)[0]
            if not runs or runs[-1][1] != name:
                runs.append((number, name))
    return runs


def test_zoom_corpus_file_every_run_of_cues_is_one_turn(zoom: tuple[tuple[str, ...], Reading]) -> None:
    lines, reading = zoom
    assert reading.confidence > 0.9
    gold = _runs_by_scan(lines)
    assert len(gold) == 123  # 335 cues by 23 display names, in 123 runs
    assert [h.line for h in reading.headers] == [line for line, _ in gold]
    assert len({h.label for h in reading.headers}) == 23


def test_zoom_corpus_file_headers_checked_by_reading(zoom: tuple[tuple[str, ...], Reading]) -> None:
    _, reading = zoom
    by_line = {h.line: h for h in reading.headers}
    assert by_line[5].label == "Parithosh Jayanthi" and by_line[5].time == "00:05:28.950"
    assert by_line[17].label == "danceratopz" and by_line[17].last_line == 65  # cues 4 to 16
    assert by_line[617].label == "Daniel Lehrner" and by_line[617].affiliation == "Besu"
    assert by_line[617].last_line == 633
    assert by_line[873].label == "Saulius Grigaitis" and by_line[873].affiliation == "Grandine"
    assert by_line[845].label == "nflaig"  # speaks once
    assert by_line[1341].label == "Toni Wahrstätter" and by_line[1341].last_line == 1341
    # a cue that continues a run is not a header, nor is any timing or cue-number line
    assert 21 not in by_line and 9 not in by_line
    assert all(re.match(r"^\d+$|.*-->", line) is None for line in (_line(h.line) for h in reading.headers))


def _line(number: int) -> str:
    return Path(ZOOM_FILE).read_text(encoding="utf-8").splitlines()[number - 1]
