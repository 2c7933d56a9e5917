"""Meeting records (transcripts and notes) -> sessions and speaker turns, as curated records.

Three styles, each a small parser behind one interface (``cues`` to recognise the style, ``parse``
to read it): exported call transcripts (:mod:`.call`), Markdown transcripts (:mod:`.markdown`) and
a note-taker's record (:mod:`.notes`). The style is detected from the text; a metadata file
(:mod:`.meta`) says what the text does not say reliably. :func:`extract` resolves speakers to
records and :func:`to_yaml` writes the extraction in the record format, so that the build reads it
like any other curated file and every turn cites its lines.
"""

from __future__ import annotations

import calendar
import json
import re
from dataclasses import dataclass
from pathlib import Path

from kg.core.dates import PartialDate
from kg.core.errors import SourceError
from kg.meetings import call, markdown, notes
from kg.meetings.lines import first_words, trim
from kg.meetings.mentions import Mention, alias_table, find_mentions
from kg.meetings.meta import MeetingMeta
from kg.meetings.model import Parsed, SessionMark, Turn
from kg.meetings.names import SpeakerNames
from kg.meetings.overlay import Overlay, read_overlay, turn_at
from kg.records.model import RecordSet
from kg.records.sources import SourceFile

PARSERS = {module.STYLE: module for module in (call, markdown, notes)}

#: A record bigger than this is not a meeting record (the largest source is ~150 kB).
MAX_RECORD_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class ResolvedTurn:
    order: int
    turn: Turn
    speaker: str  # slug, or "" when unattributed or not resolved
    speaks_for: str
    note: str  # why a labelled turn is left unattributed


@dataclass(frozen=True)
class Extraction:
    meta: MeetingMeta
    style: str
    sessions: tuple[SessionMark, ...]
    day_parts: dict[int, str]
    turns: tuple[ResolvedTurn, ...]
    lines: tuple[str, ...]
    #: labels that opened a turn but name no record: for review
    unresolved: tuple[tuple[str, int], ...]
    overlay: Overlay | None = None
    mentions: tuple[Mention, ...] = ()


def read_record_text(path: Path) -> tuple[str, ...]:
    """The record's lines, numbered as ``nl -ba`` numbers them; refuses what is not a text record."""
    if not path.is_file():
        raise SourceError(path, "no such file")
    data = path.read_bytes()
    if not data.strip():
        raise SourceError(path, "the file is empty: there is no meeting record to read")
    if len(data) > MAX_RECORD_BYTES:
        raise SourceError(path, f"the file is {len(data)} bytes; a meeting record is text of at most 5 MB")
    if b"\x00" in data[:8192]:
        raise SourceError(path, "the file is not text (it contains NUL bytes): give a .txt or .md record")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SourceError(path, f"not UTF-8 text (byte {exc.start})", line) from None
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return tuple(line.rstrip("\r") for line in lines)


def detect_style(path: Path, lines: tuple[str, ...], names: SpeakerNames) -> str:
    scores = {style: parser.cues(lines, names) for style, parser in PARSERS.items()}
    best = max(scores, key=lambda s: (scores[s], s))
    if scores[best] == 0:
        raise SourceError(
            path,
            "unrecognised record style: expected speaker lines 'Name   MM:SS' (call), Markdown headings "
            "'#### Name 0:04' (markdown), or names alone on a line with time marks such as '11:05' (notes)",
        )
    return best


_MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
_STATED_DATE = re.compile(r"\b(\d{1,2})\s+([A-Z][a-z]+)\s+(\d{4})\b")


def stated_date(lines: tuple[str, ...]) -> tuple[int, PartialDate] | None:
    """A date the record states in its first lines (``17 November 2025``), with its line."""
    for number, line in enumerate(lines[:10], 1):
        for day, month, year in _STATED_DATE.findall(line):
            if month.lower() in _MONTHS:
                try:
                    return number, PartialDate.parse(f"{year}-{_MONTHS[month.lower()]:02d}-{int(day):02d}")
                except ValueError:
                    continue
    return None


def _compatible(a: PartialDate, b: PartialDate) -> bool:
    """Whether two dates of possibly different precision can be the same day."""
    return a.first_day() <= b.last_day() and b.first_day() <= a.last_day()


def check_meta(meta: MeetingMeta, path: Path, lines: tuple[str, ...], style: str, records: RecordSet) -> None:
    """Refuse metadata that contradicts the record, or the curated records it points at."""
    if meta.source != path.name:
        raise SourceError(
            meta.path, f"field 'source': says {meta.source!r} but the record is {path.name!r}", meta.lines["source"]
        )
    if meta.style and meta.style != style:
        raise SourceError(
            meta.path, f"field 'style': says {meta.style!r} but {path.name} reads as {style!r}", meta.lines["style"]
        )
    stated = stated_date(lines)
    if stated and not _compatible(stated[1], meta.date):
        raise SourceError(
            meta.path,
            f"field 'date': says {meta.date} but {path.name}:{stated[0]} states {stated[1]}",
            meta.lines["date"],
        )
    if meta.meeting in records:
        meeting = records[meta.meeting]
        if meeting.kind != "meetings":
            raise SourceError(
                meta.path,
                f"field 'meeting': {meta.meeting!r} is a {meeting.kind} record, not a meeting",
                meta.lines["meeting"],
            )
        start = meeting.first("start")
        if isinstance(start, PartialDate) and not _compatible(start, meta.date):
            raise SourceError(
                meta.path,
                f"field 'date': says {meta.date} but meeting {meta.meeting!r} "
                f"({meeting.path}:{meeting.at}) starts {start}",
                meta.lines["date"],
            )
        recorded = {str(v) for v in meeting.get("recorded_in")}
        if recorded and path.name not in recorded:
            raise SourceError(
                meta.path,
                f"field 'meeting': {meta.meeting!r} is recorded in {', '.join(sorted(recorded))}, not in {path.name}",
                meta.lines["meeting"],
            )
    for label, slug in meta.speakers.items():
        if slug not in records:
            raise SourceError(
                meta.path, f"field 'speakers': {label!r} -> {slug!r}, which is no record", meta.lines["speakers"]
            )
    for number in (*meta.turns, *meta.not_turns):
        if number > len(lines):
            key = "turns" if number in meta.turns else "not_turns"
            raise SourceError(
                meta.path,
                f"field {key!r}: line {number} is past the end of {path.name} ({len(lines)} lines)",
                meta.lines[key],
            )


def _day_part(session: SessionMark, meta: MeetingMeta) -> str:
    if session.order in meta.day_parts:
        return meta.day_parts[session.order]
    if session.time:
        hour = int(session.time.split(":")[0])
        return "morning" if hour < 12 else "afternoon" if hour < 18 else "evening"
    if "lunch" in session.label.casefold():
        return "afternoon"
    return ""


def extract(path: Path, meta: MeetingMeta, records: RecordSet, aliases: dict[str, str] | None = None) -> Extraction:
    """Read the record at ``path``. ``aliases`` are the reviewed aliases of kg/data/names.yaml
    (name -> record id) used to link mentions; without them, mentions are not extracted."""
    lines = read_record_text(path)
    names = SpeakerNames.from_records(records, meta.speakers)
    style = detect_style(path, lines, names)
    check_meta(meta, path, lines, style, records)
    parser = PARSERS[style]
    if style == "notes":
        overrides = {n: True for n in meta.turns} | {n: False for n in meta.not_turns}
        parsed: Parsed = notes.parse(lines, names, overrides)
    else:
        parsed = parser.parse(lines, names)
    turns: list[ResolvedTurn] = []
    unresolved: list[tuple[str, int]] = []
    for order, turn in enumerate(parsed.turns, 1):
        speaker = speaks_for = note = ""
        if turn.label in meta.unattributed_labels:
            note = meta.unattributed_labels[turn.label]
        elif turn.label:
            speaker = names.resolve(turn.label) or ""
            if not speaker:
                unresolved.append((turn.label, turn.label_line))
            if turn.organization:
                speaks_for = names.resolve(turn.organization) or ""
        turns.append(ResolvedTurn(order, turn, speaker, speaks_for, note))
    day_parts = {s.order: part for s in parsed.sessions if (part := _day_part(s, meta))}
    overlay = None
    if meta.overlay:
        overlay_path = meta.path.parent / meta.overlay
        if not overlay_path.is_file():
            raise SourceError(meta.path, f"field 'overlay': no such file {overlay_path}", meta.lines["overlay"])
        overlay = read_overlay(overlay_path, SourceFile(path, lines, ""), records)
    mentions: tuple[Mention, ...] = ()
    if aliases is not None:
        mentions = tuple(find_mentions(path.name, lines, alias_table(records, aliases)))
    return Extraction(
        meta, style, parsed.sessions, day_parts, tuple(turns), lines, tuple(unresolved), overlay, mentions
    )


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is a subset of it)."""
    return json.dumps(text, ensure_ascii=False)


def _quote_for(extraction: Extraction, turn: Turn) -> str:
    if turn.label:
        line = extraction.lines[turn.label_line - 1].strip()
        if turn.organization:
            return f"{turn.organization} ... {turn.label}"
        # The label as the line writes it (with its time or markup): a verbatim quotation.
        return line.lstrip("#").strip() if len(line.split()) <= 25 else turn.label
    return first_words(extraction.lines[turn.line_start - 1])


def to_yaml(extraction: Extraction, command: str) -> str:
    """The extraction as record YAML: deterministic, one record per session and per turn."""
    meta = extraction.meta
    meeting = meta.meeting
    source = meta.source
    width = len(str(len(extraction.turns)))
    out = [
        f"# Sessions and speaker turns of {source}, as the meeting-record loader reads it.",
        f"# Generated by: {command}",
        "# Do not edit: change the metadata file or the parser and regenerate; a test checks that this",
        "# file is exactly what the loader produces from the source.",
        "",
        "sessions:",
    ]
    for session in extraction.sessions:
        if len(extraction.sessions) == 1:
            label = session.label or "whole meeting"
        else:
            label = session.label or f"session {session.order}"
        quote = session.label or first_words(extraction.lines[session.line_start - 1])
        out += [
            f"  - id: {meeting}-session-{session.order}",
            "    type: session",
            f"    label: {_q(label)}",
            f"    meeting: {meeting}",
            f"    order: {_q(str(session.order))}",
        ]
        if session.time:
            out.append(f"    time: {_q(session.time)}")
        if session.order in extraction.day_parts:
            out.append(f"    day_part: {extraction.day_parts[session.order]}")
        out += _evidence(
            source, session.line_start, trim(extraction.lines, session.line_start, session.line_end), quote
        )
    out.append("interventions:")
    for rt in extraction.turns:
        turn = rt.turn
        out += [
            f"  - id: {meeting}-turn-{rt.order:0{width}d}",
            "    type: intervention",
            f"    meeting: {meeting}",
            f"    session: {meeting}-session-{turn.session}",
            f"    order: {_q(str(rt.order))}",
        ]
        if turn.label:
            out.append(f"    speaker_as_written: {_q(turn.label)}")
        if rt.speaker:
            out.append(f"    speaker: {rt.speaker}")
        if rt.speaks_for:
            out.append(f"    speaks_for: {rt.speaks_for}")
        if turn.time:
            out.append(f"    time: {_q(turn.time)}")
        if rt.note:
            out.append(f"    note: {_q('left unattributed: ' + rt.note)}")
        elif not turn.label:
            out.append(f"    note: {_q('unattributed passage: the record names no speaker')}")
        elif not rt.speaker:
            out.append(f"    note: {_q('the label names no record yet')}")
        out += _evidence(source, turn.line_start, turn.line_end, _quote_for(extraction, turn))
    if extraction.overlay is not None:
        out += _overlay_yaml(extraction, extraction.overlay)
    if extraction.mentions:
        out += ["", *mentions_yaml(extraction.mentions, meeting)]
    return "\n".join(out).rstrip("\n") + "\n"


def mentions_yaml(mentions: tuple[Mention, ...], meeting: str) -> list[str]:
    """Mention records (the ``mentions:`` section), each citing its line with the text as written."""
    out = ["# Mentions of known things, linked by the alias table (kg/meetings/mentions.py).", "", "mentions:"]
    for m in mentions:
        out += [
            f"  - id: {meeting}-mention-{m.line}-{m.start}",
            "    type: mention",
            f"    of: {m.entity}",
            f"    text: {_q(m.text)}",
            f"    meeting: {meeting}",
            *_evidence(m.source, m.line, m.line, m.text),
        ]
    return out


def _placed(extraction: Extraction, line: int) -> list[str]:
    """The session and turn fields of an overlay entry: those holding its first line."""
    meeting = extraction.meta.meeting
    out = []
    session = next((s for s in extraction.sessions if s.line_start <= line <= s.line_end), None)
    if session is not None:
        out.append(f"    session: {meeting}-session-{session.order}")
    order = turn_at(tuple(t.turn for t in extraction.turns), line)
    if order is not None:
        width = len(str(len(extraction.turns)))
        out.append(f"    intervention: {meeting}-turn-{order:0{width}d}")
    return out


def _evidence(source: str, start: int, end: int, quote: str) -> list[str]:
    lines = f"{start}-{end}" if end > start else f"{start}"
    return ["    sources:", f"      - source: {source}", f"        lines: {lines}", f"        quote: {_q(quote)}", ""]


def _overlay_yaml(extraction: Extraction, overlay: Overlay) -> list[str]:
    meeting = extraction.meta.meeting
    source = extraction.meta.source
    out = ["", f"# From the reviewed overlay {overlay.path.name}.", "", "positions:"]
    seen: dict[str, int] = {}
    for stance in overlay.stances:
        seen[stance.holder] = seen.get(stance.holder, 0) + 1
        c = stance.cited
        out += [
            f"  - id: {meeting}-position-{stance.holder}-{seen[stance.holder]}",
            "    type: position",
            f"    holder: {stance.holder}",
            f"    meeting: {meeting}",
            *_placed(extraction, c.line_start),
            f"    question: {_q('composition of the Working Group on improvements to the IGF')}",
            f"    stance: {stance.stance}",
        ]
        if stance.note:
            out.append(f"    note: {_q(stance.note)}")
        out += _evidence(source, c.line_start, c.line_end, c.quote)
    out.append("support_links:")
    ids: set[str] = set()
    for link in overlay.supports:
        c = link.cited
        rid = f"{meeting}-support-{link.supporter}-{link.supported}-{c.line_start}"
        if rid in ids:
            raise SourceError(
                overlay.path, f"the same support link is listed twice ({link.supporter} -> {link.supported})", c.at
            )
        ids.add(rid)
        out += [
            f"  - id: {rid}",
            "    type: support-link",
            f"    supporter: {link.supporter}",
            f"    supported: {link.supported}",
            f"    manner: {link.manner}",
            f"    meeting: {meeting}",
            *_placed(extraction, c.line_start),
        ]
        out += _evidence(source, c.line_start, c.line_end, c.quote)
    out.append("proposals:")
    for proposal in overlay.proposals:
        c = proposal.cited
        out += [
            f"  - id: {meeting}-proposal-{proposal.key}",
            "    type: proposal",
            f"    label: {_q(proposal.summary)}",
        ]
        if proposal.by:
            out.append(f"    proposed_by: {proposal.by}")
        out += [f"    meeting: {meeting}", *_placed(extraction, c.line_start), f"    text: {_q(c.quote)}"]
        if proposal.agreed:
            out.append("    outcome: agreed")
        out += _evidence(source, c.line_start, c.line_end, c.quote)
    return out
