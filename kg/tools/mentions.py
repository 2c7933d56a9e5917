"""Measure and review entity linking: ``python -m kg.tools.mentions [--unmatched]``.

Prints the precision and recall of the mention linker against the hand-labelled sample in
tests/data/mentions/gold.yaml (every line numbered 3 mod 10 of the three meeting records, labelled
by a curator without looking at the linker's output). A mention counts as found when the linker
links the same line to the same record; mentions the sample marks as nested inside a longer one
(the linker takes the longest) and named things with no record are left out of the score, and
the latter are counted separately. ``--unmatched`` lists, for review, the acronyms and
capitalised names in the records that no alias links and no reviewed reason explains.

``--gold FILE --source PATH`` measures the same linker, with the same alias table, on any other
text against a gold file labelled the same way, e.g. the sample of a development-corpus transcript
(tests/data/mentions/gold_corpus.yaml): the gold's ``source`` is the file name of PATH. A gold file
that samples several texts takes ``--source`` once for each.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from kg.core import settings
from kg.core.yamlnodes import read_yaml_file, to_plain
from kg.meetings.mentions import AliasTable, Mention, alias_table, find_mentions, unmatched
from kg.records.load import read_records
from kg.records.names import name_table
from kg.records.sources import read_source_file

RECORDS = ("000_f75722b46b55aad4.txt", "001_ae93e3ef07a7236a.txt", "004_bf564407ef9a5607.txt")


@dataclass(frozen=True)
class Score:
    true_positive: int
    false_positive: int
    false_negative: int
    unlinkable: int  # gold mentions of things igkg has no record of
    errors: tuple[str, ...]

    @property
    def precision(self) -> float:
        return self.true_positive / ((self.true_positive + self.false_positive) or 1)

    @property
    def recall(self) -> float:
        return self.true_positive / ((self.true_positive + self.false_negative) or 1)


def _table() -> AliasTable:
    """The alias table the meeting stage links with: records' labels plus reviewed aliases."""
    records = read_records(settings.records_dir(), settings.sources_dir(), with_meetings=False)
    aliases, _ = name_table(settings.data_dir() / "names.yaml")
    return alias_table(records, aliases)


def linked() -> dict[str, list[Mention]]:
    table = _table()
    return {name: find_mentions(name, read_source_file(settings.sources_dir() / name).lines, table) for name in RECORDS}


def linked_file(*paths: Path) -> dict[str, list[Mention]]:
    """Mentions in texts outside the seeds, keyed by file name (the gold's ``source``). Lines are
    numbered as the seeds' are (split on newlines only, as ``awk``/``nl`` count)."""
    table = _table()
    return {path.name: find_mentions(path.name, read_source_file(path).lines, table) for path in paths}


def _gold(path: Path) -> list[dict[str, object]]:
    """The gold file, read with the project's YAML reader (scalars are text)."""
    node = read_yaml_file(path)
    entries = to_plain(node) if node is not None else []
    assert isinstance(entries, list), f"{path}: a list of labelled lines"
    return entries


def _entity(mention: dict[str, str]) -> str | None:
    """The labelled entity; ``null`` (or nothing) is a named thing with no record."""
    entity = mention.get("entity", "")
    return None if entity in ("", "null", "~") else entity


def evaluate(gold_path: Path, found: dict[str, list[Mention]]) -> Score:
    gold = _gold(gold_path)
    tp = fp = fn = unlinkable = 0
    errors: list[str] = []
    for entry in gold:
        source, line = str(entry["source"]), int(str(entry["line"]))
        mentions: list[dict[str, str]] = entry["mentions"]  # type: ignore[assignment]
        wanted = Counter(m["entity"] for m in mentions if _entity(m) and "nested" not in m.get("note", ""))
        unlinkable += sum(1 for m in mentions if not _entity(m))
        got = Counter(m.entity for m in found.get(source, ()) if m.line == line)
        tp += sum((wanted & got).values())
        fp += sum((got - wanted).values())
        fn += sum((wanted - got).values())
        errors += [f"false positive {source}:{line} {e}" for e in sorted(got - wanted)]
        errors += [f"missed {source}:{line} {e}" for e in sorted(wanted - got)]
    return Score(tp, fp, fn, unlinkable, tuple(errors))


def _report(where: str, gold_path: Path, found: dict[str, list[Mention]]) -> None:
    score = evaluate(gold_path, found)
    print(f"mentions linked in {where}: {sum(len(v) for v in found.values())}")
    print(
        f"sample: {score.true_positive + score.false_negative} gold mentions with a record, {score.unlinkable} without"
    )
    print(f"precision {score.precision:.3f}  recall {score.recall:.3f}")
    for error in score.errors:
        print("  " + error)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kg.tools.mentions", description=__doc__.split("\n")[0])
    parser.add_argument("--unmatched", action="store_true", help="list unlinked acronyms and names in the records")
    parser.add_argument("--gold", type=Path, help="a gold file for another text (with --source)")
    parser.add_argument("--source", type=Path, action="append", help="a text the --gold file labels (repeatable)")
    args = parser.parse_args(argv)
    if (args.gold is None) != (args.source is None):
        parser.error("--gold and --source go together")
    if args.gold is not None:
        _report(", ".join(path.name for path in args.source), args.gold, linked_file(*args.source))
        return 0
    found = linked()
    if args.unmatched:
        _, reasons = name_table(settings.data_dir() / "names.yaml")
        for name in RECORDS:
            lines = read_source_file(settings.sources_dir() / name).lines
            for line, text in unmatched(name, lines, found[name], set(reasons)):
                print(f"{name}:{line}: {text}")
        return 0
    _report("the three records", settings.PACKAGE_DIR.parent / "tests" / "data" / "mentions" / "gold.yaml", found)
    return 0


if __name__ == "__main__":
    sys.exit(main())
