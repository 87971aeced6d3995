"""Forecast values and the gap analysis of a forecast year, on the Teststadt.

Teststadt (tests/conftest.py): residents 2022 = 1000, 2000, 400, 600 and 2023 = 1100,
2200, 440, 660 in the Stadtteile 11, 12 (Bezirk 1) and 21, 22 (Bezirk 2). The forecast
imported here gives the Bezirke for 2030: Bezirk 1 3,630 (3,300 today: × 1.1), Bezirk 2
880 (1,100 today: × 0.8).
"""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.utils import translation

from sozialplanung.areas import actions as area_actions
from sozialplanung.areas import queries
from sozialplanung.areas.domains import seed_default_domains
from sozialplanung.areas.importers import IndicatorMapping, import_indicators
from sozialplanung.areas.importers.mapping import ValueColumn
from sozialplanung.areas.models import IndicatorValue
from sozialplanung.core.visibility import Role
from sozialplanung.needs import actions
from sozialplanung.needs.compute import analyse
from sozialplanung.needs.forecast import ForecastYear, forecast_options
from tests.conftest import TEST

from ..offers.conftest import (  # noqa: F401
    categories,
    offers,
    providers,
    target_groups,
)

pytestmark = pytest.mark.django_db

VARIANT = "Testprognose"


@pytest.fixture
def params(categories, indicators, offers):  # noqa: F811
    return actions.set_category_parameters(
        categories["mittagstisch"],
        richtwert=50.0,
        target_indicator=indicators["einwohner"],
        catchment_m=800,
        acting_user=TEST,
    )


@pytest.fixture
def forecast(tmp_path, municipality, indicators):
    """Through the importer, as a city loads its forecast: a variant in the mapping."""
    path = tmp_path / "prognose.csv"
    path.write_text("Bezirk;Jahr;Einwohner\n1;2030;3630\n2;2030;880\n", encoding="utf-8")
    mapping = IndicatorMapping(
        layout="wide",
        area_column="Bezirk",
        area_level="stadtbezirk",
        period_column="Jahr",
        values=[ValueColumn("einwohner", "Einwohner")],
        variant=VARIANT,
    )
    import_indicators(path, municipality=municipality, mapping=mapping, acting_user=TEST)
    return indicators["einwohner"]


def test_observed_readers_ignore_forecast_values(forecast, municipality, areas, client_for):
    # Stored beside the observed values, rolled up on their own (city = 3,630 + 880).
    city = IndicatorValue.all_variants.get(indicator=forecast, area=areas["0"], variant=VARIANT)
    assert (city.period, city.value) == ("2030", 4510)
    assert forecast_options(municipality) == [("2030", VARIANT)]
    # Observed readers: periods, the indicator page's newest period, the area page.
    assert queries.periods(forecast) == ["2022", "2023"]
    planner = client_for(Role.SOZIALPLANUNG)
    page = planner.get(f"/{municipality.slug}/indikatoren/einwohner/?ebene=stadtbezirk")
    assert page.context["period"] == "2023"
    assert sorted(r["value"] for r in page.context["ranking"]) == [1100, 3300]
    # A re-import of the observed values leaves the forecast alone, and the other way round.
    area_actions.set_indicator_values(forecast, {(areas["11"].id, "2030"): 1.0}, acting_user=TEST)
    in_2030 = IndicatorValue.all_variants.filter(indicator=forecast, period="2030")
    assert (in_2030.filter(variant=VARIANT).count(), in_2030.filter(variant="").count()) == (3, 1)


def test_forecast_year_equals_a_fresh_analysis_of_replaced_target_values(
    forecast, params, municipality, areas, levels, users
):
    planner = users[Role.SOZIALPLANUNG]
    varied = analyse(
        municipality, params.category, planner, levels["stadtteil"], ForecastYear("2030", VARIANT)
    )
    assert varied.variation.label and "2030" in varied.variation.label
    # By hand: each Stadtteil's residents 2023 times its Bezirk's growth to 2030.
    by_hand = {"11": 1100 * 1.1, "12": 2200 * 1.1, "21": 440 * 0.8, "22": 660 * 0.8}
    area_actions.set_indicator_values(
        forecast, {(areas[c].id, "2023"): v for c, v in by_hand.items()}, acting_user=TEST
    )
    cache.clear()
    fresh = analyse(municipality, params.category, planner, levels["stadtteil"])
    assert fresh.target_period == varied.target_period == "2023"
    for area_id, gap in fresh.gaps.items():
        other = varied.gaps[area_id]
        assert other.coverage.target == pytest.approx(gap.coverage.target)
        assert other.accessibility == pytest.approx(gap.accessibility)
        assert other.score == pytest.approx(gap.score)
        assert other.rank == gap.rank
    assert varied.gaps[areas["21"].id].coverage.target == pytest.approx(352)


def test_trend_projection_stands_in_without_forecast(params, municipality, areas, levels, users):
    # 11: 1000 (2022) → 1100 (2023), +100 a year: 1,300 in 2025.
    trend = ForecastYear("2025")
    result = analyse(municipality, params.category, users[Role.SOZIALPLANUNG], None, trend)
    assert result.gaps[areas["11"].id].coverage.target == pytest.approx(1300)
    with translation.override("de"):
        assert ForecastYear("2025").label == "2025 – Trendfortschreibung"


def test_gap_page_shows_the_change_and_filters_by_domain(
    forecast, params, municipality, client_for
):
    planner = client_for(Role.SOZIALPLANUNG)
    base = f"/{municipality.slug}/bedarf/luecken/?kategorie=mittagstisch&ebene=stadtteil"
    page = planner.get(f"{base}&prognose=2030|{VARIANT}")
    assert page.context["forecast"] == ForecastYear("2030", VARIANT)
    rows = page.context["analysis"].rows
    change = {r.area.code: r.score_change for r in rows}
    assert change == {r.area.code: round(r.gap.score) - round(r.today.gap.score) for r in rows}
    assert b'data-testid="score-change"' in page.content
    csv_text = planner.get(
        f"/{municipality.slug}/bedarf/luecken/csv?kategorie=mittagstisch&prognose=2030|{VARIANT}"
    ).content.decode("utf-8-sig")
    assert VARIANT in csv_text
    # Mittagstisch has no planning domain here: a domain filter leaves no category.
    seed_default_domains(municipality, acting_user=TEST)
    other = planner.get(f"{base}&bereich=jobcenter")
    assert other.context.get("analysis") is None
