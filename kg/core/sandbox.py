"""Cutting a query-evaluating process off the network: the line behind the query policy.

The query policy (:mod:`kg.query.safety`) refuses SERVICE, LOAD and foreign FROM before any
engine sees a query. If it ever misses one, the engines would fetch: pyoxigraph follows SERVICE
from Rust (Python's ``socket`` module and audit hooks never see it) and rdflib fetches with
urllib. So the processes that evaluate queries, and need no network, give it up for good with
:func:`deny_network`, below Python, where every library's sockets pass: the kernel.

Two mechanisms, the first that holds wins:

1. **A new, empty network namespace** (``unshare(CLONE_NEWNET)``; for a user without
   CAP_SYS_ADMIN, inside a new user namespace, ``CLONE_NEWUSER | CLONE_NEWNET``, with the same
   uid and gid mapped). The namespace has one interface, ``lo``, and it is down: no address, no
   route, so every connect() fails with ENETUNREACH, TCP and UDP (DNS) alike, IPv4 and IPv6.
   The host's loopback is another namespace's: a service listening on 127.0.0.1 is out of reach
   too. A namespace holds one thread's view, so it is used only while the process has one thread
   (the threads it starts later inherit it).
2. **A seccomp filter** (where namespaces are forbidden, as in Docker's default profile): the
   ``socket()`` system call fails with EACCES for every family but Unix and netlink, and
   ``io_uring_setup()`` fails (io_uring can open sockets without that system call). Installed with
   SECCOMP_FILTER_FLAG_TSYNC, so every thread of the process is bound, and with no_new_privs, as
   the kernel requires of an unprivileged process. Unix sockets, pipes and files still work (the
   worker pool's pipes are Unix sockets). Written here for x86-64 and AArch64: thirteen BPF
   instructions need no library, and none on PyPI is maintained (``pyseccomp``, last released in
   2021, is a ctypes binding to the same kernel interface through libseccomp).

Neither can be undone by the process: there is no way back into the host's namespace without
CAP_SYS_ADMIN over it (which a user namespace does not give), and a seccomp filter cannot be
removed. After applying one, :func:`deny_network` proves it: a TCP connection to 127.0.0.1 must
fail for want of a network, not be refused by the host; otherwise the next mechanism is tried.
"""

from __future__ import annotations

import ctypes
import errno
import os
import platform
import socket
import sys
from collections.abc import Sequence

CLONE_NEWUSER = 0x10000000
CLONE_NEWNET = 0x40000000

#: What the probe may see when the process has no network: no route (namespace), or no socket at
#: all (seccomp). ECONNREFUSED or a connection means the host's loopback answered.
_CUT_OFF = {errno.ENETUNREACH, errno.EHOSTUNREACH, errno.EACCES, errno.EPERM, errno.EADDRNOTAVAIL, errno.EAFNOSUPPORT}


class SandboxUnavailable(Exception):
    """No mechanism could cut this process off the network. The message, "cannot be cut off the
    network (...)", says why for each; the caller names the subject."""


class _NotApplied(Exception):
    """One mechanism could not be applied; the next one is tried."""


_applied: str | None = None


def network_status() -> str | None:
    """The mechanism that cut this process off the network, or None if none was applied."""
    return _applied


def deny_network(mechanisms: tuple[str, ...] = ("namespace", "seccomp")) -> str:
    """Cut this process off the network for good, and say how ("network namespace", ...).

    ``mechanisms`` are tried in order, the first that holds wins (the default tries both; a
    test names one to prove each on its own). Idempotent: a second call returns what the first
    one applied.

    :raises SandboxUnavailable: nothing could be applied here (not Linux, namespaces and seccomp
        both forbidden); the process keeps its network.
    """
    global _applied
    if _applied is not None:
        return _applied
    if not sys.platform.startswith("linux"):
        raise SandboxUnavailable(f"cannot be cut off the network on {sys.platform} (a Linux feature)")
    reasons: list[str] = []
    for name in mechanisms:
        try:
            applied = _MECHANISMS[name]()
        except _NotApplied as exc:
            reasons.append(str(exc))
            continue
        reached = _loopback_reached()
        if reached:  # pragma: no cover - a kernel that accepted the call yet left the network open
            reasons.append(f"{applied}: applied, but {reached}")
            continue
        _applied = applied
        return applied
    raise SandboxUnavailable("cannot be cut off the network (" + "; ".join(reasons) + ")")


def isolate(allowed_endpoints: Sequence[str] = (), *, unsandboxed_ok: bool = False) -> str:
    """Cut a query worker off the network unless the operator allowed SERVICE endpoints; a line
    for the log and ``/healthz`` that says how it stands.

    A namespace or a filter is all or nothing: neither can let a process reach a few endpoints
    and nothing else. So with an allow-list the worker keeps its network, and the line says so.

    :raises SandboxUnavailable: nothing could be applied and ``unsandboxed_ok`` is false.
    """
    if allowed_endpoints:
        return "not cut off: SERVICE may reach " + ", ".join(allowed_endpoints) + " (--allow-service)"
    try:
        return f"cut off ({deny_network()})"
    except SandboxUnavailable as exc:
        if not unsandboxed_ok:
            raise SandboxUnavailable(
                f"{exc}. Run where a process may create namespaces or install a seccomp filter (for "
                "a container: allow unshare, or seccomp), or pass --allow-network-unsandboxed to "
                "serve with the query policy as the only line against SERVICE"
            ) from None
        return f"not cut off ({exc}); --allow-network-unsandboxed: the query policy is the only line"


def _libc() -> ctypes.CDLL:
    return ctypes.CDLL(None, use_errno=True)


def _thread_count() -> int:
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:  # pragma: no cover - /proc not mounted
        return 0


# --- 1. a network namespace ---------------------------------------------------------------------


def _network_namespace() -> str:
    threads = _thread_count()
    if threads != 1:
        # unshare() moves the calling thread only: the others would keep the host's network.
        raise _NotApplied(f"network namespace: the process has {threads or 'an unknown number of'} threads, not 1")
    libc = _libc()
    if libc.unshare(CLONE_NEWNET) == 0:
        return "network namespace"
    first = ctypes.get_errno()
    uid, gid = os.geteuid(), os.getegid()
    if libc.unshare(CLONE_NEWUSER | CLONE_NEWNET) == 0:
        _map_identity(uid, gid)
        return "user and network namespace"
    second = ctypes.get_errno()
    raise _NotApplied(
        f"network namespace: unshare(CLONE_NEWNET): {os.strerror(first)}; "
        f"unshare(CLONE_NEWUSER|CLONE_NEWNET): {os.strerror(second)}"
    )


def _map_identity(uid: int, gid: int) -> None:
    """Map the user and group to themselves in the new user namespace, so that the process and
    the files it writes keep their owner (unmapped, they would read as 65534, "nobody")."""
    for path, text in (("setgroups", "deny"), ("uid_map", f"{uid} {uid} 1"), ("gid_map", f"{gid} {gid} 1")):
        try:
            with open(f"/proc/self/{path}", "w", encoding="ascii") as handle:
                handle.write(text)
        except OSError:  # pragma: no cover - the namespace holds; only the owner's name is lost
            return


# --- 2. a seccomp filter ------------------------------------------------------------------------

# Per architecture: the audit arch the kernel reports, socket()'s number, seccomp()'s number.
_ARCHES = {
    "x86_64": (0xC000003E, 41, 317),
    "aarch64": (0xC00000B7, 198, 277),
}
_IO_URING_SETUP = 425  # the same number on every architecture (the unified table, Linux 5.1)
_X32_BIT = 0x40000000  # x86-64's x32 ABI: system call numbers with this bit; refused whole
_PR_SET_NO_NEW_PRIVS = 38
_SECCOMP_SET_MODE_FILTER = 1
_SECCOMP_FILTER_FLAG_TSYNC = 1
_RET_ALLOW = 0x7FFF0000
_RET_EACCES = 0x00050000 | errno.EACCES
_LD_ABS, _JEQ, _JGE, _RET = 0x20, 0x15, 0x35, 0x06  # BPF_LD|W|ABS, BPF_JMP|JEQ|K, BPF_JMP|JGE|K, BPF_RET|K
_DATA_NR, _DATA_ARCH, _DATA_ARG0 = 0, 4, 16  # offsets in struct seccomp_data (little-endian)


class _SockFilter(ctypes.Structure):
    _fields_ = [("code", ctypes.c_uint16), ("jt", ctypes.c_uint8), ("jf", ctypes.c_uint8), ("k", ctypes.c_uint32)]


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_uint16), ("filter", ctypes.POINTER(_SockFilter))]


def _program(audit_arch: int, nr_socket: int) -> list[tuple[int, int, int, int]]:
    """The filter, as (code, jump if true, jump if false, k); a jump skips that many instructions.

    Every system call is allowed but two: ``socket()`` of any family but Unix and netlink (the C
    library's own questions to the kernel), and ``io_uring_setup()``; and any call of a foreign
    ABI (x32, a 32-bit one) is refused. An allow-list of families, so that none is forgotten:
    IPv4, IPv6, packet, vsock, ...
    """
    return [
        (_LD_ABS, 0, 0, _DATA_ARCH),  # 0
        (_JEQ, 1, 0, audit_arch),  # 1: our ABI -> 3
        (_RET, 0, 0, _RET_EACCES),  # 2: a foreign ABI
        (_LD_ABS, 0, 0, _DATA_NR),  # 3
        (_JGE, 6, 0, _X32_BIT),  # 4: x32 -> 11
        (_JEQ, 2, 0, nr_socket),  # 5: socket() -> 8
        (_JEQ, 4, 0, _IO_URING_SETUP),  # 6: io_uring_setup() -> 11
        (_RET, 0, 0, _RET_ALLOW),  # 7
        (_LD_ABS, 0, 0, _DATA_ARG0),  # 8: socket()'s family
        (_JEQ, 2, 0, socket.AF_UNIX),  # 9 -> 12
        (_JEQ, 1, 0, socket.AF_NETLINK),  # 10 -> 12
        (_RET, 0, 0, _RET_EACCES),  # 11: refused
        (_RET, 0, 0, _RET_ALLOW),  # 12: a Unix or netlink socket
    ]


def _seccomp_filter() -> str:
    arch = _ARCHES.get(platform.machine())
    if arch is None or sys.byteorder != "little":
        raise _NotApplied(f"seccomp: no filter written for {platform.machine()} ({sys.byteorder}-endian)")
    audit_arch, nr_socket, nr_seccomp = arch
    instructions = _program(audit_arch, nr_socket)
    filters = (_SockFilter * len(instructions))(*(_SockFilter(*i) for i in instructions))
    prog = _SockFprog(len(instructions), filters)
    libc = _libc()
    libc.syscall.restype = ctypes.c_long
    if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        raise _NotApplied(f"seccomp: prctl(PR_SET_NO_NEW_PRIVS): {os.strerror(ctypes.get_errno())}")
    result = libc.syscall(
        nr_seccomp,
        ctypes.c_uint(_SECCOMP_SET_MODE_FILTER),
        ctypes.c_uint(_SECCOMP_FILTER_FLAG_TSYNC),
        ctypes.byref(prog),
    )
    if result != 0:
        reason = os.strerror(ctypes.get_errno()) if result < 0 else f"thread {result} could not be synchronised"
        raise _NotApplied(f"seccomp: {reason}")
    return "seccomp filter"


_MECHANISMS = {"namespace": _network_namespace, "seccomp": _seccomp_filter}


# --- the proof ----------------------------------------------------------------------------------


def _loopback_reached() -> str:
    """ "" if this process cannot reach the loopback; otherwise what happened.

    A connection to the discard port of 127.0.0.1 and ::1: the host answers it (ECONNREFUSED when
    nothing listens there); a process without a network gets no route, or no socket.
    """
    for family, address in ((socket.AF_INET, "127.0.0.1"), (socket.AF_INET6, "::1")):
        try:
            with socket.socket(family, socket.SOCK_STREAM) as probe:
                probe.settimeout(2)
                probe.connect((address, 9))
        except OSError as exc:
            if exc.errno in _CUT_OFF:
                continue
            return f"a connection to {address} got {exc.strerror or type(exc).__name__}, not 'no network'"
        return f"a connection to {address} was accepted"
    return ""
