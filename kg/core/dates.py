"""Dates at the precision a source gives them: a year, a month or a day, never padded.

Used by every stage that reads or compares dates (records, queries' ``as_of``, lineage), so it
lives in ``core``.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date at the precision a source gives: a year, a month or a day. Never padded."""

    year: int
    month: int = 0
    day: int = 0

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; raise ValueError saying what is wrong.

        >>> PartialDate.parse("2010-12").datatype
        'gYearMonth'
        >>> PartialDate.parse("2024-02-30")
        Traceback (most recent call last):
        ...
        ValueError: impossible date '2024-02-30': February 2024 has 29 days
        """
        match = _DATE_RE.match(text)
        if not match:
            raise ValueError(f"malformed date {text!r}: write YYYY, YYYY-MM or YYYY-MM-DD")
        year, month_s, day_s = match.groups()
        month = int(month_s) if month_s else 0
        day = int(day_s) if day_s else 0
        if month_s and not 1 <= month <= 12:
            raise ValueError(f"impossible date {text!r}: there is no month {month}")
        if day_s:
            days = calendar.monthrange(int(year), month)[1]
            if not 1 <= day <= days:
                name = calendar.month_name[month]
                raise ValueError(f"impossible date {text!r}: {name} {year} has {days} days")
        return cls(int(year), month, day)

    @property
    def datatype(self) -> str:
        """The XSD datatype local name for this precision."""
        if self.day:
            return "date"
        return "gYearMonth" if self.month else "gYear"

    @property
    def text(self) -> str:
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    def first_day(self) -> str:
        """The first day of the period this date names, ISO formatted."""
        return f"{self.year:04d}-{self.month or 1:02d}-{self.day or 1:02d}"

    def last_day(self) -> str:
        """The last day of the period this date names, ISO formatted."""
        month = self.month or 12
        day = self.day or calendar.monthrange(self.year, month)[1]
        return f"{self.year:04d}-{month:02d}-{day:02d}"

    def __str__(self) -> str:
        return self.text
