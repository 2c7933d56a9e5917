"""A dump validates on its own: ``igkg export --with-ontology`` writes the data with the ontology's
graph (the concept schemes the shapes check against), and the pySHACL command line from the venv
finds no violation in it, as README.md ("Validating a dump") tells a reader to run it.

The plain dump with ``pyshacl -e ontology/igkg.ttl`` is the documented way that does *not* work
(``-e`` copies class and property axioms, not the concept individuals): kept as a test so that the
README's warning stays true.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kg.core import settings
from kg.pipeline.build import BuildReport
from tests.conftest import Cli

PYSHACL = Path(sys.executable).with_name("pyshacl")


def _pyshacl(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(PYSHACL), *map(str, args)], capture_output=True, text=True, timeout=600, check=False)


@pytest.fixture(scope="module")
def shapes_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shapes as one file (pySHACL takes one): the README's ``cat shapes/*.ttl > shapes.ttl``."""
    path = tmp_path_factory.mktemp("shapes") / "shapes.ttl"
    path.write_bytes(b"\n".join(p.read_bytes() for p in sorted(settings.shapes_dir().glob("*.ttl"))))
    return path


def test_a_dump_with_the_ontology_has_no_violation(cli: Cli, built: BuildReport, shapes_file: Path, tmp_path) -> None:
    dump = tmp_path / "igkg-full.ttl"
    result = cli("export", "--with-ontology", "--store", str(built.out_dir / "store"), "--out", str(dump))
    assert result.exit_code == 0, result.output
    checked = _pyshacl("-s", shapes_file, "-w", dump)  # -w: warnings and info do not fail it
    assert checked.returncode == 0, checked.stdout[-3000:] + checked.stderr[-3000:]
    assert "Conforms: True" in checked.stdout
    assert "Severity: sh:Violation" not in checked.stdout


def test_the_plain_dump_with_pyshacls_extra_ontology_does_not_validate(built: BuildReport, shapes_file: Path) -> None:
    checked = _pyshacl("-s", shapes_file, "-e", settings.ontology_file(), "-w", built.out_dir / "igkg.ttl")
    assert checked.returncode == 1
    assert "Severity: sh:Violation" in checked.stdout


def test_with_ontology_keeps_the_ontology_in_its_own_named_graph(cli: Cli, built: BuildReport) -> None:
    store = str(built.out_dir / "store")
    plain = cli("export", "--format", "nquads", "--store", store).output
    full = cli("export", "--format", "nquads", "--with-ontology", "--store", store).output
    graph = f"<{settings.ONTOLOGY_GRAPH}>"
    assert graph not in plain
    assert graph in full
    assert set(plain.splitlines()) < set(full.splitlines())
