"""``igkg build``: records -> quads -> derived facts -> validation -> store and exports.

Orchestration only; each stage lives in its own module. Invariants:
- atomic: everything is written into a staging folder beside the output folder and published
  only after validation passed, in one step (the output folder is a symbolic link flipped to the
  new build; kg/core/publish.py), so a failed build (bad record, violation, crash) leaves the
  previous outputs and store exactly as they were;
- deterministic: the same inputs give byte-identical exports and reports (the store's own files
  are RocksDB's and are not compared);
- offline: nothing is fetched.
"""

from __future__ import annotations

import gc
import hashlib
import io
import json
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pyoxigraph import BlankNode, DefaultGraph, NamedNode, Quad, RdfFormat, Store, serialize

from kg.core import settings
from kg.core.errors import ValidationFailed
from kg.core.publish import check_out, publishing
from kg.core.quads import QuadSet
from kg.core.terms import RDF_TYPE
from kg.core.version import __version__
from kg.engines import OxigraphView
from kg.export.description import PUBLIC_BASE, dataset_description
from kg.export.dumps import FORMATS
from kg.export.ontodoc import ontology_html
from kg.loaders.derive import derive_from_records
from kg.loaders.mappings import mappings_to_quads
from kg.loaders.ontology import ontology_quads
from kg.loaders.records import records_to_quads
from kg.meetings.to_quads import transcripts_to_quads
from kg.pipeline.rules import apply_rules, construct_rules
from kg.records import RecordSet, mappings, read_records
from kg.records.sources import SourceFile, read_source_file
from kg.validate import ValidationReport, validate

MANIFEST = "manifest.json"
STORE_DIR = "store"
#: Export files the build writes (name -> format); the validation report goes beside them.
EXPORTS = {"igkg.ttl": "turtle", "igkg.jsonld": "jsonld", "igkg.trig": "trig", "igkg.nq": "nquads"}
#: The dataset description (VoID, DCAT; kg/export/description.py) and the ontology's HTML documentation.
DESCRIPTION = "void.ttl"
ONTOLOGY_DOC = "ontology.html"
MAPPINGS = "mappings.sssom.tsv"

Progress = Callable[[str], None]


@dataclass
class BuildReport:
    out_dir: Path
    records: int
    quads: int
    triples: int
    graphs: int
    counts: dict[str, int]
    validation: ValidationReport
    seconds: float = 0.0
    outputs: list[str] = field(default_factory=list)

    def summary(self) -> str:
        width = max((len(k) for k in self.counts), default=10)
        lines = [f"built {self.out_dir}/ in {self.seconds:.1f} s"]
        lines.append(f"  {self.records} records -> {self.triples} triples ({self.quads} quads in {self.graphs} graphs)")
        counts = self.validation.counts()
        lines.append(
            f"  validation: conforms ({counts['Warning']} warnings, {counts['Info']} info; "
            f"{self.validation.shapes} shapes, {self.validation.checks} checks)"
        )
        lines.append("  things per class:")
        for name, count in self.counts.items():
            lines.append(f"    {name:<{width}} {count:>6}")
        return "\n".join(lines)


def _source_files(records: RecordSet, sources_dir: Path) -> dict[str, SourceFile]:
    return {
        r.id: read_source_file(sources_dir / str(r.first("file")))
        for r in records.of_kind("sources")
        if r.first("file") is not None
    }


def _class_counts(quads: QuadSet) -> dict[str, int]:
    seen = {
        (q.subject.value, q.object.value)
        for q in quads.unordered()  # the set de-duplicates what several graphs state
        if q.predicate == RDF_TYPE
        and isinstance(q.subject, NamedNode | BlankNode)
        and isinstance(q.object, NamedNode)
        and q.object.value.startswith(settings.ONTOLOGY_NS)
    }
    counter = Counter(cls[len(settings.ONTOLOGY_NS) :] for _, cls in seen)
    return dict(sorted(counter.items()))


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:  # in blocks: a dump at 10^7 quads is GBs
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _check_out_dir(out_dir: Path) -> None:
    """Refuse, before any work, an output folder igkg must not publish into: a file, a folder that
    is not an igkg build (it might be the user's own), one it cannot write beside
    (kg/core/publish.py ``check_out``; checked again under the build lock)."""
    check_out(out_dir, MANIFEST)


@dataclass(frozen=True)
class Inputs:
    """The folders a build reads beside the package's own files (ontology, shapes, queries, the
    JSON-LD context, names.yaml (the speakers of the transcripts) and the mapping table)."""

    records: Path
    sources: Path
    transcripts: Path

    def files(self) -> list[tuple[str, Path]]:
        """Every input file, named by its folder's role and its path inside it, in a stable order:
        what the manifest fingerprints, so two builds from different inputs never look alike."""
        folders = {
            "records": (self.records, "**/*.yaml"),
            "sources": (self.sources, "*"),
            "transcripts": (self.transcripts, "*"),
            "shapes": (settings.shapes_dir(), "*.ttl"),
            "queries": (settings.queries_dir(), "*.rq"),
            "mappings": (mappings.table_path().parent, "*"),
        }
        found = [
            (f"{role}/{path.relative_to(folder).as_posix()}", path)
            for role, (folder, pattern) in folders.items()
            if folder.is_dir()
            for path in folder.glob(pattern)
            if path.is_file() and not path.name.startswith(".")
        ]
        singles = {
            "ontology": settings.ontology_file(),
            "context": settings.context_file(),
            "names": settings.data_dir() / "names.yaml",
        }
        found += [(f"{role}/{path.name}", path) for role, path in singles.items() if path.is_file()]
        return sorted(found)


def assemble(
    records_dir: Path | None = None,
    sources_dir: Path | None = None,
    progress: Progress = lambda _: None,
    transcripts_dir: Path | None = None,
) -> tuple[RecordSet, QuadSet, QuadSet]:
    """Read and check the records, map them to quads, add the derived facts and the transcripts of
    ``transcripts_dir`` (default: settings.transcripts_dir(); kg/meetings/to_quads.py).

    Returns (records, data quads, ontology quads). Raises RecordErrors for bad records.
    """
    sources = sources_dir or settings.sources_dir()
    progress("reading records")
    records = read_records(records_dir or settings.records_dir(), sources)
    progress(f"mapping {len(records)} records to RDF")
    quads = records_to_quads(records, _source_files(records, sources))
    table = mappings.table_path()
    if table.is_file():
        progress(f"reading the mapping table {table.name}")
        quads.update(mappings_to_quads(mappings.read_table(table), records))
    quads.update(derive_from_records(records))
    quads.update(transcripts_to_quads(records, transcripts_dir or settings.transcripts_dir(), progress))
    onto = ontology_quads()
    progress("deriving facts (queries/construct-*.rq)")
    view = OxigraphView.from_quads([*quads, *onto])
    quads.update(apply_rules(view, construct_rules(settings.queries_dir())))
    return records, quads, onto


def build(
    out_dir: Path | None = None,
    records_dir: Path | None = None,
    sources_dir: Path | None = None,
    progress: Progress = lambda _: None,
    transcripts_dir: Path | None = None,
    notice: Progress | None = None,
) -> BuildReport:
    """Build, validate and publish into ``out_dir`` atomically. See the module docstring.

    ``notice`` (default: ``progress``) hears what a user should see even in a log: waiting for
    another build of ``out_dir``, what a crashed build left behind and was removed, the one-time
    move of an older-layout folder (kg/core/publish.py).

    :raises RecordErrors: bad curated records (nothing written).
    :raises SourceError: a transcript or its metadata refused (nothing written).
    :raises ValidationFailed: the graph does not conform (nothing written; report attached).
    """
    started = time.perf_counter()
    out = Path(out_dir) if out_dir is not None else settings.build_dir()
    _check_out_dir(out)
    inputs = Inputs(
        records_dir or settings.records_dir(),
        sources_dir or settings.sources_dir(),
        transcripts_dir or settings.transcripts_dir(),
    )
    records, quads, onto = assemble(inputs.records, inputs.sources, progress, inputs.transcripts)
    progress(f"validating {len(quads)} quads")
    report = validate(quads, onto)
    if not report.conforms:
        error = ValidationFailed("the graph does not conform; nothing was written\n" + report.text())
        error.report = report  # type: ignore[attr-defined]
        raise error

    with publishing(out, progress, notice=notice, marker=MANIFEST) as staging:
        outputs, triples = _write_outputs(staging, quads, onto, report, records, inputs, progress)
    return BuildReport(
        out_dir=out,
        records=len(records),
        quads=len(quads),
        triples=triples,
        graphs=len(quads.graphs()),
        counts=_class_counts(quads),
        validation=report,
        seconds=time.perf_counter() - started,
        outputs=outputs,
    )


def _write_outputs(
    staging: Path,
    quads: QuadSet,
    onto: QuadSet,
    report: ValidationReport,
    records: RecordSet,
    inputs: Inputs,
    progress: Progress,
) -> tuple[list[str], int]:
    """Write every output into ``staging``; the outputs' names and the number of distinct triples
    (the merged view, counted by the Turtle writer rather than by a set of them)."""
    written_counts: dict[str, int] = {}
    for name, fmt in EXPORTS.items():
        progress(f"writing {name}")
        # Streamed (kg/export/streaming.py): memory bounded by one sort chunk, the sort's scratch
        # files beside the outputs (the system's temporary folder may be small, or in memory).
        with (staging / name).open("wb") as handle:
            written_counts[fmt] = FORMATS[fmt].stream(quads.unordered(), handle, tmp_dir=staging)
    triples = written_counts["turtle"]
    (staging / "validation.txt").write_text(report.text(), encoding="utf-8")
    (staging / "validation.ttl").write_bytes(report.turtle())

    manifest = _manifest(staging, quads, triples, records, inputs)
    progress("loading the store")
    store = _load_store(staging / STORE_DIR, quads, onto)
    progress(f"describing the dataset ({DESCRIPTION})")
    # Made from the manifest of the dumps only (kg/export/description.py), so a server that calls
    # dataset_description with the final manifest and PUBLIC_BASE gets these very bytes.
    (staging / DESCRIPTION).write_bytes(dataset_description(OxigraphView(store), manifest, PUBLIC_BASE))
    del store
    gc.collect()
    progress(f"documenting the ontology ({ONTOLOGY_DOC})")
    (staging / ONTOLOGY_DOC).write_bytes(ontology_html(settings.ontology_file()))

    extra = []
    if mappings.table_path().is_file():
        # The reviewed mapping table as published (SSSOM TSV); its accepted rows are in the dumps.
        (staging / MAPPINGS).write_bytes(mappings.table_path().read_bytes())
        extra.append(MAPPINGS)
    written = sorted([*EXPORTS, "validation.txt", "validation.ttl", DESCRIPTION, ONTOLOGY_DOC, *extra])
    manifest["outputs"] = {name: _sha256(staging / name) for name in written}
    (staging / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return [*written, MANIFEST, STORE_DIR + "/"], triples


def _load_store(path: Path, quads: QuadSet, onto: QuadSet) -> Store:
    """The store: each source's graph, the ontology's graph, and the default graph holding the
    merge of all of them (kg/engines/base.py, "Layout").

    The data goes in as one N-Quads text through the store's bulk loader: the dump just written,
    followed by the same triples as N-Triples, which are N-Quads lines in the default graph. The
    store keeps each quad once, so the merge needs no de-duplication here. (Merging in Python and
    inserting terms ran at a fifth of the bulk loader's rate; benchmarks/README.md.) The data has
    no blank nodes (kg/core/quads.py). The ontology has some, with canonical labels that re-parsing
    would replace, so its few hundred quads are added as terms.

    Both texts are read from files (the merge written to a scratch file beside the store), never
    held in memory: at 10^7 quads they are GBs (issue 18).
    """
    store = Store(str(path))
    with tempfile.TemporaryDirectory(prefix="igkg-merge-", dir=path.parent) as scratch:
        merged = Path(scratch) / "merged.nt"
        with merged.open("wb") as handle:
            serialize((q.triple for q in quads.unordered()), handle, RdfFormat.N_TRIPLES)
        with io.BufferedReader(_Chained(path.parent / "igkg.nq", merged), 1 << 20) as text:
            store.bulk_load(text, format=RdfFormat.N_QUADS)
    ontology = list(onto.unordered())
    store.bulk_extend([*ontology, *(Quad(q.subject, q.predicate, q.object, DefaultGraph()) for q in ontology)])
    store.flush()
    store.optimize()
    return store


class _Chained(io.RawIOBase):
    """Files read one after the other as one stream (one bulk load of the dump and the merge)."""

    def __init__(self, *paths: Path) -> None:
        super().__init__()
        self.handles = [p.open("rb") for p in paths]

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while self.handles:
            count = self.handles[0].readinto(buffer)
            if count:
                return count
            self.handles.pop(0).close()
        return 0

    def close(self) -> None:
        for handle in self.handles:
            handle.close()
        self.handles = []
        super().close()


def _manifest(staging: Path, quads: QuadSet, triples: int, records: RecordSet, inputs: Inputs) -> dict[str, Any]:
    """Counts, the SHA-256 of every input, and the dumps (format, bytes, SHA-256 in ``outputs``)."""
    return {
        "igkg": __version__,
        "ontology": settings.ONTOLOGY_IRI,
        "records": len(records),
        "quads": len(quads),
        "triples": triples,
        "graphs": len(quads.graphs()),
        "counts": _class_counts(quads),
        "inputs": {name: _sha256(path) for name, path in inputs.files()},
        "dumps": {name: {"format": fmt, "bytes": (staging / name).stat().st_size} for name, fmt in EXPORTS.items()},
        "outputs": {name: _sha256(staging / name) for name in EXPORTS},
    }
