"""The transcript readers on any input (hypothesis): arbitrary text, text shaped like the formats
(header lines of every convention, timings, cues, markup, mixed line ends), the conventions of
the sweep (tests/meetings/transcripts/test_sweep.py) cut up and stirred, and arbitrary bytes in
any encoding.

- ``ingest`` reads a file or refuses it with a :class:`SourceError` naming it (from decoding),
  never anything else, whether the file is read whole or as a stream (tiny limits);
- every header line, turn end, stage note, scaffolding and unplaced line is a line of the file;
- turns come in order, each from its header line to a line at or after it, and never overlap;
- every reader, called on its own, never raises (detection hides a reader's exception as a zero
  score, which would hide a bug here).

Under CI=true the examples are the same on every run (the ``igkg-ci`` profile, tests/conftest.py).
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.core.errors import SourceError
from kg.meetings.transcripts.decode import read_transcript
from kg.meetings.transcripts.detect import readers
from kg.meetings.transcripts.ingest import TranscriptReport, ingest
from kg.meetings.transcripts.model import Reading, SourceText
from kg.meetings.transcripts.stream import LIMITS
from tests.meetings.transcripts import test_sweep

#: Read as a stream from the first byte, in windows of a few lines.
TINY = replace(LIMITS, above_bytes=0, window_chars=300, chunk_bytes=64, prologue_lines=5, prologue_chars=200)
SEEDS = [value for name, value in vars(test_sweep).items() if name.isupper() and isinstance(value, str)]

_NAMES = st.sampled_from(["Jane Doe", "MODERATOR", "Mr. Smith", "H.E. Ms. Amina Odhiambo", "SPEAKER_01", "Kenya", "é"])
_TIMES = st.sampled_from(
    ["00:00:01.000 --> 00:00:02.000", "00:00:01,000 --> 00:00:02,000", "0:07", "(00:00:01)", "99:99"]
)
_WORDS = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30)
LINE = st.one_of(
    _WORDS,
    st.sampled_from(["", "WEBVTT", "1", "NOTE x", "[Applause]", "(spoke in French)", "---", "# Title", "</v>", "<u>"]),
    st.builds("{}: {}".format, _NAMES, _WORDS),
    st.builds("<v {}>{}</v>".format, _NAMES, _WORDS),
    st.builds(">> {}: {}".format, _NAMES, _WORDS),
    st.builds("**{}:** {}".format, _NAMES, _WORDS),
    st.builds("[{}]: {}".format, _NAMES, _WORDS),
    st.builds("{}  {}".format, _NAMES, _TIMES),
    st.builds('<u who="#{}">{}</u>'.format, _NAMES, _WORDS),
    st.builds("<p>&gt;&gt; {}: {}</p>".format, _NAMES, _WORDS),
    _TIMES,
)
LINE_ENDS = st.sampled_from(["\n", "\r\n", "\r"])


@st.composite
def shaped(draw: st.DrawFn) -> str:
    """Lines of the formats, joined by a line end chosen for the text (sometimes mixed)."""
    lines = draw(st.lists(LINE, max_size=40))
    if draw(st.booleans()):
        end = draw(LINE_ENDS)
        return end.join(lines)
    return "".join(line + draw(LINE_ENDS) for line in lines)


@st.composite
def stirred(draw: st.DrawFn) -> str:
    """A convention of the sweep with some of its lines dropped, repeated, moved or replaced."""
    lines = draw(st.sampled_from(SEEDS)).splitlines()
    for _ in range(draw(st.integers(0, 6))):
        at = draw(st.integers(0, max(0, len(lines) - 1)))
        action = draw(st.sampled_from(["drop", "repeat", "move", "replace", "cut"]))
        if not lines:
            break
        if action == "drop":
            del lines[at]
        elif action == "repeat":
            lines.insert(at, lines[at])
        elif action == "move":
            lines.insert(draw(st.integers(0, len(lines))), lines.pop(at))
        elif action == "replace":
            lines[at] = draw(LINE)
        else:
            lines[at] = lines[at][: draw(st.integers(0, len(lines[at])))]
    return draw(LINE_ENDS).join(lines)


TEXTS = st.one_of(st.text(max_size=400), shaped(), stirred())
_ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "cp1252"])
BYTES = st.one_of(
    st.binary(max_size=400),
    st.builds(lambda text, encoding: text.encode(encoding, "replace"), TEXTS, _ENCODINGS),
    st.builds(lambda text, junk: text.encode() + junk, TEXTS, st.binary(max_size=8)),
)


def settled(examples: int) -> settings:
    """Sized so that the file runs in about 30 s on a loaded 2-core machine."""
    return settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
    )


def check_reading(reading: Reading, lines: int) -> None:
    """Every line a reading names is a line of the text."""
    for header in reading.headers:
        assert 1 <= header.line <= lines, header
        assert header.last_line is None or header.line <= header.last_line <= lines, header
        assert 0.0 <= header.confidence <= 1.0, header
    for name in ("stage_notes", "scaffolding", "unplaced"):
        assert all(1 <= line <= lines for line in getattr(reading, name)), (name, getattr(reading, name))
    assert 0.0 <= reading.confidence <= 1.0


def check_report(report: TranscriptReport, lines: int) -> None:
    """Turns in order, within the file, each after the one before; the report writes as JSON."""
    check_reading(report.detection.reading, lines)
    previous_end = 0
    for order, turn in enumerate(report.turns, 1):
        assert turn.order == order
        assert turn.line_start == turn.header.line and 1 <= turn.line_start <= turn.line_end <= lines, turn
        assert turn.line_start > previous_end, (previous_end, turn)
        previous_end = turn.line_end
    assert len(report.attributions) == len(report.turns)
    json.dumps(report.as_json())


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz-transcripts")


def read_file(path: Path, data: bytes) -> None:
    """Ingest ``data`` as a file, whole and as a stream: read, or refused naming the file."""
    path.write_bytes(data)
    try:
        lines = len(read_transcript(path).lines)
    except SourceError as refused:
        assert str(refused).startswith(str(path)), refused
        with pytest.raises(SourceError):
            ingest(path)
        with pytest.raises(SourceError):  # read as a stream, it is refused all the same
            ingest(path, limits=TINY)
        return
    for limits in (LIMITS, TINY):
        try:
            report = ingest(path, limits=limits)
        except SourceError as refused:  # only a streamed reader's own limits may refuse it now
            assert limits is TINY and str(refused).startswith(str(path)), refused
            continue
        check_report(report, lines)


@settled(800)
@given(TEXTS)
def test_any_text_is_read_into_ordered_turns_within_its_lines(folder: Path, text: str) -> None:
    read_file(folder / "transcript.txt", text.encode("utf-8", "surrogatepass"))


@settled(500)
@given(BYTES)
def test_any_bytes_are_read_or_refused_naming_the_file(folder: Path, data: bytes) -> None:
    read_file(folder / "transcript.bin", data)


@settled(600)
@given(TEXTS)
def test_no_reader_raises_on_any_text(text: str) -> None:
    lines = tuple(re.split(r"\r\n|\r|\n", text))  # the decoder's line ends, no others
    for reader in readers().values():
        check_reading(reader.read(SourceText("transcript.txt", lines)), len(lines))


def test_a_file_refused_whole_is_refused_as_a_stream_too(folder: Path) -> None:
    path = folder / "controls.txt"
    path.write_bytes(b"\x01" * 300)  # one line as long as TINY's window
    with pytest.raises(SourceError, match="full of control characters"):
        ingest(path)
    with pytest.raises(SourceError, match="full of control characters"):
        ingest(path, limits=TINY)
