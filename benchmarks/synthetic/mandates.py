"""Mandates: one mandate with its validity, its nature and fulfilment, and what the build derives
from it (its course: the periods of kg/loaders/lapse.py); and a block's chains of them ("pursuant
to" back into earlier blocks, renewals for consecutive periods).

A block's mandates are planned before any is written: whether a mandate is superseded depends on
the renewal that follows it, so each is written with the course the build would give it once the
whole block is there.

What ends them, per block (year Y): the organ's establishment is fulfilled by the organ's first
resolution; the commission's lapses at its deadline (nothing records it done); the invitation to
the commission's chair is fulfilled by the chair's decision, and the working group's mandate by
its report (or superseded by its renewal, whichever comes first); renewals supersede each other;
the working group's last renewal ends with the group (dissolved in Y+9); the forum's mandates are
standing, and its last renewal, with no end, stays in force, as does the summit's root mandate.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from benchmarks.synthetic.closures import lineage_heads
from benchmarks.synthetic.terms import LABEL, RDF_TYPE, date, i, lit, p, typed
from benchmarks.synthetic.writer import Fact, Pools, Source, Writer
from kg.core.dates import PartialDate
from kg.loaders.lapse import NATURE_BASE, STATE_BASE, Period, course, defaulted_nature
from kg.records.model import Record, RecordSet


@dataclass(frozen=True)
class Planned:
    """A mandate as its record gives it (dates as PartialDate, references as slugs)."""

    slug: str
    issuer: str
    mandatee: str
    action: str
    authority: str
    start: PartialDate
    end: int | None = None
    deadline: int | None = None
    #: ``one-off`` or ``standing`` when the record names it (else the build's default).
    nature: str | None = None
    fulfilled: PartialDate | None = None
    fulfilled_by: str | None = None
    renews: str | None = None
    pursuant_to: str | None = None
    object: str | None = None

    def know(self, w: Writer) -> Record:
        """The mandate as a record the lapse rule reads (``Writer.known``)."""
        return w.know(
            "mandates",
            self.slug,
            issuer=self.issuer,
            mandatee=self.mandatee,
            action=self.action,
            authority=self.authority,
            start=self.start,
            end=PartialDate(self.end) if self.end is not None else None,
            deadline=PartialDate(self.deadline) if self.deadline is not None else None,
            nature=self.nature,
            fulfilled=self.fulfilled,
            fulfilled_by=self.fulfilled_by,
            renews=self.renews,
        )

    def facts(self) -> list[Fact]:
        """The record's facts, as the build maps its fields."""
        facts = [
            (RDF_TYPE, p("Mandate")),
            (p("issuer"), i(self.issuer)),
            (p("mandatee"), i(self.mandatee)),
            (p("action"), i(f"action/{self.action}")),
            (p("authority"), i(self.authority)),
            (p("startDate"), typed(self.start.text, self.start.datatype)),
            (p("task"), lit(f"to {self.action} {self.mandatee}")),
        ]
        optional: list[tuple[str, str | None]] = [
            ("pursuantTo", i(self.pursuant_to) if self.pursuant_to else None),
            ("renews", i(self.renews) if self.renews else None),
            ("object", i(self.object) if self.object else None),
            ("deadline", typed(str(self.deadline), "gYear") if self.deadline is not None else None),
            ("nature", f"<{NATURE_BASE}{self.nature}>" if self.nature else None),
            ("fulfilledOn", typed(self.fulfilled.text, self.fulfilled.datatype) if self.fulfilled else None),
            ("fulfilledBy", i(self.fulfilled_by) if self.fulfilled_by else None),
            ("endDate", typed(str(self.end), "gYear") if self.end is not None else None),
        ]
        return facts + [(p(name), obj) for name, obj in optional if obj is not None]


def start(w: Writer, year: int) -> PartialDate:
    """A start day in ``year``, drawn before 17 December (the day the block's chair decides, which
    fulfils the invitation to do so: a task is not done before it is given)."""
    return PartialDate(year, w.rng.randint(1, 11), w.rng.randint(1, 28))


def mandate(w: Writer, m: Planned, sources: list[Source], successors: Sequence[str] = ()) -> None:
    """A mandate's record and what the build derives from it: a label, ``earliestStart`` and
    ``latestEnd``, ``upstream`` links, ``mandatedBy``, ``lineageHeadOf``, its nature where the record names none and
    its course (one or two ``igkg:period`` nodes, kg/loaders/lapse.py). ``successors``: the
    mandates that renew it, known to ``w`` (planned, if not yet written)."""
    record = w.known.get(m.slug) or m.know(w)
    w.record(m.slug, m.facts(), sources, line=w.rng.randint(1, 900), supports="startDate")
    s = i(m.slug)
    label = f"{m.issuer}: {m.action} {m.mandatee}"
    w.derived(s, LABEL, lit(label))
    w.derived(s, p("earliestStart"), date(m.start.year, m.start.month, m.start.day))
    if m.end is not None:
        w.derived(s, p("latestEnd"), date(m.end, 12, 31))
    for earlier in (m.pursuant_to, m.renews):
        if earlier:
            w.derived(s, p("upstream"), i(earlier))
    if (m.mandatee, m.issuer) not in w.mandated:
        w.mandated.add((m.mandatee, m.issuer))
        w.derived(i(m.mandatee), p("mandatedBy"), i(m.issuer))
    upstream = tuple(earlier for earlier in (m.renews, m.pursuant_to) if earlier)
    lineage_heads(w, m.slug, m.issuer, m.authority, upstream)
    nature = defaulted_nature(record)
    if nature is not None:
        w.derived(s, p("nature"), f"<{NATURE_BASE}{nature}>")
    records = RecordSet(w.known)
    _periods(w, m.slug, label, course(records, record, [records[later] for later in successors]))


def _periods(w: Writer, slug: str, label: str, periods: list[Period]) -> None:
    """The periods of a mandate's course, as kg/loaders/derive.py writes them."""
    for number, period in enumerate(periods, start=1):
        node = i(f"{slug}/period/{number}")
        span = f"{period.first or '?'} to {period.last or 'open'}"
        w.derived(i(slug), p("period"), node)
        w.derived(node, RDF_TYPE, p("MandatePeriod"))
        w.derived(node, LABEL, lit(f"{label}: {period.state.replace('-', ' ')}, {span}"))
        w.derived(node, p("periodState"), f"<{STATE_BASE}{period.state}>")
        w.derived(node, p("periodReason"), lit(period.reason))
        if period.first is not None:
            w.derived(node, p("periodFrom"), typed(period.first.isoformat(), "date"))
        if period.last is not None:
            w.derived(node, p("periodUntil"), typed(period.last.isoformat(), "date"))


def mandates(w: Writer, pools: Pools, k: int, year: int, both: list[Source]) -> Iterator[None]:
    """The block's mandates: organ (pursuant to the previous block's or the summit's), commission,
    an invitation to the chair to set up the working group, its establishment and renewals, and a
    forum entrusted and renewed three times (see the module's note for what ends each)."""
    b = f"b{k}-"
    root = pools.organ_mandates[-1] if pools.organ_mandates else "mandate-summit-root"
    first_resolution = w.known[b + "res-1"].first("adopted")
    assert isinstance(first_resolution, PartialDate)
    plan = [
        Planned(b + "mandate-organ", "assembly", b + "organ", "establish", b + "res-0-para-1", start(w, year),
                pursuant_to=root, fulfilled=first_resolution, fulfilled_by=b + "res-1"),
        Planned(b + "mandate-commission", b + "organ", b + "commission", "establish", b + "res-1-para-1",
                start(w, year + 1), deadline=year + 2, pursuant_to=b + "mandate-organ"),
        Planned(b + "mandate-wg-invite", b + "organ", b + "commission-chair", "invite", b + "res-2-para-2",
                start(w, year + 2), deadline=year + 3, nature="one-off", fulfilled_by=b + "chair-decision",
                pursuant_to=b + "mandate-commission", object=b + "wg"),
        Planned(b + "mandate-wg-establish", b + "commission-chair", b + "wg", "establish", b + "chair-decision",
                start(w, year + 2), end=year + 4, fulfilled_by=b + "wg-report", pursuant_to=b + "mandate-wg-invite"),
        *_renewals(w, k, "wg", "mandate-wg-establish", "res-3-para-1", year + 4, 2),
        Planned(b + "mandate-forum", b + "organ", b + "forum", "entrust", b + "res-1-para-2", start(w, year + 1),
                end=year + 5, nature="standing"),
        *_renewals(w, k, "forum", "mandate-forum", "res-3-para-3", year + 5, 3),
    ]  # fmt: skip
    for m in plan:
        m.know(w)
    renewed_by = {m.renews: m.slug for m in plan if m.renews}
    for m in plan:
        later = renewed_by.get(m.slug)
        mandate(w, m, both, [later] if later else [])
        if m.slug == b + "mandate-organ":
            pools.organ_mandates.append(m.slug)
        yield


def _renewals(w: Writer, k: int, body: str, first: str, authority: str, begin: int, times: int) -> list[Planned]:
    """A renewal chain of standing mandates: each renews the previous one, for consecutive
    periods (the forum's last without an end)."""
    b = f"b{k}-"
    previous = b + first
    chain = []
    for n in range(times):
        slug = f"{b}mandate-{body}-renewal-{n + 1}"
        action = "renew" if n % 2 == 0 else "extend"
        end = None if n == times - 1 and body == "forum" else begin + 5 * (n + 1)
        chain.append(
            Planned(slug, b + "organ", b + body, action, b + authority, start(w, begin + 5 * n), end=end,
                    nature="standing", renews=previous)
        )  # fmt: skip
        previous = slug
    return chain
