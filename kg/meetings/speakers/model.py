"""What speaker resolution gives: the record a label names, how that was decided, and how sure."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

#: ``exact``: a record's label or alternative label; ``alias``: the reviewed alias table
#: (kg/data/names.yaml) or the meeting metadata's ``speakers``; ``role``: a role word through the
#: meeting's chair, secretariat, moderator or convener; ``country``: a country name or code
#: through pycountry to the member state's record; ``fuzzy``: a near spelling (speech-recognition
#: slips) that no other record comes close to; ``ambiguous``: two or more records fit, or the
#: writer marked the label uncertain, or the metadata says several people speak under it;
#: ``unresolved``: no record fits; ``generic``: the label names nobody ("PARTICIPANT").
How = Literal["exact", "alias", "role", "country", "fuzzy", "ambiguous", "unresolved", "generic"]
RESOLVED: tuple[How, ...] = ("exact", "alias", "role", "country", "fuzzy")


@dataclass(frozen=True)
class Resolution:
    """``slug`` is set only for the ``RESOLVED`` ways; ``candidates`` are the records (slugs)
    that an ambiguous label could be, or for an unresolved label what a reviewer may want to see:
    near spellings' slugs, or the country's ISO name when igkg has no record of that country."""

    slug: str | None
    how: How
    confidence: float
    candidates: tuple[str, ...] = ()
    note: str = ""  # why, when it is not obvious: "co-chairs: the label does not say which"

    @property
    def resolved(self) -> bool:
        return self.slug is not None


def unresolved(candidates: tuple[str, ...] = (), note: str = "") -> Resolution:
    return Resolution(None, "unresolved", 0.0, candidates, note)


def ambiguous(candidates: tuple[str, ...], note: str = "") -> Resolution:
    return Resolution(None, "ambiguous", 0.0, tuple(sorted(set(candidates))), note)
