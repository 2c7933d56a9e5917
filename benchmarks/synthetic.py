"""A seeded generator of quads shaped like igkg's own graph, at a requested size.

Why synthetic: the curated graph is ~25 000 quads, far below the sizes the performance issue asks
about (10^4 … 10^7), and growing it by hand is not an option. The generator mimics the curated
graph's *shape* so that the canned queries exercise the same joins, paths and filters:

- the same classes and properties (ontology/igkg.ttl) and the same IRI layout (``id/SLUG``,
  ``source/NAME``, ``SLUG/evidence/HEX``);
- the same provenance pattern: every fact sits in the named graph of the source that states it,
  with an ``igkg:evidence`` link to an ``igkg:Citation`` (``inSource``, ``quote``, ``lineStart``,
  ``lineEnd``, sometimes ``supportsProperty``); facts stated by two sources are in both graphs;
- the derived graph (``graph/derived``) holding what ``kg.loaders.derive`` and ``queries/construct-*.rq``
  would add: labels, ``upstream``, ``mandatedBy``, ``earliestStart``/``latestEnd``, ``fulfilledBy``.

The graph grows in *blocks*. Each block is a family of bodies under a global assembly (organ →
commission → working group, a forum, a secretariat, posts), its instruments and paragraphs citing
earlier ones (also across blocks), mandates with validity and renewal / "pursuant to" chains that
reach back into earlier blocks, people, delegations and memberships, seat allocations, and a
meeting with sessions, speaker turns, positions, support links, mentions and a contested date.
Generation stops between two items once the requested number of quads is reached (block 0 is
always complete, so every canned query has something to find), which keeps the size within a few
per cent of the request.

The default graph (the merge) and the ontology are *not* generated here: the benchmark adds them
exactly as the build does (``kg.build._load_store``, ``kg.engines.store.with_default_graph``).

Output is N-Quads in generation order: the same seed gives byte-identical output. Lines are
streamed, so 10^7 quads can be written to a file without holding them in memory.

    python -m benchmarks.synthetic --triples 1e5 --seed 1 --out /tmp/synthetic.nq
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import count
from pathlib import Path
from typing import IO

from kg.core import settings

ID = settings.ID_BASE
SRC = settings.SOURCE_BASE
ONTO = settings.ONTOLOGY_NS
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
ALT = "<http://www.w3.org/2004/02/skos/core#altLabel>"
IN_SCHEME = "<http://www.w3.org/2004/02/skos/core#inScheme>"
TITLE = "<http://purl.org/dc/terms/title>"
AT_LOCATION = "<http://www.w3.org/ns/prov#atLocation>"
XSD = "http://www.w3.org/2001/XMLSchema#"
DERIVED = f"<{settings.DERIVED_GRAPH}>"

CATEGORIES = {
    "governments": "Governments",
    "private-sector": "Private sector",
    "civil-society": "Civil society",
    "technical-community": "Technical and academic community",
    "intergovernmental-organizations": "Intergovernmental organizations",
}
STANCES = ["governments-only", "equal-footing", "compromise", "procedural"]
MANNERS = ["support", "align", "agree", "oppose"]
DAY_PARTS = ["morning", "afternoon", "evening"]
PLACES = ["Geneva", "New York", "Tunis", "Paris", "Nairobi", "Vienna"]


def p(name: str) -> str:
    """An ontology property or class as an N-Triples term."""
    return f"<{ONTO}{name}>"


def i(slug: str) -> str:
    """A thing's IRI (``id/SLUG``) as an N-Triples term."""
    return f"<{ID}{slug}>"


def lit(text: str, lang: str | None = "en") -> str:
    """A literal, escaped for N-Quads (the generator's text is ASCII; escaping is still exact)."""
    body = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{body}"@{lang}' if lang else f'"{body}"'


def typed(value: str | int, datatype: str) -> str:
    return f'"{value}"^^<{XSD}{datatype}>'


def date(year: int, month: int = 1, day: int = 1) -> str:
    return typed(f"{year:04d}-{month:02d}-{day:02d}", "date")


@dataclass(frozen=True)
class Source:
    """A source document: its name (``source/NAME``, also its graph) and whether it has lines."""

    name: str
    lines: bool

    @property
    def term(self) -> str:
        return f"<{SRC}{self.name}>"


@dataclass
class Writer:
    """Formats quads as N-Quads lines into a sink and counts them."""

    sink: Callable[[str], object]
    rng: random.Random
    quads: int = 0
    _citations: Iterator[int] = field(default_factory=count)
    #: (mandatee, issuer) pairs already given ``mandatedBy`` in this block (mandatees are local
    #: to a block, so the set is cleared per block and stays small at any size).
    mandated: set[tuple[str, str]] = field(default_factory=set)

    def quad(self, s: str, pred: str, o: str, g: str) -> None:
        self.sink(f"{s} {pred} {o} {g} .\n")
        self.quads += 1

    def derived(self, s: str, pred: str, o: str) -> None:
        self.quad(s, pred, o, DERIVED)

    def record(
        self,
        slug: str,
        facts: list[tuple[str, str]],
        sources: list[Source],
        line: int = 1,
        supports: str | None = None,
    ) -> None:
        """A record's facts with their provenance: all facts in the first source's graph, a
        random part of them (always the type) in each further source's, and one citation per
        source (plus one supporting ``supports`` alone, as curated field citations do)."""
        subject = i(slug)
        for n, source in enumerate(sources):
            stated = facts if n == 0 else [f for k, f in enumerate(facts) if k == 0 or self.rng.random() < 0.5]
            for pred, obj in stated:
                self.quad(subject, pred, obj, source.term)
            self.citation(slug, source, line, None)
            if supports is not None and n == 0:
                self.citation(slug, source, line + 1, supports)

    def citation(self, slug: str, source: Source, line: int, supports: str | None) -> None:
        """An ``igkg:Citation`` node in the source's graph; IRIs are hashes as in the build."""
        key = hashlib.sha256(f"{slug}|{source.name}|{next(self._citations)}".encode()).hexdigest()[:12]
        node = i(f"{slug}/evidence/{key}")
        g = source.term
        self.quad(i(slug), p("evidence"), node, g)
        self.quad(node, RDF_TYPE, p("Citation"), g)
        self.quad(node, p("inSource"), g, g)
        self.quad(node, p("quote"), lit(f"as stated about {slug} on line {line}", None), g)
        if source.lines:
            self.quad(node, p("lineStart"), typed(line, "integer"), g)
            self.quad(node, p("lineEnd"), typed(line + self.rng.randint(0, 3), "integer"), g)
        if supports is not None:
            self.quad(node, p("supportsProperty"), p(supports), g)


@dataclass
class Pools:
    """Things earlier blocks made that later ones refer to (slugs only: small at any size)."""

    instruments: list[str] = field(default_factory=list)
    delegations: list[str] = field(default_factory=list)
    persons: list[str] = field(default_factory=list)
    organ_mandates: list[str] = field(default_factory=list)


@dataclass
class Generated:
    """What a run produced: the number of quads, blocks, and the facts queries are asked about."""

    quads: int
    blocks: int
    seed: int
    #: Dates block 0 used, so that date parameters fall inside its mandates' validity.
    as_of: str


# ---------------------------------------------------------------- the global part (block 0 only)


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
    _mandate(w, "mandate-summit-root", "summit", "assembly", "entrust", "summit-outcome-para-1", 2006, None, [src])
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


def _mandate(
    w: Writer,
    slug: str,
    issuer: str,
    mandatee: str,
    action: str,
    authority: str,
    start: int,
    end: int | None,
    sources: list[Source],
    extra: Sequence[tuple[str, str]] = (),
    upstream: Sequence[str] = (),
) -> None:
    """A mandate with validity (start year, optional end year) and its derived facts, as the
    build derives them: a label, ``earliestStart``/``latestEnd`` and ``upstream`` links."""
    month = w.rng.randint(1, 12)
    day = w.rng.randint(1, 28)
    facts = [
        (RDF_TYPE, p("Mandate")),
        (p("issuer"), i(issuer)),
        (p("mandatee"), i(mandatee)),
        (p("action"), i(f"action/{action}")),
        (p("authority"), i(authority)),
        (p("startDate"), date(start, month, day)),
        (p("task"), lit(f"to {action} {mandatee}")),
        *extra,
    ]
    if end is not None:
        facts.append((p("endDate"), typed(str(end), "gYear")))
    w.record(slug, facts, sources, line=w.rng.randint(1, 900), supports="startDate")
    m = i(slug)
    w.derived(m, LABEL, lit(f"{issuer}: {action} {mandatee}"))
    w.derived(m, p("earliestStart"), date(start, month, day))
    if end is not None:
        w.derived(m, p("latestEnd"), date(end, 12, 31))
    for earlier in upstream:
        w.derived(m, p("upstream"), i(earlier))
    if (mandatee, issuer) not in w.mandated:
        w.mandated.add((mandatee, issuer))
        w.derived(i(mandatee), p("mandatedBy"), i(issuer))


# ---------------------------------------------------------------------------------- one block


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


def _people(w: Writer, pools: Pools, k: int, both: list[Source]) -> Iterator[None]:
    """Six delegations and six people per block, added to the pools meetings draw from."""
    for n in range(6):
        slug = f"b{k}-delegation-{n}"
        w.record(slug, [(RDF_TYPE, p("Delegation")), (LABEL, lit(f"Delegation {k}.{n}"))], both[:1])
        pools.delegations.append(slug)
        person = f"b{k}-person-{n}"
        w.record(person, [(RDF_TYPE, p("Person")), (LABEL, lit(f"Person {k}.{n}")), (ALT, lit(f"P{k}.{n}"))], both)
        pools.persons.append(person)
        yield


def _bodies(w: Writer, k: int, year: int, both: list[Source]) -> Iterator[None]:
    """Organ → commission → working group, with a forum and a secretariat, and three posts."""
    b = f"b{k}-"
    specs = [
        ("organ", "IntergovernmentalOrgan", "Organ", [(p("reportsTo"), i("assembly")), (p("parent"), i("assembly"))]),
        ("commission", "FunctionalCommission", "Commission", [(p("parent"), i(b + "organ"))]),
        (
            "wg",
            "WorkingGroup",
            "Working Group",
            [
                (p("parent"), i(b + "commission")),
                (p("reportsTo"), i(b + "commission")),
                (p("decisionRule"), lit("consensus")),
                (p("dissolved"), typed(str(year + 9), "gYear")),
            ],
        ),
        ("forum", "Forum", "Forum", [(p("parent"), i(b + "organ")), (p("advises"), i(b + "organ"))]),
        ("secretariat", "Secretariat", "Secretariat", [(p("parent"), i(b + "commission"))]),
    ]
    for n, (slug, cls, name, extra) in enumerate(specs):
        facts = [
            (RDF_TYPE, p(cls)),
            (LABEL, lit(f"{name} {k}")),
            (ALT, lit(f"{name[:3].upper()}{k}")),
            (p("established"), date(year + n, 1 + n, 10)),
            *extra,
        ]
        w.record(b + slug, facts, both, line=w.rng.randint(1, 900), supports="established")
        yield
    for slug, body, role in [("commission-chair", "commission", "chair"), ("wg-chair", "wg", "chair")]:
        w.record(
            b + slug,
            [(RDF_TYPE, p("Post")), (LABEL, lit(f"{role.title()} of {body} {k}")), (p("postIn"), i(b + body))],
            both,
        )
        w.quad(i(b + slug), p("role"), i(f"role/{role}"), both[0].term)
        yield
    w.record(
        b + "wg-vice-chair",
        [(RDF_TYPE, p("Post")), (LABEL, lit(f"Vice-Chair of wg {k}")), (p("postIn"), i(b + "wg"))],
        both,
    )
    yield


def _instrument(
    w: Writer,
    pools: Pools,
    src: Source,
    slug: str,
    spec: tuple[str, str, tuple[int, int, int], str],
    cites: list[str],
) -> None:
    """An instrument (class, label, adoption date, adopted by) citing earlier instruments."""
    cls, label, adopted, by = spec
    facts = [
        (RDF_TYPE, p(cls)),
        (LABEL, lit(label)),
        (p("symbol"), lit("A/SYN/" + slug[1:].upper().replace("-", "/", 1), None)),
        (p("adopted"), date(*adopted)),
        (p("adoptedBy"), i(by)),
        *[(p("cites"), i(c)) for c in cites],
    ]
    w.record(slug, facts, [src], supports="adopted")
    pools.instruments.append(slug)


def _paragraphs(w: Writer, pools: Pools, inst: str, label: str, src: Source, n: int) -> None:
    """``n`` paragraphs of an instrument; one in two cites an earlier instrument."""
    for number in range(1, n + 1):
        slug = f"{inst}-para-{number}"
        facts = [
            (RDF_TYPE, p("Paragraph")),
            (p("paragraphOf"), i(inst)),
            (p("paragraphNumber"), lit(str(number), None)),
            (p("excerpt"), lit(f"Paragraph {number} of {label}: decides to continue the work.")),
        ]
        if number % 2 == 0 and len(pools.instruments) > 1:
            facts.append((p("cites"), i(w.rng.choice(pools.instruments[:-1]))))
        w.record(slug, facts, [src], line=w.rng.randint(1, 900))
        w.derived(i(slug), LABEL, lit(f"{label}, paragraph {number}"))


def _instruments(w: Writer, pools: Pools, k: int, year: int, page: Source) -> Iterator[None]:
    """Four resolutions citing each other in a chain (and one earlier block's instrument), three
    paragraphs each, the commission chair's decision and the working group's report."""
    b = f"b{k}-"
    previous = pools.instruments[-1] if pools.instruments else "summit-outcome"
    for n in range(4):
        slug = f"{b}res-{n}"
        cites = [f"{b}res-{n - 1}"] if n else [previous]
        if n == 3 and len(pools.instruments) > 4:
            cites.append(w.rng.choice(pools.instruments[:-4]))
        label = f"Resolution {k}/{n}"
        by = "assembly" if n == 0 else b + "organ"
        _instrument(w, pools, page, slug, ("Resolution", label, (year + n, 7, 1 + n), by), cites)
        _paragraphs(w, pools, slug, label, page, 3)
        yield
    decision = ("Decision", f"Decision of the chair {k}", (year + 2, 12, 17), b + "commission-chair")
    _instrument(w, pools, page, b + "chair-decision", decision, [f"{b}res-2"])
    yield
    report = ("Report", f"Report of wg {k}", (year + 4, 3, 16), b + "wg")
    _instrument(w, pools, page, b + "wg-report", report, [b + "chair-decision"])
    w.derived(i(f"{b}mandate-wg-establish"), p("fulfilledBy"), i(b + "wg-report"))
    yield


def _mandates(w: Writer, pools: Pools, k: int, year: int, both: list[Source]) -> Iterator[None]:
    """The block's mandates: organ (pursuant to the previous block's or the summit's), commission,
    an invitation to the chair to set up the working group, its establishment and renewals, and a
    forum entrusted and renewed three times."""
    b = f"b{k}-"
    root = pools.organ_mandates[-1] if pools.organ_mandates else "mandate-summit-root"
    chain: list[tuple[str, str, str, str, str, int, int | None, str, list[tuple[str, str]]]] = [
        ("mandate-organ", "assembly", "organ", "establish", "res-0-para-1", year, None, root, []),
        ("mandate-commission", "organ", "commission", "establish", "res-1-para-1", year + 1, None, "mandate-organ", []),
        (
            "mandate-wg-invite", "organ", "commission-chair", "invite", "res-2-para-2", year + 2, None,
            "mandate-commission", [(p("object"), i(b + "wg")), (p("deadline"), typed(str(year + 3), "gYear"))],
        ),
        ("mandate-wg-establish", "commission-chair", "wg", "establish", "chair-decision", year + 2, year + 4,
         "mandate-wg-invite", []),
    ]  # fmt: skip
    for slug, issuer, mandatee, action, authority, start, end, after, extra in chain:
        up = after if after == root else b + after
        issuer_slug = issuer if issuer == "assembly" else b + issuer
        _mandate(
            w, b + slug, issuer_slug, b + mandatee, action, b + authority, start, end, both,
            [(p("pursuantTo"), i(up)), *extra], [up],
        )  # fmt: skip
        yield
    pools.organ_mandates.append(b + "mandate-organ")
    yield from _renewals(w, k, "wg", "mandate-wg-establish", "res-3-para-1", year + 4, 2, both)
    _mandate(w, b + "mandate-forum", b + "organ", b + "forum", "entrust", b + "res-1-para-2", year + 1, year + 5, both)
    yield
    yield from _renewals(w, k, "forum", "mandate-forum", "res-3-para-3", year + 5, 3, both)


def _renewals(
    w: Writer, k: int, body: str, first: str, authority: str, start: int, times: int, both: list[Source]
) -> Iterator[None]:
    """A renewal chain: each mandate renews the previous one, for consecutive periods."""
    b = f"b{k}-"
    previous = b + first
    for n in range(times):
        slug = f"{b}mandate-{body}-renewal-{n + 1}"
        action = "renew" if n % 2 == 0 else "extend"
        end = None if n == times - 1 and body == "forum" else start + 5 * (n + 1)
        _mandate(
            w, slug, b + "organ", b + body, action, b + authority, start + 5 * n, end, both,
            [(p("renews"), i(previous))], [previous],
        )  # fmt: skip
        previous = slug
        yield


def _memberships(w: Writer, pools: Pools, k: int, year: int, both: list[Source]) -> Iterator[None]:
    """Members of the working group (delegations), office holders of its posts (people), and
    its seat allocation per stakeholder category."""
    b = f"b{k}-"
    members = w.rng.sample(pools.delegations, min(8, len(pools.delegations)))
    for n, member in enumerate(members):
        slug = f"{b}wg-member-{n}"
        facts = [
            (RDF_TYPE, p("Membership")),
            (p("member"), i(member)),
            (p("organization"), i(b + "wg")),
            (p("role"), i("role/member")),
            (p("startDate"), date(year + 2, 12, 17)),
        ]
        w.record(slug, facts, both[:1], line=w.rng.randint(1, 900))
        w.derived(i(slug), LABEL, lit(f"{member} as member of wg {k}"))
        w.derived(i(slug), p("earliestStart"), date(year + 2, 12, 17))
        yield
    holders = [("wg-chair", "chair"), ("wg-vice-chair", "vice-chair"), ("commission-chair", "chair")]
    for n, (post, role) in enumerate(holders):
        slug = f"{b}{post}-holder"
        person = w.rng.choice(pools.persons)
        facts = [
            (RDF_TYPE, p("Membership")),
            (p("member"), i(person)),
            (p("post"), i(b + post)),
            (p("role"), i(f"role/{role}")),
            (p("attestedOn"), typed(f"{year + 3}-{n + 3:02d}", "gYearMonth")),
        ]
        w.record(slug, facts, both, line=w.rng.randint(1, 900))
        w.derived(i(slug), LABEL, lit(f"{person} as {role} of {post} {k}"))
        yield
    for n, category in enumerate(CATEGORIES):
        slug = f"{b}wg-seats-{category}"
        facts = [
            (RDF_TYPE, p("SeatAllocation")),
            (p("seatsIn"), i(b + "wg")),
            (p("seatsFor"), i(category)),
            (p("seatCount"), typed(22 if n == 0 else 5, "integer")),
            (p("seatDetail"), lit(f"{category} seats", None)),
            (p("decidedBy"), i(b + "chair-decision")),
            (p("startDate"), date(year + 2, 12, 17)),
        ]
        w.record(slug, facts, both[:1])
        w.quad(i(category), p("recognizedIn"), i(b + "wg"), both[0].term)
        w.derived(i(slug), LABEL, lit(f"wg {k}: seats for {category}"))
        yield


def _meeting(w: Writer, pools: Pools, k: int, year: int, notes: Source, page: Source) -> Iterator[None]:
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
        (p("startDate"), date(year + 2, 12, 17)),
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
    yield from _turns(w, m, people, notes)
    yield from _positions(w, m, people, notes)
    yield from _mentions(w, m, b, notes)


def _claims(w: Writer, m: str, year: int, page: Source) -> None:
    """Two ranked claims on the meeting's start date that conflict, as curated contested dates."""
    slugs = [f"{m}/claim/{n}" for n in ("a", "b")]
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
        w.citation(slug, page, 1, None)


def _turns(w: Writer, m: str, people: list[str], notes: Source) -> Iterator[None]:
    """Thirty speaker turns over the three sessions, ten lines apart in the notes."""
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


def _block(w: Writer, pools: Pools, k: int) -> Iterator[None]:
    """One family of bodies with everything around it; yields where the run may stop."""
    w.mandated.clear()
    notes, page = _sources(w, k)
    year = 1990 + (k * 7) % 30
    both = [notes, page]
    if k == 0:
        yield from _globals(w, page)
    yield from _people(w, pools, k, both)
    yield from _bodies(w, k, year, both)
    yield from _instruments(w, pools, k, year, page)
    yield from _mandates(w, pools, k, year, both)
    yield from _memberships(w, pools, k, year, both)
    yield from _meeting(w, pools, k, year, notes, page)


def block0_year() -> int:
    return 1990


def generate(triples: int, seed: int, sink: Callable[[str], object]) -> Generated:
    """Write about ``triples`` quads (never less; at most one item more) as N-Quads lines."""
    w = Writer(sink=sink, rng=random.Random(seed))
    pools = Pools()
    blocks = 0
    for k in count():
        blocks = k + 1
        for _ in _block(w, pools, k):
            if k > 0 and w.quads >= triples:
                break
        if w.quads >= triples:
            break
    year = block0_year()
    return Generated(quads=w.quads, blocks=blocks, seed=seed, as_of=f"{year + 3}-06-30")


def nquads(triples: int, seed: int = 0) -> tuple[bytes, Generated]:
    """The generated quads as N-Quads bytes, in memory (sizes the benchmark runs)."""
    parts: list[str] = []
    info = generate(triples, seed, parts.append)
    return "".join(parts).encode("utf-8"), info


def write_nquads(path: Path, triples: int, seed: int = 0) -> Generated:
    """Stream the generated quads to a file: constant memory, for 10^6 and 10^7."""
    with path.open("w", encoding="utf-8", buffering=1 << 20) as out:
        return generate(triples, seed, out.write)


def query_params(info: Generated) -> dict[str, dict[str, str]]:
    """Parameter values for every offline canned query that name things of the right kind in
    the generated graph (block 0, which every size contains, so the same question is asked at
    every size and the cost measured is the engine's, not a different answer's)."""
    wg, meeting = "b0-wg", "b0-meeting"
    return {
        "body-timeline": {"id": wg},
        "coalitions": {"id": meeting},
        "composition": {"id": wg},
        "in-force": {"as_of": info.as_of, "id": wg},
        "instrument-lineage": {"id": "b0-res-2"},
        "interventions": {"id": meeting},
        "mandate-timeline": {"id": wg},
        "mandated-by": {"id": "b0-organ"},
        "meetings": {"id": "b0-commission"},
        "mentions": {"id": wg},
        "office-holders": {"id": wg},
        "positions": {"id": meeting},
        "provenance": {"id": meeting},
        "reports-to": {"id": wg},
        "stakeholder-categories": {"id": "civil-society"},
        "who-mandated": {"id": wg},
    }


def parse_size(text: str) -> int:
    """``1e5``, ``100000`` or ``100_000`` as an int."""
    return int(float(text.replace("_", "")))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=parse_size, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, help="N-Quads file (default: stdout)")
    args = parser.parse_args(argv)
    if args.out:
        info = write_nquads(args.out, args.triples, args.seed)
    else:
        stream: IO[str] = sys.stdout
        info = generate(args.triples, args.seed, stream.write)
    print(json.dumps(info.__dict__), file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
