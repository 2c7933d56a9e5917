"""``igkg review-speakers``: decide the speaker proposals ``igkg ingest-meeting --proposals`` wrote.

In the manner of ``igkg link review``: the proposals are listed numbered, and each is accepted
as a new curated record, mapped to an existing record, or rejected, by option or by answering on
a terminal. The decisions go through :func:`kg.meetings.speakers.apply_review`; this module
checks them all first (a refusal writes nothing), and puts every file back as it was if applying
them fails half-way or leaves the curated records unreadable.
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import click

from kg.cli.main import cli, progress
from kg.core.errors import ConfigError

if TYPE_CHECKING:
    from kg.meetings.speakers import Decision, Proposal, ReviewSummary
    from kg.meetings.speakers.review import Action
    from kg.records import RecordSet

#: Where accepted records go unless --records says otherwise, in the records folder.
DEFAULT_RECORDS_FILE = "speakers.yaml"
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_FORMATS = click.Choice(["table", "json"])


@cli.command("review-speakers")
@click.argument("review_file", metavar="FILE", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--accept", "accepted", multiple=True, type=int, metavar="N", help="Accept proposal N as a new record.")
@click.option(
    "--slug", default=None, metavar="SLUG", help="With one --accept: the new record's id, not the proposed one."
)
@click.option("--label", default=None, metavar="TEXT", help="With one --accept: the new record's label.")
@click.option(
    "--records",
    "records_file",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help=f"The curated records file accepted proposals go into (default: {DEFAULT_RECORDS_FILE} in the records "
    "folder, kg/data/records/).",
)
@click.option("--map", "mapped", multiple=True, metavar="N=SLUG", help="Map proposal N to the existing record SLUG.")
@click.option("--reject", "rejected", multiple=True, type=int, metavar="N", help="Reject proposal N for good.")
@click.option("--list", "listing", is_flag=True, help="Only list the proposals, numbered.")
@click.option("--interactive", is_flag=True, help="Ask about each proposal even when stdin is not a terminal.")
@click.option("--reviewer", default=None, metavar="ID", help="Who reviews, kept with each rejection (default: you).")
@click.option("--date", "day", default=None, metavar="YYYY-MM-DD", help="Review date (default: today).")
@click.option(
    "--format", "fmt", type=_FORMATS, default="table", show_default=True, help="table: for people; json: for scripts."
)
def review_speakers(
    review_file: Path,
    accepted: tuple[int, ...],
    slug: str | None,
    label: str | None,
    records_file: Path | None,
    mapped: tuple[str, ...],
    rejected: tuple[int, ...],
    listing: bool,
    interactive: bool,
    reviewer: str | None,
    day: str | None,
    fmt: str,
) -> None:
    """Review the speaker labels that name no record: accept, map or reject each proposal.

    FILE is a review file written by `igkg ingest-meeting ... --proposals FILE`: one proposal per
    label left unresolved or ambiguous, with the header lines it stands on. Decide each one:

    \b
      --accept N [--slug S] [--label L] [--records F]
                     a new curated record (person, delegation or organization, as the
                     proposal's kind says: edit kind or slug in FILE first if the guess is
                     wrong) citing the header line, with the label as its quote; the
                     transcript must be a recorded source. With --label, the label as
                     written is also mapped to it (see --map)
      --map N=SLUG   the label is how this transcript writes an existing record: it joins the
                     reviewed speaker labels (section `speakers` of kg/data/names.yaml)
      --reject N     it stays in FILE's `rejected` list and is never proposed again

    Without a decision, on a terminal, each proposal is shown and asked about in turn ([a]ccept,
    [m]ap, [r]eject, [s]kip, [q]uit); elsewhere the proposals are listed. Decided proposals leave
    FILE; the others wait. N is a place in the list of open proposals: list them again after
    deciding.

    Nothing enters the graph unreviewed: this command writes only curated files (the records
    file, kg/data/names.yaml) and FILE, never the graph; the next `igkg build` (and the next
    `igkg ingest-meeting`) reads them.

    \b
    Examples:
      igkg ingest-meeting call.vtt --proposals speakers.review.yaml
      igkg review-speakers speakers.review.yaml                    # list, or ask on a terminal
      igkg review-speakers speakers.review.yaml --format json
      igkg review-speakers speakers.review.yaml --map 1=isoc --reject 3
      igkg review-speakers speakers.review.yaml --accept 2 --slug ana-perez

    Exit codes: 0 done; 2 a refusal (no such proposal, an unknown record, a slug that exists
    already, a transcript that is no recorded source...), and then nothing is written.
    """
    from kg.meetings.speakers import read_review

    if not review_file.is_file():
        raise ConfigError(f"{review_file}: no such review file; `igkg ingest-meeting FILE… --proposals` writes one")
    pending = read_review(review_file).proposals
    options = _DecisionOptions(accepted, slug, label, mapped, rejected)
    # Questions only where someone can answer them: a script without decisions gets the list.
    ask = interactive or (fmt == "table" and sys.stdin.isatty())
    if listing or (not options.given() and (not ask or not pending)):
        _list(review_file, pending, fmt)
        return
    wanted = options.wanted(pending, review_file)  # the numbers first: no need to read the records for them
    plan = _Plan.load(review_file, records_file)
    decisions = plan.checked(wanted) if options.given() else _ask_each(pending, plan)
    if not decisions:
        click.echo("nothing decided")
        return
    summary = plan.apply(decisions, reviewer or _login(), _day(day))
    _report(summary, plan, fmt)


@dataclass(frozen=True)
class _DecisionOptions:
    """The decision options as given, checked into decisions by proposal number."""

    accepted: tuple[int, ...]
    slug: str | None
    label: str | None
    mapped: tuple[str, ...]
    rejected: tuple[int, ...]

    def given(self) -> bool:
        return bool(self.accepted or self.mapped or self.rejected)

    def wanted(self, pending: list[Proposal], review_file: Path) -> list[tuple[int, Proposal, Decision]]:
        """The decisions asked for, each with its proposal; refused when a number is not one."""
        from kg.meetings.speakers import Decision

        if (self.slug or self.label) and len(self.accepted) != 1:
            raise click.UsageError("--slug and --label name one new record: give them with exactly one --accept")
        wanted: list[tuple[int, Decision]] = [
            (n, Decision("accept", self.slug or "", self.label or "")) for n in self.accepted
        ]
        wanted += [(n, Decision("map", target)) for n, target in map(_number_and_slug, self.mapped)]
        wanted += [(n, Decision("reject")) for n in self.rejected]
        _once_each(number for number, _ in wanted)
        return [(number, _numbered(pending, number, review_file), decision) for number, decision in wanted]


def _once_each(numbers: Iterable[int]) -> None:
    seen: set[int] = set()
    for number in numbers:
        if number in seen:
            raise ConfigError(f"proposal {number} is decided twice: give it one of --accept, --map, --reject")
        seen.add(number)


def _number_and_slug(option: str) -> tuple[int, str]:
    number, sep, slug = option.partition("=")
    if not sep or not number.strip().isdigit() or not slug.strip():
        raise click.BadParameter(f"{option!r}: give N=SLUG, e.g. --map 2=isoc", param_hint="'--map'")
    return int(number), slug.strip()


def _numbered(pending: list[Proposal], number: int, review_file: Path) -> Proposal:
    if not pending:
        raise ConfigError(f"{review_file}: there is no proposal {number}: no proposal is open")
    if not 1 <= number <= len(pending):
        raise ConfigError(
            f"{review_file}: there is no proposal {number}: give a number from 1 to {len(pending)} "
            f"(`igkg review-speakers {review_file} --list` shows them)"
        )
    return pending[number - 1]


@dataclass
class _Plan:
    """Where decisions go, what the curated data holds now, and the checks a decision must pass
    before anything is written (the same that :mod:`kg.meetings.speakers.review` makes while
    writing, made first, so that a refusal leaves every file as it was)."""

    review_file: Path
    records_file: Path
    names_file: Path
    records: RecordSet
    mapped: dict[str, str]  # the reviewed speaker labels of names.yaml
    new_slugs: set[str] = field(default_factory=set)  # accepted in this run
    #: accepted under another label than the one written: the written one is mapped to the new record
    relabelled: list[tuple[Proposal, str]] = field(default_factory=list)

    @classmethod
    def load(cls, review_file: Path, records_file: Path | None) -> _Plan:
        from kg.core import settings
        from kg.meetings.speakers.tables import speaker_table
        from kg.records.load import read_records

        progress("reading the curated records")
        records = read_records(settings.records_dir(), settings.sources_dir(), with_meetings=False)
        names = settings.data_dir() / "names.yaml"
        target = records_file or settings.records_dir() / DEFAULT_RECORDS_FILE
        if target.suffix != ".yaml" or target.resolve().parent != settings.records_dir().resolve():
            click.echo(
                f"igkg: warning: {target} is not a *.yaml file of the records folder: igkg build will not read it",
                err=True,
            )
        return cls(review_file, target, names, records, speaker_table(names))

    def problem(self, proposal: Proposal, decision: Decision, number: int) -> str:
        """Why ``decision`` cannot be carried out, or ""."""
        if decision.action == "map":
            return self._map_problem(proposal, decision.slug, number)
        if decision.action == "accept":
            return self._accept_problem(proposal, decision.slug or proposal.slug, number)
        return ""

    def _map_problem(self, proposal: Proposal, slug: str, number: int) -> str:
        from kg.meetings.speakers.tables import SPEAKING_KINDS

        if slug not in self.records:
            return f"there is no record {slug!r} to map it to (accept it as a new record instead: --accept {number})"
        if self.records[slug].kind not in SPEAKING_KINDS:
            return f"{slug!r} is no person, body or post"
        already = self.mapped.get(proposal.label)
        if already not in (None, slug):
            return f"the label is already mapped to {already!r} in {self.names_file}"
        return ""

    def _accept_problem(self, proposal: Proposal, slug: str, number: int) -> str:
        if not _SLUG.match(slug):
            return f"{slug!r} is not a slug (lower-case words joined by -): choose another id (--slug)"
        if slug in self.records or slug in self.new_slugs:
            return f"a record {slug!r} exists already: map to it (--map {number}={slug}) or choose another id (--slug)"
        sources = {r.id for r in self.records.of_kind("sources")}
        if not any(e.file in sources and e.line > 0 for e in proposal.evidence):
            files = ", ".join(sorted({e.file for e in proposal.evidence})) or "none"
            return (
                f"its evidence ({files}) is in no recorded source: record the transcript first (a `sources` record "
                "with that id, and the file in the sources folder), or map or reject the label"
            )
        return ""

    def checked(self, wanted: list[tuple[int, Proposal, Decision]]) -> dict[int, Decision]:
        """The decisions by number, once each has passed the checks; else the first refusal."""
        decisions: dict[int, Decision] = {}
        for number, proposal, decision in wanted:
            problem = self.problem(proposal, decision, number)
            if problem:
                raise ConfigError(f"proposal {number} ({proposal.label!r}): {problem}")
            self.reserve(proposal, decision)
            decisions[number] = decision
        return decisions

    def reserve(self, proposal: Proposal, decision: Decision) -> None:
        """Count a checked decision in, so that the next one is checked against it."""
        from kg.meetings.speakers.normalise import key

        if decision.action == "accept":
            self.new_slugs.add(decision.slug or proposal.slug)
            if decision.label and key(decision.label) != key(proposal.label):
                self.relabelled.append((proposal, decision.slug or proposal.slug))

    def apply(self, decisions: dict[int, Decision], reviewer: str, day: str) -> ReviewSummary:
        """Carry the decisions out; on any failure, put every file back as it was."""
        from kg.core import settings
        from kg.core.errors import KGError
        from kg.meetings.speakers import apply_review
        from kg.records.load import read_records

        kept = {path: path.read_bytes() if path.is_file() else None for path in self._files()}
        try:
            summary = apply_review(
                self.review_file,
                decisions,
                records=self.records,
                records_file=self.records_file,
                names_file=self.names_file,
                reviewer=reviewer,
                day=day,
            )
            if summary.accepted:  # the new record must pass every check of the curated records
                records = read_records(settings.records_dir(), settings.sources_dir(), with_meetings=False)
                summary.mapped += self._map_relabelled(records)
        except (KGError, OSError) as exc:  # a refusal while writing, or a full disk: all or nothing
            _restore(kept)
            raise ConfigError(f"nothing was written: {exc}") from None
        return summary

    def _map_relabelled(self, records: RecordSet) -> list[tuple[str, str]]:
        """Map the labels as written of records accepted under another label to them, so that the
        transcript's label names the new record (a record outside the records folder is not read)."""
        from kg.meetings.speakers import map_proposal

        done: list[tuple[str, str]] = []
        for proposal, slug in self.relabelled:
            if slug in records:
                map_proposal(proposal, slug, self.names_file, records)
                done.append((proposal.label, slug))
        return done

    def _files(self) -> tuple[Path, ...]:
        return (self.review_file, self.records_file, self.names_file)


def _restore(kept: dict[Path, bytes | None]) -> None:
    from kg.core.files import write_atomic

    for path, data in kept.items():
        if data is None:
            path.unlink(missing_ok=True)
        elif not path.is_file() or path.read_bytes() != data:
            write_atomic(path, data)


def _day(given: str | None) -> str:
    if given is None:
        return dt.date.today().isoformat()
    try:
        return dt.date.fromisoformat(given).isoformat()
    except ValueError:
        raise click.BadParameter(f"{given!r} is not a date: give YYYY-MM-DD", param_hint="'--date'") from None


def _login() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name in a container without a passwd entry
        return "unknown"


# -- what people see ----------------------------------------------------------------------------


def _as_json(number: int, p: Proposal) -> dict[str, object]:
    return {
        "number": number,
        "label": p.label,
        "kind": p.kind,
        "slug": p.slug,
        "how": p.how,
        "role": p.role or None,
        "affiliation": p.affiliation or None,
        "candidates": list(p.candidates),
        "note": p.note or None,
        "evidence": [{"file": e.file, "line": e.line, "text": e.text} for e in p.evidence],
    }


def _list(review_file: Path, pending: list[Proposal], fmt: str) -> None:
    """The proposals, numbered as --accept, --map and --reject take them."""
    if fmt == "json":
        doc = {"file": str(review_file), "proposals": [_as_json(n, p) for n, p in enumerate(pending, 1)]}
        click.echo(json.dumps(doc, ensure_ascii=False, indent=2))
        return
    if not pending:
        click.echo(f"{review_file}: no proposals to review")
        return
    rows = [("N", "LABEL", "KIND", "HOW", "PROPOSED ID", "SEEN AT", "CANDIDATES")]
    rows += [
        (str(n), p.label, p.kind, p.how, p.slug, _seen(p), ", ".join(p.candidates) or "-")
        for n, p in enumerate(pending, 1)
    ]
    widths = [min(32, max(len(row[i]) for row in rows)) for i in range(len(rows[0]))]
    for row in rows:
        cells = [_cut(cell, width).ljust(width) for cell, width in zip(row, widths, strict=True)]
        click.echo("  ".join(cells).rstrip())
    click.echo(f"\ndecide with: igkg review-speakers {review_file} --accept N | --map N=SLUG | --reject N")


def _seen(p: Proposal) -> str:
    if not p.evidence:
        return "-"
    first = p.evidence[0]
    more = f" (+{len(p.evidence) - 1})" if len(p.evidence) > 1 else ""
    return f"{first.file}:{first.line}{more}"


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _show(number: int, total: int, p: Proposal) -> None:
    click.echo(f"\n[{number}/{total}] {p.label!r}: {p.how}; proposed as {p.kind} {p.slug!r}")
    shown = [f"{what} {value}" for what, value in (("role", p.role), ("affiliation", p.affiliation)) if value]
    if shown:
        click.echo(f"  {'; '.join(shown)}")
    if p.candidates:
        click.echo(f"  might be: {', '.join(p.candidates)}")
    if p.note:
        click.echo(f"  {p.note}")
    for e in p.evidence[:3]:
        click.echo(f"  {e.file}:{e.line}  {e.text}")
    if len(p.evidence) > 3:
        click.echo(f"  … and {len(p.evidence) - 3} more line(s)")


def _ask_each(pending: list[Proposal], plan: _Plan) -> dict[int, Decision]:
    """Show each proposal and ask what to do with it, until the last one or [q]uit."""
    from kg.meetings.speakers import Decision

    decisions: dict[int, Decision] = {}
    for number, p in enumerate(pending, 1):
        _show(number, len(pending), p)
        answer = click.prompt(
            "  [a]ccept, [m]ap, [r]eject, [s]kip, [q]uit",
            type=click.Choice(["a", "m", "r", "s", "q"]),
            show_choices=False,
        )
        if answer == "q":
            break
        if answer == "s":
            continue
        decision = Decision("reject") if answer == "r" else _ask_target(p, answer, number, plan)
        if decision is not None:
            plan.reserve(p, decision)
            decisions[number] = decision
    return decisions


def _ask_target(p: Proposal, answer: str, number: int, plan: _Plan) -> Decision | None:
    """The record to map to, or the new record's id; asked again until it passes the checks ("-"
    skips the proposal)."""
    from kg.meetings.speakers import Decision

    action: Action = "accept" if answer == "a" else "map"
    question = "  id of the new record" if action == "accept" else "  map to which record (its slug)"
    default = p.slug if action == "accept" else next((c for c in p.candidates if c in plan.records), "")
    while True:
        slug = str(click.prompt(f"{question} (- to skip)", default=default or None)).strip()
        if slug == "-":
            return None
        decision = Decision(action, slug)
        problem = plan.problem(p, decision, number)
        if not problem:
            return decision
        click.echo(f"  {problem}")


def _report(summary: ReviewSummary, plan: _Plan, fmt: str) -> None:
    if fmt == "json":
        doc = {
            "accepted": summary.accepted,
            "records_file": str(plan.records_file) if summary.accepted else None,
            "mapped": [{"label": label, "record": slug} for label, slug in summary.mapped],
            "rejected": summary.rejected,
            "left": summary.left,
        }
        click.echo(json.dumps(doc, ensure_ascii=False, indent=2))
        return
    if summary.accepted:
        click.echo(f"wrote {plan.records_file}: {', '.join(summary.accepted)}", err=True)
    if summary.mapped:
        shown = ", ".join(f"{label!r} -> {slug}" for label, slug in summary.mapped)
        click.echo(f"wrote {plan.names_file}: {shown}", err=True)
    click.echo(
        f"{len(summary.accepted)} accepted, {len(summary.mapped)} mapped, {summary.rejected} rejected, "
        f"{summary.left} left to review"
    )
