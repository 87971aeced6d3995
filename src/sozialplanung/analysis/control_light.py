"""The traffic light of the periodic resolution-control report, and its reporting periods.

A resolution item is judged at one day, the report's *as-of* day (the period's last day,
or today while the period runs):

- **done**: its latest status report finishes it (``finished_on`` is set);
- **overdue**: its control date lies before the as-of day;
- **due soon**: its control date lies within ``soon_days`` days from the as-of day
  (the as-of day itself counts: due today is due soon, not overdue);
- **on time**: anything later.

Days overdue are counted from the control date to the as-of day, 0 unless overdue.

Periods are a quarter (``2025-Q3``), a half-year (``2025-H2``) or a year (``2025``).
Nothing here reads a clock: the caller passes the day.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum


class Light(StrEnum):
    ON_TIME = "on_time"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    DONE = "done"


def traffic_light(
    due: dt.date, finished_on: dt.date | None, as_of: dt.date, soon_days: int
) -> Light:
    if finished_on is not None:
        return Light.DONE
    if due < as_of:
        return Light.OVERDUE
    if (due - as_of).days <= soon_days:
        return Light.DUE_SOON
    return Light.ON_TIME


def days_overdue(due: dt.date, as_of: dt.date) -> int:
    return max((as_of - due).days, 0)


PERIOD_RE = re.compile(r"^(?P<year>\d{4})(?:-(?P<kind>[QH])(?P<number>\d))?$")
#: Months per period kind: quarter, half-year, year.
MONTHS = {"Q": 3, "H": 6, "": 12}


@dataclass(frozen=True)
class ReportPeriod:
    """A quarter, half-year or year; ``kind`` is "Q", "H" or "" (the whole year)."""

    year: int
    kind: str = ""
    number: int = 1

    @classmethod
    def parse(cls, text: str) -> ReportPeriod:
        """ "2025-Q3", "2025-H2" or "2025"; anything else raises ``ValueError``."""
        match = PERIOD_RE.match(text.strip().upper())
        if not match:
            raise ValueError(text)
        kind = match["kind"] or ""
        number = int(match["number"] or 1)
        if not 1 <= number <= 12 // MONTHS[kind]:
            raise ValueError(text)
        return cls(int(match["year"]), kind, number)

    @classmethod
    def containing(cls, day: dt.date, kind: str) -> ReportPeriod:
        """The period of ``kind`` that ``day`` falls in."""
        return cls(day.year, kind, (day.month - 1) // MONTHS[kind] + 1)

    @property
    def key(self) -> str:
        return f"{self.year}-{self.kind}{self.number}" if self.kind else str(self.year)

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, (self.number - 1) * MONTHS[self.kind] + 1, 1)

    @property
    def end(self) -> dt.date:
        month = self.number * MONTHS[self.kind]
        return dt.date(self.year, month, calendar.monthrange(self.year, month)[1])

    def as_of(self, today: dt.date) -> dt.date:
        """The day the report judges: the period's end, or today while it runs."""
        return min(self.end, today)

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end
