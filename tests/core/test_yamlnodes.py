"""YAML in records means exactly what is written: no implicit typing, no duplicates, no aliases."""

import pytest

from kg.core.yamlnodes import YamlProblem, YMap, YScalar, parse_yaml


@pytest.mark.parametrize("text", ["NO", "on", "1.10", "017", "1:20", "0x1F", "2010-12-17", "1e3", "null", "~"])
def test_scalars_keep_the_text_they_were_written_as(text: str) -> None:
    root = parse_yaml(f"value: {text}\n")
    assert isinstance(root, YMap)
    node = root.items["value"][1]
    assert isinstance(node, YScalar)
    assert node.value == text


def test_nodes_remember_their_line() -> None:
    root = parse_yaml("a: 1\n\nb:\n  - x\n  - y\n")
    assert isinstance(root, YMap)
    assert root.items["b"][0] == 3
    assert [item.line for item in root.items["b"][1].items] == [4, 5]  # type: ignore[union-attr]


def test_duplicate_key_is_an_error_naming_both_lines() -> None:
    with pytest.raises(YamlProblem) as exc:
        parse_yaml("id: a\nlabel: x\nlabel: y\n")
    assert exc.value.line == 3
    assert "duplicate key 'label' (first at line 2)" in exc.value.message


def test_aliases_are_refused() -> None:
    with pytest.raises(YamlProblem, match="aliases"):
        parse_yaml("a: &x [1, 2]\nb: *x\n")


def test_explicit_tags_are_refused_so_nothing_is_constructed() -> None:
    with pytest.raises(YamlProblem, match="explicit YAML tag"):
        parse_yaml("a: !!python/object/apply:os.system ['true']\n")


def test_syntax_error_has_a_line() -> None:
    with pytest.raises(YamlProblem) as exc:
        parse_yaml("a: [1, 2\nb: 3\n")
    assert exc.value.line >= 1
    assert exc.value.message.startswith("YAML syntax")
