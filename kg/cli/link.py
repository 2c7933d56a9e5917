"""``igkg link``: matching igkg's things to other open-data graphs (Wikidata, UN documents).

The workflow: a command proposes candidate mappings into the proposals table; ``igkg link
review`` accepts or rejects each one into the reviewed mapping table (SSSOM TSV); ``igkg build``
emits the accepted ones as SKOS mapping triples, each citing the page that shows the identifier.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from kg.cli.main import cli, progress

#: A command function, as an option decorator takes and gives it back.
CommandFunc = TypeVar("CommandFunc", bound=Callable[..., Any])

if TYPE_CHECKING:  # the link modules load only when a link command runs
    from kg.link.review import Decision
    from kg.records.mappings import Mapping


@cli.group()
def link() -> None:
    """Link igkg's things to Wikidata and the UN document system, through a reviewed table.

    \b
    The workflow:
      igkg link wikidata            # propose Wikidata candidates (cached; polite to the endpoint)
      igkg link undocs              # propose the UN document address of every UN symbol
      igkg link dbpedia             # propose the DBpedia resource of every accepted Wikipedia article
      igkg link review              # accept or reject each proposal
      igkg build                    # accepted mappings become skos:exactMatch / closeMatch triples
      igkg link coverage            # how many things of each kind are linked

    The tables are SSSOM TSV: kg/data/mappings/igkg.sssom.tsv (reviewed; only these reach the
    graph) and kg/data/mappings/proposals.sssom.tsv (waiting for review).
    """


def _table_option(func: CommandFunc) -> CommandFunc:
    return click.option(
        "--table",
        type=click.Path(path_type=Path, dir_okay=False),
        default=None,
        help="The reviewed mapping table (default: $IGKG_MAPPINGS, else kg/data/mappings/igkg.sssom.tsv).",
    )(func)


def _proposals_option(func: CommandFunc) -> CommandFunc:
    return click.option(
        "--proposals",
        type=click.Path(path_type=Path, dir_okay=False),
        default=None,
        help="The proposals table (default: proposals.sssom.tsv beside the reviewed table).",
    )(func)


@link.command("undocs")
@_table_option
@_proposals_option
def undocs(table: Path | None, proposals: Path | None) -> None:
    """Propose, for every instrument with a UN document symbol, its public document address.

    The address is https://undocs.org/SYMBOL, the pattern a recorded page documents
    (page-vanderbilt-undocs-symbols); each proposal cites that page. WSIS symbols
    (WSIS-05/TUNIS/...) are not UN document symbols and are left to reviewed rows.
    """
    from kg.core import settings
    from kg.link.undocs import propose_undocs
    from kg.records.load import read_records
    from kg.records.mappings import proposals_path, table_path

    records = read_records(settings.records_dir(), settings.sources_dir())
    made = propose_undocs(records, table or table_path(), proposals or proposals_path(table or table_path()))
    click.echo(f"{made} new proposal{'s' if made != 1 else ''}; review them with `igkg link review`")


@link.command("dbpedia")
@_table_option
@_proposals_option
def dbpedia(table: Path | None, proposals: Path | None) -> None:
    """Propose, for every accepted English Wikipedia match, the DBpedia resource of that article.

    The resource is http://dbpedia.org/resource/ followed by the article's title in DBpedia's
    documented encoding (spaces to underscores, other characters percent-encoded as UTF-8); each
    proposal cites the recorded page that documents the rule (page-dbpedia-domains-and-uris).
    """
    from kg.core import settings
    from kg.link.wikipedia import propose_dbpedia
    from kg.records.load import read_records
    from kg.records.mappings import proposals_path, table_path

    records = read_records(settings.records_dir(), settings.sources_dir())
    made = propose_dbpedia(records, table or table_path(), proposals or proposals_path(table or table_path()))
    click.echo(f"{made} new proposal{'s' if made != 1 else ''}; review them with `igkg link review`")


@link.command("review")
@_table_option
@_proposals_option
@click.option("--reviewer", required=True, metavar="ID", help="Who reviews: a CURIE (orcid:…) or a name.")
@click.option("--accept", "accepted", multiple=True, metavar="N", help="Accept proposal N (see --list); repeat.")
@click.option("--reject", "rejected", multiple=True, metavar="N", help="Reject proposal N; repeat.")
@click.option("--accept-all", is_flag=True, help="Accept every proposal (after reading them with --list).")
@click.option("--list", "listing", is_flag=True, help="Only list the proposals, numbered.")
@click.option("--date", "date", default=None, metavar="YYYY-MM-DD", help="Review date (default: today).")
def review(
    table: Path | None,
    proposals: Path | None,
    reviewer: str,
    accepted: tuple[str, ...],
    rejected: tuple[str, ...],
    accept_all: bool,
    listing: bool,
    date: str | None,
) -> None:
    """Accept or reject proposals into the reviewed mapping table.

    Without --accept/--reject/--accept-all, each proposal is shown and asked about in turn
    ([a]ccept, [r]eject, [s]kip, [q]uit). An accepted row reaches the graph at the next build; a
    rejected one is kept with predicate_modifier Not, so that it is never proposed again. A
    proposal whose page is not yet a recorded source gets one (kg/data/records/sources-linking.yaml).

    \b
    Examples:
      igkg link review --reviewer orcid:0000-0002-1825-0097 --list
      igkg link review --reviewer jane --accept 1 --accept 3 --reject 2
    """
    from kg.link.review import apply_review, decisions_from_options, load_proposals
    from kg.records.mappings import proposals_path, table_path

    reviewed_path = table or table_path()
    pending_path = proposals or proposals_path(reviewed_path)
    pending = load_proposals(pending_path)
    if listing or not pending:
        _list_proposals(pending)
        return
    day = date or dt.date.today().isoformat()
    decisions = decisions_from_options(len(pending), accepted, rejected, accept_all)
    if decisions is None:
        decisions = _ask_each(pending)
    summary = apply_review(reviewed_path, pending_path, pending, decisions, reviewer, day)
    progress(f"wrote {reviewed_path}")
    click.echo(
        f"{summary.accepted} accepted, {summary.rejected} rejected, {summary.left} left to review"
        + (f"; recorded {summary.pages_recorded} page source(s)" if summary.pages_recorded else "")
    )


def _list_proposals(pending: list[Mapping]) -> None:
    """The proposals, numbered as --accept and --reject take them."""
    for n, m in enumerate(pending, 1):
        click.echo(f"{n:3d}  {m.subject_id} ({m.subject_label}) {m.predicate_id} {m.object_id} ({m.object_label})")
        click.echo(f"     confidence {m.confidence or '?'}; {m.comment}; {m.see_also}")
    if not pending:
        click.echo("no proposals to review")


def _ask_each(pending: list[Mapping]) -> dict[int, Decision]:
    """Show each proposal and ask what to do with it, until the last one or [q]uit."""
    decisions: dict[int, Decision] = {}
    for n, m in enumerate(pending, 1):
        click.echo(f"\n[{n}/{len(pending)}] {m.subject_label} ({m.subject_id})  {m.predicate_id}")
        click.echo(f"  {m.object_label} ({m.object_id})")
        click.echo(f"  confidence {m.confidence or '?'}: {m.comment}")
        click.echo(f"  look at {m.see_also}")
        answer = click.prompt("  [a]ccept, [r]eject, [s]kip, [q]uit", type=click.Choice(["a", "r", "s", "q"]))
        if answer == "q":
            break
        if answer in ("a", "r"):
            decisions[n] = "accept" if answer == "a" else "reject"
    return decisions


@link.command("coverage")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@_table_option
def coverage(fmt: str, table: Path | None) -> None:
    """How many things of each kind are linked, and to what (accepted mappings only)."""
    from kg.core import settings
    from kg.link.coverage import coverage_report
    from kg.records.load import read_records
    from kg.records.mappings import table_path

    records = read_records(settings.records_dir(), settings.sources_dir())
    report = coverage_report(records, table or table_path())
    if fmt == "json":
        click.echo(json.dumps(report, indent=2, sort_keys=True))
        return
    from kg.link.coverage import GRAPH_ORDER

    click.echo(f"{'kind':<12} {'things':>6} {'linked':>6}  " + "  ".join(GRAPH_ORDER))
    for kind, row in report["kinds"].items():
        counts = "  ".join(f"{row['graphs'].get(graph, 0):>{len(graph)}}" for graph in GRAPH_ORDER)
        click.echo(f"{kind:<12} {row['things']:>6} {row['linked']:>6}  {counts}")
    click.echo("\nthe six main bodies, by external graph:")
    for slug, graphs in report["main_body_graphs"].items():
        shown = "; ".join(f"{graph}: {', '.join(objects)}" for graph, objects in graphs.items())
        click.echo(f"  {slug:<7} {shown or '- (not linked)'}")
    missing = report["symbols_without_address"]
    if missing:
        click.echo("\nsymbols with no document address: " + ", ".join(f"{slug} ({symbol})" for slug, symbol in missing))
