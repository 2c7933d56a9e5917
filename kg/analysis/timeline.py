"""The "time" section of ``igkg stats``: how many mandates are in each state on a date.

Reads the periods of each mandate's course that the build derived (kg/loaders/lapse.py), with
engine-neutral SPARQL; the period that holds the date gives the mandate's state on it.
"""

from __future__ import annotations

from kg.core import settings
from kg.engines import View
from kg.query.run import run_sparql

MANDATE_PERIODS = f"""PREFIX igkg: <{settings.ONTOLOGY_NS}>
SELECT ?mandate ?from ?until ?state WHERE {{
  ?mandate a igkg:Mandate ; igkg:period ?period .
  ?period igkg:periodState ?state .
  OPTIONAL {{ ?period igkg:periodFrom ?from }}
  OPTIONAL {{ ?period igkg:periodUntil ?until }}
}}
"""

#: The states, in the order shown (the mandate-states scheme), then the mandates not begun on
#: the date or whose start is not known.
TIME_STATES = (
    "in-force",
    "ended",
    "lapsed-by-deadline",
    "fulfilled",
    "superseded",
    "mandatee-ended",
    "unknown",
    "not-begun",
)


def mandates_by_state(view: View, as_of: str) -> dict[str, object]:
    """``{"as_of": as_of, "mandates": n, "by_state": {state: count}}`` for a date YYYY-MM-DD."""
    periods: dict[str, list[tuple[str, str, str]]] = {}
    for row in run_sparql(view, MANDATE_PERIODS).dicts():
        state = row["state"].rsplit("/", 1)[-1]
        periods.setdefault(row["mandate"], []).append((row.get("from", ""), row.get("until", ""), state))
    counts = dict.fromkeys(TIME_STATES, 0)
    for spans in periods.values():
        held = [s for first, last, s in spans if first and first <= as_of and (not last or last >= as_of)]
        counts[held[0] if held else "not-begun"] += 1
    return {"as_of": as_of, "mandates": len(periods), "by_state": counts}


def table_lines(time: dict[str, object]) -> list[str]:
    by_state = time.get("by_state", {})
    assert isinstance(by_state, dict)
    lines = [f"time: {time.get('mandates', 0)} mandates by state on {time.get('as_of', '')}:"]
    return lines + [f"  {state.replace('-', ' '):<28} {count:>6}" for state, count in by_state.items()]
