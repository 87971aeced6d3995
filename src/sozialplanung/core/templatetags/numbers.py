"""Numbers and periods as German offices write them: 1.234,5 and "Q1 2023".

``{% load numbers %}`` in every app's templates; the functions live in ``core.formats``.
"""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from sozialplanung.core.formats.numbers import de_number, euro, euro_whole, share_of
from sozialplanung.core.formats.periods import period_label
from sozialplanung.core.suppression import Suppressed, html_marker

register = template.Library()

for _filter in (de_number, euro, euro_whole, share_of, period_label):
    register.filter(_filter.__name__, _filter)


@register.filter
def suppressed_marker(value: object) -> SafeString | object:
    """ "•" with its accessible explanation for a withheld value; other values unchanged."""
    return html_marker() if isinstance(value, Suppressed) else value
