"""Publishing a build folder in one step: written aside, flipped in atomically, one writer at a time.

Layout. ``--out DIR`` is a symbolic link, ``DIR -> .DIR.builds/<build-id>``, and each build is a
folder of its own under ``.DIR.builds/`` beside it::

    DIR -> .DIR.builds/20261202T013655.123456Z-a1b2c3    the build now published
    .DIR.builds/20261202T013655.123456Z-a1b2c3/          store/, dumps, manifest.json, ...
    .DIR.builds/20261201T220104.004211Z-09f3e1/          the previous builds, kept for a while
    .DIR.builds/20261202T020000.000000Z-77aa01.staging-4242/   a build being written by process 4242
    .DIR.lock                                            the build lock (empty; never delete it)

A build id is the UTC time the build started writing (under the lock), to the microsecond, and
six random hex digits; each id is made after every id already there, so ids sort in the order the
builds were published even if the clock went back. A migrated build is named for its manifest's
modification time.

One step. A build writes into its staging folder, fsyncs every file, renames the folder to its
id, then points ``DIR`` at it by making a new link beside ``DIR`` and renaming it over ``DIR``
(``os.replace``, an atomic rename(2)), and fsyncs the parent. A reader that opens ``DIR/...``
resolves the link once per path lookup, so it finds the previous build or the new one, whole,
never no folder and never half of one.

One writer. A lock file beside ``DIR`` (filelock: flock(2), released by the kernel when its
holder dies, so it never goes stale) lets one build at a time publish: a second one waits, saying
so, and gives up with a ConfigError after ``LOCK_WAIT_SECONDS``. Only the lock holder cleans up:
since no other build runs while it holds the lock, every staging folder it finds is a crashed
build's; as a second line of defence it still leaves any whose process is alive. It never removes
the published build or the kept ones.

Keeping. The published build and the two before it stay (``KEEP_BUILDS``), and a replaced build
stays at least ``KEEP_REPLACED_SECONDS`` after it was replaced, however many builds follow: a
server still reading the previous build has that long to move to the new one (see
:func:`current_build` and :func:`build_id`). Older builds are removed by the next build that
publishes.

Migration. A ``DIR`` that is a real folder holding an igkg build (the layout before this one) is
moved once into ``.DIR.builds/`` and linked, by the first build that publishes there; for the two
renames this takes, ``DIR`` does not exist.

Linux (macOS should behave the same, untested). Windows is not a target: symbolic links need a
privilege there, and a folder in use cannot be renamed.
"""

from __future__ import annotations

import errno
import itertools
import os
import re
import secrets
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path

from filelock import FileLock, Timeout

from kg.core.errors import ConfigError

Announce = Callable[[str], None]

#: How long a build waits for another build of the same folder before giving up.
LOCK_WAIT_SECONDS = 3600.0
#: How many builds stay on disk: the published one and the ones before it.
KEEP_BUILDS = 3
#: How long a replaced build stays at least, for readers that still use it (a server moving its
#: workers to the new build).
KEEP_REPLACED_SECONDS = 600.0
#: The file that marks a folder as an igkg build (kg/pipeline/build.py MANIFEST).
MARKER = "manifest.json"

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_ID = r"\d{8}T\d{6}\.\d{6}Z-[0-9a-f]{6}"
_ID_RE = re.compile(_ID)
_STAGING_RE = re.compile(rf"(?:{_ID}\.staging|\..+\.staging)-(\d+)(?:-[0-9a-f]+)?")
_BUILDS_RE = re.compile(r"\..+\.builds")
_MAX_LINKS = 40  # as the kernel's limit on symbolic links in one path lookup


def _noop(_: str) -> None:
    pass


def lock_path(out: Path) -> Path:
    """The lock file of ``out``: beside it, so that it survives every build."""
    return out.parent / f".{out.name}.lock"


def builds_dir(out: Path) -> Path:
    """The folder that holds the builds of ``out``, the published one and the kept ones."""
    return out.parent / f".{out.name}.builds"


# -- reading what is published -------------------------------------------------------------------


def remove_build(out: Path) -> None:
    """Remove the output folder ``out`` with every build kept beside it and its lock: what a
    scratch build (a benchmark, a test) leaves. Not for a folder another build may be writing."""
    if out.is_symlink() or out.is_file():
        out.unlink()
    elif out.is_dir():
        shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(builds_dir(out), ignore_errors=True)
    lock_path(out).unlink(missing_ok=True)


def _managed_id(out: Path) -> str | None:
    """The id ``out`` links to, if ``out`` is a link this module made (one readlink: atomic)."""
    try:
        target = os.readlink(out)
    except OSError:
        return None
    prefix = f"{builds_dir(out).name}/"
    ident = target[len(prefix) :] if target.startswith(prefix) else ""
    return ident if _ID_RE.fullmatch(ident) else None


def published_path(out: Path, label: str = "") -> Path:
    """Where ``out`` is published: ``out`` itself (absolute), or, if it is a symbolic link that
    igkg did not make (say ``build -> /data/igkg``), what it points to, followed link by link
    until a folder, a missing path or a link igkg made. ``label`` opens its messages ("--out ")."""
    path = Path(os.path.abspath(out))
    for _ in range(_MAX_LINKS):
        if not path.is_symlink() or _managed_id(path) is not None:
            return path
        target = path.parent / os.readlink(path)
        if target.name in ("", ".", ".."):
            path = Path(os.path.realpath(target))
        else:
            path = Path(os.path.realpath(target.parent)) / target.name
        if not path.exists() and not path.is_symlink():
            raise ConfigError(f"{label}{out} is a symbolic link to {path}, which does not exist")
    raise ConfigError(f"{label}{out}: too many levels of symbolic links")


def current_build(out: Path) -> Path:
    """The folder of the build published in ``out`` now, resolved (``.OUT.builds/<id>``, or ``out``
    itself for a build of the older layout). A reader that opens its files from this folder reads
    one build throughout, even if another is published meanwhile."""
    path = published_path(out)
    ident = _managed_id(path)
    folder = builds_dir(path) / ident if ident else path
    if not folder.is_dir():
        raise ConfigError(f"no igkg build is published in {out}")
    return Path(os.path.realpath(folder))


def build_id(path: Path) -> str:
    """The id of the build at ``path``: a build folder, or an output folder (its published build).
    Ids sort in publishing order; poll ``build_id(out)`` (one readlink) to notice a new build. A
    folder of the older layout gets an id from its inode, which a new build changes."""
    folder = path if _ID_RE.fullmatch(path.name) else current_build(path)
    if _ID_RE.fullmatch(folder.name):
        return folder.name
    stat = folder.stat()
    return f"unversioned-{stat.st_dev}-{stat.st_ino}"


# -- checking --out ------------------------------------------------------------------------------


def check_out(out: Path, marker: str = MARKER) -> Path:
    """Refuse an output folder igkg must not publish into; return where it publishes.

    Refused: a file; a folder that is not empty and holds no igkg build (it might be the user's
    own); a path inside the builds folder of another output; a folder under a file; a folder whose
    parent igkg cannot write (the build lock and the builds live there). Fine: nothing there, an
    empty folder, a link igkg made, a folder of the older layout (migrated when publishing)."""
    path = published_path(out, "--out ")
    if _BUILDS_RE.fullmatch(path.parent.name):
        raise ConfigError(f"--out {out} is inside {path.parent}, where igkg keeps builds; give the folder it serves")
    ancestor = next(p for p in path.parents if p.exists() or p.is_symlink())
    if not ancestor.is_dir():
        raise ConfigError(f"--out {out}: {ancestor} is not a folder")
    if _managed_id(path) is None and path.exists():
        if not path.is_dir():
            raise ConfigError(f"--out {out} exists and is not a folder")
        _check_holds_a_build(out, path, marker)
    if not os.access(ancestor, os.W_OK | os.X_OK):
        raise ConfigError(f"--out {out}: igkg cannot write in {ancestor} (the build lock and the builds go there)")
    return path


def _check_holds_a_build(out: Path, path: Path, marker: str) -> None:
    try:
        empty = not any(path.iterdir())
    except OSError as exc:
        raise ConfigError(f"--out {out}: cannot read {path}: {exc.strerror}") from None
    if not empty and not (path / marker).is_file():
        raise ConfigError(f"--out {out} is not empty and holds no igkg build ({marker}); choose an empty or new folder")


# -- the lock ------------------------------------------------------------------------------------


@contextmanager
def build_lock(out: Path, announce: Announce = _noop, wait: float = LOCK_WAIT_SECONDS) -> Iterator[None]:
    """Hold the lock of ``out``, waiting (and saying so) while another build holds it."""
    path = lock_path(out)
    lock = FileLock(str(path))
    try:
        try:
            lock.acquire(timeout=0)
        except Timeout:
            announce(f"another igkg build is writing {out}; waiting up to {wait:g} s for it to finish")
            lock.acquire(timeout=wait)
    except Timeout:
        # A dead build cannot hold it (the kernel drops the lock with the process): one is running.
        raise ConfigError(
            f"another igkg build has been writing {out} for over {wait:g} s (it holds {path}); "
            "try again when it has finished"
        ) from None
    except OSError as exc:
        raise ConfigError(f"cannot lock {path}: {exc.strerror}; igkg must be able to write in {out.parent}") from None
    try:
        yield
    finally:
        lock.release()


# -- small steps, each either done or not ----------------------------------------------------------


def _fsync(path: Path, directory: bool = False) -> None:
    fd = os.open(path, os.O_RDONLY | (os.O_DIRECTORY if directory else 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _sync_tree(root: Path) -> None:
    """fsync every file and folder under ``root``: the link must never be flipped to a build whose
    data a power cut could still lose."""
    for folder, _, files in os.walk(root):
        for name in files:
            if not os.path.islink(os.path.join(folder, name)):
                _fsync(Path(folder) / name)
        _fsync(Path(folder), directory=True)


def _alive(pid: int) -> bool:
    """Whether process ``pid`` runs (a zombie does not: it is dead, not yet reaped)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return True
    return stat.rpartition(")")[2].split()[:1] != ["Z"]


def _remove(folder: Path, announce: Announce, why: str) -> None:
    """Remove a build folder: renamed first (atomic), so that it is either whole or marked."""
    doomed = folder if folder.name.endswith(".removing") else folder.with_name(folder.name + ".removing")
    try:
        if doomed != folder:
            folder.rename(doomed)
        shutil.rmtree(doomed)
    except OSError as exc:
        announce(f"could not remove {folder} ({why}): {exc.strerror}")
        return
    announce(f"removed {folder} ({why})")


def _time_id(micros: int) -> str:
    when = _EPOCH + timedelta(microseconds=micros)
    return f"{when:%Y%m%dT%H%M%S.%f}Z-{secrets.token_hex(3)}"


def _id_micros(ident: str) -> int:
    when = datetime.strptime(ident[:23], "%Y%m%dT%H%M%S.%fZ").replace(tzinfo=timezone.utc)
    return (when - _EPOCH) // timedelta(microseconds=1)


def _finished(builds: Path) -> list[str]:
    """The ids of the whole builds in ``builds``, oldest first."""
    if not builds.is_dir():
        return []
    return sorted(p.name for p in builds.iterdir() if _ID_RE.fullmatch(p.name) and p.is_dir())


def _new_id(builds: Path, micros: int | None = None) -> str:
    """A new id for a build made at ``micros`` (default: now), after every id already there (so
    that ids sort in publishing order even if the clock went back)."""
    micros = time.time_ns() // 1000 if micros is None else micros
    existing = [_id_micros(p.name) for p in builds.iterdir() if _ID_RE.match(p.name)]
    return _time_id(max([micros, *(m + 1 for m in existing)]))


def flip(out: Path, folder: Path) -> None:
    """Point ``out`` at the build ``folder`` (in ``builds_dir(out)``) in one atomic rename."""
    link = out.parent / f".{out.name}.link-{folder.name}"
    link.unlink(missing_ok=True)
    os.symlink(f"{builds_dir(out).name}/{folder.name}", link)
    try:
        os.replace(link, out)
    except OSError:
        link.unlink(missing_ok=True)
        raise
    _fsync(out.parent, directory=True)


# -- recovery, under the lock --------------------------------------------------------------------


def _beside(out: Path, kind: str) -> list[Path]:
    """The entries ``.OUT.<kind>-*`` beside ``out`` (by prefix: ``out``'s name may hold glob
    characters): temporary links, and the older layout's staging and replaced folders."""
    prefix = f".{out.name}.{kind}-"
    return [p for p in out.parent.iterdir() if p.name.startswith(prefix)]


def recover(out: Path, announce: Announce = _noop, marker: str = MARKER) -> None:
    """Put ``out`` back in order after a crash: staging folders of dead builds and stray links
    removed, an older-layout folder migrated, a missing link restored. Call it only while holding
    :func:`build_lock`: then no other build is writing."""
    for link in _beside(out, "link"):
        if link.is_symlink():
            link.unlink()
    _clear_stagings(out, announce)
    _take_over(out, announce, marker)
    olds = sorted(p for p in _beside(out, "old") if p.is_dir() and not p.is_symlink())
    if not out.exists() and olds and (olds[-1] / marker).is_file():
        _migrate(olds.pop(), out, announce, marker)  # the older layout's swap, cut between its renames
    for old in olds:
        _remove(old, announce, "a build the older layout had replaced")
    _relink(out, announce)


def _clear_stagings(out: Path, announce: Announce) -> None:
    """Remove the staging folders of dead builds, and the removals a crash cut short."""
    builds = builds_dir(out)
    ours = [*builds.glob("*.staging-*"), *builds.glob("*.removing")] if builds.is_dir() else []
    for staging in [*_beside(out, "staging"), *ours]:
        owner = _STAGING_RE.fullmatch(staging.name)
        if owner and _alive(int(owner.group(1))):
            announce(f"left {staging} alone: its build (process {owner.group(1)}) is still running")
        elif owner:
            _remove(staging, announce, "a build that did not finish")
        elif staging.name.endswith(".removing") and staging.exists():
            _remove(staging, announce, "a removal a crash cut short")


def _take_over(out: Path, announce: Announce, marker: str) -> None:
    """A real folder at ``out``: removed if empty, migrated if it holds a build, refused if not."""
    if out.is_symlink() or not out.exists():
        return
    if not out.is_dir():
        raise ConfigError(f"--out {out} exists and is not a folder")
    if not any(out.iterdir()):
        out.rmdir()
    elif (out / marker).is_file():
        _migrate(out, out, announce, marker)
    else:
        raise ConfigError(f"--out {out} is not empty and holds no igkg build ({marker}); choose an empty or new folder")


def _relink(out: Path, announce: Announce) -> None:
    """Link ``out`` again if it is missing (a migration cut short, a link deleted by hand).

    A whole build newer than the published one stays: a crash between its rename and its flip
    left it, or an operator rolled ``out`` back by hand; either way it is whole, and ``prune``
    counts it among the kept builds once a newer one is published."""
    builds = builds_dir(out)
    finished = _finished(builds)
    if not out.exists() and finished:
        flip(out, builds / finished[-1])
        announce(f"{out} was missing: linked it again to the last whole build, {finished[-1]}")


def _migrate(folder: Path, out: Path, announce: Announce, marker: str) -> None:
    """Move a build of the older layout into the builds folder and link ``out`` to it."""
    builds = builds_dir(out)
    builds.mkdir(exist_ok=True)
    # Named for when it was built; after any build already there, since it is the one in use.
    target = builds / _new_id(builds, (folder / marker).stat().st_mtime_ns // 1000)
    folder.rename(target)
    _fsync(out.parent, directory=True)
    flip(out, target)
    announce(f"moved the build in {folder} to {target} and linked {out} to it (a one-time change of layout)")


# -- pruning, after publishing -------------------------------------------------------------------


def prune(
    out: Path, keep: int = KEEP_BUILDS, keep_seconds: float = KEEP_REPLACED_SECONDS, announce: Announce = _noop
) -> None:
    """Remove the builds of ``out`` older than the ``keep`` newest (the published one counted)
    that were replaced more than ``keep_seconds`` ago. Only the lock holder calls it."""
    builds = builds_dir(out)
    current = _managed_id(out)
    finished = _finished(builds)
    if current is None or current not in finished:
        return
    published = finished[: finished.index(current) + 1]
    now = time.time()
    removable = max(len(published) - max(keep, 1), 0)
    for older, replacer in itertools.pairwise(published[: removable + 1]):
        try:
            replaced_at = (builds / replacer).stat().st_mtime  # set when it was published
        except OSError:
            continue
        if now - replaced_at >= keep_seconds:
            _remove(builds / older, announce, f"older than the last {keep} builds")


# -- publishing ----------------------------------------------------------------------------------


def _make(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"cannot make the folder {folder}: {exc.strerror}") from None


_DISK_ERRORS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM, errno.EIO, errno.ENOENT}


def _stopped(exc: OSError) -> str:
    return f"{exc.filename}: {exc.strerror}" if exc.filename else str(exc.strerror or exc)


@contextmanager
def publishing(
    out: Path,
    announce: Announce = _noop,
    *,
    notice: Announce | None = None,
    marker: str = MARKER,
    keep: int = KEEP_BUILDS,
    keep_seconds: float = KEEP_REPLACED_SECONDS,
    wait: float = LOCK_WAIT_SECONDS,
) -> Iterator[Path]:
    """A staging folder to write a build into; published as ``out`` when the block ends without
    an error (it must then hold ``marker``), removed when it raises. The build lock is held
    throughout. A full disk, a read-only or vanished folder while writing is a ConfigError naming
    the file: nothing is published, the previous build stays.

    ``announce`` hears the progress (published, old builds removed); ``notice`` (default: the
    same) what a user should see even in a log: waiting for another build, what a crashed build
    left and was removed, the migration from the older layout."""
    tell = notice or announce
    path = check_out(out, marker)
    _make(path.parent)
    with build_lock(path, tell, wait):
        try:
            recover(path, tell, marker)
        except OSError as exc:
            raise ConfigError(f"cannot put {out} in order after an earlier build: {_stopped(exc)}") from None
        builds = builds_dir(path)
        _make(builds)
        ident = _new_id(builds)
        staging, folder = builds / f"{ident}.staging-{os.getpid()}", builds / ident
        _make(staging)
        published = False
        try:
            yield staging
            announce("publishing (files synced to disk, then the link flipped to the new build)")
            _sync_tree(staging)
            staging.rename(folder)
            _fsync(builds, directory=True)
            os.utime(folder)  # its publishing time: when the build before it was replaced (prune)
            flip(path, folder)
            published = True
        except OSError as exc:
            if exc.errno not in _DISK_ERRORS:
                raise
            raise ConfigError(
                f"the build of {out} stopped: {_stopped(exc)}; nothing was published, the previous build stays"
            ) from None
        finally:
            if not published:
                for unfinished in (staging, folder):
                    shutil.rmtree(unfinished, ignore_errors=True)
        prune(path, keep, keep_seconds, announce)
