"""Linking igkg's things to other open-data graphs, through a reviewed mapping table.

Proposers write candidate mappings into the proposals table and never into the graph:
:mod:`kg.link.wikidata` asks a Wikidata SPARQL endpoint, :mod:`kg.link.undocs` derives UN
document addresses from symbols, :mod:`kg.link.wikipedia` derives DBpedia resources from the
titles of accepted Wikipedia articles. :mod:`kg.link.review` moves each proposal, accepted or rejected,
into the reviewed table; :mod:`kg.link.coverage` counts what the accepted mappings link.
:mod:`kg.link.tables` opens the two tables and knows which pages a mapping may cite.
"""
