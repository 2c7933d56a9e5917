"""One meeting record -> its extraction: sessions, resolved speaker turns, overlay and mentions.

The steps, each in its own module: read the text (:mod:`.record_text`), recognise its style and
parse it (:mod:`.styles`), check the metadata against it (:mod:`.check`), resolve the speakers
(:mod:`.resolve`); then the reviewed overlay (:mod:`.overlay`) and the linked mentions
(:mod:`.mentions`). :mod:`.record_yaml` writes the result.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kg.core.errors import SourceError
from kg.meetings.check import check_meta
from kg.meetings.mentions import Mention, alias_table, find_mentions
from kg.meetings.meta import MeetingMeta
from kg.meetings.model import SessionMark
from kg.meetings.names import SpeakerNames
from kg.meetings.overlay import Overlay, read_overlay
from kg.meetings.record_text import read_record_text
from kg.meetings.resolve import ResolvedTurn, resolve_turns
from kg.meetings.styles import detect_style, parse_record
from kg.records.model import RecordSet
from kg.records.sources import SourceFile


@dataclass(frozen=True)
class Extraction:
    """What :func:`extract` read from one record, ready to be written as record YAML."""

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


def extract(path: Path, meta: MeetingMeta, records: RecordSet, aliases: dict[str, str] | None = None) -> Extraction:
    """Read the record at ``path``. ``aliases`` are the reviewed aliases of kg/data/names.yaml
    (name -> record id) used to link mentions; without them, mentions are not extracted."""
    lines = read_record_text(path)
    names = SpeakerNames.from_records(records, meta.speakers)
    style = detect_style(path, lines, names)
    check_meta(meta, path, lines, style, records)
    parsed = parse_record(style, lines, names, meta)
    turns, unresolved = resolve_turns(parsed.turns, meta, names)
    day_parts = {s.order: part for s in parsed.sessions if (part := _day_part(s, meta))}
    overlay = _overlay(path, lines, meta, records)
    mentions: tuple[Mention, ...] = ()
    if aliases is not None:
        mentions = tuple(find_mentions(path.name, lines, alias_table(records, aliases)))
    return Extraction(meta, style, parsed.sessions, day_parts, turns, lines, unresolved, overlay, mentions)


def _day_part(session: SessionMark, meta: MeetingMeta) -> str:
    """Morning, afternoon or evening: as the metadata says, else by the session's time mark or a
    lunch break; "" when nothing tells."""
    if session.order in meta.day_parts:
        return meta.day_parts[session.order]
    if session.time:
        hour = int(session.time.split(":")[0])
        return "morning" if hour < 12 else "afternoon" if hour < 18 else "evening"
    if "lunch" in session.label.casefold():
        return "afternoon"
    return ""


def _overlay(path: Path, lines: tuple[str, ...], meta: MeetingMeta, records: RecordSet) -> Overlay | None:
    """The reviewed overlay the metadata names (relative to the metadata file), if any."""
    if not meta.overlay:
        return None
    overlay_path = meta.path.parent / meta.overlay
    if not overlay_path.is_file():
        raise SourceError(meta.path, f"field 'overlay': no such file {overlay_path}", meta.lines["overlay"])
    return read_overlay(overlay_path, SourceFile(path, lines, ""), records)
