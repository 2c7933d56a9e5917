"""Running the generator: to any sink, in memory or streamed to a file; what a run produced; and
the parameters that ask the canned queries about things every size contains."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from itertools import count
from pathlib import Path

from benchmarks.synthetic.blocks import block, block0_year
from benchmarks.synthetic.writer import Pools, Writer


@dataclass
class Generated:
    """What a run produced: the number of quads, blocks, and the facts queries are asked about."""

    quads: int
    blocks: int
    seed: int
    #: Dates block 0 used, so that date parameters fall inside its mandates' validity.
    as_of: str


def generate(triples: int, seed: int, sink: Callable[[str], object]) -> Generated:
    """Write about ``triples`` quads (never less; at most one item more) as N-Quads lines."""
    w = Writer(sink=sink, rng=random.Random(seed))
    pools = Pools()
    blocks = 0
    for k in count():
        blocks = k + 1
        parts = block(w, pools, k)
        for _ in parts:
            if k > 0 and w.quads >= triples:
                break
        # Closing the block now runs what its open parts write when cut short (a plenary's turn
        # count: the derived graph must hold what the build's rule gives for the turns written).
        parts.close()
        if w.quads >= triples:
            break
    year = block0_year()
    return Generated(quads=w.quads, blocks=blocks, seed=seed, as_of=f"{year + 3}-06-30")


def nquads(triples: int, seed: int = 0) -> tuple[bytes, Generated]:
    """The generated quads as N-Quads bytes, in memory (sizes the benchmark runs)."""
    parts: list[str] = []
    info = generate(triples, seed, parts.append)
    return "".join(parts).encode("utf-8"), info


def write_nquads(path: Path, triples: int, seed: int = 0) -> Generated:
    """Stream the generated quads to a file: constant memory, for 10^6 and 10^7."""
    with path.open("w", encoding="utf-8", buffering=1 << 20) as out:
        return generate(triples, seed, out.write)


def query_params(info: Generated) -> dict[str, dict[str, str]]:
    """Parameter values for every offline canned query that name things of the right kind in
    the generated graph (block 0, which every size contains, so the same question is asked at
    every size and the cost measured is the engine's, not a different answer's)."""
    wg, meeting = "b0-wg", "b0-meeting"
    return {
        "body-timeline": {"id": wg},
        "coalitions": {"id": meeting},
        "composition": {"id": wg},
        "in-force": {"as_of": info.as_of, "id": wg},
        "instrument-lineage": {"id": "b0-res-2"},
        "interventions": {"id": meeting},
        "mandate-timeline": {"id": wg},
        "mandated-by": {"id": "b0-organ"},
        "meetings": {"id": "b0-commission"},
        "mentions": {"id": wg},
        "office-holders": {"id": wg},
        "positions": {"id": meeting},
        "provenance": {"id": meeting},
        "reports-to": {"id": wg},
        "stakeholder-categories": {"id": "civil-society"},
        "who-mandated": {"id": wg},
    }
