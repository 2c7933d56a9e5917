"""The README keeps its promises: two Quickstart commands, CI runs the same test command, and
every command and record kind is documented."""

from __future__ import annotations

import re
from pathlib import Path

from kg.cli import cli
from kg.cli.main import load_all_commands
from kg.records.schema import KINDS

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text(encoding="utf-8")


def quickstart_commands() -> list[str]:
    section = README.split("## Quickstart", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```sh\n(.*?)```", section, re.S)
    return [line for block in blocks for line in block.splitlines() if line.strip() and not line.startswith("#")]


def test_quickstart_has_exactly_two_commands() -> None:
    commands = quickstart_commands()
    assert len(commands) == 2, commands
    main, tests = commands
    assert "igkg build" in main and "igkg query who-mandated --param id=wg-igf-improvements" in main
    assert tests == "bash .ci/run"


def test_ci_runs_the_readme_test_command() -> None:
    """The README's test command is CI's script, and that script installs and runs the whole suite."""
    script = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert quickstart_commands()[1] == "bash .ci/run"
    assert ".venv/bin/pip install -q -e '.[test]'" in script and ".venv/bin/python -m pytest" in script
    assert 'CI="${CI:-true}"' in script


def test_every_command_is_documented() -> None:
    load_all_commands()
    for name in cli.commands:
        assert f"igkg {name}" in README, f"README does not show `igkg {name}`"


def test_every_record_kind_and_field_is_documented() -> None:
    for kind, spec in KINDS.items():
        assert f"`{kind}`" in README, kind
        for field in spec.fields:
            assert f"`{field.name}`" in README, f"{kind}.{field.name}"
