"""Opening hours as offices write them: "Mo-Fr 11:00-14:00; Sa 10:00-12:00".

Parts are separated by semicolons; each part names days (single days "Mo", ranges
"Mo-Fr", lists "Mo, Mi") followed by one or more time ranges ("9-12, 13:30-16:00").
Weekdays count from 0 = Monday, as ``OpeningHours.Weekday``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

DAYS = ("mo", "di", "mi", "do", "fr", "sa", "so")
DAY_NAMES = ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So")
# Long forms and English abbreviations are accepted as well.
_DAY_ALIASES = {
    **{d: i for i, d in enumerate(DAYS)},
    **{d: i for i, d in enumerate(("mon", "die", "mit", "don", "fre", "sam", "son"))},
    "tu": 1,
    "we": 2,
    "th": 3,
    "su": 6,
}
_DASH = r"\s*[-–—]\s*"
_TIME = r"\d{1,2}(?:[:.]\d{2})?"
_RANGE = re.compile(rf"^({_TIME}){_DASH}({_TIME})(?:\s*uhr)?$", re.IGNORECASE)


@dataclass(frozen=True, order=True)
class Slot:
    weekday: int
    opens: dt.time
    closes: dt.time


def _day(token: str) -> int:
    key = token.strip().rstrip(".").lower()
    for candidate in (key, key[:3], key[:2]):
        if candidate in _DAY_ALIASES:
            return _DAY_ALIASES[candidate]
    raise ValueError(f"„{token.strip()}“ ist kein Wochentag (Mo, Di, Mi, Do, Fr, Sa, So)")


def _time(text: str) -> dt.time:
    hour, _, minute = text.replace(".", ":").partition(":")
    h, m = int(hour), int(minute or 0)
    if h == 24 and m == 0:
        return dt.time(23, 59)
    if not (0 <= h < 24 and 0 <= m < 60):
        raise ValueError(f"„{text}“ ist keine Uhrzeit")
    return dt.time(h, m)


def _days(text: str) -> list[int]:
    days: list[int] = []
    for item in re.split(r"\s*[,/]\s*|\s+und\s+|\s+", text.strip()):
        if not item:
            continue
        if re.search(_DASH, item):
            first, last = re.split(_DASH, item, maxsplit=1)
            start, end = _day(first), _day(last)
            span = range(start, end + 1) if start <= end else [*range(start, 7), *range(end + 1)]
            days.extend(span)
        else:
            days.append(_day(item))
    if not days:
        raise ValueError("Wochentage fehlen")
    return days


def parse_opening_hours(text: str) -> list[Slot]:
    """The weekly slots of a text; raises ValueError with a German message."""
    slots: set[Slot] = set()
    for part in re.split(r"\s*;\s*|\n", text.strip()):
        if not part:
            continue
        match = re.search(r"\d", part)
        if match is None:
            raise ValueError(f"„{part}“: Uhrzeit fehlt (z. B. „Mo-Fr 11:00-14:00“)")
        day_text, times_text = part[: match.start()].strip().rstrip(":"), part[match.start() :]
        days = _days(day_text)
        for piece in re.split(r"\s*[,+&]\s*|\s+und\s+", times_text.strip()):
            found = _RANGE.match(piece.strip())
            if found is None:
                raise ValueError(f"„{piece}“ ist keine Zeitspanne (z. B. „11:00-14:00“)")
            opens, closes = _time(found.group(1)), _time(found.group(2))
            if closes <= opens:
                raise ValueError(f"„{piece}“: Ende liegt nicht nach dem Beginn")
            slots.update(Slot(day, opens, closes) for day in days)
    return sorted(slots)


def format_opening_hours(slots: list[Slot]) -> str:
    """The inverse of ``parse_opening_hours``: "Mo-Fr 11:00-14:00; Sa 10:00-12:00"."""
    by_times: dict[tuple[dt.time, dt.time], list[int]] = {}
    for slot in sorted(slots):
        by_times.setdefault((slot.opens, slot.closes), []).append(slot.weekday)
    parts = []
    for (opens, closes), days in sorted(by_times.items(), key=lambda kv: (kv[1][0], kv[0])):
        parts.append(f"{_day_list(days)} {opens:%H:%M}-{closes:%H:%M}")
    return "; ".join(parts)


def _day_list(days: list[int]) -> str:
    runs: list[list[int]] = []
    for day in sorted(set(days)):
        if runs and runs[-1][-1] == day - 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    return ", ".join(
        f"{DAY_NAMES[r[0]]}-{DAY_NAMES[r[-1]]}"
        if len(r) > 2
        else ", ".join(DAY_NAMES[d] for d in r)
        for r in runs
    )
