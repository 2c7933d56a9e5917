"""Peak memory and time of each dump, streamed (``Format.stream`` to a file, as ``igkg build``
writes it) or, with ``--oracle``, through the whole-graph writers igkg used before issue 18
(tests/export/oracle_dumps.py), each format in a fresh interpreter (benchmarks/timing.py:
the step's own peak RSS, the parsed input excluded).

    python -m benchmarks.export_memory --nq g.nq [--formats turtle,jsonld,trig,nquads] [--oracle] [--chunk N]

``--chunk`` sets the external sort's records per chunk (kg/export/sorting.py ``CHUNK``): with a
chunk smaller than the graph, a run at 10^5 exercises the spilling path a run at 10^7 takes.
Prints one JSON line per format: seconds, step_rss_mb (peak above the RSS before the step),
bytes and the SHA-256 of the output, so that two runs can be compared byte for byte.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.plan import ROOT
from benchmarks.timing import measured

FORMATS = ("turtle", "jsonld", "trig", "nquads")


def _one(nq: Path, fmt: str, oracle: bool, chunk: int | None) -> dict[str, object]:
    from pyoxigraph import RdfFormat, parse

    import kg.export.sorting
    from kg.core.quads import QuadSet
    from kg.export.dumps import FORMATS as WRITERS

    if chunk:
        kg.export.sorting.CHUNK = chunk
    quads = QuadSet(parse(nq.read_bytes(), format=RdfFormat.N_QUADS))
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / f"dump.{fmt}"

        def run() -> dict[str, object]:
            if oracle:
                from tests.export.oracle_dumps import WRITERS as OLD

                out.write_bytes(OLD[fmt](quads))
            else:
                with out.open("wb") as handle:
                    WRITERS[fmt].stream(quads.unordered(), handle)
            return {"format": fmt, "oracle": oracle, "quads": len(quads), "chunk": kg.export.sorting.CHUNK}

        result = measured(run)
        data = out.read_bytes()
    result.update(bytes=len(data), sha256=hashlib.sha256(data).hexdigest())
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--nq", type=Path, required=True)
    parser.add_argument("--formats", default=",".join(FORMATS))
    parser.add_argument("--oracle", action="store_true")
    parser.add_argument("--chunk", type=int)
    parser.add_argument("--one", help=argparse.SUPPRESS)  # the child's own format
    args = parser.parse_args()
    if args.one:
        print(json.dumps(_one(args.nq, args.one, args.oracle, args.chunk)), flush=True)
        return
    for fmt in args.formats.split(","):
        command = [sys.executable, "-m", "benchmarks.export_memory", "--nq", str(args.nq), "--one", fmt]
        command += ["--oracle"] if args.oracle else []
        command += ["--chunk", str(args.chunk)] if args.chunk else []
        subprocess.run(command, cwd=ROOT, check=True)


if __name__ == "__main__":
    main()
