"""Which names in the source documents resolve to a record, and which do not.

``python -m kg.tools.coverage`` lists every speaker label and every acronym the sources contain,
with the record each resolves to (by label or alternative label, case-insensitively, or by the
reviewed aliases of kg/data/names.yaml), or the reason it is deliberately left out (the same
file). A test keeps the list of unaccounted names empty, and every alias pointing at a record.
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from kg.core import settings
from kg.records import RecordSet, read_records
from kg.records.names import name_table
from kg.records.sources import read_source_file

_ACRONYM = re.compile(r"\b([A-Z][A-Z0-9]{1,6}(?:\+\d+)?)\b")
_TRANSCRIPT_SPEAKER = re.compile(r"^(.+?)\s{2,}\d{1,2}:\d{2}\s*$")
_NOTES_SPEAKER = re.compile(r"^((?:[A-Z][\w’'.]*|of|and|the)(?:\s+(?:[A-Z][\w’'.]*|of|and|the)){0,3})$")
_MARKDOWN_SPEAKER = re.compile(r"^(?:#+\s*)?(?:\*\*)?([^#*]+?)(?:\*\*)?\s+\d{1,2}:\d{2}\s*$")


@dataclass(frozen=True, order=True)
class Mention:
    name: str
    source: str
    line: int
    kind: str  # "speaker" or "acronym"


def speaker_lines(name: str, lines: tuple[str, ...]) -> list[tuple[int, str]]:
    """Speaker labels as each source style writes them."""
    found = []
    for number, line in enumerate(lines, 1):
        text = line.strip()
        if name.startswith("000_"):
            match = _TRANSCRIPT_SPEAKER.match(text)
        elif name.startswith("001_"):
            match = _MARKDOWN_SPEAKER.match(text) if text.startswith(("#", "**")) else None
        elif name.startswith("004_"):
            # A delegation or person name alone on a line: one to four capitalised words
            # (connectors allowed), optionally followed by a dash or a bracketed note.
            bare = re.sub(r"\s*(?:[–-]\s*.*|\(.*\)|\?+)\s*$", "", text)
            match = _NOTES_SPEAKER.match(bare) if bare else None
        else:
            match = None
        if match:
            found.append((number, match.group(1).strip()))
    return found


def mentions(sources_dir: Path) -> list[Mention]:
    out: set[Mention] = set()
    for path in sorted(sources_dir.glob("*.txt")):
        lines = read_source_file(path).lines
        for number, speaker in speaker_lines(path.name, lines):
            out.add(Mention(speaker, path.name, number, "speaker"))
        for number, line in enumerate(lines, 1):
            for match in _ACRONYM.finditer(line):
                out.add(Mention(match.group(1), path.name, number, "acronym"))
    return sorted(out)


def names_index(records: RecordSet) -> dict[str, set[str]]:
    index: dict[str, set[str]] = defaultdict(set)
    for record in records.sorted():
        for field in ("label", "alt_labels", "title"):
            for value in record.get(field):
                index[str(value).casefold()].add(record.id)
    return index


def report(records_dir: Path | None = None, sources_dir: Path | None = None) -> tuple[list[str], list[str]]:
    """(resolved lines, unresolved names) for every distinct name mentioned in the sources."""
    sources = sources_dir or settings.sources_dir()
    records = read_records(records_dir or settings.records_dir(), sources)
    index = names_index(records)
    aliases, reasons = name_table(settings.data_dir() / "names.yaml")
    for name, rid in aliases.items():
        if rid not in records:
            raise SystemExit(f"kg/data/names.yaml: alias {name!r} points at {rid!r}, which is no record")
        index[name.casefold()].add(rid)
    seen: dict[str, list[Mention]] = defaultdict(list)
    for mention in mentions(sources):
        seen[mention.name].append(mention)
    resolved, unresolved = [], []
    for name, where in sorted(seen.items()):
        first = where[0]
        ids = index.get(name.casefold())
        if ids:
            resolved.append(f"{name} -> {', '.join(sorted(ids))}  ({first.source}:{first.line})")
        elif name in reasons:
            resolved.append(f"{name} -- left out: {reasons[name]}  ({first.source}:{first.line})")
        else:
            unresolved.append(f"{name}  ({first.kind}, {first.source}:{first.line}, {len(where)}x)")
    return resolved, unresolved


_TEXT_NAME = re.compile(r"\b([A-Z][a-zà-ÿ’']+(?:\s+(?:of|on|the|for|and)?\s*[A-Z][a-zà-ÿ’']+){1,4})\b")


def text_names(sources_dir: Path | None = None) -> list[Mention]:
    """Capitalised word sequences in running text: a noisy list, for a person to review."""
    out: set[Mention] = set()
    for path in sorted((sources_dir or settings.sources_dir()).glob("*.txt")):
        for number, line in enumerate(read_source_file(path).lines, 1):
            for match in _TEXT_NAME.finditer(line):
                out.add(Mention(re.sub(r"\s+", " ", match.group(1)), path.name, number, "text"))
    return sorted(out)


def main() -> int:
    if "--text-names" in sys.argv:
        records = read_records(settings.records_dir(), settings.sources_dir())
        index = names_index(records)
        aliases, reasons = name_table(settings.data_dir() / "names.yaml")
        for mention in text_names():
            if mention.name.casefold() not in index and mention.name not in aliases and mention.name not in reasons:
                print(f"{mention.name}  ({mention.source}:{mention.line})")
        return 0
    resolved, unresolved = report()
    for line in resolved:
        print(line)
    print(f"\n{len(unresolved)} unresolved:")
    for line in unresolved:
        print("  " + line)
    return 1 if unresolved else 0


if __name__ == "__main__":
    sys.exit(main())
