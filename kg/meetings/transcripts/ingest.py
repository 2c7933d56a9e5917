"""One transcript, end to end: bytes -> lines -> the best reader -> turns -> speakers resolved.

What a user sees of it (``igkg ingest-meeting``): the format detected and how sure, the turns
with their header line, label as written, resolved speaker (or none) and how it was resolved, and
the labels left unresolved for review. The JSON shape of :meth:`TranscriptReport.as_json` is a
contract: ``turns`` is a list of objects with at least ``line`` (the 1-based header line),
``label`` (as written), ``speaker`` (the resolved slug, or null) and ``how``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from kg.meetings.transcripts.decode import read_transcript
from kg.meetings.transcripts.detect import Detection, detect
from kg.meetings.transcripts.model import Header
from kg.meetings.transcripts.segment import Turn, turns


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
    turns: tuple[Turn, ...]
    attributions: tuple[Attribution, ...]

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
            "turns": [_turn_json(t, a) for t, a in zip(self.turns, self.attributions, strict=True)],
            "resolved_share": round(self.resolved_share, 3),
            "unresolved": [{"label": label, "lines": lines} for label, lines in self.unresolved().items()],
            "stage_notes": list(reading.stage_notes),
            "unplaced": list(reading.unplaced),
            "notes": [*reading.notes, *([self.detection.explanation] if self.detection.explanation else [])],
        }


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


def ingest(path: Path, resolver: SpeakerResolver | None = None, reader: str | None = None) -> TranscriptReport:
    """Read one transcript and attribute its turns. Raises SourceError for a file it cannot read."""
    raw = read_transcript(path)
    detection = detect(path, raw, reader)
    found = tuple(turns(detection.text if detection.text.line_map is None else raw, detection.reading))
    who = resolver or NoResolver()
    return TranscriptReport(path, detection, found, tuple(who.attribute(t.header) for t in found))
