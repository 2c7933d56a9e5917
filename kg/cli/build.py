"""``igkg build``."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli.main import cli, progress


@cli.command()
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Output folder (default: $IGKG_BUILD_DIR, else build/). Replaced only by a build that passes.",
)
@click.option(
    "--transcripts",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    default=None,
    help="Folder of meeting transcripts, each with NAME.meta.yaml beside it, to load into the graph "
    "(default: $IGKG_TRANSCRIPTS_DIR, else kg/data/transcripts/ where it exists).",
)
def build(out: Path | None, transcripts: Path | None) -> None:
    """Build the graph: read and check the curated records, map them to RDF (one named graph per
    source), derive, validate (SHACL + checks), then write the store and the dumps.

    \b
    The output folder is a link to the build in use; each build is written beside it into
    .OUT.builds/<id>/ and published by one atomic flip of the link; the last three are kept.
    Builds of the same folder take turns (.OUT.lock). Each build holds:
      store/           the embedded Oxigraph store that `igkg query` reads
      igkg.ttl         Turtle, all graphs merged
      igkg.jsonld      JSON-LD, compacted with the project's context (embedded)
      igkg.trig        TriG, one named graph per source (the provenance)
      igkg.nq          N-Quads, sorted (canonical: no blank nodes)
      validation.txt   validation report for people; validation.ttl as SHACL
      void.ttl         dataset description (VoID, DCAT) with the published base
      ontology.html    ontology documentation (pyLODE), served at /ontology by igkg serve
      manifest.json    counts and SHA-256 of every input and output

    Each transcript of the transcripts folder that has a metadata file (source, meeting, title,
    date; the meeting a curated record) adds its source and one intervention per speaker turn.

    A bad record or a violation prints every problem, exits non-zero (2 or 1), and leaves the
    previous outputs and store as they were.
    """
    from kg.pipeline.build import build as run_build

    # Waiting for another build, recovering from a dead one, migrating an old layout: said on
    # stderr even when not on a terminal, so that they show in logs.
    report = run_build(out, progress=progress, transcripts_dir=transcripts, notice=_notice)
    click.echo(report.summary())


def _notice(message: str) -> None:
    click.echo(f"igkg: {message}", err=True)
