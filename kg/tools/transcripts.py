"""Measure the transcript readers against the gold annotations (tests/data/transcripts/gold/).

``python -m kg.tools.transcripts`` prints, per transcript, the reader chosen, its confidence and
the precision, recall and F1 of the header lines it finds ("one header line = one turn"), and
lists the lines it misses or adds. The tests hold the same figures to their floor.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

from kg.core import settings
from kg.meetings.transcripts.ingest import ingest

GOLD_DIR = settings.PACKAGE_DIR.parent / "tests" / "data" / "transcripts" / "gold"
CORPUS_DIR = settings.PACKAGE_DIR.parent.parent / "shared" / "corpus" / "transcripts"


@dataclass(frozen=True)
class Score:
    file: str
    reader: str
    confidence: float
    gold: int
    found: int
    missed: tuple[int, ...]
    extra: tuple[int, ...]

    @property
    def precision(self) -> float:
        return (self.found - len(self.extra)) / self.found if self.found else 0.0

    @property
    def recall(self) -> float:
        return (self.gold - len(self.missed)) / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def transcript_path(gold: dict[str, object]) -> Path:
    name = str(gold["file"])
    return (settings.sources_dir() if gold.get("source") == "seed" else CORPUS_DIR) / name


def score(gold_file: Path) -> Score:
    gold = json.loads(gold_file.read_text(encoding="utf-8"))
    headers = gold["headers"]
    wanted = {int(h["line"]) for h in headers}
    report = ingest(transcript_path(gold))
    found = {t.header.line for t in report.turns}
    return Score(
        str(gold["file"]),
        report.detection.reading.reader,
        report.detection.reading.confidence,
        len(wanted),
        len(found),
        tuple(sorted(wanted - found)),
        tuple(sorted(found - wanted)),
    )


def main() -> int:
    print(f"{'file':52} {'reader':16} {'conf':>5} {'gold':>5} {'found':>5} {'P':>6} {'R':>6} {'F1':>6}")
    for gold_file in sorted(GOLD_DIR.glob("*.json")):
        s = score(gold_file)
        print(
            f"{s.file:52} {s.reader:16} {s.confidence:5.2f} {s.gold:5d} {s.found:5d} "
            f"{s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f}"
        )
        if "-v" in sys.argv:
            print(f"    missed {list(s.missed)[:20]}\n    extra  {list(s.extra)[:20]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
