"""An exported file gets the user's umask, as any file the user makes (it used to be 0600: the
atomic writer's temporary file kept mkstemp's mode through the rename)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from kg.pipeline.build import BuildReport
from tests.conftest import Cli


@pytest.mark.parametrize("mask", [0o022, 0o027])
def test_export_out_gets_the_umask(cli: Cli, built: BuildReport, tmp_path: Path, mask: int) -> None:
    previous = os.umask(mask)
    try:
        out = tmp_path / "exports" / "igkg.nt"
        result = cli("export", "--format", "ntriples", "--out", str(out), "--store", str(built.out_dir / "store"))
    finally:
        os.umask(previous)
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~mask
    assert stat.S_IMODE(out.parent.stat().st_mode) == 0o777 & ~mask
