"""The dumps are byte-identical to those of the reference build (tests/data/reference-build.json):
moving code between packages must not change a single byte of what users download."""

from __future__ import annotations

import hashlib
import json

import pytest

from kg.pipeline.build import BuildReport
from tests.conftest import FIXTURES

REFERENCE = json.loads((FIXTURES / "reference-build.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("dump", sorted(REFERENCE["dumps"]))
def test_each_dump_is_byte_identical_to_the_reference_build(built: BuildReport, dump: str) -> None:
    data = (built.out_dir / dump).read_bytes()
    for now, then in REFERENCE["paths_then"].items():
        data = data.replace(now.encode(), then.encode())
    digest = hashlib.sha256(data).hexdigest()
    assert digest == REFERENCE["dumps"][dump], (
        f"{dump} differs from the build at {REFERENCE['built_at']}; if the data or a serialisation "
        "changed on purpose, update tests/data/reference-build.json in the same commit and say why"
    )
