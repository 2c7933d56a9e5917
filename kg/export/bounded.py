"""Running a query with the server's limits: a deadline, a row limit and a memory bound.

pyoxigraph evaluates a query in Rust and cannot be interrupted from Python, so the query runs in
a child process that can be killed, the same mechanism as the server's worker pool
(kg/serve/workers.py: a "spawn" process, a pipe, a deadline on the pipe, kill), used once per
query: the pool itself replaces a killed worker at once and imports the whole web server, which a
one-shot command pays for and does not need. The child (:mod:`kg.export.streamed`) opens the store,
checks and runs the query through :mod:`kg.query.run` and sends its answer back in pieces as
rows come, so that CSV, TSV and JSON are written while the query still runs.

- **Deadline**: the time this process waits for the child (not the time it spends writing the
  output, so a slow reader of a pipe does not use up the query's time); past it the child is
  killed: :class:`QueryTimeout`.
- **Rows**: counted in the child as rows are read; one past the limit ends the answer:
  :class:`RowLimitError`.
- **Memory**: the child's address space is bounded (``RLIMIT_AS``), so a runaway query stops in
  its own process, with a message, instead of the machine swapping: :class:`QueryOutOfMemory`
  (an allocation that fails in Rust aborts the child; its last words, captured in a temporary
  file, say so).
- **Crash**: an engine crash costs the child only: :class:`QueryCrashed`.
"""

from __future__ import annotations

import contextlib
import importlib.machinery
import os
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Generator, Iterator
from typing import TYPE_CHECKING, Any

import kg.core.errors as errors
from kg.core.errors import KGError, QueryCrashed, QueryOutOfMemory, QueryTimeout
from kg.export.limits import MEMORY_ENV, MIB, Limits, Request

if TYPE_CHECKING:  # pragma: no cover
    from kg.engines.base import Results


def stream(request: Request, limits: Limits) -> Generator[bytes, None, None]:
    """The answer as text in the request's format, in pieces as the query's process sends them.

    :raises KGError: what the query's process raised (a QueryError, StoreError, RowLimitError...),
        QueryTimeout, QueryOutOfMemory or QueryCrashed; :class:`InternalError` for a bug.
    """
    with _Child(request, limits) as child:
        for message in child.messages():
            if message[0] == "text":
                yield message[1]


def call(
    function: Callable[..., tuple[bytes, int]], args: tuple[Any, ...], store: str, limits: Limits
) -> tuple[bytes, int]:
    """``function(*args)`` run in a process of its own under ``limits``: its output, and its exit
    code. For a command that reads the store at ``store`` with queries of its own (lineage,
    analyse, stats): a damaged store can send pyoxigraph's evaluation into a loop that only grows,
    which the memory bound ends. ``function`` is named by reference: module-level only.
    """
    output: list[bytes] = []
    code = 0
    with _Child(Request(store=store, call=function, args=args), limits) as child:
        for message in child.messages():
            if message[0] == "text":
                output.append(message[1])
            elif message[0] == "status":
                code = message[1]
    return b"".join(output), code


def results(request: Request, limits: Limits) -> Results:
    """The whole answer (``request.output`` must be ``rows``); raises as :func:`stream`."""
    from kg.engines.base import Results

    answer = Results([], [])
    with _Child(request, limits) as child:
        for message in child.messages():
            kind, value = message[0], message[1]
            if kind == "variables":
                answer.variables = value
            elif kind == "rows":
                answer.rows.extend(value)
            elif kind == "triples":
                answer.triples = answer.triples if answer.triples is not None else []
                answer.triples.extend(value)
            elif kind == "boolean":
                answer.boolean = value
    return answer


class InternalError(Exception):
    """A bug in igkg met in the query's process; ``detail`` is that process's traceback."""

    def __init__(self, message: str, detail: str = "") -> None:
        super().__init__(message)
        self.detail = detail


# --- the query's process ------------------------------------------------------------------------

_start_lock = threading.Lock()


@contextlib.contextmanager
def _main_module_left_alone() -> Iterator[None]:
    """Start a child without re-running this program's main script in it.

    "spawn" imports the parent's ``__main__`` script again in the child, so that functions
    defined there can be unpickled. The child runs a function of igkg and needs none of it, and
    a script that calls the Python API at its top level, without the ``if __name__ ==
    "__main__":`` guard, would run its own code a second time there (and multiprocessing would
    stop that child). spawn never re-runs a package's ``__main__`` module; naming the main
    module so while the child starts makes it skip the script (CPython 3.10-3.13,
    ``multiprocessing.spawn.get_preparation_data``).
    """
    main = sys.modules.get("__main__")
    if main is None:  # pragma: no cover - an embedded interpreter
        yield
        return
    with _start_lock:
        saved = main.__dict__.get("__spec__")
        main.__spec__ = importlib.machinery.ModuleSpec("__main__", None)
        try:
            yield
        finally:
            main.__spec__ = saved


class _Child:
    """One query's process: started, read under the deadline, ended. Use as a context manager."""

    def __init__(self, request: Request, limits: Limits) -> None:
        import multiprocessing

        from kg.export.streamed import child_main

        self.limits = limits
        self.store = request.store if not request.endpoint else None
        self.stderr_path = _scratch_file()
        context = multiprocessing.get_context("spawn")
        self.conn, child_end = context.Pipe(duplex=False)
        self.process = context.Process(
            target=child_main,
            args=(child_end, request, limits, self.stderr_path),
            daemon=True,
            name="igkg-query",
        )
        with _main_module_left_alone():
            self.process.start()
        child_end.close()
        self.finished = False

    def __enter__(self) -> _Child:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def messages(self) -> Iterator[tuple[Any, ...]]:
        """The child's messages until it is done; its errors raised here."""
        left = self.limits.timeout
        while True:
            started = time.monotonic()
            ready = self.conn.poll(left)
            if left is not None:
                left -= time.monotonic() - started
            if not ready:
                self._kill()
                raise QueryTimeout(
                    f"the query ran longer than its {self.limits.timeout:g} s deadline and was stopped: narrow it "
                    f"(bind a variable, add LIMIT) or give it more time ({self.limits.timeout_name} SECONDS)"
                )
            try:
                message = self.conn.recv()
            except (EOFError, OSError):
                raise self._death() from None
            if message[0] == "done":
                self.finished = True
                return
            if message[0] in ("error", "memory", "internal"):
                raise _relayed(message, self.limits)
            yield message

    def _kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=10)

    def _death(self) -> KGError:
        """Why the child ended without a word: its memory bound, or a crash."""
        self.process.join(timeout=10)
        code = self.process.exitcode
        last_words = self._last_words()
        memory = self.limits.memory
        out_of_memory = any(sign in last_words for sign in _OUT_OF_MEMORY) or (
            memory is not None and code in (-signal.SIGABRT, -signal.SIGKILL)
        )
        damage = self._damage() if self.store is not None else None
        if damage is not None:
            return damage
        if out_of_memory:
            return _out_of_memory(self.limits)
        how = f"signal {signal.Signals(-code).name}" if code is not None and code < 0 else f"exit code {code}"
        return QueryCrashed(f"the query crashed the query engine (its process ended with {how}); it is refused")

    def _damage(self) -> KGError | None:
        """A StoreError when the store turns out to be damaged: RocksDB reports a damaged block
        to a plain scan, where SPARQL evaluation over it may loop until its memory runs out."""
        from kg.engines.oxigraph import probe_damage

        assert self.store is not None
        return probe_damage(self.store, _PROBE_SECONDS)

    def _last_words(self) -> str:
        if self.stderr_path is None:
            return ""
        try:
            with open(self.stderr_path, encoding="utf-8", errors="replace") as handle:
                return handle.read(64 * 1024)
        except OSError:
            return ""

    def close(self) -> None:
        if self.finished:  # it is on its way out: let it end by itself, its warnings written
            self.process.join(timeout=5)
        self._kill()
        self.conn.close()
        if self.stderr_path is None:
            return
        words = self._last_words().strip()
        if words and self.process.exitcode == 0:
            print(words, file=sys.stderr)  # the child's warnings, if any, are the user's too
        with contextlib.suppress(OSError):
            os.unlink(self.stderr_path)


#: How long to look for damage in a store after a query's process died (a scan of its quads).
_PROBE_SECONDS = 5.0
#: What a process says when an allocation fails: Rust's allocator, C++ (RocksDB), a thread that
#: could not get its stack under the address-space bound.
_OUT_OF_MEMORY = ("memory allocation of", "std::bad_alloc", "Resource temporarily unavailable", "MemoryError")


def _out_of_memory(limits: Limits) -> QueryOutOfMemory:
    bound = f"the {limits.memory // MIB} MiB of" if limits.memory else "the"
    return QueryOutOfMemory(
        f"the query needed more than {bound} memory its process may use and was stopped: narrow it "
        f"(bind a variable, add LIMIT), or raise the bound with {MEMORY_ENV}=MiB (none: no bound)"
    )


def _scratch_file() -> str | None:
    """A temporary file for the child's standard error (None where none can be made: the child
    then writes to ours)."""
    try:
        handle, path = tempfile.mkstemp(prefix="igkg-query-", suffix=".stderr")
    except OSError:
        return None
    os.close(handle)
    return path


def _relayed(message: tuple[Any, ...], limits: Limits) -> Exception:
    """The exception a message of the child stands for, raised again here."""
    kind = message[0]
    if kind == "memory":
        return _out_of_memory(limits)
    if kind == "internal":
        return InternalError(message[1], message[2])
    _, name, text, attributes = message
    cls = getattr(errors, name, None)
    if not (isinstance(cls, type) and issubclass(cls, KGError)):
        cls = errors.QueryError
    # Rebuilt without its __init__ (whose arguments differ by class): the same message and
    # attributes, the same class, so the same exit code.
    error: KGError = cls.__new__(cls)
    Exception.__init__(error, text)
    error.__dict__.update(attributes)
    return error
