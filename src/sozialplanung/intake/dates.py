"""German dates in every form council documents print them, to ``datetime.date``.

"26.03.2024", "26.3.24", "0 8. MRZ. 2022" (OCR split the day), "1 3. NOV. 2019",
"30. September 2025", "1. Okt. 2024", OCR's "3 0, SEP. 2013" and "19- JULI 2016", "März 2022" (month only: the first of the month,
reported as damaged so the caller can mark it uncertain).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTHS: dict[str, int] = {
    "januar": 1, "jan": 1, "jänner": 1, "jän": 1,
    "februar": 2, "feb": 2, "febr": 2,
    "märz": 3, "maerz": 3, "mär": 3, "mrz": 3, "marz": 3, "mar": 3,
    "april": 4, "apr": 4,
    "mai": 5,
    "juni": 6, "jun": 6,
    "juli": 7, "jul": 7,
    "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9,
    "oktober": 10, "okt": 10,
    "november": 11, "nov": 11,
    "dezember": 12, "dez": 12,
}  # fmt: skip

_MONTH_ALT = "|".join(sorted(MONTHS, key=len, reverse=True))
# A day may come split by OCR ("0 8.", "1 3."); the year may be two digits in numeric form.
_NUMERIC = re.compile(
    r"(?<![\d/])(?P<day>[0-3]?\d|[0-3] \d) ?\. ?(?P<month>[01]?\d) ?\. ?(?P<year>\d{4}|\d{2})(?![\d/])"
)
_WORDED = re.compile(
    rf"(?<![\d/])(?P<day>[0-3]?\d|[0-3] \d) ?[.,-]? ?(?P<month>{_MONTH_ALT})\b\.? ?(?P<year>\d{{4}})\b",
    re.IGNORECASE,
)
_MONTH_YEAR = re.compile(rf"\b(?P<month>{_MONTH_ALT})\b\.? ?(?P<year>\d{{4}})\b", re.IGNORECASE)


@dataclass(frozen=True)
class FoundDate:
    date: dt.date
    start: int
    end: int
    # True when the printed form needed repair (split digits) or lacks the day.
    damaged: bool
    # False for a month and year alone ("März 2022"): no date of a day.
    has_day: bool = True


def find_dates(text: str) -> list[FoundDate]:
    """Every date in the text, in order of appearance."""
    found: list[FoundDate] = []
    taken: list[tuple[int, int]] = []
    for pattern in (_WORDED, _NUMERIC, _MONTH_YEAR):
        for match in pattern.finditer(text):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            parsed = _parse_match(match)
            if parsed is None:
                continue
            has_day = match.groupdict().get("day") is not None
            found.append(FoundDate(parsed[0], match.start(), match.end(), parsed[1], has_day))
            taken.append((match.start(), match.end()))
    return sorted(found, key=lambda f: f.start)


def _parse_match(match: re.Match[str]) -> tuple[dt.date, bool] | None:
    groups = match.groupdict()
    raw_month = groups["month"]
    month = int(raw_month) if raw_month.isdigit() else MONTHS.get(raw_month.lower())
    if month is None:
        return None
    year = int(groups["year"])
    if year < 100:
        year += 2000 if year < 70 else 1900
    raw_day = groups.get("day")
    damaged = raw_day is None
    day = 1
    if raw_day is not None:
        damaged = " " in raw_day
        day = int(raw_day.replace(" ", ""))
    try:
        return dt.date(year, month, day), damaged
    except ValueError:
        return None


def parse_date(text: str) -> FoundDate | None:
    """The first date in ``text``, or None."""
    dates = find_dates(text)
    return dates[0] if dates else None


def iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None
