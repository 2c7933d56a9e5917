"""``igkg ingest-meeting``: read meeting transcripts of any format into speaker turns."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import click

from kg.cli.main import cli
from kg.core import settings
from kg.core.errors import ConfigError

if TYPE_CHECKING:
    from kg.meetings.attribution import RecordResolver
    from kg.meetings.meta import MeetingMeta
    from kg.meetings.speakers import ResolvedHeader
    from kg.meetings.transcripts.ingest import TranscriptReport

_FORMATS = click.Choice(["text", "json", "yaml"])


@cli.command("ingest-meeting")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--meta",
    "meta_path",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="The transcript's metadata (YAML: source, meeting, title, date, place, convened_by...). Optional for "
    "a preview. For several files, NAME.meta.yaml beside each NAME is used where it exists.",
)
@click.option("--reader", default=None, metavar="NAME", help="Read with this reader instead of detecting the format.")
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=None,
    help="Write each file's result into this folder (NAME.turns.json; NAME.yaml with --format yaml), atomically, "
    "and only when every file could be read.",
)
@click.option(
    "--proposals",
    "proposals_path",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    metavar="FILE",
    help="Propose every speaker label that names no record (or several) for review, into this review file "
    "(merged into it when it exists; review it with `igkg review-speakers FILE`), atomically, and only when "
    "every file could be read.",
)
@click.option(
    "--format",
    "fmt",
    type=_FORMATS,
    default="text",
    show_default=True,
    help="text: a summary per file, for people; json: every turn, for machines; yaml: the curated record "
    "extraction of a seed meeting record (needs --meta).",
)
def ingest_meeting(
    paths: tuple[Path, ...],
    meta_path: Path | None,
    reader: str | None,
    out: Path | None,
    proposals_path: Path | None,
    fmt: str,
) -> None:
    """Read meeting transcripts (FILE or DIR, several allowed) into speaker turns.

    The format is detected by letting every reader score the text: WebVTT and SRT captions,
    TEI/ParlaMint XML, IGF real-time captions ('>> NAME:'), UN verbatim records ('Mr. X (Country):'),
    Otter/Zoom/Rev/Teams text exports, Markdown transcripts (headings, bold labels, inline bold
    labels), scribe notes ('JD: ...'), note-takers' records — and any of these saved as an HTML
    page. Every turn gets its header line, the label as written, and the speaker it names in igkg's
    records, resolved precision first (label or alias, a role through the meeting's metadata, a
    country, an ASR-tolerant fuzzy match): a label that could name two things, or none, stays
    unresolved and is listed for review. Never a guess.

    \b
    Examples:
      igkg ingest-meeting captions.vtt                 # a summary: format, turns, who is resolved
      igkg ingest-meeting transcripts/ --format json   # every file of a folder, for machines
      igkg ingest-meeting notes.txt --reader notes --meta notes.meta.yaml --out review/
      igkg ingest-meeting transcripts/ --proposals speakers.review.yaml   # then igkg review-speakers
      igkg ingest-meeting kg/data/sources/004_bf564407ef9a5607.txt \\
          --meta kg/data/meetings/004_bf564407ef9a5607.meta.yaml --format yaml

    With --proposals FILE, each label left unresolved or ambiguous becomes a proposed record (the
    label as written, its header lines as evidence, the role and affiliation the header shows, the
    kind guessed, the records it might be instead) for `igkg review-speakers FILE` to accept, map
    or reject. The evidence names a file by its metadata's `source`, else by its file name.

    Exit codes: 0 every file read; 2 a file could not be read (named, with its line where there is
    one), a --reader that does not fit, or bad usage. Then nothing is written.
    """
    files = _files(paths)
    if fmt == "yaml":
        if proposals_path is not None:
            raise ConfigError("--proposals goes with --format text or json, not with a seed's extraction")
        _seed_yaml(files, meta_path, out)
        return
    reports, origins = _read_all(files, meta_path, reader)
    _write_results(reports, origins, fmt, out, proposals_path)


def _write_results(
    reports: list[TranscriptReport],
    origins: list[tuple[RecordResolver, str]],
    fmt: str,
    out: Path | None,
    proposals_path: Path | None,
) -> None:
    """What ingest-meeting writes, once every file has been read: the files of ``--out``, the
    review file of ``--proposals``, then the summaries or the JSON on stdout."""
    if proposals_path is not None:
        from kg.meetings.speakers import read_review

        read_review(proposals_path)  # a broken review file is refused before anything is written
    summaries = "" if fmt == "json" else "".join(_summary(report) for report in reports)
    if out is not None:
        written = {f"{r.path.stem}.turns.json": r for r in reports}  # a later file of the same stem wins
        _write_all(out, written)
        click.echo(f"wrote {len(written)} file(s) into {out}", err=True)
    if proposals_path is not None:
        _write_proposals(proposals_path, reports, origins)
    if fmt != "json":
        sys.stdout.write(summaries)
    elif out is None:
        _print_json(reports)


def _print_json(reports: list[TranscriptReport]) -> None:
    """The reports as JSON on stdout (one object, or a list of them for several files), written
    turn by turn: the turns are never all objects in memory at once."""
    from kg.core.jsonstream import json_batches

    docs = [report.as_json_stream() for report in reports]
    sys.stdout.flush()
    for batch in json_batches(docs[0] if len(docs) == 1 else docs):
        sys.stdout.buffer.write(batch)


def _read_all(
    files: list[Path], meta_path: Path | None, reader: str | None
) -> tuple[list[TranscriptReport], list[tuple[RecordResolver, str]]]:
    """Every file's report, and per file its resolver and the name its evidence gives (the
    metadata's source, else the file's name)."""
    from kg.meetings.transcripts.ingest import ingest
    from kg.meetings.transcripts.metacheck import check_against_text

    resolver_for = _resolvers(meta_path, files)
    reports: list[TranscriptReport] = []
    origins: list[tuple[RecordResolver, str]] = []
    for path in _progress(files):
        resolver, meta = resolver_for(path)
        report = ingest(path, resolver, reader)
        if meta is not None:
            check_against_text(meta, report)
        reports.append(report)
        origins.append((resolver, meta.source if meta is not None else path.name))
    return reports, origins


def _files(paths: tuple[Path, ...]) -> list[Path]:
    """The transcript files named, a folder standing for its files (not its metadata files)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            inside = sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith("."))
            files += [p for p in inside if not p.name.endswith((".meta.yaml", ".overlay.yaml"))]
        else:
            files.append(path)
    if not files:
        raise ConfigError(f"no transcript file in {', '.join(map(str, paths))}")
    return files


def _progress(files: list[Path]) -> Iterator[Path]:
    """The files, with a progress bar on a terminal when there are several."""
    if len(files) < 2 or not sys.stderr.isatty():
        yield from files
        return
    with click.progressbar(files, label="reading transcripts", file=sys.stderr) as bar:
        yield from bar


def _resolvers(
    meta_path: Path | None, files: list[Path]
) -> Callable[[Path], tuple[RecordResolver, MeetingMeta | None]]:
    """A speaker resolver per file: igkg's records, and the file's metadata where there is one."""
    from kg.meetings.attribution import resolver_for
    from kg.meetings.meta import read_meta

    if meta_path is not None and len(files) > 1:
        raise ConfigError("--meta describes one transcript: give one FILE, or put NAME.meta.yaml beside each file")

    def resolver(path: Path) -> tuple[RecordResolver, MeetingMeta | None]:
        meta_file = meta_path or path.with_name(path.name + ".meta.yaml")
        if meta_path is None and not meta_file.is_file():
            meta_file = path.with_suffix(".meta.yaml")
        meta = read_meta(meta_file) if meta_path is not None or meta_file.is_file() else None
        return resolver_for(meta), meta

    return resolver


def _write_proposals(path: Path, reports: list[TranscriptReport], origins: list[tuple[RecordResolver, str]]) -> None:
    """Merge a proposal per label that names no record (or several) into the review file ``path``."""
    from kg.meetings.speakers import proposals, read_review, write_review

    resolved = [item for report, origin in zip(reports, origins, strict=True) for item in _unresolved(report, *origin)]
    new = proposals(resolved)
    before = read_review(path)
    waiting, rejected = {(p.key, p.kind) for p in before.proposals}, before.rejected_keys()
    skipped = sum(1 for p in new if (p.key, p.kind) in rejected)
    merged = sum(1 for p in new if (p.key, p.kind) in waiting - rejected)
    review = write_review(path, new)
    said = [f"{len(new) - skipped - merged} new", f"{merged} merged into open ones"]
    said += [f"{skipped} rejected before, not proposed again"] if skipped else []
    click.echo(
        f"wrote {path}: speaker proposals {', '.join(said)}; {len(review.proposals)} open, "
        f"to review with `igkg review-speakers {path}`",
        err=True,
    )


def _unresolved(report: TranscriptReport, resolver: RecordResolver, source: str) -> list[ResolvedHeader]:
    """The report's headers whose label names no record (or several), resolved, each with its line
    of the file as evidence. The file's own lines (a page's, for HTML) are the evidence, since
    header lines point into them; they are read in one pass that keeps only the header lines (a
    transcript may be too large to hold)."""
    from kg.meetings.reading import lines_at
    from kg.meetings.speakers import resolve_headers

    pairs = zip(report.turns, report.attributions, strict=True)
    headers = [turn.header for turn, found in pairs if turn.header.kind == "speaker" and found.speaker is None]
    if not headers:
        return []
    path = report.path
    text = lines_at(path, {header.line for header in headers})
    # In that text of the header lines alone, line k is the k-th of them, and its line_map gives
    # each one's number in the file, which the evidence then names.
    index = {number: k for k, number in enumerate(text.line_map or (), 1)}
    renumbered = [replace(header, line=index[header.line]) for header in headers]
    found = resolve_headers(resolver.index, source, renumbered, resolver.context, text=text)
    return [replace(item, header=header) for item, header in zip(found, headers, strict=True)]


def _summary(report: TranscriptReport) -> str:
    reading = report.detection.reading
    if not report.turns:
        return f"{report.path}: {report.detection.explanation}\n"
    sure = "" if report.detection.confident else "  (unsure: check the turns, or force --reader)"
    lines = [
        f"{report.path}: {reading.reader} ({reading.confidence:.2f}){sure}, {len(report.turns)} turns, "
        f"{report.resolved_share:.0%} of named speakers resolved"
    ]
    for label, where in report.unresolved().items():
        shown = ", ".join(map(str, where[:5])) + (" …" if len(where) > 5 else "")
        lines.append(f"  unresolved {label!r} at line {shown}")
    return "\n".join(lines) + "\n"


def _write_all(out: Path, files: dict[str, TranscriptReport]) -> None:
    """Each report as JSON into its file of ``out``, atomically, turn by turn as it is written."""
    from kg.core.files import write_atomic_chunks
    from kg.core.jsonstream import json_batches

    if out.exists() and not out.is_dir():
        raise ConfigError(f"--out {out} is a file: give a folder")
    for name, report in files.items():
        write_atomic_chunks(out / name, json_batches(report.as_json_stream()))


def _seed_yaml(files: list[Path], meta_path: Path | None, out: Path | None) -> None:
    """The curated record extraction of a seed meeting record (kg/data/records/meetings)."""
    from kg.core.files import write_atomic
    from kg.meetings import extract, read_meta, to_yaml
    from kg.records.load import read_records
    from kg.records.names import name_table

    if meta_path is None or len(files) != 1:
        raise ConfigError("--format yaml reads one seed record with its metadata: FILE --meta META")
    file = files[0]
    meta = read_meta(meta_path)
    records = read_records(settings.records_dir(), settings.sources_dir(), with_meetings=False)
    aliases, _ = name_table(settings.data_dir() / "names.yaml")
    extraction = extract(file, meta, records, aliases)
    text = to_yaml(extraction, f"igkg ingest-meeting {file.name} --meta {meta_path.name}")
    if meta.meeting not in records:
        click.echo(
            f"igkg: {meta_path}: meeting {meta.meeting!r} is not a record yet: add it, with its sources, to "
            "kg/data/records/meetings.yaml before building",
            err=True,
        )
    for label, line in extraction.unresolved:
        click.echo(f"igkg: {file}:{line}: speaker {label!r} names no record (kept as written)", err=True)
    if out is None:
        sys.stdout.write(text)
        return
    target = out / f"{file.stem}.yaml" if out.is_dir() or not out.suffix else out
    write_atomic(target, text.encode("utf-8"))
    click.echo(
        f"wrote {target}: {extraction.style} record, {len(extraction.sessions)} session(s), "
        f"{len(extraction.turns)} turns",
        err=True,
    )
