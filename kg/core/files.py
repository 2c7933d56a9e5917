"""Reading a file a user hands igkg, and writing an output file all at once.

Reading: only a regular file is read, and that is decided before anything blocks or streams: a
named pipe (FIFO) would block a reader until a writer came, a device such as ``/dev/zero`` never
ends, a folder is not a file. The file is opened without blocking, the open descriptor is
checked (so that the file checked is the file read, even if the name is swapped meanwhile), and
at most a known number of bytes is read. What stands in the way is the user's to fix: a
:class:`SourceError` naming the path, in words (a symbolic link to nothing, a loop of links).

Writing: readers see the old file or the new one, never half. A new file gets the user's umask
(0666 less it) like any file the user makes, a replaced file keeps its permission bits.
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
from collections.abc import Callable, Iterable
from pathlib import Path

from kg.core.errors import ConfigError, SourceError

_KINDS = {
    stat.S_IFDIR: "a folder",
    stat.S_IFIFO: "a named pipe (FIFO)",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
}


def os_reason(exc: OSError, path: Path | str) -> str:
    """What an OSError says about ``path``, in words a user can act on."""
    if exc.errno == errno.ENOENT and os.path.islink(path):
        try:
            target = os.readlink(path)
        except OSError:  # pragma: no cover - the link vanished meanwhile
            target = "?"
        return f"a symbolic link to {target!r}, which does not exist"
    if exc.errno == errno.ELOOP:
        return "a loop of symbolic links"
    return exc.strerror or str(exc)


def _kind(mode: int) -> str:
    return _KINDS.get(stat.S_IFMT(mode), "not a regular file")


def check_regular(path: Path, max_bytes: int | None = None) -> int:
    """The size of the regular file at ``path`` (symbolic links followed), for a library that
    opens it itself; checked without opening it.

    :raises SourceError: it is missing, unreachable, a folder, a FIFO, a device or a socket, or
        larger than ``max_bytes``.
    """
    try:
        info = os.stat(path)
    except OSError as exc:
        raise SourceError(path, f"cannot read: {os_reason(exc, path)}") from None
    return _checked(path, info, max_bytes)


def _checked(path: Path, info: os.stat_result, max_bytes: int | None) -> int:
    if not stat.S_ISREG(info.st_mode):
        raise SourceError(path, f"not a regular file but {_kind(info.st_mode)}: igkg reads files only")
    if max_bytes is not None and info.st_size > max_bytes:
        raise SourceError(path, f"file is {info.st_size} bytes; at most {max_bytes} are accepted")
    return info.st_size


def read_regular(path: Path, max_bytes: int) -> bytes:
    """The bytes of the regular file at ``path``, at most ``max_bytes`` of them.

    Opened with O_NONBLOCK, so that a FIFO put where a file was expected is refused at once
    instead of waiting for a writer; the descriptor is checked with fstat before any read.

    :raises SourceError: as :func:`check_regular`, or the read failed (an I/O error).
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise SourceError(path, f"cannot read: {os_reason(exc, path)}") from None
    try:
        _checked(path, os.fstat(fd), max_bytes)
        os.set_blocking(fd, True)
        chunks: list[bytes] = []
        size = 0
        while size <= max_bytes:
            chunk = os.read(fd, min(1 << 20, max_bytes + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise SourceError(path, f"cannot read: {os_reason(exc, path)}") from None
    finally:
        os.close(fd)
    if size > max_bytes:  # it grew after the check
        raise SourceError(path, f"file is over {max_bytes} bytes; at most {max_bytes} are accepted")
    return b"".join(chunks)


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file beside it. A folder that cannot be made
    or written (read-only, full, not a folder) is the user's to fix: a ConfigError naming the path,
    and the previous file, if any, stays as it was.

    Only a regular file is replaced: the rename would put a file in place of a device, a FIFO or
    a socket (``--out /dev/full`` run as root would replace the device node itself)."""
    write_atomic_chunks(path, (data,))


def write_atomic_chunks(path: Path, chunks: Iterable[bytes]) -> None:
    """Write ``chunks``, one after the other, to ``path`` through a temporary file beside it: for
    an output too large to hold at once (a transcript's every turn as JSON), memory holds one chunk,
    and readers still see the old file or the new one, never half.

    The temporary file is flushed to the disk (fsync) before it replaces ``path``, so that a crash
    just after the rename cannot leave a partial file under the name. A failure midway, writing (a
    full disk: a ConfigError naming the path) or producing a chunk (the producer's own error,
    raised as it is), removes the temporary file: the previous file, if any, stays as it was.
    Only a regular file is replaced (see :func:`write_atomic`)."""
    try:
        info = os.stat(path)
    except OSError:
        info = None  # missing (the usual case), or unreachable: the writes below say why
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise ConfigError(f"cannot write {path}: it is {_kind(info.st_mode)}, not a file")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)  # folders get 0777 less the umask, as mkdir -p
        handle, tmp = _temporary_beside(path, info)
    except OSError as exc:
        raise ConfigError(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            for chunk in chunks:  # a producer's error propagates as it is: it is not the disk's
                _on_disk(path, stream.write, chunk)
            _on_disk(path, stream.flush)
            _on_disk(path, os.fsync, stream.fileno())
        _on_disk(path, os.replace, tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _temporary_beside(path: Path, replaced: os.stat_result | None) -> tuple[int, str]:
    """A new, empty temporary file beside ``path``, opened for writing: its descriptor and name.

    Made with mode 0666 and left to the kernel to apply the umask (and a folder's default ACL),
    so that the output gets the permissions of any file the user makes; ``tempfile.mkstemp``
    would give 0600, which the rename would then carry to the output. A file that replaces one
    keeps that one's permission bits, as an editor saving a file does: a mapping table a user
    made group-writable stays so.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    for _ in range(100):  # a name taken (by a writer alongside) is drawn again, as mkstemp does
        tmp = str(path.parent / f".{path.name}.{secrets.token_hex(4)}")
        try:
            handle = os.open(tmp, flags, 0o666)
        except FileExistsError:
            continue
        if replaced is not None:
            try:
                os.fchmod(handle, stat.S_IMODE(replaced.st_mode))
            except OSError:
                os.close(handle)
                Path(tmp).unlink(missing_ok=True)
                raise
        return handle, tmp
    raise FileExistsError(errno.EEXIST, "no free temporary name", str(path.parent))


def _on_disk(path: Path, step: Callable[..., object], *args: object) -> None:
    """One step of writing ``path``: an OSError there is the disk's or the folder's to fix, a
    ConfigError naming the path."""
    try:
        step(*args)
    except OSError as exc:
        raise ConfigError(f"cannot write {path}: {exc.strerror or exc}") from None
