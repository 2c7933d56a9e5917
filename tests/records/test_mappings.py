"""The mapping table (SSSOM TSV): read strictly, checked against SSSOM by sssom-py, and turned
into SKOS mapping triples that cite the page showing each identifier."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyoxigraph import NamedNode

from kg.core.errors import RecordErrors
from kg.engines import OxigraphView
from kg.pipeline.build import build
from kg.records import mappings
from kg.records.mappings import Mapping, MappingTable, default_metadata, read_table, write_table

TABLE = mappings.table_path()
SKOS = "http://www.w3.org/2004/02/skos/core#"


def test_the_committed_table_is_valid_sssom() -> None:
    from sssom.constants import SchemaValidationType
    from sssom.parsers import parse_sssom_table
    from sssom.validators import validate

    msdf = parse_sssom_table(TABLE)
    validate(msdf, [SchemaValidationType.JsonSchema, SchemaValidationType.PrefixMapCompleteness], fail_on_error=True)
    assert len(msdf.df) == len(read_table(TABLE).rows)


def test_writing_is_deterministic_and_round_trips() -> None:
    table = read_table(TABLE)
    again = write_table(table)
    assert again == TABLE.read_bytes()
    shuffled = MappingTable(table.path, table.metadata, list(reversed(table.rows)))
    assert write_table(shuffled) == again


def test_every_accepted_row_cites_a_page_and_never_uses_owl_same_as() -> None:
    for row in read_table(TABLE).accepted():
        assert row.see_also.startswith(("http://", "https://"))
        assert 0 < len(row.comment.split()) <= mappings.MAX_QUOTE_WORDS
        assert row.predicate_id.startswith("skos:")


def bad_table(tmp_path: Path, edit: dict[str, str]) -> Path:
    row = Mapping(
        subject_id="igkg:igf",
        predicate_id="skos:exactMatch",
        object_id="wikidata:Q1",
        mapping_justification="semapv:ManualMappingCuration",
        reviewer_id="igkgagent:someone",
        mapping_date="2026-11-22",
        see_also="https://example.org/page",
        comment="a quote",
    )
    table = MappingTable(tmp_path / "t.sssom.tsv", default_metadata("https://example.org/t", "test"), [row])
    text = write_table(table).decode()
    for old, new in edit.items():
        text = text.replace(old, new)
    path = tmp_path / "t.sssom.tsv"
    path.write_text(text)
    return path


@pytest.mark.parametrize(
    ("edit", "field", "message"),
    [
        ({"skos:exactMatch": "owl:sameAs"}, "predicate_id", "not a CURIE with a declared prefix"),
        ({"\tskos:exactMatch": "\tskos:sameAs"}, "predicate_id", "never owl:sameAs"),
        ({"wikidata:Q1": "nowhere:Q1"}, "object_id", "declared prefix"),
        ({"2026-11-22": "22/11/2026"}, "mapping_date", "YYYY-MM-DD"),
        ({"https://example.org/page": ""}, "see_also", "address of the page"),
        ({"a quote": " ".join(["word"] * 26)}, "comment", "at most 25"),
        ({"igkg:igf": "wikidata:Q2"}, "subject_id", "igkg thing"),
        ({"#license: https://creativecommons.org/licenses/by/4.0/\n": ""}, "license", "must declare"),
    ],
)
def test_a_bad_row_names_the_file_line_and_field(
    tmp_path: Path, edit: dict[str, str], field: str, message: str
) -> None:
    path = bad_table(tmp_path, edit)
    with pytest.raises(RecordErrors) as caught:
        read_table(path)
    text = str(caught.value)
    assert f"{path}:" in text and f"field {field!r}" in text and message in text


def test_a_duplicate_key_in_the_metadata_block_is_refused_with_its_line(tmp_path: Path) -> None:
    path = bad_table(tmp_path, {"#mapping_set_id:": "#license: https://example.org/other\n#mapping_set_id:"})
    lines = path.read_text().splitlines()
    first, second = (n for n, line in enumerate(lines, 1) if line.startswith("#license:"))
    with pytest.raises(RecordErrors) as caught:
        read_table(path)
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:{second}: field 'license': metadata block: duplicate key 'license' (first at line {first})"
    ]


def test_the_graph_has_the_accepted_mappings_in_their_pages_graphs(view: OxigraphView) -> None:
    rows = view.query(
        "SELECT ?g ?quote WHERE { GRAPH ?g { <https://w3id.org/igkg/id/cstd> <" + SKOS + "exactMatch> "
        "<http://www.wikidata.org/entity/Q5152737> . <https://w3id.org/igkg/id/cstd> "
        "<https://w3id.org/igkg/ontology#evidence> ?c . ?c <https://w3id.org/igkg/ontology#supportsValue> "
        "<http://www.wikidata.org/entity/Q5152737> ; <https://w3id.org/igkg/ontology#quote> ?quote } }"
    ).dicts()
    assert rows == [
        {
            "g": "https://w3id.org/igkg/source/page-supraverden-un-bodies",
            "quote": rows[0]["quote"],
        }
    ]
    assert "Q5152737" in rows[0]["quote"]
    same_as = view.query("ASK { ?s <http://www.w3.org/2002/07/owl#sameAs> ?o }")
    assert same_as.boolean is False


def test_a_mapping_citing_an_unrecorded_page_fails_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, records_dir: Path
) -> None:
    path = bad_table(tmp_path, {})
    monkeypatch.setenv("IGKG_MAPPINGS", str(path))
    with pytest.raises(RecordErrors, match=r"see_also.*not the address of a recorded web-page source"):
        build(tmp_path / "out", records_dir=records_dir)
    assert not (tmp_path / "out").exists()


def test_the_build_publishes_the_table(built) -> None:  # type: ignore[no-untyped-def]
    assert (built.out_dir / "mappings.sssom.tsv").read_bytes() == TABLE.read_bytes()
    store = OxigraphView.open(built.out_dir / "store")
    assert store.contains(NamedNode("http://www.wikidata.org/entity/Q47423"))


@pytest.mark.parametrize("brk", ["\x85", "\u2028", "\u2029"])
def test_a_unicode_line_break_in_the_metadata_keeps_the_header_whole(tmp_path: Path, brk: str) -> None:
    # PyYAML writes these raw; a reader that splits lines the Unicode way would cut the header.
    metadata = default_metadata("https://example.org/t", f"a title{brk}with a break")
    table = MappingTable(tmp_path / "t.sssom.tsv", metadata, [])
    text = write_table(table).decode()
    assert brk not in text
    assert all(line.startswith("#") for line in text.splitlines()[:-1])
    (tmp_path / "t.sssom.tsv").write_text(text)
    assert read_table(tmp_path / "t.sssom.tsv").metadata == metadata
