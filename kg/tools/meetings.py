"""Regenerate the committed meeting extractions: ``python -m kg.tools.meetings [--check]``.

For every metadata file in kg/data/meetings/ (``STEM.meta.yaml``) this reads the source
``STEM.txt`` with the meeting-record loader and writes kg/data/records/meetings/STEM.yaml, the
same as ``igkg ingest-meeting`` would; and, for the prepared texts (talking points, slides), a file of
their linked mentions only. With ``--check`` it writes nothing and exits 1 if a
committed file differs from what the loader produces.
"""

from __future__ import annotations

import sys
from pathlib import Path

from kg.core import settings
from kg.core.files import write_atomic
from kg.meetings import extract, mentions_yaml, read_meta, read_record_text, to_yaml
from kg.meetings.mentions import alias_table, find_mentions
from kg.records.load import MEETINGS_SUBDIR, read_records
from kg.records.names import name_table

#: Records that are prepared texts (talking points, slides), not transcripts: no turns to read,
#: but their mentions are linked too. Source file -> the meeting it was prepared for.
PREPARED_TEXTS = {
    "002_d7f4be828bee6026.txt": "meeting-2014-05-cstd-17",
    "003_669eaa658907defa.txt": "meeting-2012-01-wg-igf-improvements-4",
}


def produce(sources_dir: Path | None = None, notes: list[str] | None = None) -> dict[Path, str]:
    """Each committed extraction's path -> the text the loader produces for it now. ``notes``
    collects the metadata's per-line corrections that the readers make unnecessary."""
    sources = sources_dir or settings.sources_dir()
    records = read_records(settings.records_dir(), settings.sources_dir(), with_meetings=False)
    aliases, _ = name_table(settings.data_dir() / "names.yaml")
    out: dict[Path, str] = {}
    for meta_path in sorted((settings.data_dir() / "meetings").glob("*.meta.yaml")):
        meta = read_meta(meta_path)
        extraction = extract(sources / meta.source, meta, records, aliases)
        for field, line in extraction.unneeded:
            if notes is not None:
                notes.append(f"{meta_path}: field {field!r}, line {line}: the reader decides it so already; remove it")
        target = settings.records_dir() / MEETINGS_SUBDIR / f"{Path(meta.source).stem}.yaml"
        out[target] = to_yaml(extraction, f"igkg ingest-meeting {meta.source} --meta {meta_path.name}")
    table = alias_table(records, aliases)
    for name, meeting in sorted(PREPARED_TEXTS.items()):
        found = tuple(find_mentions(name, read_record_text(sources / name), table))
        header = [
            f"# Mentions in {name}, a prepared text (no speaker turns), as `python -m kg.tools.meetings` links them.",
            "# Do not edit: a test checks that this file is exactly what the linker produces.",
            "",
        ]
        out[settings.records_dir() / MEETINGS_SUBDIR / f"{Path(name).stem}.yaml"] = (
            "\n".join(header + mentions_yaml(found, meeting)).rstrip("\n") + "\n"
        )
    return out


def main() -> int:
    check = "--check" in sys.argv
    stale = 0
    notes: list[str] = []
    for target, text in produce(notes=notes).items():
        current = target.read_text(encoding="utf-8") if target.is_file() else None
        if current == text:
            continue
        stale += 1
        if check:
            print(f"stale: {target}")
        else:
            write_atomic(target, text.encode("utf-8"))
            print(f"wrote {target}")
    for note in notes:
        print(note, file=sys.stderr)
    return 1 if check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
