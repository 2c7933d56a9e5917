"""The click group, the error boundary and shared options.

Exit codes scripts can trust: 0 ok; 1 a check failed (validation); 2 bad input or usage.
Results go to stdout; progress, warnings and errors go to stderr.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import Any

import click

from kg.core.errors import KGError
from kg.core.version import __version__

#: The module that defines each command (kg/cli/<module>.py); importing it registers the command
#: on ``cli``. A command line imports only the module of the command it runs, so that a one-line
#: ``igkg query`` does not pay for pyshacl, the reasoner, the server or the Wikidata client
#: (benchmarks/README.md, "CLI"); ``igkg --help`` imports them all to list them.
COMMAND_MODULES = {
    "analyse": "lineage",
    "build": "build",
    "coalitions": "coalitions",
    "export": "export",
    "ingest-meeting": "meetings",
    "lineage": "lineage",
    "link": "link_wikidata",  # imports kg.cli.link, the group, and adds `link wikidata` to it
    "push": "push",
    "queries": "query",
    "query": "query",
    "review-speakers": "speakers",
    "serve": "serve",
    "sparql": "query",
    "stats": "stats",
    "validate": "validate",
}


def load_all_commands() -> None:
    for module in sorted(set(COMMAND_MODULES.values())):
        importlib.import_module(f"kg.cli.{module}")


class IgkgGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMAND_MODULES)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module = COMMAND_MODULES.get(cmd_name)
        if module is not None:
            importlib.import_module(f"kg.cli.{module}")
        return super().get_command(ctx, cmd_name)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KGError as exc:
            click.secho(f"igkg: {exc}", err=True, fg="red" if sys.stderr.isatty() else None)
            ctx.exit(exc.exit_code)
        except BrokenPipeError:
            # `igkg query ... | head`: the reader went away; that is not an error.
            sys.stderr.close()
            ctx.exit(0)


def progress(message: str) -> None:
    """Progress for people: shown only when stderr is a terminal, so logs and pipes stay clean."""
    if sys.stderr.isatty():
        click.echo(f"… {message}", err=True)


def write_output(data: bytes, out: Path | None, fmt: str) -> None:
    """Results to stdout, or atomically to ``out`` (readers never see half a file)."""
    from kg.core.errors import ConfigError
    from kg.core.files import write_atomic

    if out is None:
        if fmt == "png" and sys.stdout.isatty():
            raise ConfigError("a PNG on a terminal is unreadable: use --out FILE, or pipe it")
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    write_atomic(out, data)
    click.echo(f"wrote {out}", err=True)


def graph_output_options(text_help: str) -> Any:
    """``--format text|json|dot|svg|png`` and ``--out FILE``, shared by the commands that draw graphs."""

    def decorate(func: Any) -> Any:
        func = click.option(
            "--out",
            type=click.Path(path_type=Path, dir_okay=False),
            default=None,
            help="File to write (default: stdout).",
        )(func)
        return click.option(
            "--format",
            "fmt",
            type=click.Choice(["text", "json", "dot", "svg", "png"]),
            default="text",
            show_default=True,
            help=text_help,
        )(func)

    return decorate


def store_option(func: Any) -> Any:
    return click.option(
        "--store",
        type=click.Path(path_type=Path, file_okay=False),
        default=None,
        help="The store to read (default: $IGKG_STORE, else build/store).",
    )(func)


@click.group(cls=IgkgGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="igkg")
def cli() -> None:
    """igkg: a knowledge graph of the UN Internet-governance system that grew out of WSIS.

    \b
    Start with:
      igkg build                                             # records -> validated store + dumps in build/
      igkg queries                                           # what you can ask
      igkg query who-mandated --param id=wg-igf-improvements
      igkg query provenance --param id=meeting-2010-12-cstd --format json

    Exit codes: 0 ok, 1 a check failed (validation), 2 bad input or usage.
    """
