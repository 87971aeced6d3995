"""Numbers and periods as German offices write them: 1.234,5 and "Q1 2023".

Formatting follows the active language (English gets 1,234.5), so the same templates
serve both.
"""

from __future__ import annotations

from django import template
from django.utils.formats import number_format
from django.utils.safestring import SafeString

from sozialplanung.areas.periods import period_label as _period_label
from sozialplanung.core.suppression import Suppressed, html_marker

register = template.Library()


@register.filter
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


@register.filter
def euro(value: float | int | None) -> str:
    """An amount in euro: "1.234,50 €"."""
    if value is None or value == "":
        return "–"
    return f"{de_number(value, 2)}\u00a0€"


@register.filter
def euro_whole(value: float | int | None) -> str:
    """A budget amount in whole euro: "250.000 €"."""
    if value is None or value == "":
        return "–"
    return f"{de_number(round(float(value)), 0)}\u00a0€"


@register.filter
def share_of(value: float | int | None, whole: float | int | None) -> str:
    """``value`` as a percentage of ``whole`` (0–100) for CSS widths, with a point."""
    if not value or not whole:
        return "0"
    return f"{max(0.0, min(100.0, float(value) / float(whole) * 100)):.1f}"


@register.filter
def period_label(period: str) -> str:
    return _period_label(period)


@register.filter
def suppressed_marker(value: object) -> SafeString | object:
    """ "•" with its accessible explanation for a withheld value; other values unchanged."""
    return html_marker() if isinstance(value, Suppressed) else value
