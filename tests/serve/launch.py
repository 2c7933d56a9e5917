"""``python -m tests.serve.launch [igkg serve options]``: igkg serve exactly as the command line
starts it (the same options, parsed by the same command), except that its workers run
:func:`tests.serve.testjobs.handle`. A test tool: nothing in igkg reaches it."""

from __future__ import annotations

import sys

import click

from kg.cli.serve import serve, serve_config
from kg.serve import run
from tests.serve import testjobs


def main(argv: list[str]) -> None:
    context = serve.make_context("serve", argv)
    config = serve_config(context.params)
    run(
        config,
        context.params["host"],
        context.params["port"],
        announce=lambda message: click.echo(message, err=True),
        handler=testjobs.handle,
    )


if __name__ == "__main__":
    main(sys.argv[1:])
