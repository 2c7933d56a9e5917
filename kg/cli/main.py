"""The click group, the error boundary and shared options.

Exit codes scripts can trust: 0 ok; 1 a check failed (validation); 2 bad input or usage (a full
disk, a read-only folder, a damaged store included); 70 an internal error (a bug in igkg; the
traceback with ``--debug``); 130 interrupted. Results go to stdout; progress, warnings and errors
go to stderr. The boundary: :meth:`IgkgGroup.invoke`, with :mod:`kg.cli.boundary`.
"""

from __future__ import annotations

import functools
import importlib
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import click

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


#: The commands that evaluate on the local store or local files and need no network, unless one
#: of ``_NETWORK_OPTIONS`` is given (``--endpoint``: a remote store; ``--allow-service``: SERVICE
#: to an endpoint). Run as the igkg program, such a command cuts its process off the network
#: before it opens anything (kg.core.sandbox), so that a query the policy missed reaches nothing.
OFFLINE_COMMANDS = frozenset({"analyse", "coalitions", "export", "lineage", "query", "sparql", "stats", "validate"})
_NETWORK_OPTIONS = ("endpoint", "allowed")
_owns_process = False


def load_all_commands() -> None:
    for module in sorted(set(COMMAND_MODULES.values())):
        importlib.import_module(f"kg.cli.{module}")


class IgkgGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMAND_MODULES)

    def main(self, args: Sequence[str] | None = None, *rest: Any, **extra: Any) -> Any:
        # Without arguments click reads sys.argv: this process is the igkg program, and an offline
        # command may cut it off the network. With arguments (click's CliRunner, a program that
        # embeds igkg) the process is someone else's, and igkg leaves it as it is.
        global _owns_process
        _owns_process = args is None
        return super().main(args, *rest, **extra)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module = COMMAND_MODULES.get(cmd_name)
        if module is not None:
            importlib.import_module(f"kg.cli.{module}")
        command = super().get_command(ctx, cmd_name)
        if command is not None and command.callback is not None and cmd_name in OFFLINE_COMMANDS:
            command.callback = _offline(command.callback)
        return command

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command inside the one error boundary (kg/cli/boundary.py): no exception
        leaves igkg as a traceback unless ``--debug`` asks for it."""
        from kg.cli import boundary

        try:
            result = super().invoke(ctx)
            sys.stdout.flush()  # a full disk behind `> file` is met here, inside the boundary
            return result
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException, SystemExit):
            raise  # click's own: usage errors (exit 2), --help, explicit exits
        except BrokenPipeError:
            # `igkg query ... | head`: the reader went away; that is not an error.
            boundary.quiet_stdout()
            ctx.exit(0)
        except BaseException as exc:
            ctx.exit(boundary.handle(exc, debug=bool(ctx.params.get("debug"))))


def _offline(callback: Any) -> Any:
    """``callback`` run with the process cut off the network when no option asks for it (once)."""
    if getattr(callback, "igkg_offline", False):
        return callback

    @functools.wraps(callback)
    def run(*args: Any, **kwargs: Any) -> Any:
        if _owns_process and not any(kwargs.get(name) for name in _NETWORK_OPTIONS):
            from kg.core.sandbox import SandboxUnavailable, deny_network

            try:
                deny_network()
            except SandboxUnavailable as exc:  # not Linux, or a container that forbids both ways
                click.echo(f"igkg: warning: this process {exc}; the query policy is the only line of defence", err=True)
        return callback(*args, **kwargs)

    run.igkg_offline = True  # type: ignore[attr-defined]
    return run


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
        write_stdout([data])
        return
    write_atomic(out, data)
    click.echo(f"wrote {out}", err=True)


def write_stdout(pieces: Iterable[bytes]) -> None:
    """Write pieces of output to stdout as they come. A reader that went away ends the command
    quietly (BrokenPipeError, met by the boundary); a write that fails otherwise (a full disk
    behind a redirection) is refused by name, exit 2."""
    from kg.core.errors import ConfigError

    out = sys.stdout.buffer
    for piece in pieces:
        try:
            out.write(piece)
            out.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise ConfigError(f"cannot write to standard output: {exc.strerror or exc}") from None


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
@click.option(
    "--debug",
    is_flag=True,
    envvar="IGKG_DEBUG",
    help="Print the traceback of an error (for a bug report); also IGKG_DEBUG=1.",
)
def cli(debug: bool) -> None:
    """igkg: a knowledge graph of the UN Internet-governance system that grew out of WSIS.

    \b
    Start with:
      igkg build                                             # records -> validated store + dumps in build/
      igkg queries                                           # what you can ask
      igkg query who-mandated --param id=wg-igf-improvements
      igkg query provenance --param id=meeting-2010-12-cstd --format json

    Exit codes: 0 ok, 1 a check failed (validation), 2 bad input or usage.
    An internal error (a bug in igkg) exits 70; --debug shows its traceback.
    """
