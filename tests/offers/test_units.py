"""Every capacity unit the code fills in has a translation (offers.units, issue 16)."""

from __future__ import annotations

from django.utils import translation

from sozialplanung.offers.actions.inventory import DEFAULT_CATEGORIES
from sozialplanung.offers.models import OfferCategory
from sozialplanung.offers.units import CODE_UNITS, unit_label


def test_every_unit_the_code_fills_in_reads_in_english_and_stays_in_german():
    filled_in = {unit for _slug, _name, unit in DEFAULT_CATEGORIES}
    filled_in.add(OfferCategory._meta.get_field("unit").default)
    assert filled_in <= set(CODE_UNITS)
    for unit in filled_in:
        with translation.override("de"):
            assert unit_label(unit) == unit
        with translation.override("en"):
            assert unit_label(unit).isascii(), unit
    # A unit the municipality typed stays as typed, in either language.
    with translation.override("en"):
        assert unit_label("Plätze je Woche") == "Plätze je Woche"


def test_a_measures_capacity_unit_reads_through_the_same_filter():
    from django.template import Context, Template

    page = Template("{% load units %}{{ unit|unit_label }}")
    with translation.override("en"):
        assert page.render(Context({"unit": "Plätze"})) == "places"
        assert page.render(Context({"unit": "Plätze je Woche"})) == "Plätze je Woche"
