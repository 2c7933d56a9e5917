"""The derived graph's closures (kg/loaders/closures.py), written by the generator with the build's
own rules as it writes the facts they read: ``igkg:lineageHeadOf`` per mandate, ``igkg:heldIn``
per membership, ``igkg:attestedDates`` per attested membership, ``igkg:turnCount`` per meeting
(the count that queries/construct-turn-count.rq gives).

Mandates are written upstream first (a block's plan lists them in chain order, and "pursuant to"
reaches only into earlier blocks), which is the order ``LineageHeads`` needs; it lives on the
``Writer`` for the whole run, since chains cross blocks.
"""

from __future__ import annotations

from benchmarks.synthetic.terms import i, lit, p, typed
from benchmarks.synthetic.writer import Writer
from kg.loaders.closures import Holding, MandateLinks, attested_dates, held_in

#: The slug infix of a paragraph: ``<instrument>-para-<n>`` (instruments.py, blocks.py).
_PARAGRAPH = "-para-"


def lineage_heads(w: Writer, mandate: str, issuer: str, authority: str, upstream: tuple[str, ...]) -> None:
    """A mandate's ``igkg:lineageHeadOf`` triples; call once per mandate, upstream ones first."""
    roots = [issuer, authority]
    if _PARAGRAPH in authority:
        roots.append(authority.rsplit(_PARAGRAPH, 1)[0])
    for thing in w.heads.add(MandateLinks(mandate, upstream, tuple(roots))):
        w.derived(i(mandate), p("lineageHeadOf"), i(thing))


def membership_closures(w: Writer, holding: Holding) -> None:
    """``igkg:heldIn`` and ``igkg:attestedDates`` of a membership that shares its holding with no
    other (the generator's members and post holders: one per body or post), by the build's rules."""
    for membership, body in held_in([holding]):
        w.derived(i(membership), p("heldIn"), i(body))
    for membership, text in attested_dates([holding]).items():
        w.derived(i(membership), p("attestedDates"), lit(text, None))


def turn_count(w: Writer, meeting: str, turns: int) -> None:
    """``igkg:turnCount`` of a meeting with ``turns`` speaker turns (none written for 0, as the
    rule's GROUP BY gives no row). To be called once per meeting, after its turns."""
    if turns > 0:
        w.derived(i(meeting), p("turnCount"), typed(turns, "integer"))
