"""The command line's one error boundary: what any exception becomes for the person who ran igkg.

- a :class:`KGError` (bad input, a failed check): its message, and its exit code (2 or 1);
- an OSError, from the machine rather than from igkg (a full disk, a read-only or missing
  folder, a loop of symbolic links, a folder where a file was expected): bad input, exit 2, with
  the path it names;
- MemoryError: the input was too large for this machine, exit 2;
- Ctrl-C: "interrupted", exit 130, as a shell reports it;
- anything else is a bug in igkg: "internal error", exit 70 (sysexits.h EX_SOFTWARE), and the
  traceback only with ``--debug`` (or ``IGKG_DEBUG=1``).

The boundary lives in :meth:`kg.cli.main.IgkgGroup.invoke`; this module says what to print.
"""

from __future__ import annotations

import errno
import os
import sys
import traceback

import click

from kg.core.errors import EXIT_BAD_INPUT, EXIT_INTERNAL, EXIT_INTERRUPTED, KGError
from kg.core.files import os_reason

#: ``--debug`` / ``IGKG_DEBUG=1``: tracebacks for internal errors (and every other error too).
DEBUG_ENV = "IGKG_DEBUG"


def say(message: str) -> None:
    """An error message on stderr, red on a terminal."""
    click.secho(f"igkg: {message}", err=True, fg="red" if sys.stderr.isatty() else None)


def handle(exc: BaseException, debug: bool) -> int:
    """Report ``exc`` on stderr; the exit code it stands for."""
    if debug:
        traceback.print_exception(type(exc), exc, exc.__traceback__, file=sys.stderr)
        detail = getattr(exc, "detail", "")
        if detail:
            print(f"--- in the query's process:\n{detail}", file=sys.stderr, end="")
    if isinstance(exc, KeyboardInterrupt):
        say("interrupted")
        return EXIT_INTERRUPTED
    if isinstance(exc, KGError):
        say(str(exc))
        return exc.exit_code
    if isinstance(exc, OSError):
        say(os_message(exc))
        return EXIT_BAD_INPUT
    if isinstance(exc, MemoryError):
        say("out of memory: the input is too large for this machine (MemoryError)")
        return EXIT_BAD_INPUT
    what = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    if getattr(exc, "detail", ""):  # kg.export.bounded.InternalError: the bug was in the query's process
        what = f"{exc} (in the query's process)"
    hint = "" if debug else "run with --debug for the traceback; "
    say(f"internal error: {what} ({hint}please report it)")
    return EXIT_INTERNAL


def os_message(exc: OSError) -> str:
    """An OSError as a sentence naming its path(s): ``PATH: what``."""
    code = errno.errorcode.get(exc.errno or 0, "")
    if exc.filename is None:
        reason = exc.strerror or str(exc)
        return f"{reason} ({code})" if code else reason
    path = os.fsdecode(exc.filename)
    reason = os_reason(exc, path)
    if exc.filename2 is not None:
        return f"{path} -> {os.fsdecode(exc.filename2)}: {reason}"
    return f"{path}: {reason}"


def quiet_stdout() -> None:
    """After the reader of stdout went away (``igkg ... | head``): point stdout at /dev/null, so
    that flushing what is left at exit does not fail again (the Python documentation's recipe for
    SIGPIPE)."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, ValueError, OSError):  # not a real file (tests capture it)
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fd)
    os.close(devnull)
