"""``{{ value|unit_label }}``: a capacity unit in the reader's language where the code
filled it in (offers.units), for units stored outside an offer category (a measure's)."""

from __future__ import annotations

from django import template

from sozialplanung.offers.units import unit_label

register = template.Library()
register.filter("unit_label", unit_label)
