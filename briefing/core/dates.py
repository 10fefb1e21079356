"""Dates that carry only the precision that is known: ``1992``, ``2025-05``, ``2025-04-04``."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from briefing.core.text import describe_character

# ASCII digits only: Python's \d would also take fullwidth and Arabic-Indic digits.
PARTIAL_DATE_PATTERN = r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$"
FULL_DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
_PARTIAL_DATE = re.compile(PARTIAL_DATE_PATTERN.removeprefix("^").removesuffix("$"))

_MONTHS = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)


@dataclass(frozen=True, order=False, slots=True)
class PartialDate:
    """A calendar date of which the month and day may be unknown."""

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, exactly as written (ASCII digits,
        nothing around them); ValueError says what is wrong and how to write it."""
        match = _PARTIAL_DATE.fullmatch(text)
        if match is None:
            for char in text:
                if char.isdigit() and not char.isascii():
                    raise ValueError(
                        f"{text!r} has {describe_character(char)}, which is not one of the "
                        "digits 0-9; write dates with the digits 0-9"
                    )
            if text.strip() != text:
                raise ValueError(
                    f"{text!r} has spaces around the date; write the date alone, like 2025-04-04"
                )
            raise ValueError(
                f"{text!r} is not a date; "
                "write YYYY-MM-DD, or YYYY-MM or YYYY when only that is known"
            )
        year = int(match[1])
        month = int(match[2]) if match[2] else None
        day = int(match[3]) if match[3] else None
        if month is not None and not 1 <= month <= 12:
            raise ValueError(f"{text!r} has month {month:02d}; months run from 01 to 12")
        if day is not None and month is not None:
            import calendar  # here only: the reader gets its dates parsed and never needs it

            last = calendar.monthrange(year, month)[1]
            if not 1 <= day <= last:
                raise ValueError(
                    f"{text!r} is not a real date; "
                    f"{calendar.month_name[month]} {year} has {last} days"
                )
        return cls(year, month, day)

    @classmethod
    def from_date(cls, value: dt.date) -> PartialDate:
        """A full date (year, month and day) from a ``datetime.date``."""
        return cls(value.year, value.month, value.day)

    def __reduce__(self) -> tuple[type[PartialDate], tuple[int, int | None, int | None]]:
        # Quicker to unpickle than the generic way for frozen classes with slots.
        return (PartialDate, (self.year, self.month, self.day))

    @property
    def sort_key(self) -> tuple[int, int, int]:
        """``(year, month, day)`` with 0 for what is unknown: a partial date sorts before the full
        dates of its period."""
        # A partial date sorts before the full dates of the same period.
        return (self.year, self.month or 0, self.day or 0)

    @property
    def is_full(self) -> bool:
        """True when the day is known (and so the month)."""
        return self.day is not None

    def __lt__(self, other: PartialDate) -> bool:
        return self.sort_key < other.sort_key

    def __le__(self, other: PartialDate) -> bool:
        return self.sort_key <= other.sort_key

    def __gt__(self, other: PartialDate) -> bool:
        return self.sort_key > other.sort_key

    def __ge__(self, other: PartialDate) -> bool:
        return self.sort_key >= other.sort_key

    def __str__(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def human(self) -> str:
        """``4 Apr 2025``, ``May 2025`` or ``1992``."""
        if self.month is None:
            return str(self.year)
        if self.day is None:
            return f"{_MONTHS[self.month - 1]} {self.year}"
        return f"{self.day} {_MONTHS[self.month - 1]} {self.year}"
