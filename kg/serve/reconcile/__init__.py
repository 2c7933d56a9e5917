"""The W3C Entity Reconciliation API (the protocol OpenRefine speaks), versions 0.1 and 0.2.

- :mod:`kg.serve.reconcile.text`: how names are normalised and compared (one place for the formula).
- :mod:`kg.serve.reconcile.index`: the label, alias and symbol index, read from the built store in a worker.
- :mod:`kg.serve.reconcile.score`: candidates for one query, their scores and the match decision.
- :mod:`kg.serve.reconcile.requests`: what a request asks for, read and bounded from plain values.
- :mod:`kg.serve.reconcile.work`: the worker's side (the index lives in each worker, per build).
- :mod:`kg.serve.reconcile.routes`: the HTTP side: manifest, queries, preview, suggest.
"""
