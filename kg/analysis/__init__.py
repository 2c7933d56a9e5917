"""Analyses of the built graph, read from the store with engine-neutral SPARQL.

- :mod:`kg.analysis.lineage`: the mandate graph (networkx) and the lineage of one thing, as text,
  JSON or DOT;
- :mod:`kg.analysis.picture`: a lineage as an SVG or PNG picture (matplotlib, through
  :mod:`kg.analysis.figures`);
- :mod:`kg.analysis.mandates`: roots of authority, longest chains, lapsed and open-ended
  mandates, renewal anomalies and cycles;
- :mod:`kg.analysis.coalitions`: who backed whom in a meeting, the blocs, how stances moved;
- :mod:`kg.analysis.stats`: what the graph holds and lacks (``igkg stats``), with
  :mod:`kg.analysis.evidence`, the facts per field with and without a tied quote.

Nothing is re-exported here: importing a name from this package would load networkx (every module
but :mod:`kg.analysis.stats` needs it) for ``igkg stats`` too, which needs none. Import from the
modules.
"""
