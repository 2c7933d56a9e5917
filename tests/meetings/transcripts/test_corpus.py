"""The readers on real transcripts, against a gold annotation made by reading
(tests/data/transcripts/gold/, checked by a second independent method; its README says how):
every development-corpus file and every seed record, read with no list of names, reaches F1 >= 0.97
on its header lines, and the format detected is the file's own."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.tools.transcripts import GOLD_DIR, score, transcript_path
from tests.conftest import require

GOLD = sorted(GOLD_DIR.glob("*.json"))
#: The reader each file is written for (the corpus README names each file's convention).
EXPECTED_READER = {
    "un80_iahwg_s4_2025-10-30.md": "markdown",
    "ethereum_acdt072_2026-03-02.vtt": "webvtt",
    "parlamint_gb_2020-02-12_lords.xml": "tei",
    "ethereum_acde124_2021-10-15.md": "markdown",
    "ethereum_acdc092_2022-07-28.md": "markdown",
    "a11ychi_2020-05-21_invisible-disabilities-panel.md": "markdown",
    "a11ychi_2017-10-19_accessibility-legal-update.md": "markdown",
    "000_f75722b46b55aad4.txt": "export",
    "001_ae93e3ef07a7236a.txt": "markdown",
    "004_bf564407ef9a5607.txt": "notes",
}


def test_there_is_gold_for_the_whole_development_corpus_and_the_seeds() -> None:
    assert sorted(json.loads(p.read_text(encoding="utf-8"))["file"] for p in GOLD) == sorted(EXPECTED_READER)


@pytest.mark.parametrize("gold_file", GOLD, ids=lambda p: p.name.removesuffix(".json"))
def test_each_transcript_reaches_f1_097_on_its_header_lines(gold_file: Path) -> None:
    gold = json.loads(gold_file.read_text(encoding="utf-8"))
    require(transcript_path(gold).is_file(), f"the development corpus ({transcript_path(gold)})")
    result = score(gold_file)
    assert result.reader == EXPECTED_READER[result.file]
    assert result.f1 >= 0.97, f"{result.file}: missed {result.missed[:10]}, extra {result.extra[:10]}"
    assert result.precision >= 0.98  # precision first: a line that is not a header must not become one
