"""Wikipedia articles and their DBpedia resources: the name DBpedia derives from an article's
title (spaces to underscores, runs of underscores collapsed, every other character percent-encoded
as UTF-8 bytes), and the DBpedia proposals derived from the accepted Wikipedia rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.core import settings
from kg.core.errors import ConfigError
from kg.link.wikipedia import RULE_PAGE, article_title, dbpedia_name, dbpedia_resource, propose_dbpedia
from kg.records.load import read_records
from kg.records.mappings import Mapping, MappingTable, default_metadata, read_table, write_table
from tests.conftest import Cli


@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("Internet Governance Forum", "Internet_Governance_Forum"),
        ("Internet_Governance_Forum", "Internet_Governance_Forum"),
        ("A  double   space", "A_double_space"),  # runs of underscores collapse to one
        ("A. B-C*D/E:F_G,H&I", "A._B-C*D/E:F_G,H&I"),  # the characters the scheme keeps
        ("Kārkliņš", "K%C4%81rkli%C5%86%C5%A1"),  # UTF-8 bytes, each as %xy
        ("Python (programming language)", "Python_%28programming_language%29"),
        ("Côte d'Ivoire", "C%C3%B4te_d%27Ivoire"),
    ],
)
def test_dbpedia_names_an_article_by_its_documented_encoding(title: str, name: str) -> None:
    assert dbpedia_name(title) == name


def test_the_resource_of_an_english_article_is_under_dbpedia_resource() -> None:
    assert dbpedia_resource("Global Digital Compact") == "http://dbpedia.org/resource/Global_Digital_Compact"


def test_an_article_address_gives_its_title() -> None:
    assert article_title("https://en.wikipedia.org/wiki/Internet_Governance_Forum") == "Internet Governance Forum"
    assert article_title("https://en.wikipedia.org/wiki/C%C3%B4te_d%27Ivoire") == "Côte d'Ivoire"
    for other in ("https://fr.wikipedia.org/wiki/Forum", "https://en.wikipedia.org/wiki/", "https://example.org/"):
        with pytest.raises(ValueError):
            article_title(other)


def _table(path: Path, rows: list[Mapping]) -> Path:
    path.write_bytes(write_table(MappingTable(path, default_metadata("https://example.org/t", "test"), rows)))
    return path


def test_each_accepted_wikipedia_row_gets_one_dbpedia_proposal_citing_the_rule(tmp_path: Path) -> None:
    article = Mapping(
        subject_id="igkg:igf",
        predicate_id="skos:closeMatch",
        object_id="wikipedia:Internet_Governance_Forum",
        mapping_justification="semapv:ManualMappingCuration",
        reviewer_id="igkgagent:someone",
        mapping_date="2026-12-02",
        see_also="https://example.org/page",
        comment="a quote",
    )
    rejected = Mapping(
        subject_id="igkg:cstd",
        predicate_id="skos:closeMatch",
        object_id="wikipedia:Some_Other_Article",
        mapping_justification="semapv:ManualMappingCuration",
        reviewer_id="igkgagent:someone",
        mapping_date="2026-12-02",
        predicate_modifier="Not",
    )
    table = _table(tmp_path / "igkg.sssom.tsv", [article, rejected])
    proposals = tmp_path / "proposals.sssom.tsv"
    records = read_records(settings.records_dir(), settings.sources_dir())

    assert propose_dbpedia(records, table, proposals) == 1
    [proposal] = read_table(proposals).rows
    assert (proposal.subject_id, proposal.predicate_id, proposal.object_id) == (
        "igkg:igf",
        "skos:exactMatch",
        "dbpedia:Internet_Governance_Forum",
    )
    assert proposal.see_also == RULE_PAGE and "dbpedia.org/resource/Xyz" in proposal.comment
    assert not proposal.reviewed
    assert propose_dbpedia(records, table, proposals) == 0  # proposed once


def test_proposing_needs_the_rule_page_recorded(tmp_path: Path, records_dir: Path) -> None:
    path = records_dir / "sources-linking.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(RULE_PAGE, "http://example.org/gone"), encoding="utf-8")
    records = read_records(records_dir, settings.sources_dir())
    with pytest.raises(ConfigError, match="DBpedia"):
        propose_dbpedia(records, _table(tmp_path / "t.sssom.tsv", []), tmp_path / "p.sssom.tsv")


def test_every_committed_wikipedia_row_has_its_derived_dbpedia_row() -> None:
    table = read_table(settings.data_dir() / "mappings" / "igkg.sssom.tsv")
    accepted = {(m.subject_id, m.object_id) for m in table.accepted()}
    articles = {(s, o) for s, o in accepted if o.startswith("wikipedia:")}
    assert articles
    for subject, article in articles:
        title = article_title(table.expand(article))
        assert (subject, "dbpedia:" + dbpedia_name(title)) in accepted


def test_the_command_proposes_nothing_new_for_the_committed_table(tmp_path: Path, cli: Cli) -> None:
    # Every accepted Wikipedia row already has its DBpedia row, so the command proposes none.
    table = tmp_path / "igkg.sssom.tsv"
    table.write_bytes((settings.data_dir() / "mappings" / "igkg.sssom.tsv").read_bytes())
    result = cli("link", "dbpedia", "--table", str(table), "--proposals", str(tmp_path / "p.sssom.tsv"))
    assert result.exit_code == 0, result.output
    assert result.output.startswith("0 new proposals")
