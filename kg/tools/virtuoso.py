"""A Virtuoso 7 server (Debian's ``virtuoso-opensource``) started on loopback, for the tests that
check the canned queries against it (tests/engines/test_virtuoso.py) and for the benchmark suite
that measures igkg beside it (benchmarks/virtuoso_step.py). A development tool: igkg itself never
starts a Virtuoso.

Invariants: the server listens on 127.0.0.1 only (SQL and HTTP ports picked free by the kernel),
keeps every file in its own folder, and reads files only from the folders ``Settings.dirs_allowed``
names (the bulk loader's input). The account is a fresh database's ``dba``/``dba``.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

#: The programs Debian's packages install (the server, and its SQL client for the bulk loader).
SERVER = "virtuoso-t"
SQL_CLIENT = "isql-vt"


class VirtuosoError(RuntimeError):
    """Virtuoso did not start, or refused a SQL statement (the message carries its log or output)."""


def program(name: str) -> str | None:
    """A program from a system package: on PATH or in the folders apt installs into."""
    folders = [os.environ.get("PATH", ""), "/usr/local/bin", "/usr/bin", "/usr/sbin", "/bin"]
    return shutil.which(name, path=os.pathsep.join(folders))


def free_port() -> int:
    """A port on loopback that nothing listens on now (the kernel's pick)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass(frozen=True)
class Settings:
    """What goes into virtuoso.ini beyond the paths and ports."""

    #: 8 KiB pages held in memory. Debian's default (10 000, 80 MB) suits the tests' 25 000 quads;
    #: Virtuoso's own table for a machine with 4 GB to spare is 340 000 (2.7 GB), which holds the
    #: 2 x 10^7 quads of the benchmark's largest size (data plus the merge) with room to spare.
    number_of_buffers: int = 10_000
    #: Pages that may be dirty before Virtuoso writes them out (Virtuoso's table: about 3/4 of
    #: the buffers).
    max_dirty_buffers: int = 6_000
    #: Rows Virtuoso returns at most (it cuts longer answers, and says so only in a header, which
    #: kg.engines.remote refuses). Debian's default 10 000.
    result_set_max_rows: int = 10_000
    #: Seconds after which Virtuoso stops a SPARQL query on its own (0: never). The benchmark sets
    #: it a little above its own per-run limit, so that a query it gave up on does not keep a core
    #: busy while the next ones are timed.
    max_query_seconds: int = 0
    #: Folders the server may read files from (the bulk loader's input), besides its own.
    dirs_allowed: tuple[str, ...] = field(default_factory=tuple)


def ini(directory: Path, sql_port: int, http_port: int, settings: Settings) -> str:
    """virtuoso.ini for a server keeping its files in ``directory`` and listening on loopback."""
    dirs = ", ".join([".", *settings.dirs_allowed])
    timeout = f"MaxQueryExecutionTime = {settings.max_query_seconds}\n" if settings.max_query_seconds else ""
    return f"""\
[Database]
DatabaseFile = {directory}/virtuoso.db
ErrorLogFile = {directory}/virtuoso.log
LockFile = {directory}/virtuoso.lck
TransactionFile = {directory}/virtuoso.trx
xa_persistent_file = {directory}/virtuoso.pxa

[TempDatabase]
DatabaseFile = {directory}/virtuoso-temp.db
TransactionFile = {directory}/virtuoso-temp.trx

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
NumberOfBuffers = {settings.number_of_buffers}
MaxDirtyBuffers = {settings.max_dirty_buffers}
DirsAllowed = {dirs}

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {directory}

[SPARQL]
ResultSetMaxRows = {settings.result_set_max_rows}
{timeout}"""


@dataclass
class Virtuoso:
    """A running server: its HTTP base (``http://127.0.0.1:PORT``), folder, SQL port and process."""

    base: str
    directory: Path
    sql_port: int
    process: subprocess.Popen[bytes]

    @property
    def sparql(self) -> str:
        """The SPARQL endpoint (queries; what a user of Virtuoso would send them to)."""
        return f"{self.base}/sparql"

    @property
    def graph_store(self) -> str:
        """The Graph Store Protocol endpoint with HTTP Digest authentication (``igkg push``)."""
        return f"{self.base}/sparql-graph-crud-auth"

    def sql(self, statements: str, timeout: float = 3600) -> str:
        """Run SQL statements through Virtuoso's own client as ``dba``; its output.

        :raises VirtuosoError: the client is missing, or a statement failed.
        """
        client = program(SQL_CLIENT)
        if client is None:
            raise VirtuosoError(f"{SQL_CLIENT} (Debian virtuoso-opensource) is not installed")
        command = [client, f"127.0.0.1:{self.sql_port}", "dba", "dba", f"exec={statements}"]
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
        output = done.stdout + done.stderr
        if done.returncode != 0 or "*** Error" in output:
            raise VirtuosoError(f"{SQL_CLIENT} failed (exit {done.returncode}):\n{output[-2000:]}")
        return output

    def bulk_load(self, path: Path, graph: str) -> None:
        """Virtuoso's bulk loader on one file (``ld_dir``, ``rdf_loader_run``, ``checkpoint``: the
        procedure Virtuoso documents for large loads). N-Quads keep their graphs; ``graph`` takes
        triples without one. The file's folder must be in ``Settings.dirs_allowed``.

        :raises VirtuosoError: the loader refused the file (its ``ll_error``).
        """
        folder, name = str(path.resolve().parent), path.name
        self.sql(f"ld_dir('{folder}', '{name}', '{graph}'); rdf_loader_run(); checkpoint;")
        errors = self.sql(
            f"SELECT ll_error FROM DB.DBA.load_list WHERE ll_file LIKE '%{name}' AND ll_error IS NOT NULL;"
        )
        if "0 Rows" not in errors:
            raise VirtuosoError(f"Virtuoso's bulk loader refused {path}:\n{errors[-2000:]}")

    def peak_rss_mb(self) -> float:
        """The server's peak resident memory so far (the kernel's VmHWM), in MiB; 0 if unknown."""
        try:
            status = Path(f"/proc/{self.process.pid}/status").read_text()
        except OSError:
            return 0.0
        kb = next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:")), 0)
        return kb / 1024

    def stop(self) -> None:
        """Stop the server (it checkpoints on SIGTERM), killing it if it takes over a minute."""
        self.process.terminate()
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)


def start(directory: Path, settings: Settings | None = None, wait: float = 120) -> Virtuoso:
    """Start a server with its files in ``directory`` and wait until its endpoint answers.

    :raises VirtuosoError: the server is not installed, or did not answer within ``wait`` seconds
        (with the tail of its log).
    """
    binary = program(SERVER)
    if binary is None:
        raise VirtuosoError(f"{SERVER} (Debian virtuoso-opensource) is not installed")
    directory.mkdir(parents=True, exist_ok=True)
    sql_port, http_port = free_port(), free_port()
    (directory / "virtuoso.ini").write_text(ini(directory, sql_port, http_port, settings or Settings()))
    process = subprocess.Popen(
        [binary, "+foreground", "+configfile", "virtuoso.ini"],
        cwd=directory,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    server = Virtuoso(f"http://127.0.0.1:{http_port}", directory, sql_port, process)
    deadline = time.monotonic() + wait
    while True:
        try:
            urllib.request.urlopen(f"{server.sparql}?query=ASK%7B%7D", timeout=2).read()
            return server
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                server.stop()
                log = directory / "virtuoso.log"
                tail = log.read_text(errors="replace")[-2000:] if log.exists() else "(no log)"
                raise VirtuosoError(f"Virtuoso did not start (exit {process.poll()}):\n{tail}") from None
            time.sleep(0.2)


@contextmanager
def running(directory: Path, settings: Settings | None = None) -> Iterator[Virtuoso]:
    """A server for the length of a ``with`` block; stopped and its folder removed afterwards."""
    server = start(directory, settings)
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(directory, ignore_errors=True)
