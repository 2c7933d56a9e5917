"""What a query's process does (started by :mod:`kg.export.bounded`): end with its parent, bound
its own memory, give up the network, open the store or the endpoint, check and run the query
through :mod:`kg.query.run`, and send the answer back in pieces as its rows are read, each piece
byte for byte what the whole answer's writer (:func:`kg.export.results.render`) gives for it.

Messages to the parent, in order: ``("text", bytes)`` pieces of output in a format, or
``("variables", list)``, ``("rows", list)``, ``("triples", list)``, ``("boolean", bool)`` for
Python, or ``("status", exit code)`` for a command's function; then ``("done",)``, or one of
``("error", class name, message, attributes)`` (a :class:`KGError`), ``("memory",)`` (a
MemoryError) and ``("internal", message, traceback)``.

The stages are imported inside the functions: the store is opened only once the memory bound and
the network cut are in place (a network namespace needs a process of one thread, and RocksDB
starts threads when it opens a store).
"""

from __future__ import annotations

import os
import signal
import time
import traceback
from collections.abc import Callable, Iterable
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from pyoxigraph import NamedNode

    from kg.engines.base import Results, View
    from kg.engines.oxigraph import Answer, OxigraphView
    from kg.export.limits import Limits, Request

#: A piece of output is sent after this many rows, or this many seconds after the last piece,
#: whichever comes first (the first row goes at once, so that a slow answer shows it has begun).
_PIECE_ROWS = 1000
_PIECE_SECONDS = 0.2


def child_main(conn: Connection, request: Request, limits: Limits, stderr_path: str | None) -> None:
    """The query's process: run ``request`` under ``limits`` and report on ``conn``."""
    # Ctrl-C reaches the whole process group; the parent decides, and kills this process.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent()
    _redirect_stderr(stderr_path)
    _bound_memory(limits.memory)
    _cut_off_network(request)
    try:
        conn.send(_outcome(lambda: _run(conn, request, limits), request))
    except (BrokenPipeError, EOFError):  # the parent went away (killed, or its reader left)
        return


def _outcome(work: Callable[[], None], request: Request) -> tuple[Any, ...]:
    """Do ``work``; the message that says how it ended. Errors become messages on the thread
    they were raised on, so that no traceback (whose frames hold pyoxigraph's answer, an object
    that may only be dropped on its own thread) crosses to another one."""
    from kg.core.errors import KGError, QueryError
    from kg.engines.oxigraph import damage_error

    try:
        work()
        return ("done",)
    except _Reported as reported:
        return reported.outcome
    except (BrokenPipeError, EOFError):  # the parent went away: nobody to tell
        raise
    except (OSError, RuntimeError) as exc:  # pyoxigraph's evaluation errors
        error = damage_error(exc, request.store) if request.store else None
        failure = error or QueryError(f"SPARQL evaluation: {exc}")
        return ("error", type(failure).__name__, str(failure), {})
    except KGError as exc:
        return ("error", type(exc).__name__, str(exc), _plain(vars(exc)))
    except MemoryError:
        return ("memory",)
    except Exception as exc:  # a bug: reported whole, for --debug
        return ("internal", f"{type(exc).__name__}: {exc}", traceback.format_exc())


def _die_with_parent() -> None:
    """End with the parent, however it ends (a SIGTERM or SIGKILL leaves it no time to kill this
    process): Linux's PR_SET_PDEATHSIG; where there is none, a query past its parent ends at its
    next write, on the closed pipe."""
    import ctypes
    import multiprocessing

    parent = multiprocessing.parent_process()
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # pragma: no cover - not Linux
        return
    if parent is not None and os.getppid() != parent.pid:  # it died before the call
        os._exit(1)


#: prctl(2): the signal this process gets when the thread that made it ends.
_PR_SET_PDEATHSIG = 1


def _redirect_stderr(path: str | None) -> None:
    """Standard error to the parent's scratch file: an engine's last words (an allocation that
    failed) tell the parent why this process ended, and do not clutter the user's terminal."""
    if path is None:
        return
    try:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND)
    except OSError:
        return
    os.dup2(fd, 2)
    os.close(fd)


def _bound_memory(limit: int | None) -> None:
    if limit is None:
        return
    try:
        import resource

        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        bound = limit if hard == resource.RLIM_INFINITY else min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (bound, hard))
    except (ImportError, ValueError, OSError) as exc:  # pragma: no cover - not POSIX
        os.write(2, f"igkg: the query's memory cannot be bounded here: {exc}\n".encode())


def _cut_off_network(request: Request) -> None:
    """This process needs no network to query the built store: it gives it up before it opens
    anything (while it has one thread, as a network namespace requires), so that a query the
    policy missed reaches nothing. Not for an endpoint, nor a SERVICE the caller allowed."""
    if request.endpoint or request.allowed_services:
        return
    import contextlib

    from kg.core.sandbox import SandboxUnavailable, deny_network

    # Not Linux, or a container that forbids both ways: the query policy is then the only line.
    with contextlib.suppress(SandboxUnavailable):
        deny_network()


def _plain(attributes: dict[str, Any]) -> dict[str, Any]:
    """An error's attributes that can cross to the parent (what pickle takes)."""
    import pickle

    kept = {}
    for name, value in attributes.items():
        try:
            pickle.dumps(value)
        except Exception:
            continue
        kept[name] = value
    return kept


# --- running the query --------------------------------------------------------------------------


class _Unread:
    """The store as a :class:`View` whose ``query`` keeps pyoxigraph's answer unread, so that
    :func:`kg.query.run.run_sparql` checks and runs the query as for anyone, and the rows are
    then read (and counted, and sent) here one at a time."""

    def __init__(self, view: OxigraphView) -> None:
        self.view = view
        self.answer: Answer | None = None

    def contains(self, iri: NamedNode) -> bool:
        return self.view.contains(iri)

    def query(self, text: str, *, dataset: Any = None, row_limit: int | None = None) -> Results:
        from kg.engines.base import Results

        self.answer = self.view.answer(text, dataset=dataset)
        return Results([], [])


def _run(conn: Connection, request: Request, limits: Limits) -> None:
    from kg.engines.oxigraph import OxigraphView

    if request.call is not None:
        output, code = request.call(*request.args)
        if output:
            conn.send(("text", output))
        conn.send(("status", code))
        return
    from kg.query.run import on_large_stack

    view = _open(request, limits)
    unread = _Unread(view) if isinstance(view, OxigraphView) else None
    if unread is None:  # an endpoint's answer, read whole by its client
        _Sink(conn, request, limits, view).whole(_ask(view, request, limits))
        return

    def answer() -> tuple[Any, ...]:
        def work() -> None:
            _ask(unread, request, limits)
            if unread.answer is not None:
                _Sink(conn, request, limits, view).read(unread.answer)

        try:
            return _outcome(work, request)
        finally:
            unread.answer = None  # dropped on the thread that made it

    # pyoxigraph parses and evaluates (here, as rows are read) on a large stack, as
    # kg.query.run does for the store: the second line behind the policy's bounds.
    outcome = on_large_stack(answer)
    if outcome[0] != "done":
        raise _Reported(outcome)


class _Reported(Exception):
    """An outcome reported on the evaluating thread, carried to the main one as it is."""

    def __init__(self, outcome: tuple[Any, ...]) -> None:
        super().__init__(outcome[0])
        self.outcome = outcome


def _open(request: Request, limits: Limits) -> View:
    from pathlib import Path

    if request.endpoint:
        from kg.engines.remote import EndpointView
        from kg.export.limits import seconds

        return EndpointView(
            request.endpoint, timeout=seconds(limits.timeout) or 3600, default_graph=request.default_graph
        )
    from kg.engines.oxigraph import OxigraphView

    assert request.store is not None, "a request names a store or an endpoint"
    return OxigraphView.open(Path(request.store))


def _ask(view: View, request: Request, limits: Limits) -> Results:
    from kg.query.run import run_canned, run_sparql
    from kg.query.safety import Policy

    policy = Policy(allowed_services=frozenset(request.allowed_services))
    if request.canned is not None:
        return run_canned(view, request.canned, request.params, policy=policy, row_limit=limits.rows)
    assert request.sparql is not None, "a request names a canned query or SPARQL text"
    # The predeclared prefixes hold for every query (kg.core.prefixes): run_sparql gives them.
    return run_sparql(view, request.sparql, policy=policy, row_limit=limits.rows)


# --- sending the answer -------------------------------------------------------------------------


class _Sink:
    """Where the answer goes: rendered in a format and sent in pieces, or sent as rows."""

    def __init__(self, conn: Connection, request: Request, limits: Limits, view: View | None = None) -> None:
        self.conn = conn
        self.view = view  # where a fitted table looks up the short names of its things
        self.output = request.output
        self.width = request.table_width
        self.limits = limits
        # A table needs every row before its first line (column widths); the others stream.
        self.streams = self.output in ("csv", "tsv", "json")

    def whole(self, results: Results) -> None:
        """An answer read already (a remote endpoint's), sent as it is."""
        if self.output == "rows":
            self._send_rows(results)
        else:
            self._text(self._render(results))

    def read(self, answer: Answer) -> None:
        """pyoxigraph's answer, read row by row: counted, sent in pieces."""
        from pyoxigraph import QuerySolutions, QueryTriples

        from kg.engines.base import Results

        if isinstance(answer, QuerySolutions):
            variables = [v.value for v in answer.variables]
            rows = ((tuple(s[v] for v in variables)) for s in answer)
            self._pieces(variables, rows, "rows")
        elif isinstance(answer, QueryTriples):
            from pyoxigraph import Quad

            triples = (Quad(t.subject, t.predicate, t.object) for t in answer)
            self._pieces(None, triples, "triples")
        else:
            self.whole(Results([], [], boolean=bool(answer)))

    def _pieces(self, variables: list[str] | None, items: Iterable[Any], unit: str) -> None:
        """Rows (or triples) as they are read: sent in pieces, or kept for a table."""
        from kg.engines.base import Results

        if self.streams or self.output == "rows":
            self._stream(_Writer(self, variables), items, unit)
            return
        kept: list[Any] = []
        for count, item in enumerate(items):
            self._check_limit(count, unit, streamed=False)
            kept.append(item)
        whole = Results(variables or [], kept) if variables is not None else Results([], [], triples=kept)
        self._text(self._render(whole))

    def _stream(self, writer: _Writer, items: Iterable[Any], unit: str) -> None:
        kept: list[Any] = []
        last = time.monotonic()
        for count, item in enumerate(items):
            if count == self.limits.rows:
                writer.flush(kept)  # what came within the limit is written, then the answer ends
            self._check_limit(count, unit, streamed=self.output != "rows")
            kept.append(item)
            if count == 0 or len(kept) >= _PIECE_ROWS or time.monotonic() - last > _PIECE_SECONDS:
                writer.flush(kept)
                kept = []
                last = time.monotonic()
        writer.flush(kept)
        writer.end()

    def _check_limit(self, count: int, unit: str, streamed: bool) -> None:
        """Refuse the ``count``-th item (from 0) when the limit is ``count``: one past it."""
        from kg.core.errors import RowLimitError

        if count == self.limits.rows:
            raise RowLimitError(count, unit, self.limits.row_advice(streamed=streamed))

    def _render(self, results: Results) -> bytes:
        from kg.export.results import render, to_table

        if self.output == "table":
            names = None
            if self.width is not None and self.view is not None and results.triples is None:
                from kg.export.shortnames import lookup

                names = lookup(self.view, results)
            return to_table(results, self.width, names).encode("utf-8")
        return render(results, self.output).encode("utf-8")

    def _text(self, data: bytes) -> None:
        if data:
            self.conn.send(("text", data))

    def _send_rows(self, results: Results) -> None:
        if results.boolean is not None:
            self.conn.send(("boolean", results.boolean))
        elif results.triples is not None:
            self.conn.send(("triples", results.triples))
        else:
            self.conn.send(("variables", results.variables))
            self.conn.send(("rows", results.rows))


class _Writer:
    """Pieces of one answer in a streamed format, byte for byte what the whole answer would be
    (:func:`kg.export.results.render`): CSV/TSV rows after one header, SPARQL JSON bindings
    between its head and its end, N-Triples lines; or plain rows for Python."""

    def __init__(self, sink: _Sink, variables: list[str] | None) -> None:
        from kg.engines.base import Results
        from kg.export.results import render

        self.sink = sink
        self.variables = variables
        self.sent = 0
        self.head = self.tail = b""
        if sink.output == "rows":
            if variables is not None:
                sink.conn.send(("variables", variables))
            return
        if variables is None:  # triples: N-Triples lines, no head
            return
        empty = render(Results(variables, []), sink.output).encode("utf-8")
        if sink.output == "json":
            # The empty document ends in `"bindings": []` and its closing braces: the head is
            # everything before that `[]`, the tail everything after it.
            self.head, self.tail = empty.rsplit(b"[]", 1)
        else:
            self.head = empty
        sink._text(self.head)

    def flush(self, items: list[Any]) -> None:
        from kg.engines.base import Results
        from kg.export.results import render

        if not items:
            return
        if self.sink.output == "rows":
            self.sink.conn.send(("rows" if self.variables is not None else "triples", items))
            return
        if self.variables is None:
            self.sink._text(render(Results([], [], triples=items), self.sink.output).encode("utf-8"))
            return
        text = render(Results(self.variables, items), self.sink.output).encode("utf-8")
        if self.sink.output != "json":
            self.sink._text(text[len(self.head) :])
            return
        # The bindings of this piece, without the document around them.
        body = text[len(self.head) + len(b"[\n") : len(text) - len(b"\n    ]" + self.tail)]
        self.sink._text((b"[\n" if self.sent == 0 else b",\n") + body)
        self.sent += len(items)

    def end(self) -> None:
        if self.sink.output != "json" or self.variables is None:
            return
        self.sink._text(b"[]" + self.tail if self.sent == 0 else b"\n    ]" + self.tail)
