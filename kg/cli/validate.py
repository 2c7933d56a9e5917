"""``igkg validate``."""

from __future__ import annotations

import json
from pathlib import Path

import click

from kg.cli.main import cli


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "turtle"]), default="text", show_default=True)
@click.option(
    "--engine",
    type=click.Choice(["sparql", "pyshacl"]),
    default="sparql",
    show_default=True,
    help="sparql: the shapes compiled to SPARQL on Oxigraph (what `igkg build` runs); pyshacl: the "
    "reference SHACL engine, same findings, ~20-100x slower.",
)
def validate(files: tuple[Path, ...], fmt: str, engine: str) -> None:
    """Validate RDF FILES against igkg's shapes and quality checks.

    Formats by extension: .ttl .nt .nq .trig .jsonld/.json (RDF/XML is not accepted).
    Several files are validated together, as one graph.

    Exit codes: 0 conforms, 1 does not conform, 2 unreadable input.
    """
    from kg.core.files import check_regular
    from kg.loaders.ontology import ontology_quads
    from kg.loaders.rdffiles import MAX_INPUT_BYTES, read_rdf_files
    from kg.validate import validate as run_validate

    for path in files:
        # Before the reader opens it: a FIFO would block it, /dev/zero would fill the memory.
        check_regular(path, MAX_INPUT_BYTES)
    quads = read_rdf_files(list(files))
    report = run_validate(quads, ontology_quads(), engine=engine)
    if fmt == "json":
        click.echo(json.dumps(report.to_json(), indent=2, ensure_ascii=False))
    elif fmt == "turtle":
        click.echo(report.turtle().decode("utf-8"), nl=False)
    else:
        click.echo(report.text(), nl=False)
    raise SystemExit(0 if report.conforms else 1)
