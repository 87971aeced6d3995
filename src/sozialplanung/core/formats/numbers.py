"""Numbers and amounts as German offices write them: 1.234,5 and "250.000 €".

Formatting follows the active language (English gets 1,234.5), so the same templates
serve both; Django's ``number_format`` does the grouping.

Parsing does not follow the active language: an office types German numbers whatever
language the interface speaks, and files are written by machines. Django's
``sanitize_separators`` reads by the active locale and drops every thousands separator
without looking at the groups, so "12.5" would become 125; hence the one parser here.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal

from django.utils.formats import number_format

from sozialplanung.core.suppression import Suppressed, html_marker

# Decimal comma; points only between groups of three digits: "1.234,5", "1234,5", "-3".
_COMMA = re.compile(r"[+-]?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?")
# Decimal point; commas only between groups of three; an exponent: "1,234.5", "1e3", ".5".
_POINT = re.compile(r"[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?([eE][+-]?\d+)?|[+-]?\.\d+")
# Spaces people and spreadsheets put between thousands: "250 000".
_SPACES = str.maketrans("", "", " \u00a0\u202f")


def parse_decimal(text: str, *, machine_written: bool = False) -> Decimal | None:
    """The number in ``text``, None when it is empty; ValueError for anything else.

    A comma is the decimal mark and points are then thousands separators ("1.234,5"),
    unless the number reads as English with commas between thousands ("1,234.5").
    The one ambiguous case is a lone point before three digits, "250.000": a person
    typing German means 250000; a machine (a file, a browser's coordinates) writes a
    decimal point, so ``machine_written=True`` reads it as 250.0. "−" counts as minus.
    "nan", "inf" and numbers too large for a float ("1e999") are ValueErrors.
    """
    value = text.translate(_SPACES).replace("\u2212", "-")
    if not value:
        return None
    lone_point = value.count(".") == 1 and "," not in value
    if _COMMA.fullmatch(value) and not (machine_written and lone_point):
        return Decimal(value.replace(".", "").replace(",", "."))
    if _POINT.fullmatch(value):
        number = Decimal(value.replace(",", ""))
        # "1e999" is a valid Decimal, but as the float every calculation and the
        # database use it is infinite; no number anyone means is that large.
        if not math.isfinite(float(number)):
            raise ValueError(text)
        return number
    raise ValueError(text)


def cents(value: Decimal | float | int) -> Decimal:
    """An amount rounded to the cent, as the database's ``Decimal(12, 2)`` keeps it."""
    return Decimal(str(value)).quantize(Decimal("0.01"))


def de_number(value: float | int | Suppressed | None, decimals: int | str = 0) -> str:
    """A number with thousands separators and ``decimals`` places; "–" for none.

    A withheld value (``core.suppression.SUPPRESSED``) prints as "•" with its accessible
    explanation, never as a number.
    """
    if isinstance(value, Suppressed):
        return html_marker()
    if value is None or value == "":
        return "–"
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    places = int(decimals)
    return number_format(round(number, places), places, use_l10n=True, force_grouping=True)


def euro(value: float | int | None) -> str:
    """An amount in euro: "1.234,50 €"."""
    if value is None or value == "":
        return "–"
    return f"{de_number(value, 2)}\u00a0€"


def euro_whole(value: float | int | None) -> str:
    """A budget amount in whole euro: "250.000 €"."""
    if value is None or value == "":
        return "–"
    return f"{de_number(round(float(value)), 0)}\u00a0€"


def share_of(value: float | int | None, whole: float | int | None) -> str:
    """``value`` as a percentage of ``whole`` (0–100) for CSS widths, with a point."""
    if not value or not whole:
        return "0"
    return f"{max(0.0, min(100.0, float(value) / float(whole) * 100)):.1f}"
