"""A block's bodies and people: delegations and persons, the organ → commission → working group
family with its forum, secretariat and posts, and the working group's members, office holders
and seat allocation."""

from __future__ import annotations

from collections.abc import Iterator

from benchmarks.synthetic.closures import membership_closures
from benchmarks.synthetic.terms import ALT, CATEGORIES, LABEL, RDF_TYPE, date, i, lit, p, typed
from benchmarks.synthetic.writer import Pools, Source, Writer
from kg.core.dates import PartialDate
from kg.loaders.closures import Holding


def people(w: Writer, pools: Pools, k: int, both: list[Source]) -> Iterator[None]:
    """Six delegations and six people per block, added to the pools meetings draw from."""
    for n in range(6):
        slug = f"b{k}-delegation-{n}"
        w.record(slug, [(RDF_TYPE, p("Delegation")), (LABEL, lit(f"Delegation {k}.{n}"))], both[:1])
        pools.delegations.append(slug)
        person = f"b{k}-person-{n}"
        w.record(person, [(RDF_TYPE, p("Person")), (LABEL, lit(f"Person {k}.{n}")), (ALT, lit(f"P{k}.{n}"))], both)
        pools.persons.append(person)
        yield


def bodies(w: Writer, k: int, year: int, both: list[Source]) -> Iterator[None]:
    """Organ → commission → working group, with a forum and a secretariat, and three posts."""
    b = f"b{k}-"
    dissolved = PartialDate(year + 9)  # the working group's end, which ends its last mandate
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
                (p("dissolved"), typed(dissolved.text, dissolved.datatype)),
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
        w.know("bodies", b + slug, label=f"{name} {k}", dissolved=dissolved if slug == "wg" else None)
        yield
    for slug, body, role in [("commission-chair", "commission", "chair"), ("wg-chair", "wg", "chair")]:
        # The role is a field of the post's record like the others (so its evidence names it).
        label = lit(f"{role.title()} of {body} {k}")
        facts = [(RDF_TYPE, p("Post")), (LABEL, label), (p("postIn"), i(b + body)), (p("role"), i(f"role/{role}"))]
        w.record(b + slug, facts, both)
        yield
    w.record(
        b + "wg-vice-chair",
        [(RDF_TYPE, p("Post")), (LABEL, lit(f"Vice-Chair of wg {k}")), (p("postIn"), i(b + "wg"))],
        both,
    )
    yield


def memberships(w: Writer, pools: Pools, k: int, year: int, both: list[Source]) -> Iterator[None]:
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
        membership_closures(w, Holding(slug, member, "member", None, None, None, (b + "wg",), ()))
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
        body = b + post.split("-")[0]  # the post's body: wg-chair is in wg
        seen = (f"{year + 3}-{n + 3:02d}",)
        membership_closures(w, Holding(slug, person, role, b + post, None, None, (body,), seen))
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
        # The category's record (block 0) gains a value here, with an evidence entry of its own.
        w.quad(i(category), p("recognizedIn"), i(b + "wg"), both[0].term)
        w.evidence(category, both[0], w.rng.randint(1, 900), [(p("recognizedIn"), i(b + "wg"))])
        w.derived(i(slug), LABEL, lit(f"wg {k}: seats for {category}"))
        yield
