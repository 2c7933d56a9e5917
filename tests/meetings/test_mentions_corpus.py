"""Entity linking outside the seeds: hand-labelled samples of development-corpus transcripts.

tests/data/mentions/gold_corpus.yaml labels every line numbered 3 mod 10 of the UN80 mandate-review
transcript (147 lines), read before the linker was run on it; gold_corpus_b.yaml, labelled by a
curator who had not seen the linker, the lines numbered 7 mod 10 of the same transcript and a
sample of a ParlaMint TEI file (outside the domain, to count false positives). The transcripts are
read from the shared corpus, never copied here. The figures after issue 14 item 7 (the token
linker through the speakers' alias table and fuzzy matcher) are asserted as floors; the figures
before it are in the docstrings.
"""

from __future__ import annotations

import pytest

from kg.meetings.mentions import Mention
from kg.records.sources import read_source_file
from kg.tools.mentions import _entity, _gold, evaluate, linked_file, main
from tests.conftest import REPO, require

GOLD = REPO / "tests" / "data" / "mentions" / "gold_corpus.yaml"
GOLD_B = REPO / "tests" / "data" / "mentions" / "gold_corpus_b.yaml"
CORPUS = REPO.parent / "shared" / "corpus" / "transcripts"
SOURCE = CORPUS / "un80_iahwg_s4_2025-10-30.md"
TEI = CORPUS / "parlamint_gb_2020-02-12_lords.xml"


@pytest.fixture(autouse=True)
def _corpus() -> None:
    require(SOURCE.exists(), f"the development corpus ({SOURCE})")


@pytest.fixture(scope="module")
def found() -> dict[str, list[Mention]]:
    return linked_file(SOURCE)


def test_the_gold_file_covers_exactly_the_sample_lines_and_quotes_them() -> None:
    gold = _gold(GOLD)
    lines = read_source_file(SOURCE).lines
    assert {str(entry["source"]) for entry in gold} == {SOURCE.name}
    assert [int(str(entry["line"])) for entry in gold] == list(range(3, len(lines) + 1, 10))
    for entry in gold:
        line = lines[int(str(entry["line"])) - 1]
        mentions: list[dict[str, str]] = entry["mentions"]  # type: ignore[assignment]
        for mention in mentions:
            # Short spans only: the gold quotes what names a thing, never a whole line.
            assert mention["text"] in line and len(mention["text"]) < 60, (entry["line"], mention["text"])
            assert line.count(mention["text"]) >= sum(1 for m in mentions if m["text"] == mention["text"])


def test_the_sample_has_mentions_with_and_without_a_record() -> None:
    mentions = [m for entry in _gold(GOLD) for m in entry["mentions"]]  # type: ignore[attr-defined]
    with_record = [m for m in mentions if _entity(m)]
    assert (len(mentions), len(with_record)) == (104, 36)
    # Speaker labels of delegations with a record are linked; the UN Secretariat's is not a record.
    assert {"mexico", "cuba", "un-secretary-general", "ga", "ecosoc", "un"} <= {m["entity"] for m in with_record}


def test_precision_and_recall_on_the_corpus_sample(found: dict[str, list[Mention]]) -> None:
    """Measured before any change for issue 14: 32 scored mentions, 27 found, 7 false positives
    (UN inside names of unrecorded things, 'Under Secretary General', 'USG Policy', 'US$'),
    5 misses (the UN and the SG written in lower case): precision 0.794, recall 0.844.
    After: 31 found, 1 false positive (the UN in 'UN 80 initiative'), 1 miss (the SG in
    'Secretary General Special Representative'): precision 0.969, recall 0.969."""
    score = evaluate(GOLD, found)
    assert score.true_positive + score.false_negative == 32
    assert score.unlinkable == 68
    assert score.precision >= 0.968
    assert score.recall >= 0.968


def test_precision_and_recall_on_the_second_sample() -> None:
    """Before issue 14 item 7: 43 scored mentions, 38 found, 9 false positives, precision 0.809,
    recall 0.884. After: 39 found, 3 false positives (the UN in 'UN 80 initiative' and 'UN
    initiative'), 4 misses ('Office of the High Commissioner' twice for OHCHR, 'NSG' for 'an SG',
    the UN before a capitalised 'Population advisor'): precision 0.929, recall 0.907. The ParlaMint
    lines, outside the domain, add no false positive."""
    require(GOLD_B.exists() and TEI.exists(), f"the second sample ({GOLD_B}) and its texts")
    score = evaluate(GOLD_B, linked_file(SOURCE, TEI))
    assert score.true_positive + score.false_negative == 43
    assert score.precision >= 0.928
    assert score.recall >= 0.906


def test_the_command_measures_another_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--gold", str(GOLD), "--source", str(SOURCE)]) == 0
    out = capsys.readouterr().out
    assert f"mentions linked in {SOURCE.name}:" in out
    assert "sample: 32 gold mentions with a record, 68 without" in out


def test_gold_and_source_go_together() -> None:
    with pytest.raises(SystemExit):
        main(["--gold", str(GOLD)])
