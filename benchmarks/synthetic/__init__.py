"""A seeded generator of quads shaped like igkg's own graph, at a requested size.

Why synthetic: the curated graph is ~25 000 quads, far below the sizes the performance issue asks
about (10^4 … 10^7), and growing it by hand is not an option. The generator mimics the curated
graph's *shape* so that the canned queries exercise the same joins, paths and filters:

- the same classes and properties (ontology/igkg.ttl) and the same IRI layout (``id/SLUG``,
  ``source/NAME``, ``SLUG/evidence/HEX``);
- the same provenance pattern: every fact sits in the named graph of the source that states it,
  with an ``igkg:evidence`` link to an ``igkg:Citation`` (``inSource``, ``quote``, ``lineStart``,
  ``lineEnd``) that names what it supports, as the build writes evidence (``supportsProperty`` per
  field; one citation per value, with ``supportsValue``, for a field of several values); facts
  stated by two sources are in both graphs;
- the derived graph (``graph/derived``) holding what ``kg.loaders.derive`` and ``queries/construct-*.rq``
  would add: labels, ``upstream``, ``mandatedBy``, ``earliestStart``/``latestEnd``, and each
  mandate's defaulted ``nature`` and course (``igkg:period`` nodes, by ``kg.loaders.lapse``'s rule).

The graph grows in *blocks*. Each block is a family of bodies under a global assembly (organ →
commission → working group, a forum, a secretariat, posts), its instruments and paragraphs citing
earlier ones (also across blocks), mandates with validity and renewal / "pursuant to" chains that
reach back into earlier blocks, people, delegations and memberships, seat allocations, and a
meeting with sessions, speaker turns, positions, support links, mentions and a contested date.
Generation stops between two items once the requested number of quads is reached (block 0 is
always complete, so every canned query has something to find), which keeps the size within a few
per cent of the request.

The default graph (the merge) and the ontology are *not* generated here: the benchmark adds them
exactly as the build does (``kg.pipeline.build._load_store``, ``kg.engines.base.with_default_graph``).

Output is N-Quads in generation order: the same seed gives byte-identical output. Lines are
streamed, so 10^7 quads can be written to a file without holding them in memory.

The parts, one job each: ``terms`` (N-Triples terms), ``writer`` (quads, records and their
citations), ``institutions`` (delegations, people, bodies, posts, memberships), ``instruments``,
``mandates``, ``meetings``, ``plenary`` (from block 1 on, a transcript-shaped meeting of a few
hundred turns with their mentions and citations: most of the quads at 10^6 and 10^7),
``blocks`` (a block's order, block 0's global part), ``generator``
(running it; the canned queries' parameters) and ``command`` (the command line).

    python -m benchmarks.synthetic --triples 1e5 --seed 1 --out /tmp/synthetic.nq
"""

from benchmarks.synthetic.blocks import block0_year
from benchmarks.synthetic.command import main, parse_size
from benchmarks.synthetic.generator import Generated, generate, nquads, query_params, write_nquads

__all__ = ["Generated", "block0_year", "generate", "main", "nquads", "parse_size", "query_params", "write_nquads"]
