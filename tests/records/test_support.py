"""Evidence names what it proves: every entry says which fields (and, for a field with several
values, which values) its quote states, and a field that no entry names does not build."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.core.errors import RecordErrors, RecordProblem
from kg.records import read_records
from kg.records.sources import has_content, only_ellipsis
from tests.records.test_load import line_of, write_case

NAME_ONLY = """bodies:
  - id: ecosoc
    type: intergovernmental-organ
    label: Economic and Social Council
    sources:
      - source: notes.txt
        lines: 2
        quote: ECOSOC invites the Chair of the CSTD.
        supports: [label]
  - id: cstd
    type: functional-commission
    label: Commission on Science and Technology for Development
    parent: ecosoc
    established: 1992
    sources:
      - source: notes.txt
        lines: 1
        quote: The Chair of the CSTD
        supports: [label]
"""


def strict_problems(tmp_path: Path, body: str) -> list[RecordProblem]:
    tmp_path.mkdir(parents=True, exist_ok=True)
    records, sources = write_case(tmp_path, body)
    with pytest.raises(RecordErrors) as exc:
        read_records(records, sources)
    return exc.value.problems


def test_a_quote_that_supports_the_label_does_not_carry_a_parent_or_a_date(tmp_path: Path) -> None:
    problems = strict_problems(tmp_path, NAME_ONLY)
    where = {(p.path.rsplit("/", 1)[-1], p.line, p.record_id, p.field) for p in problems}
    assert ("things.yaml", line_of(NAME_ONLY, "parent: ecosoc"), "cstd", "parent") in where
    assert ("things.yaml", line_of(NAME_ONLY, "established: 1992"), "cstd", "established") in where
    assert all("missing evidence" in p.message for p in problems if p.field in ("parent", "established"))


def test_an_entry_without_supports_is_refused(tmp_path: Path) -> None:
    body = NAME_ONLY.replace("        supports: [label]\n", "", 1)
    problems = strict_problems(tmp_path, body)
    entry = line_of(body, "      - source: notes.txt")
    assert any(
        p.record_id == "ecosoc" and p.field == "sources" and p.line == entry and "without 'supports'" in p.message
        for p in problems
    ), [str(p) for p in problems]


def test_a_field_with_several_values_names_the_values(tmp_path: Path) -> None:
    body = """bodies:
  - id: ga
    type: intergovernmental-organ
    label: United Nations General Assembly
    alt_labels: [GA, UNGA]
    sources:
      - source: notes.txt
        lines: 2
        quote: ECOSOC invites the Chair of the CSTD.
        supports: [label, alt_labels]
"""
    problems = strict_problems(tmp_path, body)
    several = [p.message for p in problems if "'alt_labels' is a field of several values" in p.message]
    assert several and "alt_labels=GA" in several[0]
    # Naming one value supports that value only: UNGA is left without evidence.
    named = body.replace("supports: [label, alt_labels]", "supports: [label, alt_labels=GA]")
    problems = strict_problems(tmp_path / "named", named)
    assert [(p.field, p.message) for p in problems] == [
        ("alt_labels", "missing evidence: no entry in 'sources' supports 'UNGA' (name it in 'supports')")
    ]


def test_supports_may_name_only_values_and_fields_the_record_has(tmp_path: Path) -> None:
    body = NAME_ONLY.replace("supports: [label]\n  - id: cstd", "supports: [label, parent]\n  - id: cstd")
    problems = strict_problems(tmp_path, body)
    assert any(p.record_id == "ecosoc" and "the record has no 'parent'" in p.message for p in problems)
    body = NAME_ONLY.replace("    supports: [label]\n", "    supports: [label, parent=un]\n", 1)
    problems = strict_problems(tmp_path / "value", body)
    assert any("'supports' names 'parent=un', but 'parent' has no value 'un'" in p.message for p in problems)


def test_a_fully_named_record_builds(tmp_path: Path) -> None:
    body = NAME_ONLY.replace(
        "        quote: The Chair of the CSTD\n        supports: [label]\n",
        "        quote: The Chair of the CSTD\n        supports: [label]\n"
        "      - source: notes.txt\n        lines: 2\n        quote: ECOSOC invites the Chair of the CSTD.\n"
        "        supports: [parent]\n"
        "      - source: page-example\n        quote: It was established in 1992\n        supports: [established]\n",
    )
    records, sources = write_case(tmp_path, body)
    built = read_records(records, sources)
    assert [e.supports for e in built["cstd"].evidence] == [("label",), ("parent",), ("established",)]


@pytest.mark.parametrize("quote", ["...", "…", "... ...", "a ... b", "C ... …", "T ... ."])
def test_a_quote_must_carry_content(tmp_path: Path, quote: str) -> None:
    assert not has_content(quote)
    body = NAME_ONLY.replace("quote: The Chair of the CSTD", f'quote: "{quote}"')
    records, sources = write_case(tmp_path, body)
    with pytest.raises(RecordErrors) as exc:
        read_records(records, sources)
    assert any(p.record_id == "cstd" and "no words" in p.message for p in exc.value.problems), quote
    page = NAME_ONLY.replace("      - source: notes.txt\n        lines: 1\n", "      - source: page-example\n")
    (tmp_path / "page").mkdir()
    records, sources = write_case(tmp_path / "page", page.replace("quote: The Chair of the CSTD", f'quote: "{quote}"'))
    with pytest.raises(RecordErrors) as exc:
        read_records(records, sources)
    assert any(p.record_id == "cstd" and "no words" in p.message for p in exc.value.problems), quote


def test_content_is_two_letters_or_digits_in_one_piece() -> None:
    assert has_content("10:05") and has_content("the ... IGF") and has_content("EU")
    assert only_ellipsis("... …") and not only_ellipsis("a ... b")


def test_an_entry_may_name_the_type_its_quote_states(tmp_path: Path) -> None:
    body = NAME_ONLY.replace(
        "        quote: ECOSOC invites the Chair of the CSTD.\n        supports: [label]\n",
        "        quote: ECOSOC invites the Chair of the CSTD.\n        supports: [label, type]\n",
    )
    body = body.replace("    parent: ecosoc\n    established: 1992\n", "")
    records, sources = write_case(tmp_path, body)
    built = read_records(records, sources)
    assert built["ecosoc"].evidence[0].supports == ("label", "type")
    wrong = body.replace("supports: [label, type]", "supports: [label, kind]")
    (tmp_path / "wrong").mkdir()
    records, sources = write_case(tmp_path / "wrong", wrong)
    with pytest.raises(RecordErrors) as exc:
        read_records(records, sources)
    assert any("'kind', which is not a field" in p.message for p in exc.value.problems)
