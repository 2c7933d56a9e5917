"""A block's plenary: the transcript-shaped part of the graph, as the meeting-record loader
(kg/meetings/) writes it for an IGF session or a UN verbatim record: a meeting of the block's organ
recorded in a transcript, sessions of up to a few hundred speaker turns, every turn with its
mentions, some with a position or a support link, a proposal per session, and a citation
(``igkg:Citation`` with lines) behind every one of them.

Why it ramps: block 0 has no plenary and block k's sessions have ``min(TURN_STEP * k, TURNS_MAX)``
turns, so that the small sizes keep several institutional blocks (mandate chains across blocks,
the same block-0 answers as before), while at 10^6 and 10^7 most quads are turns, mentions and
their citations, as the issue expects once the IGF's transcripts and the UN's verbatim records are
read (about 370 plenaries, 740 sessions of 200 turns at 10^7). Nothing a canned query's block-0
parameters name is mentioned here, so those answers stay the same at every size.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass

from benchmarks.synthetic.closures import turn_count
from benchmarks.synthetic.meetings import MANNERS, PLACES, STANCES
from benchmarks.synthetic.terms import LABEL, RDF_TYPE, TITLE, date, i, lit, p, typed
from benchmarks.synthetic.writer import Pools, Source, Writer

#: Sessions of a plenary, and its turns per session: TURN_STEP more per block, up to TURNS_MAX.
SESSIONS = 2
TURN_STEP = 20
TURNS_MAX = 200
#: Lines of the transcript per turn (the speaker line and what was said).
LINES_PER_TURN = 5
#: How many delegations take part in a plenary and speak in it.
SPEAKERS = 40


def turns_per_session(k: int) -> int:
    """Block k's plenary turns per session (0: block k has no plenary)."""
    return min(TURN_STEP * k, TURNS_MAX)


def plenary(w: Writer, pools: Pools, k: int, year: int) -> Iterator[None]:
    """Block k's plenary, yielding after each item (the meeting, a session, a turn with its
    mentions, position or support link): a run may stop anywhere in it."""
    turns = turns_per_session(k)
    if turns == 0:
        return
    m = f"b{k}-plenary"
    src = _transcript(w, k, SESSIONS * turns * LINES_PER_TURN)
    speakers = w.rng.sample(pools.delegations, min(SPEAKERS, len(pools.delegations)))
    start = date(year + 4, 10, 2)
    facts = [
        (RDF_TYPE, p("Meeting")),
        (LABEL, lit(f"Plenary of organ {k}")),
        (p("meetingOf"), i(f"b{k}-organ")),
        (p("convenedBy"), i(f"b{k}-organ")),
        (p("place"), lit(w.rng.choice(PLACES))),
        (p("startDate"), start),
        (p("recordedIn"), src.term),
        *[(p("participant"), i(d)) for d in speakers],
    ]
    w.record(m, facts, [src], line=1)
    w.derived(i(m), p("earliestStart"), start)
    yield
    written = [0]  # turns written so far (a list: the sessions' generator counts into it)
    try:
        yield from _sessions(w, pools, Where(k, m, src, speakers), turns, written)
    finally:
        # Also when the run stops inside the plenary (the generator closes the block): the count
        # of the turns written, as queries/construct-turn-count.rq gives it.
        turn_count(w, m, written[0])


@dataclass(frozen=True)
class Where:
    """What every item of a plenary refers to: its block, meeting, transcript and speakers."""

    k: int
    meeting: str
    src: Source
    speakers: list[str]


def _sessions(w: Writer, pools: Pools, at: Where, turns: int, written: list[int]) -> Iterator[None]:
    """The sessions, each with its turns and a proposal, yielding after each item."""
    for s in range(1, SESSIONS + 1):
        session = f"{at.meeting}-session-{s}"
        facts = [
            (RDF_TYPE, p("Session")),
            (LABEL, lit(f"Session {s}")),
            (p("inMeeting"), i(at.meeting)),
            (p("order"), typed(s, "integer")),
        ]
        w.record(session, facts, [at.src], line=_line(written[0] + 1))
        yield
        for _ in range(turns):
            written[0] += 1
            _turn(w, pools, at, session, written[0])
            yield
        _proposal(w, at, s, written[0])
        yield


def _transcript(w: Writer, k: int, lines: int) -> Source:
    """The plenary's transcript as a source record (``igkg:Transcript``, with lines)."""
    src = Source(f"b{k}-plenary.txt", lines=True)
    digest = hashlib.sha256(src.name.encode()).hexdigest()
    for pred, obj in [
        (RDF_TYPE, p("Transcript")),
        (TITLE, lit(f"Transcript of the plenary of organ {k}")),
        (p("fileName"), lit(src.name, None)),
        (p("lineCount"), typed(lines + 1, "integer")),
        (p("sha256"), lit(digest, None)),
        (p("sourceDate"), typed("2040", "gYear")),
    ]:
        w.quad(src.term, pred, obj, src.term)
    w.derived(src.term, p("linesUsed"), lit(f"1-{lines + 1}", None))
    return src


def _line(order: int) -> int:
    """The speaker line of turn ``order`` in the transcript."""
    return 2 + (order - 1) * LINES_PER_TURN


def _turn(w: Writer, pools: Pools, at: Where, session: str, order: int) -> None:
    """One speaker turn, its mentions (0 to 4, about 2 on average), and on every sixth turn a
    position, three turns later a support link for the previous speaker."""
    k, m, src, speakers = at.k, at.meeting, at.src, at.speakers
    speaker = speakers[w.rng.randrange(len(speakers))]
    slug = f"{m}-turn-{order:04d}"
    line = _line(order)
    facts = [
        (RDF_TYPE, p("Intervention")),
        (p("inMeeting"), i(m)),
        (p("inSession"), i(session)),
        (p("order"), typed(order, "integer")),
        (p("speaker"), i(speaker)),
        (p("speakerAsWritten"), lit(speaker.replace("-", " ").title(), None)),
    ]
    w.record(slug, facts, [src], line=line)
    w.derived(i(slug), LABEL, lit(f"Plenary of organ {k}, turn {order}"))
    targets = [f"b{k}-organ", f"b{k}-forum", f"b{k}-secretariat", f"b{k}-res-1", "assembly", "summit-outcome"]
    for n in range(w.rng.randint(0, 4)):
        pick = w.rng.randrange(len(targets) + 2)
        target = (
            targets[pick]
            if pick < len(targets)
            else w.rng.choice(pools.instruments if pick == len(targets) else pools.delegations)
        )
        mention = f"{slug}-mention-{n}"
        mfacts = [
            (RDF_TYPE, p("Mention")),
            (p("mentionOf"), i(target)),
            (p("textAsWritten"), lit(target.upper(), None)),
            (p("inMeeting"), i(m)),
        ]
        w.record(mention, mfacts, [src], line=line + 1 + n % (LINES_PER_TURN - 1))
        w.derived(i(mention), LABEL, lit(f"{target.upper()}: {target}"))
    if order % 6 == 0:
        _position(w, m, session, slug, speaker, order, src)
    elif order % 6 == 3 and order > 1:
        _support(w, m, session, slug, speaker, speakers[(speakers.index(speaker) + 1) % len(speakers)], order, src)


def _position(w: Writer, m: str, session: str, turn: str, who: str, order: int, src: Source) -> None:
    """A position the speaker takes in the turn."""
    stance = STANCES[order % len(STANCES)]
    slug = f"{m}-position-{order}"
    facts = [
        (RDF_TYPE, p("Position")),
        (p("heldBy"), i(who)),
        (p("stance"), i(f"stance/{stance}")),
        (p("inMeeting"), i(m)),
        (p("inSession"), i(session)),
        (p("question"), lit("the follow-up of the summit", None)),
        (p("statedIn"), i(turn)),
    ]
    w.record(slug, facts, [src], line=_line(order))
    w.derived(i(slug), LABEL, lit(f"{who}: {stance}"))


def _support(w: Writer, m: str, session: str, turn: str, frm: str, to: str, order: int, src: Source) -> None:
    """A support link the speaker states in the turn."""
    slug = f"{m}-support-{order}"
    facts = [
        (RDF_TYPE, p("SupportLink")),
        (p("supporter"), i(frm)),
        (p("supported"), i(to)),
        (p("manner"), i(f"manner/{MANNERS[order % len(MANNERS)]}")),
        (p("inMeeting"), i(m)),
        (p("inSession"), i(session)),
        (p("statedIn"), i(turn)),
    ]
    w.record(slug, facts, [src], line=_line(order))
    w.derived(i(slug), LABEL, lit(f"{frm} supports {to}"))


def _proposal(w: Writer, at: Where, s: int, order: int) -> None:
    """The text a session agreed, stated in its last turn."""
    m, src = at.meeting, at.src
    w.record(
        f"{m}-proposal-{s}",
        [
            (RDF_TYPE, p("Proposal")),
            (LABEL, lit(f"Text agreed in session {s}")),
            (p("inMeeting"), i(m)),
            (p("outcome"), i("outcome/agreed")),
            (p("proposalText"), lit("The organ takes note of the report.", None)),
            (p("statedIn"), i(f"{m}-turn-{order:04d}")),
        ],
        [src],
        line=_line(order),
    )
