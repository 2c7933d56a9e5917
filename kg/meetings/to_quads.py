"""Meeting transcripts with their metadata -> quads, during ``igkg build`` (issue 14, item 5).

The transcripts folder (:func:`kg.core.settings.transcripts_dir`, or ``igkg build --transcripts
DIR``) holds transcripts in any format the readers know, each with its metadata file beside it
(``NAME.meta.yaml`` or ``STEM.meta.yaml``, as ``igkg ingest-meeting`` pairs them; the format of
:mod:`kg.meetings.meta`). Each transcript is read by :func:`~kg.meetings.transcripts.ingest.ingest`
with the speaker resolver of its metadata and becomes, in the source's named graph:

- the source document: a transcript (or meeting notes, for the note readers) with the metadata's
  title and date, its file name, line count and SHA-256, and how it was read;
- one intervention per turn: its meeting, its order, the label as written, the time mark as
  written, the speaker only when resolution named one in a resolved way (``RESOLVED``), and a
  citation of the turn's lines quoting the first words of its header line, which supports each
  of those fields (README, "Evidence").

The turns and the source are made into records, exactly as if curated, and mapped by the record
loader's own :class:`~kg.loaders.records.Emitter`: the vocabulary, the IRIs and the graphs are
those of the curated interventions, and their labels and ``linesUsed`` are derived by the same
rules (kg/loaders/derive.py). Refused, with the file and line: a meeting that is not a curated
meeting record with cited facts, or a date outside its days; a ``speakers`` entry naming no
person, body or post; metadata fields that this loader does not apply (``day_parts``,
``overlay``); metadata that the transcript contradicts; a transcript no reader reads confidently
unless the metadata's ``style`` confirms the format; a file name that cannot be a source id, or
that is a curated source already.

A transcript is read as the seed extraction reads one (:func:`kg.meetings.reading.read_meeting`):
the metadata's per-line corrections (``turns``, ``not_turns``) are applied to the reader's headers,
and no turn runs past a session mark (a break, a time alone on a line). A file over 8 MB is read
as a stream: what is kept of it is its turns, their header lines' first words (what a citation
quotes), its line count and its checksum, not its lines.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import Literal, Quad

from kg.core import terms
from kg.core.errors import SourceError
from kg.core.quads import QuadSet
from kg.loaders.derive import DERIVED, generated_label
from kg.loaders.records import Emitter, lines_used, subject_of
from kg.meetings.attribution import resolver_for
from kg.meetings.meetingcheck import check_meeting
from kg.meetings.meta import MeetingMeta, read_meta
from kg.meetings.reading import MeetingReading, read_meeting
from kg.meetings.speakers import RESOLVED
from kg.meetings.transcripts.ingest import Attribution, TranscriptReport
from kg.meetings.transcripts.segment import Turn
from kg.meetings.transcripts.stream import LIMITS, Limits
from kg.records.model import Evidence, FieldValue, Record, RecordSet, Ref, Value
from kg.records.schema import AGENTS
from kg.records.sources import SourceFile

META_SUFFIX = ".meta.yaml"
#: Files that sit beside the transcripts and are not transcripts.
_COMPANIONS = (META_SUFFIX, ".overlay.yaml", ".review.yaml")
#: A transcript's file name is its source's id and the end of its graph's IRI: a plain name.
_FILE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
#: Words of the header line a citation quotes: enough to find the line, well under the 25 allowed
#: (and fewer than a file read as a stream keeps of it, kg.meetings.streamed.HEAD_WORDS).
QUOTE_WORDS = 12
#: Metadata fields for the seed extraction (kg/meetings/extract.py) that this loader does not apply
#: (it makes no session or position records): refused rather than silently ignored.
_UNAPPLIED = ("day_parts", "overlay")
#: Readers of notes rather than of what was said word for word.
_NOTE_READERS = ("notes", "scribe")

Progress = Callable[[str], None]


@dataclass(frozen=True)
class TranscriptRecords:
    """One transcript as records: its source document, its turns, and the file they cite."""

    source: Record
    interventions: tuple[Record, ...]
    file: SourceFile

    @property
    def records(self) -> tuple[Record, ...]:
        return (self.source, *self.interventions)


def transcripts_to_quads(
    records: RecordSet, folder: Path, progress: Progress = lambda _: None, limits: Limits = LIMITS
) -> QuadSet:
    """The quads of every transcript of ``folder`` that has metadata (none when the folder does
    not exist). ``records`` are the build's checked curated records; ``limits`` say how large
    files are read (igkg's own; tests make them small).

    :raises SourceError: naming the file (and line) of the first transcript or metadata refused.
    """
    pairs, bare = find_transcripts(folder)
    for path in bare:
        progress(f"skipping {path.name}: no metadata file beside it ({path.stem}{META_SUFFIX})")
    if not pairs:
        return QuadSet()
    progress(f"reading {len(pairs)} transcript{'s' if len(pairs) != 1 else ''} from {folder}")
    loaded = [transcript_records(records, path, meta, limits) for path, meta in pairs]
    return _quads(records, loaded)


def find_transcripts(folder: Path) -> tuple[list[tuple[Path, Path]], list[Path]]:
    """The (transcript, metadata file) pairs of ``folder``, and the transcripts with no metadata.

    :raises SourceError: for a metadata file that describes no transcript of the folder.
    """
    if not folder.is_dir():
        return [], []
    files = sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))
    metas = {p for p in files if p.name.endswith(META_SUFFIX)}
    pairs, bare = _paired([p for p in files if not p.name.endswith(_COMPANIONS)], metas)
    _refuse_orphans(folder, metas - {meta for _, meta in pairs})
    return pairs, bare


def _paired(transcripts: list[Path], metas: set[Path]) -> tuple[list[tuple[Path, Path]], list[Path]]:
    """Each transcript with its metadata file, and the transcripts that have none."""
    pairs: list[tuple[Path, Path]] = []
    bare: list[Path] = []
    for path in transcripts:
        meta = _meta_file(path, metas)
        if meta is None:
            bare.append(path)
        else:
            pairs.append((path, meta))
    return pairs, bare


def _refuse_orphans(folder: Path, orphans: set[Path]) -> None:
    """A metadata file that pairs with no transcript of the folder is refused at its source line."""
    if orphans:
        orphan = read_meta(min(orphans))
        raise SourceError(
            orphan.path, f"field 'source': {orphan.source!r} is not a file of {folder}", orphan.lines.get("source", 1)
        )


def _meta_file(path: Path, metas: set[Path]) -> Path | None:
    """``NAME.meta.yaml`` (``talk.vtt.meta.yaml``), else ``STEM.meta.yaml`` (``talk.meta.yaml``),
    as igkg ingest-meeting pairs them."""
    candidates = (path.with_name(path.name + META_SUFFIX), path.with_suffix(META_SUFFIX))
    return next((m for m in candidates if m in metas), None)


def transcript_records(records: RecordSet, path: Path, meta_path: Path, limits: Limits = LIMITS) -> TranscriptRecords:
    """One transcript read, checked and made into records (see the module docstring)."""
    _check_file_name(path, records)
    meta = read_meta(meta_path)
    check_meeting(meta, records)
    _check_unapplied(meta)
    reading = read_meeting(path, meta, resolver_for(meta), limits)
    report = reading.report
    _check_reading(meta, report)
    quoted = _QuoteText(reading)
    width = len(str(len(report.turns)))
    prefix = f"{meta.meeting}-{_slug(path.name)}-turn-"
    interventions = tuple(
        _intervention(records, meta, f"{prefix}{turn.order:0{width}d}", turn, attribution, quoted.quote(turn))
        for turn, attribution in zip(report.turns, report.attributions, strict=True)
    )
    return TranscriptRecords(_source(meta, path, report), interventions, reading.source)


def _check_unapplied(meta: MeetingMeta) -> None:
    for key in _UNAPPLIED:
        if key in meta.lines:
            raise SourceError(
                meta.path,
                f"field {key!r}: the transcript loader of igkg build does not apply it; remove it (it belongs "
                "to the seed extraction, igkg ingest-meeting --format yaml)",
                meta.lines[key],
            )


def _check_file_name(path: Path, records: RecordSet) -> None:
    if not _FILE_NAME.match(path.name):
        raise SourceError(
            path, "the file name is the source's id in the graph: use only letters, digits, '.', '_' and '-'"
        )
    if path.name in records:
        raise SourceError(
            path,
            "is a curated source already (kg/data/records/); its meeting record is curated: remove it from the "
            "transcripts folder",
        )


def _check_reading(meta: MeetingMeta, report: TranscriptReport) -> None:
    """A transcript that is built into the graph must be read confidently, or in the format its
    metadata confirms: a doubtful reading puts speech under the wrong turn."""
    detection = report.detection
    if not report.turns:
        raise SourceError(report.path, detection.explanation or "no speaker turn found")
    if not detection.confident and not meta.style:
        reading = detection.reading
        raise SourceError(
            report.path,
            f"read as {reading.reader} with confidence {reading.confidence:.2f} only: check the turns with "
            f"`igkg ingest-meeting {report.path.name}`, then confirm the format with "
            f"`style: {reading.reader}` in {meta.path.name}",
        )


def _slug(name: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", name.lower()))


def _fields(at: int, values: dict[str, Value | Ref]) -> dict[str, FieldValue]:
    return {name: FieldValue(name, at, (value,)) for name, value in values.items()}


def _source(meta: MeetingMeta, path: Path, report: TranscriptReport) -> Record:
    reading = report.detection.reading
    attributed = sum(1 for a in report.attributions if _is_resolved(a))
    description = (
        f"Read by igkg's {reading.reader} transcript reader (confidence {reading.confidence:.2f}): "
        f"{len(report.turns)} speaker turns, {attributed} attributed to a record; metadata in {meta.path.name}."
    )
    values: dict[str, Value | Ref] = {
        "title": meta.title,
        "date": meta.date,
        "file": path.name,
        "description": description,
    }
    kind = "meeting-notes" if reading.reader in _NOTE_READERS else "transcript"
    return Record("sources", path.name, str(meta.path), 1, kind, _fields(1, values))


def _is_resolved(attribution: Attribution) -> bool:
    return attribution.speaker is not None and attribution.how in RESOLVED


def _intervention(
    records: RecordSet, meta: MeetingMeta, rid: str, turn: Turn, attribution: Attribution, quote: str
) -> Record:
    header = turn.header
    values: dict[str, Value | Ref] = {"meeting": Ref(meta.meeting), "order": str(turn.order)}
    if header.label:
        values["speaker_as_written"] = header.label
    speaker = records.records.get(attribution.speaker or "")
    # Precision first: only a resolved way names a speaker, and only an agent the build holds
    # (the resolver's index is read from the default records folder, which a build may not use).
    if speaker is not None and _is_resolved(attribution) and speaker.kind in AGENTS:
        values["speaker"] = Ref(speaker.id)
    if header.time:
        values["time"] = header.time
    # The turn's lines, quoted by its header, state every field here: the turn of the meeting's
    # transcript, its place in it, the label (and time mark) as written, and whom the label names
    # (as the seed extraction ties them, kg/meetings/record_yaml.py).
    supports = tuple(values)
    evidence = Evidence(meta.source, quote, turn.line_start, turn.line_end, supports, header.line)
    return Record(
        "interventions", rid, str(meta.path), header.line, "intervention", _fields(header.line, values), (evidence,)
    )


class _QuoteText:
    """What a turn's citation quotes: the first words of its header line as the reader read it.
    For a page (HTML), that is the page's text on that line, without its markup; for a file read
    as a stream, the first words of the line that the reading kept."""

    def __init__(self, reading: MeetingReading) -> None:
        self.name = reading.report.path.name
        self.heads = reading.heads
        # A file read as a stream keeps its header lines' first words, not its text.
        self.text = reading.report.detection.text if self.heads is None else None
        self.page: dict[int, list[str]] = {}
        if self.text is not None and self.text.line_map is not None:
            for line, number in zip(self.text.lines, self.text.line_map, strict=True):
                if line.strip():
                    self.page.setdefault(number, []).append(line)

    def _line(self, number: int, label: str) -> str:
        if self.text is None:
            return self.heads.get(number, "") if self.heads is not None else ""
        if self.text.line_map is None:
            return self.text.lines[number - 1] if number <= len(self.text.lines) else ""
        on_line = self.page.get(number, [])
        return next((t for t in on_line if label and label in t), on_line[0] if on_line else "")

    def quote(self, turn: Turn) -> str:
        words = self._line(turn.header.line, turn.header.label).split() or turn.header.label.split()
        if not words:
            raise SourceError(self.name, "a turn's header line has no text to quote", turn.header.line)
        return " ".join(words[:QUOTE_WORDS]) + (" …" if len(words) > QUOTE_WORDS else "")


def _quads(records: RecordSet, loaded: list[TranscriptRecords]) -> QuadSet:
    """The transcripts' records mapped as the curated ones are, with their derived labels and
    lines used (kg/loaders/derive.py)."""
    new = _new_records(records, loaded)
    merged = RecordSet({**records.records, **new.records})
    emitter = Emitter(merged, {t.source.id: t.file for t in loaded})
    for record in new.sorted():
        emitter.record(record)
    emitter.quads.update(_derived(merged, new))
    return emitter.quads


def _new_records(records: RecordSet, loaded: list[TranscriptRecords]) -> RecordSet:
    """The transcripts' records by id; an id that another record has already is refused."""
    new = RecordSet()
    for transcript in loaded:
        for record in transcript.records:
            if record.id in records or record.id in new:
                raise SourceError(transcript.file.path, f"{record.id!r} is the id of another record already")
            new.records[record.id] = record
    return new


def _derived(merged: RecordSet, new: RecordSet) -> Iterator[Quad]:
    """The derived graph's facts about the new records, by the rules of kg/loaders/derive.py."""
    for record in new.of_kind("interventions"):
        label = generated_label(merged, record)
        if label:
            yield Quad(subject_of(record), terms.RDFS_LABEL, terms.english(label), DERIVED)
    for name, spans in lines_used(new).items():
        text = ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in spans)
        yield Quad(terms.source(name), terms.igkg("linesUsed"), Literal(text), DERIVED)
