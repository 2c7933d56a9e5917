"""What a meeting tells speaker resolution: who chairs it, who convenes it, its secretariat, the
labels its metadata maps or leaves unattributed, and which records it knows.

The facts come from the meeting's record (``chaired_by``, ``convened_by``, ``meeting_of``,
``participants``, ``recorded_in``) and its metadata file (``convened_by``, ``speakers``,
``unattributed_labels``); nothing is assumed. A role the meeting's facts do not answer stays
unresolved.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from kg.meetings.meta import MeetingMeta
from kg.meetings.speakers.normalise import key
from kg.meetings.speakers.tables import NameTables, members_of
from kg.records import RecordSet
from kg.records.model import Record


@dataclass(frozen=True)
class MeetingContext:
    """The meeting a label is read in. Every field may be empty: then role words resolve to
    nothing and one-word personal names only to records the meeting is known to involve."""

    meeting: str = ""
    chairs: tuple[str, ...] = ()
    vice_chairs: tuple[str, ...] = ()
    moderators: tuple[str, ...] = ()
    conveners: tuple[str, ...] = ()
    secretariat: tuple[str, ...] = ()
    #: Labels as written -> slug: the metadata's reviewed ``speakers`` for this record.
    aliases: Mapping[str, str] = field(default_factory=dict)
    #: Labels as written -> reason: labels several people speak under (never attributed).
    unattributed: Mapping[str, str] = field(default_factory=dict)
    #: Records the meeting involves (its chairs, conveners, bodies, participants and their members).
    known: frozenset[str] = frozenset()
    #: The meeting's source files: a record citing one of them is known to the meeting too.
    sources: frozenset[str] = frozenset()

    def for_role(self, role: str) -> tuple[str, ...]:
        """The records that hold a meeting role: ``chair``, ``vice_chair``, ``moderator``,
        ``secretariat`` or ``convener``."""
        return {
            "chair": self.chairs,
            "vice_chair": self.vice_chairs,
            "moderator": self.moderators,
            "secretariat": self.secretariat,
            "convener": self.conveners,
        }.get(role, ())

    def alias(self, text_key: str) -> str | None:
        return next((slug for label, slug in self.aliases.items() if key(label) == text_key), None)

    def unattributed_reason(self, written: str) -> str | None:
        """Compared as written (case and spacing aside): "EU ?" is left unattributed, "EU" is not."""
        return next(
            (why for label, why in self.unattributed.items() if _as_written(label) == _as_written(written)), None
        )

    def knows(self, slug: str, tables: NameTables) -> bool:
        """Whether the meeting involves this record, by the facts or by a source they share."""
        return slug in self.known or bool(tables.cited.get(slug, frozenset()) & self.sources)

    @classmethod
    def from_records(
        cls,
        records: RecordSet,
        tables: NameTables,
        meeting: str = "",
        meta: MeetingMeta | None = None,
        *,
        moderators: tuple[str, ...] = (),
        with_speakers: bool = True,
    ) -> MeetingContext:
        """The context of ``meeting`` (a meeting record's slug) and its metadata file.
        ``with_speakers=False`` leaves out the metadata's ``speakers`` table, to measure what the
        records alone resolve."""
        record = records.records.get(meeting)
        chairs = _refs(record, "chaired_by")
        conveners = _unique(_refs(record, "convened_by") + ([meta.convened_by] if meta and meta.convened_by else []))
        bodies = _refs(record, "meeting_of")
        secretariat = _secretariats(records, bodies + conveners)
        sources = _refs(record, "recorded_in") + ([meta.source] if meta else [])
        involved = {*chairs, *conveners, *bodies, *secretariat, *moderators, *_refs(record, "participants")}
        return cls(
            meeting=meeting,
            chairs=tuple(chairs),
            moderators=moderators,
            conveners=tuple(conveners),
            secretariat=tuple(secretariat),
            aliases=dict(meta.speakers) if meta and with_speakers else {},
            unattributed=dict(meta.unattributed_labels) if meta else {},
            known=frozenset(involved | members_of(tables, involved)),
            sources=frozenset(sources),
        )


def _as_written(label: str) -> str:
    return " ".join(label.split()).casefold()


def _refs(record: Record | None, name: str) -> list[str]:
    return [str(value) for value in record.get(name)] if record is not None else []


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))


_SECRETARIAT_WORDS = re.compile(r"\b(?:secretariat|of|the)\b")


def _secretariats(records: RecordSet, bodies: list[str]) -> list[str]:
    """The secretariat of the meeting's body or convener: a ``secretariat`` record whose parent is
    one of them, or whose name is one of theirs with "Secretariat" ("CSTD Secretariat",
    "Secretariat of the CSTD")."""
    names = {key(str(v)) for b in bodies if b in records for f in ("label", "alt_labels") for v in records[b].get(f)}
    found: list[str] = []
    for record in records.of_kind("bodies"):
        if record.type != "secretariat":
            continue
        parents = set(_refs(record, "parent"))
        own = {" ".join(_SECRETARIAT_WORDS.sub(" ", name).split()) for name in _keys(record)}
        if parents & set(bodies) or own & names:
            found.append(record.id)
    return found


def _keys(record: Record) -> list[str]:
    return [key(str(v)) for f in ("label", "alt_labels") for v in record.get(f)]
