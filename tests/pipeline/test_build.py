"""`igkg build`: validated, deterministic, atomic."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from pyoxigraph import RdfFormat, Store, parse

from kg.core.errors import ConfigError, ValidationFailed
from kg.core.quads import QuadSet
from kg.engines import with_default_graph
from kg.loaders.ontology import ontology_quads
from kg.pipeline.build import DESCRIPTION, EXPORTS, MANIFEST, MAPPINGS, ONTOLOGY_DOC, BuildReport, build
from tests.conftest import REPO, run_module

OUTPUTS = [*EXPORTS, "validation.txt", "validation.ttl", DESCRIPTION, ONTOLOGY_DOC, MAPPINGS, MANIFEST]


def digests(folder: Path) -> dict[str, str]:
    return {name: hashlib.sha256((folder / name).read_bytes()).hexdigest() for name in OUTPUTS}


def test_build_writes_store_exports_report_and_manifest(built: BuildReport) -> None:
    for name in OUTPUTS:
        assert (built.out_dir / name).is_file(), name
    assert (built.out_dir / "store").is_dir()
    assert built.validation.conforms
    manifest = json.loads((built.out_dir / MANIFEST).read_text())
    assert manifest["triples"] == built.triples > 1000
    assert manifest["outputs"] == {n: d for n, d in digests(built.out_dir).items() if n != MANIFEST}
    # One named graph per source document, plus the graph of derived facts.
    sources = sum(built.counts.get(k, 0) for k in ("Transcript", "MeetingNotes", "PreparedText", "WebPage"))
    assert built.graphs == sources + 1


def test_the_manifest_fingerprints_every_input_the_build_read(built: BuildReport) -> None:
    """The curated records including the committed meeting extractions, every source, the
    ontology, shapes, queries, context and names.yaml: a change to any of them shows."""
    inputs = json.loads((built.out_dir / MANIFEST).read_text())["inputs"]
    data = REPO / "kg" / "data"
    for path in [*(data / "records").rglob("*.yaml"), *(data / "sources").iterdir()]:
        role = path.relative_to(data).parts[0]
        name = f"{role}/{path.relative_to(data / role).as_posix()}"
        assert inputs[name] == hashlib.sha256(path.read_bytes()).hexdigest(), name
    for name in ("ontology/igkg.ttl", "context/context.jsonld", "names/names.yaml"):
        assert name in inputs
    assert any(n.startswith("records/meetings/") for n in inputs)
    assert any(n.startswith("shapes/") for n in inputs) and any(n.startswith("queries/") for n in inputs)
    assert list(inputs) == sorted(inputs)


def test_the_store_holds_every_graph_and_their_merge_in_the_default_graph(built: BuildReport) -> None:
    """The bulk-loaded store (kg.build._load_store) holds exactly: each source's graph, the
    ontology's graph, and the default graph with every distinct triple of both once, the
    ontology's canonical blank-node labels kept."""
    quads = QuadSet(parse((built.out_dir / "igkg.nq").read_bytes(), format=RdfFormat.N_QUADS))
    expected = QuadSet(with_default_graph([*quads, *ontology_quads()]))
    store = Store.read_only(str(built.out_dir / "store"))
    assert QuadSet(store).nquads() == expected.nquads()


def test_summary_counts_things_per_class(built: BuildReport) -> None:
    summary = built.summary()
    assert "records ->" in summary and "triples" in summary and "graphs" in summary
    from kg.core import settings
    from kg.records import read_records

    records = read_records(settings.records_dir(), settings.sources_dir())
    assert built.counts["Mandate"] == len(records.of_kind("mandates"))
    assert built.counts["WorkingGroup"] == sum(1 for r in records.of_kind("bodies") if r.type == "working-group")


def test_rebuilds_are_byte_identical_across_hash_seeds(tmp_path: Path) -> None:
    results = []
    for seed in ("1", "4242"):
        out = tmp_path / f"build-{seed}"
        done = run_module("build", "--out", str(out), env={"PYTHONHASHSEED": seed})
        assert done.returncode == 0, done.stderr
        results.append(digests(out))
    assert results[0] == results[1]


def test_a_bad_record_fails_the_build_and_leaves_the_previous_build_intact(tmp_path: Path, records_dir: Path) -> None:
    out = tmp_path / "out"
    build(out)
    before = digests(out)
    store_files = sorted(p.name for p in (out / "store").iterdir())
    bodies = records_dir / "bodies.yaml"
    text = bodies.read_text()
    bodies.write_text(text.replace("    established: 1992\n", "    established: 1992-02-30\n"))
    done = run_module("build", "--out", str(out), env={"IGKG_RECORDS_DIR": str(records_dir)})
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    line = next(n for n, text in enumerate(bodies.read_text().splitlines(), 1) if "1992-02-30" in text)
    assert f"bodies.yaml:{line}: record 'cstd' field 'established': impossible date '1992-02-30'" in done.stderr
    assert digests(out) == before
    assert sorted(p.name for p in (out / "store").iterdir()) == store_files
    leftovers = [p.name for p in tmp_path.glob(".out.*") if p.name not in (".out.lock", ".out.builds")]
    assert not leftovers + list((tmp_path / ".out.builds").glob("*.staging-*")), "no staging folder is left behind"


def test_shape_violations_stop_the_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shapes = tmp_path / "shapes"
    shutil.copytree(REPO / "shapes", shapes)
    # A stricter rule the curated data does not meet: every body must have a dissolution date.
    (shapes / "extra.ttl").write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n@prefix igkg: <https://w3id.org/igkg/ontology#> .\n"
        "<urn:test:Strict> a sh:NodeShape ; sh:targetClass igkg:Body ;\n"
        '  sh:property [ sh:path igkg:dissolved ; sh:minCount 1 ; sh:message "must be dissolved" ] .\n'
    )
    monkeypatch.setenv("IGKG_SHAPES_DIR", str(shapes))
    out = tmp_path / "out"
    with pytest.raises(ValidationFailed) as exc:
        build(out)
    assert exc.value.exit_code == 1
    assert "must be dissolved" in str(exc.value)
    assert not out.exists()
    done = run_module("build", "--out", str(out), env={"IGKG_SHAPES_DIR": str(shapes)})
    assert done.returncode == 1 and "does not conform" in done.stderr and "Traceback" not in done.stderr


def test_refuses_to_replace_a_folder_that_is_not_an_igkg_build(tmp_path: Path) -> None:
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "thesis.txt").write_text("do not delete")
    with pytest.raises(ConfigError, match="holds no igkg build"):
        build(precious)
    assert (precious / "thesis.txt").read_text() == "do not delete"


def test_an_interrupted_swap_of_the_older_layout_is_recovered(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(out)
    before = digests(out)
    # The older layout's swap (two renames), cut between them: the build aside, no output folder.
    shutil.copytree(out, tmp_path / ".out.old-deadbeef")
    out.unlink()
    shutil.rmtree(tmp_path / ".out.builds")
    build(out)
    assert digests(out) == before and out.is_symlink()
    assert sorted(p.name for p in tmp_path.glob(".out.*")) == [".out.builds", ".out.lock"]  # the lock stays, empty
    assert len(list((tmp_path / ".out.builds").iterdir())) == 2  # the recovered build is kept


# Each case: (file, old text, new text, expected "file:line: record 'id' field 'f': message" pieces).
BAD_RECORDS = {
    "unknown field": (
        "bodies.yaml",
        "  - id: cstd\n",
        "  - id: cstd\n    colour: blue\n",
        "cstd",
        "colour",
        "unknown field for bodies",
    ),
    "wrong type": ("bodies.yaml", "    parent: ecosoc\n", "    parent: [ecosoc, ga]\n", "cstd", "parent", "wrong type"),
    "duplicate key": (
        "bodies.yaml",
        "  - id: cstd\n",
        "  - id: cstd\n    label: CSTD\n",
        "cstd",
        "label",
        "duplicate key 'label'",
    ),
    "duplicate id": ("people.yaml", "  - id: peter-major\n", "  - id: cstd\n", "cstd", "id", "duplicate id"),
    "unknown reference": (
        "bodies.yaml",
        "    parent: ecosoc\n",
        "    parent: ecosok\n",
        "cstd",
        "parent",
        "reference to unknown id 'ecosok'",
    ),
    "malformed date": (
        "bodies.yaml",
        "    established: 1992\n",
        "    established: 17/12/1992\n",
        "cstd",
        "established",
        "malformed date",
    ),
    "impossible date": (
        "bodies.yaml",
        "    established: 1992\n",
        "    established: 1992-02-30\n",
        "cstd",
        "established",
        "impossible date '1992-02-30'",
    ),
    "end before start": (
        "people.yaml",
        "    end: 2026\n",
        "    end: 2024\n",
        "unctad-ungis-chair",
        "end",
        "end before start",
    ),
    "unknown source": (
        "bodies.yaml",
        "      - source: page-ecosoc-cstd\n",
        "      - source: page-ecosoc\n",
        "cstd",
        "sources",
        "unknown source 'page-ecosoc'",
    ),
    "missing evidence": (
        "bodies.yaml",
        "bodies:\n",
        "bodies:\n  - id: ghost\n    type: forum\n    label: Ghost\n",
        "ghost",
        "sources",
        "missing evidence",
    ),
}


@pytest.fixture(scope="module")
def good_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("good") / "out"
    build(out)
    return out


@pytest.mark.parametrize("case", sorted(BAD_RECORDS))
def test_each_bad_record_case_prints_its_message_and_leaves_build_intact(
    case: str, good_build: Path, records_dir: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    shutil.copytree(good_build, out)
    before = digests(out)
    name, old, new, rid, field, message = BAD_RECORDS[case]
    path = records_dir / name
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    done = run_module("build", "--out", str(out), env={"IGKG_RECORDS_DIR": str(records_dir)})
    assert done.returncode == 2, done.stdout
    assert "Traceback" not in done.stderr
    located = [line for line in done.stderr.splitlines() if message in line]
    assert located, done.stderr
    expected = f"record '{rid}'" + (f" field '{field}'" if field else "")
    assert any(f"{name}:" in line and expected in line for line in located), located
    assert digests(out) == before
