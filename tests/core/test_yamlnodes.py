"""YAML in records means exactly what is written: no implicit typing, no duplicates, no aliases;
and reading it is bounded: a regular file only, of a bounded size, nested a bounded depth."""

import os
from pathlib import Path

import pytest

from kg.core.yamlnodes import MAX_DEPTH, MAX_FILE_BYTES, YamlProblem, YMap, YScalar, parse_yaml, read_yaml_file


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


# --- bounded: nesting, characters, what a file is ------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "a: " + "[" * 3000 + "]" * 3000 + "\n",  # flow lists, 6 KB
        "a: " + "{b: " * 3000 + "c" + "}" * 3000 + "\n",  # flow mappings
        "".join("  " * i + f"k{i}:\n" for i in range(60)) + "  " * 60 + "leaf\n",  # block mappings
    ],
    ids=["lists", "mappings", "block"],
)
def test_nesting_past_the_bound_is_a_problem_with_a_line_not_a_recursion_error(text: str) -> None:
    with pytest.raises(YamlProblem) as exc:
        parse_yaml(text)
    assert f"nest more than {MAX_DEPTH} levels deep" in exc.value.message
    assert exc.value.line >= 1


def test_nesting_up_to_the_bound_is_read() -> None:
    root = parse_yaml("a: " + "[" * (MAX_DEPTH - 1) + "x" + "]" * (MAX_DEPTH - 1) + "\n")
    assert isinstance(root, YMap)


def test_a_nul_byte_is_a_problem_on_its_line() -> None:
    with pytest.raises(YamlProblem) as exc:
        parse_yaml("a: b\nc: d\x00e\n")
    assert exc.value.line == 2
    assert "a NUL byte" in exc.value.message


def test_a_control_character_is_named() -> None:
    with pytest.raises(YamlProblem, match=r"control character U\+0007"):
        parse_yaml("a: \x07\n")


def test_a_file_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "latin.yaml"
    path.write_bytes("a: caf\xe9\n".encode("latin-1"))
    with pytest.raises(YamlProblem, match="not UTF-8 text"):
        read_yaml_file(path)


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "records.yaml"
    os.mkfifo(fifo)
    with pytest.raises(YamlProblem, match=r"not a regular file but a named pipe \(FIFO\)"):
        read_yaml_file(fifo)


def test_a_folder_a_link_loop_and_a_dangling_link_are_refused_in_words(tmp_path: Path) -> None:
    (tmp_path / "folder.yaml").mkdir()
    (tmp_path / "a.yaml").symlink_to("b.yaml")
    (tmp_path / "b.yaml").symlink_to("a.yaml")
    (tmp_path / "gone.yaml").symlink_to("nowhere.yaml")
    expected = {
        "folder.yaml": "not a regular file but a folder",
        "a.yaml": "a loop of symbolic links",
        "gone.yaml": "a symbolic link to 'nowhere.yaml', which does not exist",
    }
    for name, message in expected.items():
        with pytest.raises(YamlProblem) as exc:
            read_yaml_file(tmp_path / name)
        assert message in exc.value.message and exc.value.line == 0


def test_a_device_is_refused_before_it_is_read() -> None:
    with pytest.raises(YamlProblem, match="not a regular file but a character device"):
        read_yaml_file(Path("/dev/zero"))


def test_a_file_over_the_size_cap_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"#" * (MAX_FILE_BYTES + 1))
    with pytest.raises(YamlProblem, match=f"at most {MAX_FILE_BYTES}"):
        read_yaml_file(path)
