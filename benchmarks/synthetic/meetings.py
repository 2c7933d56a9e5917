"""A block's meeting, as a meeting record would give it: sessions, speaker turns, positions,
support links, a proposal, mentions of the block's bodies and instruments, and a start date two
sources disagree on."""

from __future__ import annotations

from collections.abc import Iterator

from benchmarks.synthetic.closures import turn_count
from benchmarks.synthetic.terms import LABEL, RDF_TYPE, date, i, lit, p, typed
from benchmarks.synthetic.writer import Pools, Source, Writer

STANCES = ["governments-only", "equal-footing", "compromise", "procedural"]
MANNERS = ["support", "align", "agree", "oppose"]
DAY_PARTS = ["morning", "afternoon", "evening"]
PLACES = ["Geneva", "New York", "Tunis", "Paris", "Nairobi", "Vienna"]


def meeting(w: Writer, pools: Pools, k: int, year: int, notes: Source, page: Source) -> Iterator[None]:
    """A meeting of the commission recorded in the block's notes: three sessions, 30 turns,
    positions, support links, mentions, a proposal, and a start date two sources disagree on."""
    b = f"b{k}-"
    m = b + "meeting"
    people = w.rng.sample(pools.delegations, min(12, len(pools.delegations)))
    facts = [
        (RDF_TYPE, p("Meeting")),
        (LABEL, lit(f"Meeting of commission {k}")),
        (p("meetingOf"), i(b + "commission")),
        (p("convenedBy"), i(b + "commission")),
        (p("chairedBy"), i(b + "commission-chair")),
        (p("place"), lit(w.rng.choice(PLACES))),
        (p("meetingNumber"), typed(k + 1, "integer")),
        (p("recordedIn"), notes.term),
        *[(p("participant"), i(d)) for d in people],
    ]
    w.record(m, facts, [notes, page], line=1)
    w.derived(i(m), p("earliestStart"), date(year + 2, 12, 17))
    _claims(w, m, year, page)
    yield
    for n, part in enumerate(DAY_PARTS, start=1):
        s = f"{m}-session-{n}"
        w.record(
            s,
            [
                (RDF_TYPE, p("Session")),
                (LABEL, lit(f"{9 + 3 * n}:05")),
                (p("dayPart"), i(f"day-part/{part}")),
                (p("inMeeting"), i(m)),
                (p("order"), typed(n, "integer")),
                (p("timeMark"), lit(f"{9 + 3 * n}:05", None)),
            ],
            [notes],
            line=100 * n,
        )
    yield
    written = [0]  # turns written so far (a list: _turns counts into it)
    try:
        yield from _turns(w, m, people, notes, written)
    finally:
        # Also when the run stops among the turns (the generator closes the block): the count of
        # the turns written, as the build's rule (queries/construct-turn-count.rq) gives it.
        if written[0]:
            turn_count(w, m, written[0])
    yield from _positions(w, m, people, notes)
    yield from _mentions(w, m, b, notes)


def _claims(w: Writer, m: str, year: int, page: Source) -> None:
    """Two ranked claims on the meeting's start date that conflict, as curated contested dates:
    the preferred value is asserted in the graph of its claim's source, and no evidence entry of
    the meeting names the date (each claim's citation supports its own value, as in the build)."""
    slugs = [f"{m}/claim/{n}" for n in ("a", "b")]
    w.quad(i(m), p("startDate"), date(year + 2, 12, 17), page.term)
    for n, slug in enumerate(slugs):
        g = page.term
        w.quad(i(m), p("claim"), i(slug), g)
        for pred, obj in [
            (RDF_TYPE, p("Claim")),
            (p("claimProperty"), p("startDate")),
            (p("claimValue"), date(year + 2, 12, 17 - n)),
            (p("rank"), i("rank/preferred" if n == 0 else "rank/normal")),
            (p("rankReason"), lit("most sources agree", None)),
            (p("conflictsWith"), i(slugs[1 - n])),
        ]:
            w.quad(i(slug), pred, obj, g)
        w.citation(slug, page, 1, [])


def _turns(w: Writer, m: str, people: list[str], notes: Source, written: list[int]) -> Iterator[None]:
    """Thirty speaker turns over the three sessions, ten lines apart in the notes; ``written[0]``
    counts them as they are written."""
    for n in range(1, 31):
        speaker = people[n % len(people)]
        slug = f"{m}-turn-{n:03d}"
        facts = [
            (RDF_TYPE, p("Intervention")),
            (p("inMeeting"), i(m)),
            (p("inSession"), i(f"{m}-session-{1 + (n - 1) // 10}")),
            (p("order"), typed(n, "integer")),
            (p("speaker"), i(speaker)),
            (p("speakerAsWritten"), lit(speaker.replace("-", " ").title(), None)),
        ]
        w.record(slug, facts, [notes], line=10 * n)
        w.derived(i(slug), LABEL, lit(f"{m}, turn {n}"))
        written[0] = n
        yield


def _positions(w: Writer, m: str, people: list[str], notes: Source) -> Iterator[None]:
    """Eight positions on the composition question and eight support links between speakers."""
    for n in range(8):
        who = people[n % len(people)]
        turn = 1 + 3 * n
        slug = f"{m}-position-{n}"
        facts = [
            (RDF_TYPE, p("Position")),
            (p("heldBy"), i(who)),
            (p("stance"), i(f"stance/{STANCES[n % len(STANCES)]}")),
            (p("inMeeting"), i(m)),
            (p("inSession"), i(f"{m}-session-{1 + (turn - 1) // 10}")),
            (p("question"), lit("composition of the working group", None)),
            (p("statedIn"), i(f"{m}-turn-{turn:03d}")),
        ]
        w.record(slug, facts, [notes], line=10 * turn)
        w.derived(i(slug), LABEL, lit(f"{who}: {STANCES[n % len(STANCES)]}"))
        yield
    for n in range(8):
        frm, to = people[n % len(people)], people[(n + 1) % len(people)]
        turn = 2 + 3 * n
        slug = f"{m}-support-{n}"
        facts = [
            (RDF_TYPE, p("SupportLink")),
            (p("supporter"), i(frm)),
            (p("supported"), i(to)),
            (p("manner"), i(f"manner/{MANNERS[n % len(MANNERS)]}")),
            (p("inMeeting"), i(m)),
            (p("inSession"), i(f"{m}-session-{1 + (turn - 1) // 10}")),
            (p("statedIn"), i(f"{m}-turn-{turn:03d}")),
        ]
        w.record(slug, facts, [notes], line=10 * turn)
        w.derived(i(slug), LABEL, lit(f"{frm} supports {to}"))
        yield
    w.record(
        f"{m}-proposal-1",
        [
            (RDF_TYPE, p("Proposal")),
            (LABEL, lit("Text agreed by the meeting")),
            (p("inMeeting"), i(m)),
            (p("outcome"), i("outcome/agreed")),
            (p("proposalText"), lit("The chair establishes a working group.", None)),
            (p("statedIn"), i(f"{m}-turn-030")),
        ],
        [notes],
        line=300,
    )
    yield


def _mentions(w: Writer, m: str, b: str, notes: Source) -> Iterator[None]:
    """Twenty-four mentions of the block's bodies and instruments inside the turns' lines."""
    targets = ["wg", "commission", "organ", "forum", "res-1", "chair-decision"]
    for n in range(24):
        target = b + targets[n % len(targets)]
        slug = f"{m}-mention-{n}"
        line = 10 * (1 + n) + 1
        facts = [
            (RDF_TYPE, p("Mention")),
            (p("mentionOf"), i(target)),
            (p("textAsWritten"), lit(target.upper(), None)),
            (p("inMeeting"), i(m)),
        ]
        w.record(slug, facts, [notes], line=line)
        w.derived(i(slug), LABEL, lit(f"{target.upper()}: {target}"))
        yield
