"""Every bad record ends in a message naming file, line, record id and field, and all the
problems of a run are reported together."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.core.dates import PartialDate
from kg.core.errors import RecordErrors, RecordProblem
from kg.records import read_records

NOTES = [
    "The Chair of the CSTD establishes a Working Group.",
    "ECOSOC invites the Chair of the CSTD.",
    "The meeting was held in Geneva on 17 December 2010.",
]
SOURCES_YAML = """sources:
  - id: notes.txt
    type: meeting-notes
    title: Notes of a meeting
    file: notes.txt
  - id: page-example
    type: web-page
    title: An example page
    url: https://example.org/page
"""
EVIDENCE = """    sources:
      - source: notes.txt
        lines: 1
        quote: The Chair of the CSTD
        supports: [label]
"""


def write_case(tmp_path: Path, body: str) -> tuple[Path, Path]:
    records = tmp_path / "records"
    sources = tmp_path / "sources"
    records.mkdir()
    sources.mkdir()
    (sources / "notes.txt").write_text("\n".join(NOTES) + "\n", encoding="utf-8")
    (records / "sources.yaml").write_text(SOURCES_YAML, encoding="utf-8")
    (records / "things.yaml").write_text(body, encoding="utf-8")
    return records, sources


def problems_for(tmp_path: Path, body: str) -> list[RecordProblem]:
    records, sources = write_case(tmp_path, body)
    with pytest.raises(RecordErrors) as exc:
        read_records(records, sources)
    return exc.value.problems


def line_of(body: str, marker: str) -> int:
    return next(i for i, line in enumerate(body.splitlines(), 1) if marker in line)


def body_record(extra: str = "", evidence: str = EVIDENCE, rid: str = "cstd") -> str:
    return f"""bodies:
  - id: {rid}
    type: functional-commission
    label: Commission on Science and Technology for Development
{extra}{evidence}"""


CASES = {
    "unknown field": (body_record("    colour: blue\n"), "colour: blue", "colour", "unknown field for bodies"),
    "wrong type": (
        body_record("    parent: [ecosoc, ga]\n"),
        "parent:",
        "parent",
        "wrong type: expected one ref, got a list",
    ),
    "duplicate key": (
        body_record("    label: CSTD\n"),
        "label: CSTD",
        "label",
        "duplicate key 'label' (first at line 4)",
    ),
    "unknown reference": (
        body_record("    parent: nowhere\n"),
        "parent: nowhere",
        "parent",
        "reference to unknown id 'nowhere'",
    ),
    "malformed date": (
        body_record("    established: 17/12/2010\n"),
        "established:",
        "established",
        "malformed date '17/12/2010'",
    ),
    "impossible date": (
        body_record("    established: 2024-02-30\n"),
        "established:",
        "established",
        "impossible date '2024-02-30': February 2024 has 29 days",
    ),
    "end before start": (
        body_record("    established: 2011\n    dissolved: 2010-12\n"),
        "dissolved:",
        "dissolved",
        "end before start: 2010-12 is before 2011",
    ),
    "unknown source": (
        body_record(evidence="    sources:\n      - source: nosuch.txt\n        lines: 1\n        quote: The Chair\n"),
        "- source: nosuch.txt",
        "sources",
        "unknown source 'nosuch.txt'",
    ),
    "missing evidence": (body_record(evidence=""), "- id: cstd", "sources", "missing evidence"),
    "quote not in the cited lines": (
        body_record(
            evidence="    sources:\n      - source: notes.txt\n        lines: 2\n"
            "        quote: The Chair of the CSTD establishes\n"
        ),
        "- source: notes.txt",
        "sources",
        "quote not found in notes.txt lines 2",
    ),
    "lines outside the file": (
        body_record(evidence="    sources:\n      - source: notes.txt\n        lines: 3-9\n        quote: Geneva\n"),
        "- source: notes.txt",
        "sources",
        "lines 3-9 are outside notes.txt (3 lines)",
    ),
    "quote too long": (
        body_record(
            evidence="    sources:\n      - source: page-example\n        quote: " + " ".join(["word"] * 26) + "\n"
        ),
        "quote: word",
        "sources",
        "quote has 26 words; at most 25 are allowed",
    ),
    "quote of only an ellipsis": (
        body_record(evidence="    sources:\n      - source: notes.txt\n        lines: 1\n        quote: '...'\n"),
        "- source: notes.txt",
        "sources",
        "quote '...' has no words: it would match any line",
    ),
    "web-page quote without words": (
        body_record(evidence="    sources:\n      - source: page-example\n        quote: '\u2014'\n"),
        "- source: page-example",
        "sources",
        "has no words: quote the words of 'page-example' cited",
    ),
    "punctuation quote that is not a line of its own": (
        body_record(evidence="    sources:\n      - source: notes.txt\n        lines: 1\n        quote: '.'\n"),
        "- source: notes.txt",
        "sources",
        "quote '.' has no words: quote words of notes.txt lines 1, or a whole line of them",
    ),
    "web page cited with lines": (
        body_record(evidence="    sources:\n      - source: page-example\n        lines: 1\n        quote: anything\n"),
        "- source: page-example",
        "sources",
        "is a web page: cite it by quote, without 'lines'",
    ),
    "unknown type": (
        "bodies:\n  - id: cstd\n    type: commission\n    label: CSTD\n" + EVIDENCE,
        "type: commission",
        "type",
        "unknown type 'commission'",
    ),
    "malformed id": (body_record(rid="CSTD Commission"), "- id:", "id", "malformed id 'CSTD Commission'"),
    "unknown kind": ("committees:\n  - id: c2\n", "committees:", "", "unknown kind 'committees'"),
    "contested field without a preferred claim": (
        body_record(
            "    established:\n      claims:\n        - value: 1992\n          sources:\n"
            "            - source: page-example\n              quote: established in 1992\n"
            "        - value: 1993\n          sources:\n"
            "            - source: page-example\n              quote: established in 1993\n"
        ),
        "established:",
        "established",
        "contested field has 0 preferred claims",
    ),
    "evidence supporting no value of the field": (
        body_record(
            "    alt_labels: [CSTD, UN-CSTD]\n",
            evidence="    sources:\n      - source: notes.txt\n        lines: 1\n        quote: The Chair of the CSTD\n"
            "        supports: [label, alt_labels=CSTD]\n",
        ),
        "alt_labels:",
        "alt_labels",
        "missing evidence: no entry in 'sources' supports 'UN-CSTD'",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_record_is_reported_with_file_line_record_and_field(tmp_path: Path, case: str) -> None:
    body, marker, field, message = CASES[case]
    problems = problems_for(tmp_path, body)
    expected_line = line_of(body, marker)
    matching = [p for p in problems if message in p.message]
    assert matching, f"no problem says {message!r}; got: {[str(p) for p in problems]}"
    problem = matching[0]
    assert problem.path.endswith("things.yaml")
    assert problem.line == expected_line
    assert problem.field == field
    if case != "unknown kind":
        assert problem.record_id in ("cstd", "CSTD Commission")
    assert str(problem).startswith(f"{problem.path}:{expected_line}:")


def test_a_quote_without_words_stands_when_it_is_a_whole_line(tmp_path: Path) -> None:
    """A note-taker's "??" for a speaker not known is a line of its own: quoting it says which."""
    evidence = "    sources:\n      - source: notes.txt\n        lines: 3-4\n        quote: '??'\n"
    evidence += "        supports: [label]\n"  # what the quote states is not this test's point
    records, sources = write_case(tmp_path, body_record(evidence=evidence))
    (sources / "notes.txt").write_text("\n".join([*NOTES, "??"]) + "\n", encoding="utf-8")
    assert "cstd" in read_records(records, sources)


def test_duplicate_ids_across_files_name_the_first_definition(tmp_path: Path) -> None:
    records, sources = write_case(tmp_path, body_record())
    (records / "more.yaml").write_text(body_record(), encoding="utf-8")
    with pytest.raises(RecordErrors) as exc:
        read_records(records, sources)
    [problem] = exc.value.problems
    assert problem.path.endswith("things.yaml")
    assert problem.field == "id"
    assert "duplicate id (first defined at" in problem.message and "more.yaml:2)" in problem.message


def test_all_problems_of_a_run_are_reported_together(tmp_path: Path) -> None:
    body = body_record("    colour: blue\n    parent: nowhere\n    established: 2024-02-30\n")
    problems = problems_for(tmp_path, body)
    assert {p.field for p in problems} >= {"colour", "parent", "established"}
    message = str(RecordErrors(problems))
    assert message.startswith(f"{len(problems)} problems in the curated records:")


def test_values_are_what_the_schema_says_not_what_yaml_guesses(tmp_path: Path) -> None:
    body = (
        "instruments:\n  - id: decision\n    type: decision\n    label: NO\n    adopted: 2010-12-17\n"
        "    sources:\n      - source: notes.txt\n        lines: 4\n"
        "        quote: Decision NO was adopted on 17 December 2010\n"
        "        supports: [type, label, adopted]\n"
        "paragraphs:\n  - id: para\n    of: decision\n    number: 017\n"
        "    sources:\n      - source: notes.txt\n        lines: 5\n"
        "        quote: Paragraph 017 of decision NO\n"
        "        supports: [number, of]\n"
    )
    records, sources = write_case(tmp_path, body)
    lines = [*NOTES, "Decision NO was adopted on 17 December 2010.", "Paragraph 017 of decision NO reads:"]
    (sources / "notes.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    loaded = read_records(records, sources)
    assert loaded["decision"].first("label") == "NO"
    assert loaded["decision"].first("adopted") == PartialDate(2010, 12, 17)
    assert loaded["para"].first("number") == "017"


def test_quotes_forgive_typography_and_may_skip_words(tmp_path: Path) -> None:
    evidence = (
        "    sources:\n      - source: notes.txt\n        lines: 1-3\n"
        "        quote: the chair of the CSTD ... held in Geneva on 17 December 2010\n"
        "        supports: [label]\n"
    )
    records, sources = write_case(tmp_path, body_record(evidence=evidence))
    assert "cstd" in read_records(records, sources)


def test_the_curated_records_are_all_valid() -> None:
    from kg.core import settings

    records = read_records(settings.records_dir(), settings.sources_dir())
    for slug in (
        "ga",
        "ecosoc",
        "cstd",
        "igf",
        "mag",
        "ungis",
        "imsb",
        "un-secretary-general",
        "tunis-agenda",
        "tunis-agenda-para-72",
        "a-res-65-141",
        "ecosoc-res-2010-2",
        "wg-igf-improvements",
    ):
        assert slug in records, f"the backbone must carry {slug} (DESIGN.md, Identifiers)"
