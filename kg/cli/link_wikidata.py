"""``igkg link wikidata``: Wikidata candidates for igkg's things, into the proposals table."""

from __future__ import annotations

import json
from pathlib import Path

import click

from kg.cli.link import link
from kg.cli.main import progress, store_option
from kg.core import settings
from kg.core.errors import ConfigError
from kg.core.files import write_atomic
from kg.link.wikidata import DEFAULT_ENDPOINT, DEFAULT_MIN_SCORE, KINDS, USER_AGENT, Report
from kg.records.mappings import MappingTable, proposals_path, table_path, write_table


def _type_classes(values: tuple[str, ...]) -> dict[str, frozenset[str]]:
    """``KIND=QID`` options, grouped by kind."""
    out: dict[str, set[str]] = {}
    for value in values:
        kind, sep, qid = value.partition("=")
        if not sep or not kind or not qid:
            raise ConfigError(f"--type-class {value!r}: give KIND=QID, e.g. people=Q123 (kinds: {', '.join(KINDS)})")
        out.setdefault(kind.strip(), set()).add(qid.strip())
    return {k: frozenset(v) for k, v in out.items()}


def summary_table(report: Report) -> str:
    lines = [f"{'kind':<12} {'things':>7} {'candidates':>11} {'proposed':>9}"]
    for kind, count in report.kinds.items():
        lines.append(f"{kind:<12} {count.things:>7} {count.candidates:>11} {count.proposed:>9}")
    lines.append(f"requests sent: {report.requests}; answered from the cache: {report.cache_hits} ({report.cache})")
    lines.append(
        f"proposals: {report.written} written to {report.out} ({report.new} new); "
        f"{report.skipped_reviewed} left out as already reviewed"
    )
    best = sorted(report.candidates, key=lambda c: (c.thing.curie, -c.score, c.item.qid))
    if best:
        lines.append("")
        lines.append(f"{'score':>6}  {'igkg thing':<34} wikidata item")
        for c in best:
            lines.append(f"{c.score:>6.3f}  {c.thing.curie:<34} {c.item.qid} {c.item.label}")
    lines.append("review them with `igkg link review`")
    return "\n".join(lines) + "\n"


@link.command("wikidata")
@click.option(
    "--endpoint",
    default=DEFAULT_ENDPOINT,
    show_default=True,
    metavar="URL",
    help="The SPARQL endpoint to ask (Wikidata's query service, or a store with Wikidata-shaped triples).",
)
@click.option(
    "--only",
    type=click.Choice(KINDS),
    multiple=True,
    help="Ask only about this kind of thing; repeat for several (default: all).",
)
@click.option(
    "--cache",
    "cache_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Where answers are kept (default: $IGKG_CACHE_DIR/wikidata, else ~/.cache/igkg/wikidata).",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="The proposals table to merge into (default: proposals.sssom.tsv beside the reviewed table).",
)
@click.option(
    "--table",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="The reviewed mapping table (default: $IGKG_MAPPINGS, else kg/data/mappings/igkg.sssom.tsv).",
)
@click.option(
    "--limit", type=click.IntRange(min=1), default=None, metavar="N", help="Ask about the first N things only."
)
@click.option(
    "--delay",
    type=click.FloatRange(min=0),
    default=1.0,
    show_default=True,
    metavar="SECONDS",
    help="At least this long between two requests.",
)
@click.option(
    "--timeout", type=click.FloatRange(min=1), default=60.0, show_default=True, metavar="SECONDS", help="Per request."
)
@click.option(
    "--min-score",
    type=click.FloatRange(0, 1),
    default=DEFAULT_MIN_SCORE,
    show_default=True,
    help="Propose only candidates scoring at least this.",
)
@click.option(
    "--contact",
    default=None,
    metavar="TEXT",
    help="Your e-mail or wiki user name, added to the User-Agent so the service can reach you.",
)
@click.option(
    "--class-property",
    default=None,
    metavar="PID",
    help="The property that gives an item's classes, for the class check (off by default).",
)
@click.option(
    "--type-class",
    "type_classes",
    multiple=True,
    metavar="KIND=QID",
    help="A class that fits a kind (bodies, people, instruments); repeat. Needs --class-property.",
)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@store_option
def wikidata(
    endpoint: str,
    only: tuple[str, ...],
    cache_dir: Path | None,
    out: Path | None,
    table: Path | None,
    limit: int | None,
    delay: float,
    timeout: float,
    min_score: float,
    contact: str | None,
    class_property: str | None,
    type_classes: tuple[str, ...],
    fmt: str,
    store: Path | None,
) -> None:
    """Propose Wikidata items for igkg's bodies, people and instruments.

    For each thing: the items whose English label or alias is one of its names, and for an
    instrument the items with its UN document symbol (P3069); then each item's labels and the
    statements the score reads. The score (0 to 1) rises with a symbol match (strongest), an
    exact label (more than an alias), a type that fits and a date that agrees (P571 inception
    for a body's establishment, P577 publication date for an instrument's adoption), and falls
    when they conflict. Candidates scoring at least --min-score are merged into the proposals
    table; whatever the reviewed table already decided is never proposed again.

    Every answer is cached (--cache), so a re-run asks nothing it asked before. Requests go one
    at a time, at most one per --delay seconds, with an igkg User-Agent; HTTP 429/503 are
    retried after the wait the service asks for.

    \b
    Examples:
      igkg link wikidata --only bodies --limit 5 --contact you@example.org
      igkg link wikidata --class-property PID --type-class people=QID   # a class check
      igkg link review --reviewer jane --list
    """
    from kg.engines import OxigraphView
    from kg.link.tables import PROPOSED, REVIEWED, load_or_empty
    from kg.link.wikidata import Cache, Client, TypeCheck, default_cache_dir, merge_proposals, read_things, reconcile

    check = TypeCheck(class_property, _type_classes(type_classes))
    folder = cache_dir or default_cache_dir()
    client = Client(endpoint, Cache(folder), delay=delay, timeout=timeout, user_agent=_user_agent(contact))
    reviewed_path = table or table_path()
    out_path = out or proposals_path(reviewed_path)
    reviewed = load_or_empty(reviewed_path, REVIEWED)
    proposals = load_or_empty(out_path, PROPOSED)

    things = read_things(OxigraphView.open(store or settings.store_dir()), only or KINDS)[:limit]
    progress(f"asking {endpoint} about {len(things)} things (cache: {folder})")
    report = reconcile(things, client, check, min_score, progress)
    _write_if_changed(out_path, merge_proposals(report, reviewed, proposals), proposals)
    report.out, report.cache = str(out_path), str(folder)
    if fmt == "json":
        click.echo(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        click.echo(summary_table(report), nl=False)


def _user_agent(contact: str | None) -> str:
    """igkg's User-Agent, with the user's contact when given, so that the service can reach them."""
    return f"{USER_AGENT[:-1]}; {contact})" if contact else USER_AGENT


def _write_if_changed(path: Path, merged: MappingTable, before: MappingTable) -> None:
    """Write the merged proposals; an unchanged table is left alone, not rewritten."""
    if sorted(m.row() for m in merged.rows) != sorted(m.row() for m in before.rows):
        write_atomic(path, write_table(merged))
