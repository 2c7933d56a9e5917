"""A seeded generator of quads shaped like igkg's own graph, at a requested size.

The command line: N-Quads to a file or stdout, and what was generated as JSON on stderr.

    python -m benchmarks.synthetic --triples 1e5 --seed 1 --out /tmp/synthetic.nq
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import IO

from benchmarks.synthetic.generator import generate, write_nquads


def parse_size(text: str) -> int:
    """``1e5``, ``100000`` or ``100_000`` as an int."""
    return int(float(text.replace("_", "")))


def main(argv: list[str] | None = None) -> int:
    """``python -m benchmarks.synthetic``: write the quads, then report the run on stderr."""
    # `python -m` of a package would show its __main__.py as the program: keep the name the
    # usage line has shown since the generator was one module.
    parser = argparse.ArgumentParser(prog="synthetic.py", description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=parse_size, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, help="N-Quads file (default: stdout)")
    args = parser.parse_args(argv)
    if args.out:
        info = write_nquads(args.out, args.triples, args.seed)
    else:
        stream: IO[str] = sys.stdout
        info = generate(args.triples, args.seed, stream.write)
    print(json.dumps(info.__dict__), file=sys.stderr)
    return 0
