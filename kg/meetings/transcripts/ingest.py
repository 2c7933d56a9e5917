"""One transcript, end to end: bytes -> lines -> the best reader -> turns -> speakers resolved.

What a user sees of it (``igkg ingest-meeting``): the format detected and how sure, the turns
with their header line, label as written, resolved speaker (or none) and how it was resolved, and
the labels left unresolved for review. The JSON shape of :meth:`TranscriptReport.as_json` is a
contract: ``turns`` is a list of objects with at least ``line`` (the 1-based header line),
``label`` (as written), ``speaker`` (the resolved slug, or null) and ``how``.
:meth:`TranscriptReport.as_json_stream` is the same document with its turns made as they are
written, so that writing it does not hold every turn as an object.

A file up to :attr:`~kg.meetings.transcripts.stream.Limits.above_bytes` (8 MB) is read whole:
every reader on the whole text, the turns as tuples. A larger one is read as a stream
(:mod:`kg.meetings.transcripts.stream`), in memory that does not grow with the file: its turns
and attributions are compact sequences (:mod:`kg.meetings.transcripts.turntable`), read like the
tuples; its ``detection.reading`` holds no headers (the turns do) and no scaffolding.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from kg.core.jsonstream import JsonList
from kg.meetings.transcripts.decode import read_transcript, transcript_size
from kg.meetings.transcripts.detect import Detection, detect
from kg.meetings.transcripts.model import Header
from kg.meetings.transcripts.segment import Turn, turns
from kg.meetings.transcripts.stream import LIMITS, Limits, read_large
from kg.meetings.transcripts.turntable import Interned


@dataclass(frozen=True)
class Attribution:
    """Who a turn's label names, and how that was decided."""

    speaker: str | None  # a slug of igkg's records, or None
    how: str  # exact, alias, role, country, fuzzy, generic, ambiguous, unresolved
    confidence: float = 0.0
    candidates: tuple[str, ...] = ()


class SpeakerResolver(Protocol):
    def attribute(self, header: Header) -> Attribution: ...


class NoResolver:
    """Resolves nobody: for a preview without records, every label stays as written."""

    def attribute(self, header: Header) -> Attribution:
        return Attribution(None, "generic" if header.kind != "speaker" else "unresolved")


@dataclass(frozen=True)
class TranscriptReport:
    path: Path
    detection: Detection
    turns: Sequence[Turn]  # a tuple, or for a file read as a stream a TurnTable
    attributions: Sequence[Attribution]

    @property
    def resolved_share(self) -> float:
        named = [a for t, a in zip(self.turns, self.attributions, strict=True) if t.header.kind == "speaker"]
        return sum(1 for a in named if a.speaker) / len(named) if named else 0.0

    def unresolved(self) -> dict[str, list[int]]:
        """Labels that name someone but resolve to no record (or to several), with their lines."""
        found: dict[str, list[int]] = defaultdict(list)
        for turn, attribution in zip(self.turns, self.attributions, strict=True):
            if turn.header.kind == "speaker" and attribution.speaker is None:
                found[turn.header.label].append(turn.header.line)
        return dict(sorted(found.items()))

    def as_json(self) -> dict[str, object]:
        """The report as one JSON object (the contract of the module docstring), every turn an
        object in memory: for a small file, or a caller that keeps the document."""
        return self._document(list(self._turns_json()))

    def as_json_stream(self) -> dict[str, object]:
        """:meth:`as_json` with its ``turns`` made one by one as they are written: a
        :class:`~kg.core.jsonstream.JsonList`, for :func:`~kg.core.jsonstream.json_pieces`, whose
        text is byte for byte that of :meth:`as_json` (a 50 MB caption file's turns as objects
        would take some 500 MB). It can be written once."""
        return self._document(JsonList(self._turns_json()))

    def _document(self, turns: object) -> dict[str, object]:
        reading = self.detection.reading
        return {
            "file": str(self.path),
            "reader": reading.reader,
            "confidence": round(reading.confidence, 3),
            "confident": self.detection.confident,
            "scores": dict(sorted(self.detection.scores.items(), key=lambda kv: (-kv[1], kv[0]))),
            "html": self.detection.html,
            "title": reading.title or None,
            "date": reading.date or None,
            "turns": turns,
            "resolved_share": round(self.resolved_share, 3),
            "unresolved": [{"label": label, "lines": lines} for label, lines in self.unresolved().items()],
            "stage_notes": list(reading.stage_notes),
            "unplaced": list(reading.unplaced),
            "notes": [*reading.notes, *([self.detection.explanation] if self.detection.explanation else [])],
        }

    def _turns_json(self) -> Iterator[dict[str, object]]:
        return (_turn_json(t, a) for t, a in zip(self.turns, self.attributions, strict=True))


def _turn_json(turn: Turn, attribution: Attribution) -> dict[str, object]:
    header = turn.header
    return {
        "line": header.line,
        "label": header.label,
        "speaker": attribution.speaker,
        "how": attribution.how,
        "kind": header.kind,
        "line_end": turn.line_end,
        "time": header.time or None,
        "affiliation": header.affiliation or None,
        "role": header.role or None,
        "confidence": round(min(header.confidence, attribution.confidence or 1.0), 3),
        "candidates": list(attribution.candidates),
    }


def ingest(
    path: Path, resolver: SpeakerResolver | None = None, reader: str | None = None, limits: Limits = LIMITS
) -> TranscriptReport:
    """Read one transcript and attribute its turns. Raises SourceError for a file it cannot read."""
    who = resolver or NoResolver()
    if transcript_size(path) > limits.above_bytes:
        streamed = read_large(path, reader, limits)
        # Attributions repeat with the labels: each distinct one is kept once.
        attributions: Interned[Attribution] = Interned()
        for turn in streamed.turns:
            attributions.append(who.attribute(turn.header))
        return TranscriptReport(path, streamed.detection, streamed.turns, attributions)
    raw = read_transcript(path)
    detection = detect(path, raw, reader)
    found = tuple(turns(detection.text if detection.text.line_map is None else raw, detection.reading))
    return TranscriptReport(path, detection, found, tuple(who.attribute(t.header) for t in found))
