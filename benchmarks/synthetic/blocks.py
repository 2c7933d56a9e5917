"""The graph's unit of growth: one block, in the order its parts are written, and the global part
that only block 0 adds (the assembly, the summit and its outcome, the root mandate, the
stakeholder categories). A block yields between items: the points where a run may stop."""

from __future__ import annotations

import hashlib
from collections.abc import Generator, Iterator

from benchmarks.synthetic.institutions import bodies, memberships, people
from benchmarks.synthetic.instruments import instruments
from benchmarks.synthetic.mandates import Planned, mandate, mandates, start
from benchmarks.synthetic.meetings import meeting
from benchmarks.synthetic.plenary import plenary
from benchmarks.synthetic.terms import (
    ALT,
    AT_LOCATION,
    CATEGORIES,
    IN_SCHEME,
    LABEL,
    RDF_TYPE,
    TITLE,
    date,
    i,
    lit,
    p,
    typed,
)
from benchmarks.synthetic.writer import Pools, Source, Writer


def _globals(w: Writer, src: Source) -> Iterator[None]:
    """The assembly, the summit and its outcome document, the root mandate, the categories."""
    w.record(
        "assembly",
        [
            (RDF_TYPE, p("IntergovernmentalOrgan")),
            (LABEL, lit("General Assembly")),
            (ALT, lit("GA")),
            (p("established"), date(1945, 10, 24)),
        ],
        [src],
    )
    yield
    w.record("summit", [(RDF_TYPE, p("Summit")), (LABEL, lit("World Summit")), (p("established"), date(2003))], [src])
    yield
    w.record(
        "summit-outcome",
        [
            (RDF_TYPE, p("OutcomeDocument")),
            (LABEL, lit("Outcome of the World Summit")),
            (p("adopted"), date(2005, 11, 18)),
            (p("adoptedBy"), i("summit")),
        ],
        [src],
    )
    w.record(
        "summit-outcome-para-1",
        [
            (RDF_TYPE, p("Paragraph")),
            (p("paragraphOf"), i("summit-outcome")),
            (p("paragraphNumber"), lit("1", None)),
            (p("excerpt"), lit("We ask the General Assembly to follow up.")),
        ],
        [src],
    )
    w.derived(i("summit-outcome-para-1"), LABEL, lit("Outcome of the World Summit, paragraph 1"))
    yield
    outcome = "summit-outcome-para-1"
    root = Planned("mandate-summit-root", "summit", "assembly", "entrust", outcome, start(w, 2006), nature="standing")
    mandate(w, root, [src])
    yield
    for slug, label in CATEGORIES.items():
        w.record(
            slug,
            [
                (RDF_TYPE, p("StakeholderCategory")),
                (LABEL, lit(label)),
                (ALT, lit(label.lower())),
                (IN_SCHEME, i("stakeholder-categories")),
                (p("recognizedBy"), i("summit-outcome")),
            ],
            [src],
        )
        yield


def _sources(w: Writer, k: int) -> tuple[Source, Source]:
    """The block's meeting notes (with lines) and a web page (without), as sources records."""
    notes = Source(f"b{k}-notes.txt", lines=True)
    page = Source(f"b{k}-page", lines=False)
    digest = hashlib.sha256(notes.name.encode()).hexdigest()
    for pred, obj in [
        (RDF_TYPE, p("MeetingNotes")),
        (TITLE, lit(f"Notes of block {k}")),
        (p("fileName"), lit(notes.name, None)),
        (p("lineCount"), typed(2000, "integer")),
        (p("sha256"), lit(digest, None)),
        (p("sourceDate"), typed("2040", "gYear")),
    ]:
        w.quad(notes.term, pred, obj, notes.term)
    w.derived(notes.term, p("linesUsed"), lit("1-2000", None))
    for pred, obj in [
        (RDF_TYPE, p("WebPage")),
        (TITLE, lit(f"Web page of block {k}")),
        (AT_LOCATION, f"<https://example.org/block/{k}>"),
        (p("readOn"), date(2030, 1, 1)),
    ]:
        w.quad(page.term, pred, obj, page.term)
    return notes, page


def block(w: Writer, pools: Pools, k: int) -> Generator[None, None, None]:
    """One family of bodies with everything around it, then (from block 1 on) its plenary's
    transcript (synthetic/plenary.py); yields where the run may stop."""
    w.mandated.clear()
    w.known.clear()
    notes, page = _sources(w, k)
    year = 1990 + (k * 7) % 30
    both = [notes, page]
    if k == 0:
        yield from _globals(w, page)
    yield from people(w, pools, k, both)
    yield from bodies(w, k, year, both)
    yield from instruments(w, pools, k, year, page)
    yield from mandates(w, pools, k, year, both)
    yield from memberships(w, pools, k, year, both)
    yield from meeting(w, pools, k, year, notes, page)
    yield from plenary(w, pools, k, year)


def block0_year() -> int:
    """The year block 0's facts start from (``1990 + (k * 7) % 30`` for block k)."""
    return 1990
