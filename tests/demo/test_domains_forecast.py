"""The demo's planning domains and Dresden's real population forecast (issue 18, items 1–2)."""

from __future__ import annotations

import pytest

from sozialplanung.areas.domains import DEFAULT_DOMAINS
from sozialplanung.areas.models import IndicatorValue
from sozialplanung.core.models import Municipality, User
from sozialplanung.needs.compute import chosen_analysis
from sozialplanung.needs.forecast import forecast_options

pytestmark = pytest.mark.django_db

VARIANT = "Bevölkerungsprognose der Landeshauptstadt Dresden (gerundet)"


def test_every_domain_has_gaps_and_the_forecast_is_dresdens(full_demo):
    dresden = Municipality.objects.get(slug="dresden")
    planner = User.objects.get(username="planung")
    for slug, _name in DEFAULT_DOMAINS:
        analysis = chosen_analysis(dresden, {"bereich": slug}, planner)
        assert analysis is not None and analysis.category.domain.slug == slug
        assert analysis.ranked, slug
    # SOURCES.md: 2030, StB 6 Leuben = 38,350; the city is the sum of the ten Bezirke.
    leuben = IndicatorValue.all_variants.get(
        indicator__municipality=dresden,
        indicator__slug="einwohner",
        area__level__slug="stadtbezirk",
        area__code="6",
        period="2030",
    )
    assert (leuben.value, leuben.variant) == (38_350, VARIANT)
    assert forecast_options(dresden) == [(str(y), VARIANT) for y in range(2025, 2041)]
    # Observed readers are untouched: the newest observed residents are still 2024's.
    observed = IndicatorValue.objects.filter(indicator=leuben.indicator, area=leuben.area)
    assert max(observed.values_list("period", flat=True)) == "2024"
