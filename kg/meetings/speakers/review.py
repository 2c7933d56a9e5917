"""The review of speaker proposals, in the manner of ``igkg link review``.

Proposals wait in a review file (YAML, below). A reviewer decides each one:

- **accept**: it becomes a curated record (a person, or a body of type ``delegation`` or
  ``stakeholder-organization``) appended to a records file, citing the header line it stands on
  with the label as the quote, which supports the label (README, "Evidence"); the transcript
  must therefore be a recorded source;
- **map**: the label is another way a header writes an existing record: it joins the reviewed
  speaker labels (kg/data/names.yaml, section ``speakers``), with the line it was seen on as a
  comment;
- **reject**: it stays in the file's ``rejected`` list, so that it is never proposed again.

Decided proposals leave the open list; undecided ones stay. Every file is written atomically and
checked to parse before it replaces the old one. The review file::

    proposals:
      - label: "Ana Pérez"          # as written
        kind: person                # person | delegation | organization (edit before accepting)
        slug: ana-perez             # the id it would get (edit before accepting)
        how: unresolved             # unresolved | ambiguous
        role: "Co-Chair"
        affiliation: "IAHWG"
        candidates: []              # records it might be instead
        note: ""
        evidence:
          - {file: "call.vtt", line: 12, text: "<v Ana Pérez>Thank you..."}
    rejected:
      - {label: "Room 3", kind: person, by: "igkgagent:ana", on: "2025-11-20"}
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from kg.core.errors import ConfigError
from kg.core.files import write_atomic
from kg.core.yamlnodes import YamlProblem, parse_yaml, read_yaml_file, to_plain
from kg.meetings.speakers.normalise import is_acronym, key, strip_titles
from kg.meetings.speakers.proposals import KINDS, Evidence, Proposal, merge
from kg.meetings.speakers.tables import SPEAKERS_SECTION, SPEAKING_KINDS, speaker_table
from kg.records import RecordSet

Action = Literal["accept", "map", "reject"]
_HEADER = (
    "# Speaker labels that name no record, proposed for review (kg/meetings/speakers/review.py).\n"
    "# Decide each: accept it as a new record (check kind, slug and label first), map it to an\n"
    "# existing record, or reject it (it is then never proposed again).\n"
)
#: Where an accepted proposal goes in a records file: (section, type line or "").
_SECTIONS = {
    "person": ("people", ""),
    "delegation": ("bodies", "delegation"),
    "organization": ("bodies", "stakeholder-organization"),
}


@dataclass(frozen=True)
class Decision:
    action: Action
    slug: str = ""  # for "map": the existing record; for "accept": another id than proposed
    label: str = ""  # for "accept": the new record's label, when not the label as written


@dataclass
class Review:
    proposals: list[Proposal] = field(default_factory=list)
    rejected: list[dict[str, str]] = field(default_factory=list)

    def rejected_keys(self) -> set[tuple[str, str]]:
        return {(key(r.get("label", "")), r.get("kind", "")) for r in self.rejected}


@dataclass
class ReviewSummary:
    accepted: list[str] = field(default_factory=list)  # new record ids
    mapped: list[tuple[str, str]] = field(default_factory=list)  # (label, slug)
    rejected: int = 0
    left: int = 0


# -- the review file ----------------------------------------------------------------------------


def read_review(path: Path) -> Review:
    """The review file, or an empty review when there is none yet."""
    if not path.is_file():
        return Review()
    try:
        root = read_yaml_file(path)
    except YamlProblem as exc:
        raise ConfigError(f"{path}:{exc.line}: {exc.message}") from None
    data = to_plain(root) if root is not None else {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected the sections 'proposals' and 'rejected'")
    items = data.get("proposals") or []
    rejected = data.get("rejected") or []
    if not isinstance(items, list) or not isinstance(rejected, list):
        raise ConfigError(f"{path}: 'proposals' and 'rejected' must be lists")
    return Review([_from_plain(path, i) for i in items], [r for r in rejected if isinstance(r, dict)])


def _from_plain(path: Path, item: object) -> Proposal:
    if not isinstance(item, dict) or not item.get("label"):
        raise ConfigError(f"{path}: each proposal needs a label")
    evidence = tuple(
        Evidence(
            str(e.get("file", "")), int(e["line"]) if str(e.get("line", "")).isdigit() else 0, str(e.get("text", ""))
        )
        for e in item.get("evidence") or []
        if isinstance(e, dict)
    )
    kind = str(item.get("kind", "person"))
    if kind not in KINDS:
        raise ConfigError(f"{path}: proposal {item['label']!r}: kind {kind!r} is not one of {', '.join(KINDS)}")
    return Proposal(
        label=str(item["label"]),
        kind=kind,
        slug=str(item.get("slug", "")),
        how=str(item.get("how", "unresolved")),
        candidates=tuple(str(c) for c in item.get("candidates") or []),
        role=str(item.get("role", "")),
        affiliation=str(item.get("affiliation", "")),
        note=str(item.get("note", "")),
        evidence=evidence,
    )


def _q(text: str) -> str:
    # A JSON string is a valid YAML double-quoted scalar: quotes and backslashes stay escaped.
    return json.dumps(text, ensure_ascii=False)


def review_text(review: Review) -> str:
    out = [_HEADER, "proposals:" + (" []" if not review.proposals else "")]
    for p in review.proposals:
        out += [
            f"  - label: {_q(p.label)}",
            f"    kind: {p.kind}",
            f"    slug: {p.slug}",
            f"    how: {p.how}",
            f"    role: {_q(p.role)}",
            f"    affiliation: {_q(p.affiliation)}",
            f"    candidates: [{', '.join(_q(c) for c in p.candidates)}]",
            f"    note: {_q(p.note)}",
            "    evidence:",
            *(f"      - {{file: {_q(e.file)}, line: {e.line}, text: {_q(e.text)}}}" for e in p.evidence),
        ]
    out.append("rejected:" + (" []" if not review.rejected else ""))
    for r in review.rejected:
        out.append("  - {" + ", ".join(f"{k}: {_q(str(v))}" for k, v in r.items()) + "}")
    return "\n".join(out) + "\n"


def _write_checked(path: Path, text: str) -> None:
    """Write ``text`` atomically after checking that it parses (a broken file is never left)."""
    try:
        parse_yaml(text)
    except YamlProblem as exc:  # pragma: no cover - the writers quote every value
        raise ConfigError(f"{path}: the new text would not parse (line {exc.line}: {exc.message})") from None
    write_atomic(path, text.encode("utf-8"))


def write_review(path: Path, new: Iterable[Proposal]) -> Review:
    """Merge new proposals into the review file: a label already open gains the new evidence; a
    label rejected before (same label and kind) is not proposed again."""
    review = read_review(path)
    rejected = review.rejected_keys()
    open_ = {(p.key, p.kind): p for p in review.proposals}
    for proposal in new:
        slot = (proposal.key, proposal.kind)
        if slot in rejected:
            continue
        open_[slot] = merge(open_[slot], proposal) if slot in open_ else proposal
    review.proposals = list(open_.values())
    _write_checked(path, review_text(review))
    return review


# -- decisions ----------------------------------------------------------------------------------


def apply_review(
    path: Path,
    decisions: Mapping[int, Decision],
    *,
    records: RecordSet,
    records_file: Path,
    names_file: Path,
    reviewer: str,
    day: str,
) -> ReviewSummary:
    """Carry out the decisions, by proposal number (1 to the number of open proposals)."""
    review = read_review(path)
    count = len(review.proposals)
    for number in decisions:
        if not 1 <= number <= count:
            raise ConfigError(f"proposal {number}: give a number from 1 to {count}")
    summary = ReviewSummary()
    left: list[Proposal] = []
    for number, proposal in enumerate(review.proposals, 1):
        decision = decisions.get(number)
        if decision is None:
            left.append(proposal)
        elif decision.action == "accept":
            chosen = replace(proposal, slug=decision.slug) if decision.slug else proposal
            summary.accepted.append(accept_proposal(chosen, records_file, records, label=decision.label))
        elif decision.action == "map":
            map_proposal(proposal, decision.slug, names_file, records)
            summary.mapped.append((proposal.label, decision.slug))
        else:
            review.rejected.append({"label": proposal.label, "kind": proposal.kind, "by": reviewer, "on": day})
            summary.rejected += 1
    review.proposals = left
    summary.left = len(left)
    _write_checked(path, review_text(review))
    return summary


def accept_proposal(proposal: Proposal, records_file: Path, records: RecordSet, *, label: str = "") -> str:
    """Append the proposal as a new record to ``records_file``; return its id. The record's label
    is ``label``, or the label as written without titles (and out of capitals: captions write
    "ANA PEREZ"); the evidence quotes the label as written, which the cited line contains, and
    supports the label alone: the type (delegation, organization) is the reviewer's choice."""
    slug = proposal.slug
    if not re.match(r"^[a-z0-9]+(?:-[a-z0-9]+)*$", slug):
        raise ConfigError(f"{proposal.label!r}: {slug!r} is not a slug (lower-case words joined by -)")
    if slug in records:
        raise ConfigError(f"{proposal.label!r}: a record {slug!r} exists already; map to it or choose another slug")
    sources = {r.id for r in records.of_kind("sources")}
    cited = next((e for e in proposal.evidence if e.file in sources and e.line > 0), None)
    if cited is None:
        files = ", ".join(sorted({e.file for e in proposal.evidence})) or "none"
        raise ConfigError(f"{proposal.label!r}: its evidence ({files}) is in no recorded source; record the file first")
    section, type_ = _SECTIONS[proposal.kind]
    entry = [
        f"  - id: {slug}",
        *([f"    type: {type_}"] if type_ else []),
        f"    label: {_q(label or _readable(proposal.label))}",
        "    sources:",
        f"      - source: {cited.file}",
        f"        lines: {cited.line}",
        f"        quote: {_q(proposal.label)}",
        # The label as written states the name and nothing more: the kind is the reviewer's.
        "        supports: [label]",
    ]
    text = records_file.read_text(encoding="utf-8") if records_file.is_file() else ""
    _write_checked(records_file, insert_in_section(text, section, entry))
    return slug


def _readable(written: str) -> str:
    bare = strip_titles(written)
    return bare.title() if bare.isupper() and not is_acronym(bare) else bare


def map_proposal(proposal: Proposal, slug: str, names_file: Path, records: RecordSet) -> None:
    """Record the label as a way a header writes an existing record: the ``speakers`` section of
    kg/data/names.yaml, which speaker resolution reads in every meeting (the ``aliases`` there are
    readings of running text, trusted for speakers only where the meeting involves the record)."""
    if slug not in records or records[slug].kind not in SPEAKING_KINDS:
        raise ConfigError(f"{proposal.label!r}: {slug!r} is no person, body or post")
    mapped = speaker_table(names_file)
    if proposal.label in mapped:
        if mapped[proposal.label] == slug:
            return
        raise ConfigError(f"{proposal.label!r} is already mapped to {mapped[proposal.label]!r} in {names_file}")
    where = proposal.evidence[0] if proposal.evidence else None
    comment = f"  # reviewed: {where.file}:{where.line}" if where else ""
    text = names_file.read_text(encoding="utf-8") if names_file.is_file() else ""
    entry = [f"  {_q(proposal.label)}: {slug}{comment}"]
    _write_checked(names_file, insert_in_section(text, SPEAKERS_SECTION, entry))


_TOP_KEY = re.compile(r"^[A-Za-z_][\w-]*:")


def insert_in_section(text: str, section: str, entry: list[str]) -> str:
    """``text`` with ``entry`` (indented lines) added at the end of the top-level ``section``
    (created at the end when missing), before the blank lines and comments of the next one."""
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if line.rstrip() in (f"{section}:", f"{section}: []")), None)
    if start is None:
        lines += ([""] if lines and lines[-1].strip() else []) + [f"{section}:", *entry]
        return "\n".join(lines) + "\n"
    lines[start] = f"{section}:"
    end = next((i for i in range(start + 1, len(lines)) if _TOP_KEY.match(lines[i])), len(lines))
    while end > start + 1 and (not lines[end - 1].strip() or lines[end - 1].startswith("#")):
        end -= 1
    gap = [""] if entry and entry[0].lstrip().startswith("- ") and end > start + 1 else []  # records: a blank between
    return "\n".join([*lines[:end], *gap, *entry, *lines[end:]]) + "\n"
