"""Periods of indicator values: "2023" (a year) or "2023-Q1" (a quarter)."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

PERIOD_RE = re.compile(r"^(?P<year>\d{4})(?:-Q(?P<quarter>[1-4]))?$")
# Accepted spellings of a quarter cell in office files: "1. Quartal", "1. Qu.", "Q1", "1".
_QUARTER_RE = re.compile(r"^\s*(?:Q\s*)?(?P<q>[1-4])\s*(?:\.\s*(?:Quartal|Qu\.?|Q)?)?\s*$", re.I)


class PeriodError(ValueError):
    pass


def normalise_period(year: str, quarter: str | None = None) -> str:
    """Canonical period text from a year cell and an optional quarter cell."""
    year = str(year).strip()
    if year.endswith(".0"):  # Excel writes years as floats
        year = year[:-2]
    if not re.fullmatch(r"\d{4}", year):
        match = PERIOD_RE.match(year)
        if match and quarter is None:
            return year
        raise PeriodError(_("“%(value)s” is not a year") % {"value": year})
    if quarter is None or str(quarter).strip() == "":
        return year
    match = _QUARTER_RE.match(str(quarter))
    if not match:
        raise PeriodError(_("“%(value)s” is not a quarter (1–4)") % {"value": quarter})
    return f"{year}-Q{match['q']}"


def period_label(period: str) -> str:
    """Human label: "2023" or "Q1 2023"."""
    match = PERIOD_RE.match(period)
    if match and match["quarter"]:
        return _("Q%(quarter)s %(year)s") % {"quarter": match["quarter"], "year": match["year"]}
    return period
