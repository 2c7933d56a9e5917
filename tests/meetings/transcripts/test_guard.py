"""A reader never raises (kg/meetings/transcripts/guard.py): its own error, or a parsing library's,
is a reading with confidence 0 and a note that says what went wrong; a binary text is no
transcript. Checked with real readers on hostile texts, and with a reader made to fail."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from kg.meetings.transcripts.detect import readers
from kg.meetings.transcripts.guard import attempt, binary, describe, failed, never_raises
from kg.meetings.transcripts.model import Reading, SourceText


@dataclass
class _Broken:
    """A reader with a bug: it fails on every text."""

    name: str = "broken"

    @never_raises
    def read(self, text: SourceText) -> Reading:
        raise KeyError(text.name)


def test_a_failing_reader_gives_a_reading_of_confidence_zero_that_names_the_error() -> None:
    reading = _Broken().read(SourceText("t.txt", ("Jane Doe: hello",)))
    assert reading.reader == "broken"
    assert reading.confidence == 0.0
    assert reading.headers == ()
    assert reading.notes == ("the broken reader failed: KeyError: 't.txt'",)


def test_every_reader_is_guarded() -> None:
    for reader in readers().values():
        assert hasattr(type(reader).read, "__wrapped__"), reader.name


HOSTILE = [
    "",
    "\x00\x01\x02" * 100,
    "\ud800 lone surrogate\n>> \ud800:",
    "WEBVTT\n\n00:00:01.000 --> garbage\n<v \x00>",
    "1\n00:00:01,000 --> 00:00:02,000\n" + "x" * 100_000,
    '<?xml version="1.0"?>\n<!DOCTYPE t [<!ENTITY a "aaaa">]>\n<TEI><u who="#a">&a;</u></TEI>',
    "<TEI><u who='#x'>unclosed",
    "**" * 5000 + ":",
    ">> " * 5000,
]


@pytest.mark.parametrize("text", HOSTILE)
def test_no_reader_raises_on_hostile_text(text: str) -> None:
    source = SourceText("hostile.txt", tuple(text.splitlines()))
    for reader in readers().values():
        reading = reader.read(source)
        assert isinstance(reading, Reading)
        assert reading.reader == reader.name


def test_a_library_call_gives_its_value_or_its_error() -> None:
    assert attempt(lambda: int("42")).value == 42
    refused = attempt(lambda: int("forty-two"))
    assert refused.value is None
    assert refused.error == "ValueError: invalid literal for int() with base 10: 'forty-two'"


def test_an_error_is_described_briefly() -> None:
    assert describe(ValueError()) == "ValueError"
    long = describe(ValueError("x " * 500))
    assert long.startswith("ValueError: x x") and long.endswith("…") and len(long) < 220
    assert failed("srt", OSError("gone")).notes == ("the srt reader failed: OSError: gone",)


def test_binary_texts() -> None:
    assert binary(["Jane Doe: hello", "\x00"])
    assert binary(["\x01\x02\x03 garbage" * 10])
    assert binary(["\ufffd\ufffd decoded wrongly" * 3])
    assert not binary(["Jane Doe:\thello\f", "Amara Okafor: 你好, Привет"])
    assert not binary([])
