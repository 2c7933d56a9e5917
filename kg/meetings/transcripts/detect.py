"""Which format a transcript is in: every reader reads it, the most confident one wins.

A page saved as HTML is first turned into text (:mod:`kg.meetings.transcripts.html`, keeping each
line's place in the page), then read like any text; the headers' lines are mapped back to the
page's. ``--reader NAME`` forces one reader; a forced reader that finds no header is refused.

For a file too large to read whole (:mod:`kg.meetings.transcripts.stream`), detection reads its
first window only: the scores are those of that window, and :attr:`Detection.text` reads the
file again, whole, for the callers that need every line.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, replace
from functools import cache, cached_property
from pathlib import Path

from kg.core.errors import SourceError
from kg.meetings.transcripts.model import Reader, Reading, SourceText

#: The reader modules under kg/meetings/transcripts/readers/, in the order that breaks ties.
READER_MODULES = ("webvtt", "srt", "tei", "igf", "verbatim", "exports", "markdown", "scribe", "notes", "plain")
#: Below this, the best reading is used but reported as unsure; with no header at all, refused.
CONFIDENT = 0.5


@cache
def readers() -> dict[str, Reader]:
    """Every reader by its name."""
    found: dict[str, Reader] = {}
    for module in READER_MODULES:
        reader: Reader = importlib.import_module(f"kg.meetings.transcripts.readers.{module}").READER
        found[reader.name] = reader
    return found


@dataclass(frozen=True)
class Detection:
    """The reading chosen, the text it was read from, and every reader's score."""

    sample: SourceText  # the text read: the whole text (a page's visible text), or a streamed file's first window
    reading: Reading
    scores: dict[str, float]
    html: bool = False
    explanation: str = ""  # when no reader found a turn: the formats tried, their scores, what was not placed
    streamed: Path | None = None  # the file, when ``sample`` is only its first window

    @property
    def confident(self) -> bool:
        return self.reading.confidence >= CONFIDENT

    @cached_property
    def text(self) -> SourceText:
        """The whole text the turns' lines point into. For a streamed file it is read again, whole,
        on first use (up to :data:`~kg.meetings.transcripts.decode.MAX_TRANSCRIPT_BYTES`, else a
        SourceError naming the file): only callers that need every line should ask for it."""
        if self.streamed is None:
            return self.sample
        from kg.meetings.transcripts.decode import read_transcript

        return read_transcript(self.streamed)


def detect(path: Path, raw: SourceText, forced: str | None = None) -> Detection:
    """Read ``raw`` with every reader (or the ``forced`` one) and keep the best reading."""
    from kg.meetings.transcripts.html import page_text

    known = readers()
    if forced is not None and forced not in known:
        raise SourceError(path, f"--reader {forced!r} is not a reader; the readers are: {', '.join(known)}")
    page = page_text("\n".join(raw.lines), raw.name)
    text = page if page is not None else raw
    scores = {name: safe_read(reader, text) for name, reader in known.items()}
    if forced is not None:
        reading = scores[forced]
        if not reading.headers:
            raise SourceError(path, f"--reader {forced} does not fit this file: {_tried(scores)}")
    else:
        # No reader finding a turn is not a refusal: the report says which formats were tried,
        # with their scores, and what could not be placed.
        reading = max(scores.values(), key=lambda r: (r.confidence, len(r.headers)))
    rounded = {name: round(r.confidence, 3) for name, r in scores.items()}
    explained = "" if reading.headers else _tried(scores)
    return Detection(text, _mapped(reading, text), rounded, page is not None, explained)


def read_as(path: Path, raw: SourceText, name: str, scores: dict[str, float]) -> Detection:
    """``raw`` (a page's text taken from it first) read by the reader ``name`` alone, detection
    having been made on a sample whose ``scores`` are kept: for a file too large for every reader."""
    from kg.meetings.transcripts.html import page_text

    page = page_text("\n".join(raw.lines), raw.name)
    text = page if page is not None else raw
    reading = safe_read(readers()[name], text)
    explained = "" if reading.headers else _tried({name: reading})
    return Detection(text, _mapped(reading, text), scores, page is not None, explained)


def safe_read(reader: Reader, text: SourceText) -> Reading:
    """A reader's reading; a reader that fails is a reader that does not fit (never a crash)."""
    try:
        return reader.read(text)
    except Exception as exc:  # a reader bug must cost that reader only
        return Reading(reader=reader.name, confidence=0.0, notes=(f"the reader failed: {type(exc).__name__}",))


def _tried(scores: dict[str, Reading]) -> str:
    ranked = sorted(scores.values(), key=lambda r: -r.confidence)
    tried = ", ".join(f"{r.reader} {r.confidence:.2f}" for r in ranked)
    unplaced = next((r.unplaced[:5] for r in ranked if r.unplaced), ())
    where = f"; lines that look like headers but could not be read: {', '.join(map(str, unplaced))}" if unplaced else ""
    return f"no reader finds a speaker turn; formats tried, with their scores: {tried}{where}"


def _mapped(reading: Reading, text: SourceText) -> Reading:
    """The reading with its line numbers in the original file (for text taken from a page)."""
    if text.line_map is None:
        return reading
    line = text.source_line
    headers = tuple(
        replace(h, line=line(h.line), last_line=line(h.last_line) if h.last_line is not None else None)
        for h in reading.headers
    )
    return replace(
        reading,
        headers=headers,
        stage_notes=tuple(line(n) for n in reading.stage_notes),
        scaffolding=tuple(line(n) for n in reading.scaffolding),
        unplaced=tuple(line(n) for n in reading.unplaced),
    )
