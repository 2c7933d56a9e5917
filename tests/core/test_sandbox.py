"""A process cut off the network (kg.core.sandbox) reaches nothing: not by a socket of its own,
not through pyoxigraph's SERVICE (Rust), not through rdflib's (urllib), not from a thread, and
not when a container forbids namespaces. "The network" is a real request logger on loopback
(tests/netlog.py); each case runs in a fresh process, since the sandbox cannot be undone, and
each has a control showing that the same process without the sandbox does reach the logger."""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

import pytest

from kg.core.sandbox import SandboxUnavailable, deny_network, isolate, network_status
from tests.netlog import RequestLogger, connect_error, drop_sys_admin, forbid_syscalls

MECHANISMS = {"namespace": "network namespace", "seccomp": "seccomp filter"}
CUT_OFF_ERRORS = {"ENETUNREACH", "EACCES"}


def _call(conn: Connection, target: Callable[..., Any], args: tuple[Any, ...]) -> None:
    try:
        conn.send(("ok", target(*args)))
    except BaseException as exc:  # reported to the test, which shows it
        conn.send(("raised", f"{type(exc).__name__}: {exc}"))


def in_fresh_process(target: Callable[..., Any], *args: Any) -> Any:
    """``target(*args)`` in a new interpreter (one thread, its own network until it gives it up)."""
    context = multiprocessing.get_context("spawn")
    parent, child = context.Pipe()
    process = context.Process(target=_call, args=(child, target, args), daemon=True)
    process.start()
    child.close()
    if not parent.poll(120):  # a hang guard only
        process.kill()
        pytest.fail("the child process did not answer within 120 s")
    status, value = parent.recv()
    process.join(timeout=10)
    assert status == "ok", value
    return value


def service_query(url: str) -> str:
    return f"SELECT ?s WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}"


# --- the children -------------------------------------------------------------------------------


def _connect(mechanisms: tuple[str, ...], port: int) -> tuple[str, str]:
    applied = deny_network(mechanisms) if mechanisms else ""
    return applied, connect_error(port)


def _oxigraph_service(mechanisms: tuple[str, ...], url: str) -> str:
    import pyoxigraph

    if mechanisms:
        deny_network(mechanisms)
    try:
        return str([str(s["s"]) for s in pyoxigraph.Store().query(service_query(url))])  # type: ignore[index, union-attr]
    except OSError as exc:
        return f"error: {exc}"


def _rdflib_service(mechanisms: tuple[str, ...], url: str) -> str:
    import rdflib

    if mechanisms:
        deny_network(mechanisms)
    try:
        return str([str(row[0]) for row in rdflib.Graph().query(service_query(url))])  # type: ignore[index]
    except OSError as exc:  # urllib's URLError is an OSError
        return f"error: {exc}"


def _thread_started_after(port: int) -> tuple[str, str]:
    applied = deny_network(("namespace",))
    result: list[str] = []
    thread = threading.Thread(target=lambda: result.append(connect_error(port)))
    thread.start()
    thread.join()
    return applied, result[0]


def _thread_started_before(port: int) -> tuple[str, str]:
    go = threading.Event()
    result: list[str] = []

    def later() -> None:
        go.wait()
        result.append(connect_error(port))

    thread = threading.Thread(target=later)
    thread.start()
    applied = deny_network()
    go.set()
    thread.join()
    return applied, result[0]


def _without_sys_admin(port: int) -> tuple[str, bool, str]:
    uid, gid = os.getuid(), os.getgid()
    if uid == 0:
        drop_sys_admin()  # what a user without privileges has; else the user already is one
    applied = deny_network()
    return applied, (os.getuid(), os.getgid()) == (uid, gid), connect_error(port)


def _in_container(forbidden: tuple[str, ...], port: int, unsandboxed_ok: bool) -> tuple[str, str]:
    forbid_syscalls(*forbidden)
    try:
        line = isolate((), unsandboxed_ok=unsandboxed_ok)
    except SandboxUnavailable as exc:
        line = f"refused: {exc}"
    return line, connect_error(port)


def _families_under_the_filter() -> dict[str, str]:
    import ctypes
    import errno
    import socket

    deny_network(("seccomp",))
    outcome: dict[str, str] = {}
    for name in ("AF_UNIX", "AF_NETLINK", "AF_INET", "AF_INET6", "AF_PACKET", "AF_VSOCK"):
        kind = socket.SOCK_RAW if name == "AF_NETLINK" else socket.SOCK_DGRAM
        try:
            socket.socket(getattr(socket, name), kind).close()
            outcome[name] = "open"
        except OSError as exc:
            outcome[name] = errno.errorcode.get(exc.errno or 0, "?")
    a, b = socket.socketpair()
    a.sendall(b"x")
    outcome["socketpair"] = "open" if b.recv(1) == b"x" else "?"
    libc = ctypes.CDLL(None, use_errno=True)
    params = ctypes.create_string_buffer(120)  # struct io_uring_params
    failed = libc.syscall(425, 4, params) == -1
    outcome["io_uring_setup"] = errno.errorcode.get(ctypes.get_errno(), "?") if failed else "open"
    return outcome


def _twice() -> tuple[str | None, str, str, str | None]:
    before = network_status()
    first = deny_network()
    return before, first, deny_network(("seccomp",)), network_status()


# --- the tests ----------------------------------------------------------------------------------


def test_the_logger_records_a_connection_from_a_process_that_was_not_cut_off(request_logger: RequestLogger) -> None:
    assert in_fresh_process(_connect, (), request_logger.port) == ("", "")
    assert request_logger.requests == ["GET /direct"]


@pytest.mark.parametrize("mechanism", ["namespace", "seccomp"])
def test_a_process_cut_off_by_either_mechanism_cannot_connect_to_the_loopback(
    request_logger: RequestLogger, mechanism: str
) -> None:
    applied, error = in_fresh_process(_connect, (mechanism,), request_logger.port)
    assert applied == MECHANISMS[mechanism]
    assert error in CUT_OFF_ERRORS
    assert not request_logger.reached


def test_a_namespace_is_the_first_choice_here(request_logger: RequestLogger) -> None:
    # This machine lets a process create namespaces: the default is the namespace, not the filter.
    applied, error = in_fresh_process(_connect, ("namespace", "seccomp"), request_logger.port)
    assert applied in ("network namespace", "user and network namespace") and error == "ENETUNREACH"
    assert not request_logger.reached


def test_pyoxigraph_reaches_a_service_endpoint_from_a_process_that_was_not_cut_off(
    request_logger: RequestLogger,
) -> None:
    assert in_fresh_process(_oxigraph_service, (), request_logger.sparql) == "['\"leaked\"']"
    assert request_logger.requests == ["GET /sparql"] or request_logger.requests == ["POST /sparql"]


@pytest.mark.parametrize("mechanism", ["namespace", "seccomp"])
def test_pyoxigraph_evaluating_service_past_the_policy_reaches_nothing(
    request_logger: RequestLogger, mechanism: str
) -> None:
    answer = in_fresh_process(_oxigraph_service, (mechanism,), request_logger.sparql)
    assert answer.startswith("error:"), answer
    assert not request_logger.reached


def test_rdflib_reaches_a_service_endpoint_from_a_process_that_was_not_cut_off(request_logger: RequestLogger) -> None:
    assert in_fresh_process(_rdflib_service, (), request_logger.sparql) == "['leaked']"
    assert len(request_logger.requests) == 1


@pytest.mark.parametrize("mechanism", ["namespace", "seccomp"])
def test_rdflib_evaluating_service_past_the_policy_reaches_nothing(
    request_logger: RequestLogger, mechanism: str
) -> None:
    answer = in_fresh_process(_rdflib_service, (mechanism,), request_logger.sparql)
    assert answer.startswith("error:"), answer
    assert not request_logger.reached


def test_the_filter_refuses_every_socket_family_but_unix_and_netlink() -> None:
    assert in_fresh_process(_families_under_the_filter) == {
        "AF_UNIX": "open",
        "AF_NETLINK": "open",
        "AF_INET": "EACCES",
        "AF_INET6": "EACCES",
        "AF_PACKET": "EACCES",
        "AF_VSOCK": "EACCES",
        "socketpair": "open",
        "io_uring_setup": "EACCES",
    }


def test_a_thread_started_after_the_namespace_is_in_it(request_logger: RequestLogger) -> None:
    assert in_fresh_process(_thread_started_after, request_logger.port)[1] == "ENETUNREACH"
    assert not request_logger.reached


def test_a_process_with_threads_gets_the_filter_which_binds_every_thread(request_logger: RequestLogger) -> None:
    # A namespace would hold the calling thread only; the filter is synchronised to all of them.
    applied, error = in_fresh_process(_thread_started_before, request_logger.port)
    assert (applied, error) == ("seccomp filter", "EACCES")
    assert not request_logger.reached


def test_without_cap_sys_admin_a_user_namespace_holds_and_keeps_the_owner(request_logger: RequestLogger) -> None:
    applied, same_owner, error = in_fresh_process(_without_sys_admin, request_logger.port)
    assert applied == "user and network namespace" and error == "ENETUNREACH"
    assert same_owner, "the uid and gid are mapped to themselves in the new user namespace"
    assert not request_logger.reached


def test_a_container_that_forbids_unshare_gets_the_seccomp_filter(request_logger: RequestLogger) -> None:
    line, error = in_fresh_process(_in_container, ("unshare",), request_logger.port, False)
    assert line == "cut off (seccomp filter)" and error == "EACCES"
    assert not request_logger.reached


def test_where_nothing_can_be_applied_a_worker_refuses_and_says_what_to_do(request_logger: RequestLogger) -> None:
    line, error = in_fresh_process(_in_container, ("unshare", "seccomp"), request_logger.port, False)
    assert line.startswith("refused: cannot be cut off the network (network namespace: unshare(CLONE_NEWNET): ")
    assert "seccomp: Operation not permitted" in line and "--allow-network-unsandboxed" in line
    assert error == "" and request_logger.requests == ["GET /direct"]  # it kept its network, as it says


def test_where_nothing_can_be_applied_the_operator_may_serve_on_the_policy_alone(
    request_logger: RequestLogger,
) -> None:
    line, _ = in_fresh_process(_in_container, ("unshare", "seccomp"), request_logger.port, True)
    assert line.startswith("not cut off (cannot be cut off the network (")
    assert line.endswith("--allow-network-unsandboxed: the query policy is the only line")


def test_with_allowed_endpoints_the_process_keeps_its_network_and_says_so() -> None:
    # Nothing is applied (so this runs in the test's own process, which keeps its network).
    line = isolate(("https://query.wikidata.org/sparql",))
    assert line == "not cut off: SERVICE may reach https://query.wikidata.org/sparql (--allow-service)"
    assert network_status() is None


def test_cutting_off_twice_keeps_the_first_mechanism() -> None:
    before, first, second, status = in_fresh_process(_twice)
    assert before is None and first == second == status == "network namespace"
