"""Mandates: one mandate with its validity and what the build derives from it, and a block's
chains of them ("pursuant to" back into earlier blocks, renewals for consecutive periods)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from benchmarks.synthetic.terms import LABEL, RDF_TYPE, date, i, lit, p, typed
from benchmarks.synthetic.writer import Pools, Source, Writer


def mandate(
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


def mandates(w: Writer, pools: Pools, k: int, year: int, both: list[Source]) -> Iterator[None]:
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
        mandate(
            w, b + slug, issuer_slug, b + mandatee, action, b + authority, start, end, both,
            [(p("pursuantTo"), i(up)), *extra], [up],
        )  # fmt: skip
        yield
    pools.organ_mandates.append(b + "mandate-organ")
    yield from _renewals(w, k, "wg", "mandate-wg-establish", "res-3-para-1", year + 4, 2, both)
    mandate(w, b + "mandate-forum", b + "organ", b + "forum", "entrust", b + "res-1-para-2", year + 1, year + 5, both)
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
        mandate(
            w, slug, b + "organ", b + body, action, b + authority, start + 5 * n, end, both,
            [(p("renews"), i(previous))], [previous],
        )  # fmt: skip
        previous = slug
        yield
