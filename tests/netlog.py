"""Stand-ins for "the network" and for a locked-down container, for the tests that prove a query
evaluating process reaches nothing (kg.core.sandbox).

- :class:`RequestLogger`: a real HTTP server on 127.0.0.1 that records every TCP connection it
  accepts and every request, and answers like a SPARQL endpoint (one row, ``leaked``), so that a
  fetch that got through would also succeed and show in the results;
- :func:`forbid_syscalls`: a seccomp filter that makes some system calls fail with EPERM, as
  Docker's default profile does for ``unshare``: the test form of "a container that forbids it";
- :func:`engine_query`: a worker-pool handler that runs a query on the worker's engine directly,
  past the query policy, to stand for a query the policy missed.
"""

from __future__ import annotations

import ctypes
import errno
import platform
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

ROW = b'{"head": {"vars": ["s"]}, "results": {"bindings": [{"s": {"type": "literal", "value": "leaked"}}]}}'


class RequestLogger:
    """A loopback HTTP server that records who reached it. Use as a context manager."""

    def __init__(self) -> None:
        self.connections: list[tuple[str, int]] = []
        self.requests: list[str] = []
        logger = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                logger.requests.append(f"{self.command} {self.path}")
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.send_header("Content-Length", str(len(ROW)))
                self.end_headers()
                self.wfile.write(ROW)

            do_POST = do_GET

            def log_message(self, *args: Any) -> None:
                pass

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def verify_request(self, request: Any, client_address: Any) -> bool:
                logger.connections.append(client_address)  # every connection, HTTP or not
                return True

        self._server = Server(("127.0.0.1", 0), Handler)
        self.port: int = self._server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.sparql = f"{self.url}/sparql"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True, name="request-logger")

    def __enter__(self) -> RequestLogger:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    @property
    def reached(self) -> bool:
        return bool(self.connections or self.requests)


# --- a container that forbids system calls ------------------------------------------------------

#: unshare() and seccomp() per architecture (x86-64, AArch64).
SYSCALLS = {
    "x86_64": {"unshare": 272, "seccomp": 317},
    "aarch64": {"unshare": 97, "seccomp": 277},
}
_AUDIT_ARCH = {"x86_64": 0xC000003E, "aarch64": 0xC00000B7}


def forbid_syscalls(*names: str) -> None:
    """Make the named system calls fail with EPERM in this process and its children, for good."""
    from kg.core.sandbox import _SockFilter, _SockFprog

    machine = platform.machine()
    numbers = [SYSCALLS[machine][name] for name in names]
    program = [(0x20, 0, 0, 4), (0x15, 1, 0, _AUDIT_ARCH[machine]), (0x06, 0, 0, 0x7FFF0000), (0x20, 0, 0, 0)]
    for index, number in enumerate(numbers):
        jump_to_deny = len(numbers) - index  # past the remaining tests and the allow
        program.append((0x15, jump_to_deny, 0, number))
    program += [(0x06, 0, 0, 0x7FFF0000), (0x06, 0, 0, 0x00050000 | errno.EPERM)]
    filters = (_SockFilter * len(program))(*(_SockFilter(*i) for i in program))
    libc = ctypes.CDLL(None, use_errno=True)
    assert libc.prctl(38, 1, 0, 0, 0) == 0, "PR_SET_NO_NEW_PRIVS"
    assert libc.prctl(22, 2, ctypes.byref(_SockFprog(len(program), filters))) == 0, "PR_SET_SECCOMP"


def drop_sys_admin() -> None:
    """Drop CAP_SYS_ADMIN from this (root) process: what a user without privileges has."""

    class Header(ctypes.Structure):
        _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]

    class Data(ctypes.Structure):
        _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32), ("inheritable", ctypes.c_uint32)]

    libc = ctypes.CDLL(None, use_errno=True)
    header = Header(0x20080522, 0)  # _LINUX_CAPABILITY_VERSION_3: two 32-bit words
    data = (Data * 2)()
    assert libc.capget(ctypes.byref(header), data) == 0
    cap_sys_admin = 21
    data[0].effective &= ~(1 << cap_sys_admin)
    data[0].permitted &= ~(1 << cap_sys_admin)
    assert libc.capset(ctypes.byref(header), data) == 0, ctypes.get_errno()


def connect_error(port: int) -> str:
    """The errno name a TCP connection to 127.0.0.1:``port`` fails with ("" if it connects)."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=5) as conn:
            conn.sendall(b"GET /direct HTTP/1.0\r\n\r\n")
            conn.recv(1024)
    except OSError as exc:
        return errno.errorcode.get(exc.errno or 0, type(exc).__name__)
    return ""


# --- a worker handler past the policy -----------------------------------------------------------


def engine_query(job: tuple[str, str]) -> str:
    """Run ``job`` = (engine, query) in a query worker straight on its engine, with no policy:
    ``oxigraph`` on the store :func:`kg.serve.jobs.initialise` opened, ``rdflib`` on an empty
    graph. The answer, or the error the engine gave."""
    engine, text = job
    try:
        if engine == "oxigraph":
            from kg.serve import jobs

            assert jobs._State.view is not None
            rows = [[str(t) for t in solution] for solution in jobs._State.view.store.query(text)]  # type: ignore[union-attr]
        else:
            import rdflib

            rows = [[str(t) for t in row] for row in rdflib.Graph().query(text)]  # type: ignore[union-attr]
    except Exception as exc:
        return f"error: {type(exc).__name__}: {exc}"
    return f"rows: {rows}"
