"""``python -m benchmarks.synthetic``: the generator's command line (benchmarks.synthetic.command)."""

from benchmarks.synthetic.command import main

raise SystemExit(main())
