"""How wide a table may be, decided where the table is printed (the command line's process).

Its own module, free of pyoxigraph, so that ``igkg query`` decides it without loading the query
stage (the table is drawn in the query's process, :mod:`kg.export.table`).
"""

from __future__ import annotations

import shutil

#: The width of a table when standard output is not a terminal and ``$COLUMNS`` is not set.
TABLE_WIDTH = 120
#: A terminal narrower than this still gets a table this wide (wrapped by the terminal).
NARROWEST_TABLE = 40


def table_width(wide: bool = False) -> int | None:
    """The width a table may take: ``$COLUMNS`` if set, else the terminal's when standard output
    is one, else :data:`TABLE_WIDTH`; never under :data:`NARROWEST_TABLE`. None (every value
    whole, however wide) when ``wide``."""
    if wide:
        return None
    return max(NARROWEST_TABLE, shutil.get_terminal_size((TABLE_WIDTH, 24)).columns)
