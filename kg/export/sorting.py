"""An external merge sort: records in any order and number, out sorted and without repeats, with
memory bounded by one chunk of records (plus one small block per chunk while they merge).

The dumps need a global order (sorted N-Quads lines, triples by subject, JSON-LD nodes by
``@id``) that the store's own index order does not give: Oxigraph orders its indexes by the hash
of each term, deterministic but not the order today's dumps are written in. Sorting a graph of
10^7 quads in a Python list took several GB; here at most ``chunk`` records are in memory: each
full chunk is sorted and written to a temporary file (``marshal``, in blocks), and the files are
then merged with :func:`heapq.merge`. A graph that fits in one chunk is sorted in memory and
touches no file.

Records are anything ``marshal`` writes and Python compares: bytes, str, tuples of them. Records
that are equal come out once (the dumps are sets); the record must therefore hold everything that
distinguishes two items, not only their sort key.
"""

from __future__ import annotations

import heapq
import marshal
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

#: Records sorted in memory before a chunk goes to a temporary file (~100-300 MB at the dumps'
#: record sizes, a few hundred bytes each).
CHUNK = 300_000
#: Records per marshal block in a chunk file: what each chunk keeps in memory while they merge.
_BLOCK = 1024


def sorted_unique(records: Iterable[Any], chunk: int | None = None, tmp_dir: Path | None = None) -> Iterator[Any]:
    """``records`` sorted, each distinct record once.

    >>> list(sorted_unique([b"b", b"a", b"b", b"c"], chunk=2))
    [b'a', b'b', b'c']
    """
    chunk = chunk or CHUNK  # read at call time, so that a test can make every sort spill to files
    with tempfile.TemporaryDirectory(prefix="igkg-sort-", dir=tmp_dir) as scratch:
        runs: list[Path] = []
        pending: list[Any] = []
        for record in records:
            pending.append(record)
            if len(pending) >= chunk:
                runs.append(_write_run(Path(scratch), len(runs), pending))
                pending = []
        if not runs:  # one chunk: no file
            yield from _unique(sorted(pending))
            return
        if pending:
            runs.append(_write_run(Path(scratch), len(runs), pending))
        del pending
        handles = [path.open("rb") for path in runs]
        try:
            yield from _unique(heapq.merge(*(_read_run(h) for h in handles)))
        finally:
            for handle in handles:
                handle.close()


def _write_run(folder: Path, number: int, records: list[Any]) -> Path:
    records.sort()
    path = folder / f"run-{number:05d}"
    with path.open("wb") as out:
        for start in range(0, len(records), _BLOCK):
            marshal.dump(records[start : start + _BLOCK], out)
    return path


def _read_run(handle: IO[bytes]) -> Iterator[Any]:
    while True:
        try:
            block = marshal.load(handle)
        except EOFError:
            return
        yield from block


def _unique(records: Iterable[Any]) -> Iterator[Any]:
    previous: Any = _NOTHING
    for record in records:
        if record != previous:
            yield record
            previous = record


_NOTHING = object()
