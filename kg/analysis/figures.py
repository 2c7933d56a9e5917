"""matplotlib, set up for pictures that a server or a script can write: headless and reproducible.

matplotlib is imported only here and only when a picture is asked for: it takes a good part of a
second to load, which no text or JSON answer should pay.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure


def new_figure(width: float, height: float) -> tuple[Figure, Axes]:
    """A figure of ``width`` × ``height`` inches with one set of axes, drawn without a display."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    matplotlib.rcParams["svg.hashsalt"] = "igkg"  # stable element ids
    matplotlib.rcParams["svg.fonttype"] = "none"  # text stays text: searchable, small
    return plt.subplots(figsize=(width, height))


def figure_bytes(fig: Figure, fmt: str) -> bytes:
    """The figure as an SVG or PNG file (bytes), without the creation date or the software's
    version, so that the same picture gives the same bytes; the figure is closed."""
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    metadata = {"Date": None} if fmt == "svg" else {"Software": None}
    fig.savefig(buffer, format=fmt, bbox_inches="tight", dpi=130, metadata=metadata)
    plt.close(fig)
    return buffer.getvalue()
