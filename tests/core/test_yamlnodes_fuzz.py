"""The YAML reader on any input (hypothesis): a tree of nodes, or a problem with a line, never
another exception; through the records loader, a RecordErrors (a KGError) whose every problem
names the file, and the line where the YAML itself is wrong; nesting bounded at any depth.

Under CI=true the examples are the same on every run (the ``igkg-ci`` profile, tests/conftest.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.core.errors import RecordErrors
from kg.core.yamlnodes import MAX_DEPTH, YamlProblem, YMap, YNode, YSeq, parse_yaml, read_yaml_file, to_plain
from kg.records import read_records

# Characters YAML gives meaning to, and some it refuses (controls, NUL, a BOM, a lone surrogate's
# neighbours, line and paragraph separators), mixed with plain letters and digits.
_YAMLISH = st.text(
    alphabet=st.sampled_from(
        list(":-?[]{},#&*!|>'\"%@`~ \t\n\r\\") + list("ab1.") + ["\x00", "\x07", "\ufeff", "\x85", "\u2028", "é", "😀"]
    ),
    max_size=200,
)
TEXTS = st.one_of(st.text(max_size=200), _YAMLISH)


# Sized so that the file runs in about 20 s on a loaded 2-core machine.
def sized(examples: int) -> settings:
    return settings(max_examples=examples, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def lines_of(text: str) -> int:
    """Lines as PyYAML counts them: a line break is \\n, \\r\\n, \\r, NEL, LS or PS."""
    return len(text.replace("\r\n", "\n").translate(str.maketrans("\r\x85\u2028\u2029", "\n\n\n\n")).split("\n"))


def node_lines(node: YNode) -> Iterator[int]:
    yield node.line
    if isinstance(node, YSeq):
        for item in node.items:
            yield from node_lines(item)
    elif isinstance(node, YMap):
        for key_line, value in node.items.values():
            yield key_line
            yield from node_lines(value)


def read_or_problem(text: str) -> YNode | YamlProblem | None:
    try:
        return parse_yaml(text)
    except YamlProblem as problem:
        return problem


@sized(3000)
@given(TEXTS)
def test_any_text_is_a_tree_or_a_problem_on_one_of_its_lines(text: str) -> None:
    got = read_or_problem(text)  # any other exception fails the test
    if isinstance(got, YamlProblem):
        assert got.message.strip()
        assert 1 <= got.line <= lines_of(text), (got.line, got.message)
    elif got is not None:
        assert all(1 <= line <= lines_of(text) for line in node_lines(got))


class _NoAliases(yaml.SafeDumper):
    def ignore_aliases(self, data: object) -> bool:
        return True


# PyYAML's own writer puts NEL, LS and PS raw inside a quoted scalar, and its reader folds them
# to a space: not the reader's doing, so they are left out here.
_CHARS = st.characters(exclude_characters="\x85\u2028\u2029")
_KEYS = st.text(_CHARS, min_size=1, max_size=12)
PLAIN = st.recursive(
    st.text(_CHARS, max_size=20),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(_KEYS, inner, max_size=4)),
    max_leaves=20,
)


@sized(500)
@given(PLAIN, st.booleans())
def test_what_yaml_writes_reads_back_as_the_same_text_never_typed(data: object, flow: bool) -> None:
    text = yaml.dump(data, Dumper=_NoAliases, allow_unicode=True, default_flow_style=flow)
    node = parse_yaml(text)
    assert node is not None and to_plain(node) == data


def nested(kinds: list[str], leaf: str = "x") -> str:
    """A document whose nodes nest ``len(kinds)`` deep: block mappings ``k:`` and block lists ``-``
    (each indented a step further), flow lists ``[`` and flow mappings ``{k: ``. Inside a flow
    node every node is a flow node; past 80 levels too (block indentation grows as the square)."""
    flow_opening, closing = {"[": "[", "{": "{k: "}, {"[": "]", "{": "}"}
    text, indent, closers = "", 0, ""
    for level, kind in enumerate(kinds):
        if closers or kind in flow_opening or level >= 80:
            kind = kind if kind in flow_opening else "["
            text += ("" if closers else " " * indent) + flow_opening[kind]
            closers = closing[kind] + closers
        else:
            text += " " * indent + ("k:" if kind == "map" else "-") + "\n"
            indent += 2
    return text + ("" if closers else " " * indent) + leaf + closers + "\n"


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(st.sampled_from(["[", "{", "map", "seq"]), min_size=1, max_size=40), st.integers(1, 4000))
def test_nesting_is_read_up_to_the_bound_and_refused_past_it_at_any_depth(pattern: list[str], depth: int) -> None:
    kinds = (pattern * (depth // len(pattern) + 1))[:depth]
    text = nested(kinds)
    got = read_or_problem(text)  # never a RecursionError
    if depth <= MAX_DEPTH:
        assert not isinstance(got, YamlProblem), got.message
    else:
        assert isinstance(got, YamlProblem) and f"nest more than {MAX_DEPTH} levels deep" in got.message
        assert 1 <= got.line <= lines_of(text)


@pytest.fixture(scope="module")
def records(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A records folder holding only ``things.yaml`` (rewritten by each example), and no sources."""
    base = tmp_path_factory.mktemp("fuzz-records")
    (base / "records").mkdir()
    (base / "sources").mkdir()
    return base / "records", base / "sources"


def yaml_of(path: Path) -> YNode | YamlProblem | None:
    try:
        return read_yaml_file(path)
    except YamlProblem as problem:
        return problem


def holds_no_record(root: YNode | YamlProblem | None) -> bool:
    """Nothing, an empty mapping, or kinds with empty lists: what reads as no records at all."""
    if root is None:
        return True
    return isinstance(root, YMap) and all(isinstance(v, YSeq) and not v.items for _, v in root.items.values())


def check_problems(errors: RecordErrors, read: YNode | YamlProblem | None, data: bytes) -> None:
    """Every problem names the file (and its line first, when it has one); a YAML problem is the
    one problem, on a line of the text (line 0 only when the file is not UTF-8 at all)."""
    assert errors.problems and all(p.path.endswith("things.yaml") for p in errors.problems)
    assert all(str(p).startswith(f"{p.path}:{p.line}:" if p.line else p.path) for p in errors.problems)
    if isinstance(read, YamlProblem):
        assert [(p.line, p.message) for p in errors.problems] == [(read.line, read.message)]
        assert read.line <= lines_of(data.decode("utf-8", "replace"))
        assert read.line >= 1 or "UTF-8" in read.message, read.message


@sized(1500)
@given(st.one_of(TEXTS.map(lambda t: t.encode("utf-8", "surrogatepass")), st.binary(max_size=200)))
def test_any_records_file_is_read_or_refused_naming_the_file_and_the_line(
    records: tuple[Path, Path], data: bytes
) -> None:
    folder, sources = records
    path = folder / "things.yaml"
    path.write_bytes(data)
    read = yaml_of(path)
    try:
        read_records(folder, sources, with_meetings=False)  # a RecordErrors, or records
    except RecordErrors as errors:
        check_problems(errors, read, data)
    else:
        assert holds_no_record(read)  # no sources here: no record can be whole
