"""When a mandate stops being in force, and why: the build's lapse rule (DESIGN.md, "Mandates end").

Computed from the curated records, so that every query, the analysis and ``igkg stats`` read the
same answer from the derived graph (kg/loaders/derive.py writes it) instead of each repeating it.

The rule. A mandate is in force from the first day of its ``start``. What can end it, each with
the first day on which it is no longer in force:

- **fulfilled**: its ``fulfilled`` date, else the date of its ``fulfilled_by`` (an instrument's
  adoption, a meeting's last day): from the day after (a task done on 16 March is done from 17);
- **superseded**: a mandate that renews it (``renews``, read backwards) begins: from that
  mandate's first day (a renewal takes over on its own start);
- **ended**: its ``end``: from the day after the last day the end names ("2010" holds to 31 December);
- **lapsed by deadline**: a mandate that is not standing and has no fulfilment recorded, from
  the day after its ``deadline``. A task done late counts as fulfilled, not lapsed;
- **mandatee ended**: its mandatee is a body with a ``dissolved`` date: from the day after.

The earliest ending wins; on the same day, the first in the order above. With no ending, a
standing mandate stays in force ("standing, no end recorded"), and any other is **unknown**:
nothing shows it in force, nothing ends it, so it is not counted as in force.

Nature: the record's ``nature``, else one-off when its action is one-off by meaning (establish,
convene, report: schema.ONE_OFF_ACTIONS), else not known.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kg.core.dates import PartialDate
from kg.records.model import Record, RecordSet, Ref
from kg.records.schema import ONE_OFF_ACTIONS

#: States a period can have (concepts of the mandate-states scheme, ontology/igkg.ttl).
STATES = ("in-force", "ended", "lapsed-by-deadline", "fulfilled", "superseded", "mandatee-ended", "unknown")
STATE_BASE = "https://w3id.org/igkg/id/state/"
NATURE_BASE = "https://w3id.org/igkg/id/nature/"
#: Which ending wins when two fall on the same day (the module's order).
_PRECEDENCE = ("fulfilled", "superseded", "ended", "lapsed-by-deadline", "mandatee-ended")
_ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Period:
    """A stretch of a mandate's course: its state, why, and its first and last day (None: open)."""

    state: str
    reason: str
    first: dt.date | None
    last: dt.date | None


@dataclass(frozen=True)
class _Ending:
    state: str
    cut: dt.date  # the first day the mandate is no longer in force
    phrase: str  # what ends it, for the in-force period's reason ("superseded on 2011")
    reason: str  # why it is not in force after


def nature_of(record: Record) -> str | None:
    """``one-off``, ``standing`` or None (not known): recorded, else from the action."""
    recorded = record.first("nature")
    if recorded is not None:
        return str(recorded)
    return "one-off" if str(record.first("action")) in ONE_OFF_ACTIONS else None


def defaulted_nature(record: Record) -> str | None:
    """The nature the build gives a mandate whose record names none (derived), or None."""
    return None if record.first("nature") is not None else nature_of(record)


def _day(value: object, last: bool) -> dt.date | None:
    if not isinstance(value, PartialDate):
        return None
    return dt.date.fromisoformat(value.last_day() if last else value.first_day())


def _name(records: RecordSet, ref: object) -> str:
    """How a reason names a record: its symbol, else its label, else its id."""
    record = records[str(ref)]
    return str(record.first("symbol") or record.first("label") or record.id)


def _fulfilled_on(records: RecordSet, record: Record) -> PartialDate | None:
    """The recorded fulfilment date, else the date of what fulfilled it."""
    recorded = record.first("fulfilled")
    if isinstance(recorded, PartialDate):
        return recorded
    by = record.first("fulfilled_by")
    if by is None:
        return None
    thing = records[str(by)]
    if thing.kind == "paragraphs":
        thing = records[str(thing.first("of"))]
    when = thing.first("adopted") or thing.first("end") or thing.first("start")
    return when if isinstance(when, PartialDate) else None


def _endings(records: RecordSet, record: Record, successors: list[Record]) -> list[_Ending]:
    """Every recorded ending of a mandate, in the order that breaks ties."""
    found: list[_Ending] = []
    fulfilled = _fulfilled_on(records, record)
    if fulfilled is not None:
        by = record.first("fulfilled_by")
        what = f"fulfilled by {_name(records, by)} on {fulfilled}" if by is not None else f"fulfilled on {fulfilled}"
        found.append(_Ending("fulfilled", _after(fulfilled), f"fulfilled on {fulfilled}", what))
    for later in successors:
        start = later.first("start")
        first = _day(start, last=False)
        if first is not None:
            found.append(
                _Ending("superseded", first, f"superseded on {start}", f"superseded by {later.id} from {start}")
            )
    end = record.first("end")
    if isinstance(end, PartialDate):
        found.append(_Ending("ended", _after(end), f"its end date {end}", f"its end date {end} has passed"))
    deadline = record.first("deadline")
    if isinstance(deadline, PartialDate) and fulfilled is None and nature_of(record) != "standing":
        reason = f"its deadline {deadline} passed with no fulfilment recorded"
        found.append(_Ending("lapsed-by-deadline", _after(deadline), f"its deadline {deadline}", reason))
    mandatee = records.records.get(str(record.first("mandatee")))
    dissolved = mandatee.first("dissolved") if mandatee is not None else None
    if mandatee is not None and isinstance(dissolved, PartialDate):
        label = mandatee.first("label") or mandatee.id
        reason = f"its mandatee, {label}, ended ({dissolved})"
        found.append(_Ending("mandatee-ended", _after(dissolved), f"its mandatee ended ({dissolved})", reason))
    return found


def _after(date: PartialDate) -> dt.date:
    last = _day(date, last=True)
    assert last is not None
    return last + _ONE_DAY


_OPEN = {
    "standing": ("in-force", "standing, no end recorded"),
    "one-off": ("unknown", "one-off task with no deadline, fulfilment or renewal recorded"),
    None: ("unknown", "not recorded as standing or one-off, and nothing recorded ends it"),
}
_KIND = {"standing": "standing, until ", "one-off": "one-off task, until ", None: "until "}


def course(records: RecordSet, record: Record, successors: list[Record]) -> list[Period]:
    """The periods of a mandate's course, earliest first (see the module's rule).

    ``successors``: the mandates that renew it. A mandate without a start has periods with no
    first day, which no dated question matches.
    """
    first = _day(record.first("start"), last=False)
    nature = nature_of(record)
    endings = _endings(records, record, successors)
    if not endings:
        state, reason = _OPEN[nature]
        return [Period(state, reason, first, None)]
    ending = min(endings, key=lambda e: (e.cut, _PRECEDENCE.index(e.state)))
    after = Period(ending.state, ending.reason, max(ending.cut, first) if first else ending.cut, None)
    if first is not None and ending.cut <= first:
        return [after]  # ended before it began (a renewal starting the same day): never in force
    return [Period("in-force", _KIND[nature] + ending.phrase, first, ending.cut - _ONE_DAY), after]


def successors_of(records: RecordSet) -> dict[str, list[Record]]:
    """Mandate id -> the mandates that renew it, in id order."""
    found: dict[str, list[Record]] = {}
    for record in records.of_kind("mandates"):
        renews = record.first("renews")
        if isinstance(renews, Ref):
            found.setdefault(renews.id, []).append(record)
    return found
