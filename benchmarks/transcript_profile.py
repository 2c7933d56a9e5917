"""Where transcript ingestion spends its time, on a sample of the benchmark's files.

Two views, both in one process, in CPU seconds (``process_time``: the machine is shared, and wall
time would count the waits):

- stages: the steps of ``kg.meetings.transcripts.ingest.ingest`` timed one by one (decoding, the
  HTML check, EVERY reader on every file since detection runs them all, cutting turns, resolving
  speakers), per format of the sample, and per reader on its own format against the others; no
  profiler overhead, so the shares are those of a real run. Their sum is set against ``ingest``
  itself on the same files.
- functions: cProfile over ``ingest`` on the same files, the functions with the most time of their
  own (py-spy is not installed here).

It only measures: the readers are other engineers' code and are not changed here.
"""

from __future__ import annotations

import cProfile
import pstats
import time
from collections import defaultdict
from pathlib import Path

from benchmarks.plan import ROOT, Result
from benchmarks.transcript_formats import FORMATS, Generated

#: Functions listed from cProfile, by their own time.
TOP = 20


def sample(made: list[Generated], per_format: int) -> list[Generated]:
    """The first ``per_format`` files of each format."""
    taken: dict[str, list[Generated]] = defaultdict(list)
    for g in made:
        if len(taken[g.fmt]) < per_format:
            taken[g.fmt].append(g)
    return [g for files in taken.values() for g in files]


class _Laps:
    """Seconds per stage, added up over files: each lap ends one stage and starts the next."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self._clock = time.process_time()

    def start(self) -> None:
        self._clock = time.process_time()

    def lap(self, stage: str) -> None:
        now = time.process_time()
        self.seconds[stage] += now - self._clock
        self._clock = now


def _stage_times(folder: Path, files: list[Generated]) -> dict[str, dict[str, float]]:
    """Seconds per stage per format, each stage as ``ingest`` and ``detect`` run it."""
    from kg.meetings.attribution import resolver_for
    from kg.meetings.transcripts.decode import read_transcript
    from kg.meetings.transcripts.detect import readers
    from kg.meetings.transcripts.html import page_text
    from kg.meetings.transcripts.model import Reading
    from kg.meetings.transcripts.segment import turns

    resolver = resolver_for(None)
    by_format: dict[str, _Laps] = defaultdict(_Laps)
    for g in files:
        laps = by_format[g.fmt]
        laps.start()
        raw = read_transcript(folder / g.name)
        laps.lap("decode")
        text = page_text("\n".join(raw.lines), raw.name) or raw
        laps.lap("html check")
        readings: list[Reading] = []
        for name, reader in readers().items():
            try:
                readings.append(reader.read(text))
            except Exception:  # detect() takes a failing reader as one that does not fit; so do we
                readings.append(Reading(reader=name, confidence=0.0))
            laps.lap(f"reader {name}")
        best = max(readings, key=lambda r: (r.confidence, len(r.headers)))
        found = turns(text, best)
        laps.lap("segment")
        for turn in found:
            resolver.attribute(turn.header)
        laps.lap("resolve")
    return {fmt: dict(laps.seconds) for fmt, laps in by_format.items()}


def _ingest_all(folder: Path, files: list[Generated]) -> float:
    from kg.meetings.attribution import resolver_for
    from kg.meetings.transcripts.ingest import ingest

    resolver = resolver_for(None)
    started = time.process_time()
    for g in files:
        ingest(folder / g.name, resolver)
    return time.process_time() - started


def _where(key: tuple[str, int, str]) -> str:
    """``kg/…/igf.py:123(read)``: a function by its place, relative to the repository (or to
    site-packages for a library, or as cProfile names a built-in)."""
    file, line, name = key
    if file == "~":
        return name  # a built-in: "<method 'match' of 're.Pattern' objects>"
    path = Path(file)
    if "site-packages" in path.parts:
        file = "/".join(path.parts[path.parts.index("site-packages") + 1 :])
    elif path.is_relative_to(ROOT):
        file = str(path.relative_to(ROOT))
    elif path.is_absolute():
        file = "/".join(path.parts[-2:])  # the standard library: its folder and file
    return f"{file}:{line}({name})"


def _top_functions(folder: Path, files: list[Generated]) -> list[Result]:
    from kg.meetings.attribution import resolver_for
    from kg.meetings.transcripts.ingest import ingest

    resolver = resolver_for(None)
    profiler = cProfile.Profile()
    profiler.enable()
    for g in files:
        ingest(folder / g.name, resolver)
    profiler.disable()
    raw: dict[tuple[str, int, str], tuple[int, int, float, float, object]] = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    ranked = sorted(raw.items(), key=lambda item: -item[1][2])[:TOP]
    return [
        {"function": _where(key), "calls": calls, "own_seconds": own, "cumulative_seconds": cumulative}
        for key, (_, calls, own, cumulative, _) in ranked
    ]


def _reader_costs(by_format: dict[str, dict[str, float]]) -> dict[str, dict[str, float]]:
    """Per reader, the seconds it spent on files of its own format and on all the others (where
    detection runs it only to hear it say "not mine")."""
    costs: dict[str, dict[str, float]] = {}
    for fmt, stages in by_format.items():
        own_reader = FORMATS[fmt][1]
        for stage, seconds in stages.items():
            if stage.startswith("reader "):
                name = stage.removeprefix("reader ")
                cost = costs.setdefault(name, {"own_format": 0.0, "other_formats": 0.0})
                cost["own_format" if name == own_reader else "other_formats"] += seconds
    return dict(sorted(costs.items(), key=lambda kv: -sum(kv[1].values())))


def profile(folder: Path, made: list[Generated], per_format: int) -> Result:
    """The stage times and the hottest functions on a sample of ``per_format`` files per format."""
    files = sample(made, per_format)
    _ingest_all(folder, files[:1])  # warm: imports and the speaker index are not the files' cost
    by_format = _stage_times(folder, files)
    stages: dict[str, float] = defaultdict(float)
    for times in by_format.values():
        for stage, seconds in times.items():
            stages[stage] += seconds
    return {
        "sample_files": len(files),
        "sample_lines": sum(g.lines for g in files),
        "ingest_seconds": _ingest_all(folder, files),
        "stage_seconds": dict(sorted(stages.items(), key=lambda kv: -kv[1])),
        "stage_seconds_by_format": by_format,
        "reader_seconds": _reader_costs(by_format),
        "top_functions": _top_functions(folder, files),
    }
