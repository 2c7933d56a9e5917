"""A block's instruments: resolutions citing each other and earlier blocks' instruments, their
paragraphs (the provisions mandates point at), the commission chair's decision and the working
group's report (which the block's mandates record as what fulfilled them: mandates.py)."""

from __future__ import annotations

from collections.abc import Iterator

from benchmarks.synthetic.terms import LABEL, RDF_TYPE, date, i, lit, p
from benchmarks.synthetic.writer import Pools, Source, Writer
from kg.core.dates import PartialDate


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
    symbol = "A/SYN/" + slug[1:].upper().replace("-", "/", 1)
    facts = [
        (RDF_TYPE, p(cls)),
        (LABEL, lit(label)),
        (p("symbol"), lit(symbol, None)),
        (p("adopted"), date(*adopted)),
        (p("adoptedBy"), i(by)),
        *[(p("cites"), i(c)) for c in cites],
    ]
    w.record(slug, facts, [src], supports="adopted")
    w.know("instruments", slug, label=label, symbol=symbol, adopted=PartialDate(*adopted))
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


def instruments(w: Writer, pools: Pools, k: int, year: int, page: Source) -> Iterator[None]:
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
    yield
