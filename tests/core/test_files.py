"""Writing an output file at once: a folder igkg cannot write is refused by name, and the previous
file stays as it was."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.core.errors import ConfigError
from kg.core.files import write_atomic


def test_a_file_is_replaced_whole(tmp_path: Path) -> None:
    target = tmp_path / "out" / "a.txt"
    write_atomic(target, b"one")
    write_atomic(target, b"two")
    assert target.read_bytes() == b"two" and [p.name for p in target.parent.iterdir()] == ["a.txt"]


def test_a_folder_that_cannot_be_made_is_refused_by_name(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(ConfigError, match=f"cannot write {blocker}/a.txt"):
        write_atomic(blocker / "a.txt", b"data")
    assert blocker.read_text() == "not a folder"
