"""``igkg export``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click
from pyoxigraph import NamedNode

from kg.cli.main import cli, store_option, write_stdout
from kg.core import settings
from kg.core.errors import ConfigError
from kg.core.files import write_atomic

if TYPE_CHECKING:  # pragma: no cover
    from kg.core.quads import QuadSet
    from kg.engines import OxigraphView


@cli.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["turtle", "jsonld", "trig", "nquads", "ntriples"]),
    default=None,
    help="Output format (default: guessed from --out's extension).",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path, dir_okay=False, allow_dash=True),
    default=None,
    help="File to write (default: stdout, '-' also means stdout).",
)
@click.option(
    "--with-ontology",
    is_flag=True,
    help="Also write the ontology's graph (classes, properties and the concept schemes the shapes "
    "check against): a dump that any SHACL engine can validate on its own.",
)
@store_option
def export(fmt: str | None, out: Path | None, with_ontology: bool, store: Path | None) -> None:
    """Export the data graphs of the built store.

    TriG and N-Quads keep one named graph per source; Turtle, JSON-LD and N-Triples give the
    merged view. Output is deterministic: the same store gives the same bytes.

    --with-ontology adds the ontology's graph (its own named graph in TriG and N-Quads), so that
    the dump validates on its own: pyshacl -s shapes.ttl igkg-full.ttl.

    \b
    Examples:
      igkg export --format trig --out igkg.trig
      igkg export --out igkg.jsonld
      igkg export --format nquads | gzip > igkg.nq.gz
      igkg export --with-ontology --out igkg-full.ttl
    """
    from kg.engines import OxigraphView
    from kg.export.dumps import FORMATS, format_for_path

    to_stdout = out is None or str(out) == "-"
    if fmt is None:
        guessed = None if to_stdout else format_for_path(out)  # type: ignore[arg-type]
        if guessed is None:
            raise ConfigError("say which --format to write (turtle, jsonld, trig, nquads, ntriples)")
        fmt = guessed.name
    quads = _data_quads(OxigraphView.open(store or settings.store_dir()), with_ontology)
    data = FORMATS[fmt].write(quads)
    if to_stdout:
        write_stdout([data])
        return
    assert out is not None
    write_atomic(out, data)
    click.echo(f"wrote {out} ({fmt}, {len(quads)} quads)", err=True)


def _data_quads(view: OxigraphView, with_ontology: bool = False) -> QuadSet:
    """The data graphs, and the ontology's graph if asked; never the default graph (their merge).

    The concept individuals (actions, ranks, roles, stances) live in the ontology only, and a SHACL
    engine's "extra ontology" option (pyshacl -e) copies class and property axioms, not individuals:
    a dump without them fails every sh:class that points into a concept scheme."""
    from kg.core.quads import QuadSet

    ontology_graph = NamedNode(settings.ONTOLOGY_GRAPH)
    try:
        return QuadSet(
            q
            for q in view.store
            if isinstance(q.graph_name, NamedNode) and (with_ontology or q.graph_name != ontology_graph)
        )
    except (OSError, RuntimeError) as exc:  # a damaged block of the store, met while reading it
        view.check_damage(exc)
        raise
