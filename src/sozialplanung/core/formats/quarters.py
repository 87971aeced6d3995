"""Quarters of measures and plans: stored as "2019-Q3", shown as "III/2019".

Dresden's letters name quarters in Roman numerals; forms accept both spellings.
"""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

QUARTER_RE = re.compile(r"^(?P<year>\d{4})-Q(?P<quarter>[1-4])$")
ROMAN = {"1": "I", "2": "II", "3": "III", "4": "IV"}
ROMAN_QUARTER_RE = re.compile(r"^(?P<roman>IV|I{1,3})\s*/\s*(?P<year>\d{4})$")
ROMAN_NUMBERS = {roman: int(digit) for digit, roman in ROMAN.items()}


def validate_quarter(value: str) -> None:
    if value and not QUARTER_RE.match(value):
        raise ValidationError(
            _("“%(value)s” is not a quarter; write it as 2019-Q3."), params={"value": value}
        )


def parse_quarter(text: str) -> str:
    """ "2025-Q3" or "III/2025" → "2025-Q3"; "" stays ""; anything else is an error."""
    value = text.strip().upper().replace(" ", "")
    if not value:
        return ""
    if QUARTER_RE.match(value):
        return value
    match = ROMAN_QUARTER_RE.match(value)
    if match:
        return f"{match['year']}-Q{ROMAN_NUMBERS[match['roman']]}"
    raise ValidationError(
        gettext("“%(value)s” is not a quarter; write it as 2025-Q3 or III/2025.")
        % {"value": text.strip()}
    )


def quarter_label(value: str) -> str:
    """ "2019-Q3" → "III/2019", the way Dresden's letters name quarters."""
    match = QUARTER_RE.match(value or "")
    if not match:
        return value or ""
    return f"{ROMAN[match['quarter']]}/{match['year']}"


def quarter_index(value: str) -> int | None:
    """ "2019-Q3" → a running quarter number (year × 4 + quarter − 1); None if empty."""
    match = QUARTER_RE.match(value or "")
    return int(match["year"]) * 4 + int(match["quarter"]) - 1 if match else None


def quarter_of(day: dt.date) -> int:
    """The running quarter number (see ``quarter_index``) of the quarter ``day`` lies in."""
    return day.year * 4 + (day.month - 1) // 3
