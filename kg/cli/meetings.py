"""``igkg ingest-meeting``: read a meeting record into sessions and speaker turns."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.cli.main import cli
from kg.core import settings


@cli.command("ingest-meeting")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--meta",
    "meta_path",
    type=click.Path(path_type=Path, dir_okay=False),
    required=True,
    help="The record's metadata file (YAML): source, meeting, title, date, ... (see the README).",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Write the extraction here (atomically) instead of stdout.",
)
def ingest_meeting(file: Path, meta_path: Path, out: Path | None) -> None:
    """Read a meeting record of one of the three styles into sessions and speaker turns.

    \b
    Styles, detected from the text:
      call      exported call transcripts: 'Name   MM:SS' lines after [image: ] placeholders
      markdown  Markdown transcripts: '#### Name 0:04', '**Name** 4:22', '# Surname, Name 16:48'
      notes     a note-taker's record: a name alone on a line, time marks such as '11:05', breaks

    Prints the extraction as record YAML (kg/data/records format): one record per session and per
    turn, in order, with the speaker as written, the record it resolves to, the time mark, the
    session and the exact lines. Unattributed passages stay unattributed. Labels that name no
    record are listed on stderr for review. Put the file in kg/data/records/meetings/ to build it.

    \b
    Example:
      igkg ingest-meeting kg/data/sources/004_bf564407ef9a5607.txt \\
          --meta kg/data/meetings/004_bf564407ef9a5607.meta.yaml
    """
    from kg.core.files import write_atomic
    from kg.meetings import extract, read_meta, to_yaml
    from kg.records.load import read_records
    from kg.records.names import name_table

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
    write_atomic(out, text.encode("utf-8"))
    click.echo(
        f"wrote {out}: {extraction.style} record, {len(extraction.sessions)} session(s), {len(extraction.turns)} turns",
        err=True,
    )
