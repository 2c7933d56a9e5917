"""A transcript too large to read whole is read as a stream, in bounded memory, with the turns of
reading it whole: windows of lines cut where a turn starts, cue runs kept whole across windows,
bytes decoded a chunk at a time (a line end or a character split between chunks is one), and the
same refusals, naming the file and the line.

The files are invented (names, speech) and generated here; the limits are made tiny so that a few
hundred kilobytes cross many windows and chunks."""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from kg.core.errors import SourceError
from kg.meetings.transcripts.decode import iter_lines, read_transcript
from kg.meetings.transcripts.ingest import TranscriptReport, ingest
from kg.meetings.transcripts.stream import LIMITS, Limits

CAST = ("Amara Okafor", "Lukas Brandt", "Priya Raman", "Zofia Wróblewska")
WORDS = (
    "we", "propose", "that", "the", "lantern", "budget", "be", "reviewed", "next", "month", "with", "valley", "group",
)  # fmt: skip
#: Every file below crosses many windows of this size.
SMALL = replace(LIMITS, above_bytes=0, window_chars=20_000, chunk_bytes=4096)


def _speech(rng: random.Random) -> str:
    return " ".join(rng.choices(WORDS, k=rng.randint(5, 12))).capitalize() + "."


def _clock(seconds: int) -> str:
    hours, rest = divmod(seconds, 3600)
    return f"{hours:02d}:{rest // 60:02d}:{rest % 60:02d}.000"


def webvtt(rng: random.Random, turns: int) -> str:
    """Teams-style voice tags; runs of one to four cues; a stage note now and then; one run of
    300 cues, longer than half a window."""
    out, clock = ["WEBVTT", "", "NOTE invented for the streaming tests", ""], 0
    for turn in range(turns):
        speaker = CAST[turn % len(CAST)]
        for _ in range(300 if turn == turns // 2 else rng.randint(1, 4)):
            clock += 3
            out += [f"{_clock(clock)} --> {_clock(clock + 2)}", f"<v {speaker}>{_speech(rng)}</v>", ""]
        if rng.random() < 0.1:
            out += [f"{_clock(clock + 2)} --> {_clock(clock + 3)}", "[Applause]", ""]
    return "\n".join(out) + "\n"


def zoom_webvtt(rng: random.Random, turns: int) -> str:
    """Zoom-style ``Name: text`` payloads, numbered cues."""
    out, clock, number = ["WEBVTT", ""], 0, 0
    for turn in range(turns):
        for _ in range(rng.randint(1, 3)):
            number, clock = number + 1, clock + 3
            out += [str(number), f"{_clock(clock)} --> {_clock(clock + 2)}", f"{CAST[turn % 4]}: {_speech(rng)}", ""]
    return "\n".join(out) + "\n"


def srt(rng: random.Random, turns: int) -> str:
    """The first cue of a turn names the speaker; the cues after it are the same speaker's."""
    out, clock, number = [], 0, 0
    for turn in range(turns):
        for cue in range(rng.randint(1, 3)):
            number, clock = number + 1, clock + 3
            stamp = f"{_clock(clock)} --> {_clock(clock + 2)}".replace(".", ",")
            out += [str(number), stamp, f"{CAST[turn % 4]}: {_speech(rng)}" if cue == 0 else _speech(rng), ""]
    return "\n".join(out) + "\n"


def igf(rng: random.Random, turns: int) -> str:
    """IGF real-time captions: a captioner's preamble, ``>> NAME:``, bare ``>>``, stage notes."""
    out = ["RAW FILE", "IGF 2031 - DAY 1 - ROOM 3 - WS #12 Invented Lanterns Session", "", "***", ""]
    for turn in range(turns):
        if rng.random() < 0.1:
            out.append(f">> {_speech(rng)}")
        else:
            out.append(f">> {CAST[turn % 4].upper()}: {_speech(rng)}")
        out += [_speech(rng) for _ in range(rng.randint(0, 3))]
        if rng.random() < 0.1:
            out.append("(Applause)")
        if rng.random() < 0.5:
            out.append("")
    return "\n".join(out) + "\n"


FORMATS: dict[str, tuple[Callable[[random.Random, int], str], int]] = {
    "webvtt": (webvtt, 1200),
    "zoom-webvtt": (zoom_webvtt, 1200),
    "srt": (srt, 1200),
    "igf": (igf, 1500),
}


def _write(tmp_path: Path, fmt: str, line_end: str = "\n") -> Path:
    make, turns = FORMATS[fmt]
    path = tmp_path / f"big-{fmt}.txt"
    path.write_bytes(make(random.Random(fmt), turns).replace("\n", line_end).encode("utf-8"))
    return path


def _whole(path: Path) -> TranscriptReport:
    return ingest(path, limits=replace(LIMITS, above_bytes=1 << 40))


def _windows(report: TranscriptReport) -> int:
    told = next(note for note in report.detection.reading.notes if note.startswith("read as a stream"))
    return int(re.findall(r"\d+", told)[0])


def _same_reading(streamed: TranscriptReport, whole: TranscriptReport) -> None:
    assert streamed.detection.streamed == streamed.path and whole.detection.streamed is None
    assert list(streamed.turns) == list(whole.turns)
    assert list(streamed.attributions) == list(whole.attributions)
    ours, theirs = streamed.detection.reading, whole.detection.reading
    assert (ours.reader, ours.stage_notes, ours.unplaced) == (theirs.reader, theirs.stage_notes, theirs.unplaced)
    assert streamed.as_json()["turns"] == whole.as_json()["turns"]


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_a_large_file_read_as_a_stream_has_the_turns_of_reading_it_whole(tmp_path: Path, fmt: str) -> None:
    path = _write(tmp_path, fmt)
    streamed = ingest(path, limits=SMALL)
    assert _windows(streamed) >= 5
    _same_reading(streamed, _whole(path))


def test_a_cue_run_longer_than_a_window_stays_one_turn(tmp_path: Path) -> None:
    path = _write(tmp_path, "webvtt")
    streamed = ingest(path, limits=SMALL)
    longest = max(streamed.turns, key=lambda t: t.line_end - t.line_start)
    assert longest.line_end - longest.line_start > 2 * 300  # 300 cues of three lines each, less the last two
    assert longest.speech_lines == 300
    _same_reading(streamed, _whole(path))


def _monologue(tmp_path: Path) -> Path:
    """IGF captions: 200 short turns, a turn of 1,500 lines at line 201 (three windows), 199 short turns."""
    rng = random.Random("monologue")
    before = [f">> {CAST[i % 4].upper()}: {_speech(rng)}" for i in range(200)]
    monologue = [">> AMARA OKAFOR: I will take some time.", *(_speech(rng) for _ in range(1500))]
    after = [f">> {CAST[i % 4].upper()}: {_speech(rng)}" for i in range(1, 200)]
    path = tmp_path / "monologue.txt"
    path.write_text("\n".join([*before, *monologue, *after]) + "\n", encoding="utf-8")
    return path


def test_a_turn_longer_than_a_window_with_no_turn_in_the_next_is_cut_and_said_so(tmp_path: Path) -> None:
    """Precision first: a window in which the reader finds no turn does not continue the turn
    before it (the window's evidence might have missed a header): its lines are in no turn, and
    the notes give them. Whole, the monologue is one turn."""
    path = _monologue(tmp_path)
    whole, streamed = _whole(path), ingest(path, limits=SMALL)
    long_whole, long_streamed = whole.turns[200], streamed.turns[200]
    assert long_whole.header.line == long_streamed.header.line == 201 and long_whole.line_end == 1701
    assert long_streamed.line_end < long_whole.line_end
    assert [t.header for t in streamed.turns] == [t.header for t in whole.turns]
    told = f"lines {long_streamed.line_end + 1}-1701 are in no turn"
    assert any(note.startswith(told) for note in streamed.detection.reading.notes)


@pytest.mark.parametrize("line_end", ["\r\n", "\r"], ids=["crlf", "cr"])
def test_line_ends_split_between_chunks_give_the_same_turns(tmp_path: Path, line_end: str) -> None:
    path = _write(tmp_path, "igf", line_end)
    # An odd chunk size puts a chunk's end between a \r and its \n, and inside "ó" of a name.
    streamed = ingest(path, limits=replace(SMALL, chunk_bytes=37))
    _same_reading(streamed, _whole(path))


def test_control_characters_far_into_a_file_refuse_it_naming_the_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "tail.txt"
    path.write_bytes(b"Jane Doe: words of speech\n" * 20_000 + b"\x01\x02\x03\x04" * 500 + b"\n")
    with pytest.raises(SourceError, match="not text") as refused:
        list(iter_lines(path, chunk_bytes=4096))
    assert f"{path}:20001:" in str(refused.value)
    with pytest.raises(SourceError, match="not text") as again:
        ingest(path, limits=SMALL)
    assert f"{path}:20001:" in str(again.value)


def test_a_byte_that_is_not_the_files_encoding_is_refused_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + b"Jane Doe: words\n" * 3000 + b"Jane Doe: \xff\n")
    with pytest.raises(SourceError, match="not utf-8 text") as refused:
        ingest(path, limits=SMALL)
    assert f"{path}:3001:" in str(refused.value)


@pytest.mark.parametrize(
    ("data", "message"),
    [(b"\n \n" * 5000, "the file is empty"), (bytes(range(256)) * 400, "is not text")],
    ids=["blank", "binary"],
)
def test_a_streamed_file_is_refused_as_a_file_read_whole_is(tmp_path: Path, data: bytes, message: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(SourceError, match=message) as refused:
        ingest(path, limits=SMALL)
    assert str(path) in str(refused.value)


def test_a_file_over_the_stream_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    path.write_bytes(b"Jane: words\n" * 1000)
    with pytest.raises(SourceError, match="read up to 100") as refused:
        ingest(path, limits=replace(SMALL, max_bytes=100))
    assert str(path) in str(refused.value)


def test_the_whole_text_of_a_streamed_file_is_read_again_only_when_asked_for(tmp_path: Path) -> None:
    path = _write(tmp_path, "srt")
    streamed = ingest(path, limits=SMALL)
    assert len(streamed.detection.sample.lines) < 2000  # the first window only
    assert streamed.detection.text == read_transcript(path)


TEI_HEAD = """\
<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0">
  <teiHeader><fileDesc><titleStmt><title>Invented Assembly, 2031-05-06</title></titleStmt></fileDesc></teiHeader>
  <text>
    <body>
"""


def _tei(tmp_path: Path, utterances: int) -> Path:
    rng = random.Random("tei")
    body = "".join(
        f'      <u who="#{CAST[i % 4].replace(" ", "")}">\n        <seg>{_speech(rng)}</seg>\n      </u>\n'
        for i in range(utterances)
    )
    path = tmp_path / "sitting.xml"
    path.write_text(TEI_HEAD + body + "    </body>\n  </text>\n</TEI>\n", encoding="utf-8")
    return path


def test_tei_is_read_whole_by_its_reader_alone_up_to_a_limit(tmp_path: Path) -> None:
    path = _tei(tmp_path, 600)
    whole, large = _whole(path), ingest(path, limits=SMALL)
    assert large.detection.reading.reader == "tei" and large.detection.streamed is None
    assert list(large.turns) == list(whole.turns) and len(whole.turns) == 600
    with pytest.raises(SourceError, match=r"TEI XML.*read.*whole, up to 1,000 bytes") as refused:
        ingest(path, limits=replace(SMALL, whole_bytes=1000))
    assert str(path) in str(refused.value)


def test_an_html_page_is_read_whole_up_to_a_limit(tmp_path: Path) -> None:
    rng = random.Random("page")
    paragraphs = "".join(f"<p>&gt;&gt; {CAST[i % 4].upper()}: {_speech(rng)}</p>\n" for i in range(800))
    path = tmp_path / "captions.html"
    path.write_text(f"<!DOCTYPE html>\n<html><body>\n{paragraphs}</body></html>\n", encoding="utf-8")
    large = ingest(path, limits=SMALL)
    assert large.detection.html and list(large.turns) == list(_whole(path).turns)
    with pytest.raises(SourceError, match="HTML page") as refused:
        ingest(path, limits=replace(SMALL, whole_bytes=1000))
    assert str(path) in str(refused.value)


def test_a_large_file_whose_first_window_has_no_turn_says_what_was_read(tmp_path: Path) -> None:
    path = tmp_path / "prose.txt"
    path.write_text("The lantern budget was reviewed and the group met again.\n" * 2000, encoding="utf-8")
    report = ingest(path, limits=SMALL)
    assert not report.turns
    assert "no reader finds a speaker turn" in report.detection.explanation
    assert "in the first" in report.detection.explanation


def test_a_limits_object_is_what_tests_change() -> None:
    """The defaults: files up to 8 MB read whole, exactly as before; windows of 2 M characters."""
    assert Limits().above_bytes == 8 * 1024 * 1024 and Limits().window_chars == 2_000_000
