"""Issue 18: every dump streams (kg/export/streaming.py) and stays byte for byte what the
whole-graph writers wrote before (tests/export/oracle_dumps.py): on the curated build, on the
curated data with the ontology (blank nodes, RDF lists), and on a synthetic graph of 10^4 quads
with the external sort forced to spill to files and merge them."""

from __future__ import annotations

import io
import random
from pathlib import Path

import pytest
from pyoxigraph import RdfFormat, parse

import kg.export.sorting as sorting
from benchmarks.synthetic.generator import nquads as synthetic_nquads
from kg.core.quads import QuadSet
from kg.export.dumps import FORMATS
from kg.export.sorting import sorted_unique
from kg.loaders.ontology import ontology_quads
from kg.pipeline.build import EXPORTS, BuildReport
from tests.export.oracle_dumps import WRITERS


def _data(built: BuildReport) -> QuadSet:
    return QuadSet(parse((built.out_dir / "igkg.nq").read_bytes(), format=RdfFormat.N_QUADS))


@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_the_build_writes_what_the_whole_graph_writers_wrote(built: BuildReport, name: str) -> None:
    assert (built.out_dir / name).read_bytes() == WRITERS[EXPORTS[name]](_data(built))


@pytest.mark.parametrize("fmt", sorted(WRITERS))
def test_every_format_with_the_ontology_blank_nodes_and_lists(built: BuildReport, fmt: str) -> None:
    quads = _data(built)
    quads.update(ontology_quads().unordered())  # `igkg export --with-ontology`
    assert FORMATS[fmt].write(quads) == WRITERS[fmt](quads)


@pytest.fixture(scope="module")
def synthetic() -> QuadSet:
    data, _ = synthetic_nquads(10_000, seed=1)
    return QuadSet(parse(data, format=RdfFormat.N_QUADS))


@pytest.mark.parametrize("fmt", sorted(WRITERS))
def test_a_synthetic_graph_sorted_through_files(
    synthetic: QuadSet, fmt: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(sorting, "CHUNK", 997)  # ~10-40 runs merged, as a graph of 10^7 would be
    # The quads in a shuffled order, each twice: the writer owes nothing to its input's order.
    items = list(synthetic.unordered()) * 2
    random.Random(18).shuffle(items)
    out = io.BytesIO()
    FORMATS[fmt].stream(items, out, tmp_dir=tmp_path)
    assert out.getvalue() == WRITERS[fmt](synthetic)
    assert list(tmp_path.iterdir()) == []  # the sort's scratch files are gone


def test_writers_count_distinct_statements(synthetic: QuadSet) -> None:
    out = io.BytesIO()
    assert FORMATS["nquads"].stream(synthetic.unordered(), out) == len(synthetic)
    assert FORMATS["turtle"].stream(synthetic.unordered(), io.BytesIO()) == len(synthetic.triples())


def test_sorted_unique_merges_runs_into_one_order() -> None:
    rng = random.Random(4)
    records = [(rng.choice("abc"), rng.randrange(500), bytes([rng.randrange(256)])) for _ in range(5000)]
    assert list(sorted_unique(records, chunk=64)) == sorted(set(records))
    assert list(sorted_unique([], chunk=64)) == []


def test_an_empty_graph_in_every_format() -> None:
    for fmt, writer in WRITERS.items():
        assert FORMATS[fmt].write(QuadSet()) == writer(QuadSet()), fmt
