"""igkg: a knowledge graph of the UN Internet-governance system that grew out of WSIS.

The Python API for notebooks and scripts::

    import kg
    report = kg.build()                       # records -> validated store and exports in build/
    rows = kg.run_query("who-mandated", id="wg-igf-improvements")
    for row in rows: print(row["issuerLabel"], row["action"], row["mandateeLabel"])
    table = kg.query_table("mandate-timeline", id="igf")   # pandas.DataFrame(table) works
    graph = kg.lineage_graph()                # every mandate as a networkx.DiGraph
    chain = kg.lineage_of("igf", direction="up", as_of="2012-01-01").graph
"""

from kg.api import build, lineage_graph, lineage_of, open_store, query_table, run_query
from kg.core.version import __version__

__all__ = ["__version__", "build", "lineage_graph", "lineage_of", "open_store", "query_table", "run_query"]
