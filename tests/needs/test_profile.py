"""The area profile (Steckbrief) of 61 Leuben in the Dresden demo: page, PDF, city
comparison against the source rows, comparable areas and the suppression the pages apply."""

from __future__ import annotations

import math
import re

import pytest
from django.test import Client

from sozialplanung.areas.models import Area, Indicator, IndicatorValue
from sozialplanung.core.formats.numbers import de_number
from sozialplanung.core.models import User
from sozialplanung.needs.compute import analyse, parameterised_categories
from sozialplanung.needs.profile import area_profile
from sozialplanung.needs.profile_comparable import comparable_areas, profile_comparison
from sozialplanung.needs.profile_pdf import typst_source

pytestmark = pytest.mark.django_db

PAGE = "/dresden/bedarf/steckbrief/stadtteil/61/"


@pytest.fixture
def leuben(full_demo) -> Area:
    return Area.objects.select_related("level", "municipality").get(
        municipality__slug="dresden", level__slug="stadtteil", code="61"
    )


def test_leuben_pdf_carries_the_city_minimum_mean_and_maximum(leuben: Area) -> None:
    planner = User.objects.get(username="planung")  # sees true values: no area left out
    indicator = Indicator.objects.get(municipality=leuben.municipality, slug="auslaenderanteil")
    # The source: the newest period of Leuben, every Stadtteil with its own statistics.
    period = max(
        IndicatorValue.objects.filter(indicator=indicator, area=leuben).values_list(
            "period", flat=True
        )
    )
    values = list(
        IndicatorValue.objects.filter(
            indicator=indicator,
            period=period,
            area__level=leuben.level,
            area__reported_with__isnull=True,
        ).values_list("value", flat=True)
    )
    low, mean, high = min(values), sum(values) / len(values), max(values)

    profile = area_profile(leuben.municipality, leuben, planner)
    line = next(line for line in profile.indicators if line.indicator == indicator)
    assert line.period == period
    assert (line.spread.minimum, line.spread.maximum) == (low, high)
    assert line.spread.mean == pytest.approx(mean)
    choice, _found = profile_comparison(profile, {}, planner)
    source = typst_source(profile, choice, [])
    d = indicator.decimals
    row = f'"{indicator.name} (%)"], [#"{period}"], [#"{de_number(line.value, d)}"], '
    row += ", ".join(f'[#"{de_number(v, d)}"]' for v in (low, mean, high))
    assert row in source

    response = Client().get(PAGE + "pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "Steckbrief_dresden_stadtteil_61.pdf" in response["Content-Disposition"]


def test_public_profile_withholds_what_the_gap_page_withholds(leuben: Area) -> None:
    planner = User.objects.get(username="planung")
    public_client, planner_client = Client(), Client()
    planner_client.force_login(planner)
    page = public_client.get(PAGE).content.decode()
    assert 'href="/dresden/bedarf/steckbrief/stadtteil/61/pdf"' in page
    withheld = []
    for category in parameterised_categories(leuben.municipality):
        rows = analyse(leuben.municipality, category, None, leuben.level).rows
        if next(r for r in rows if r.area == leuben).withheld:
            withheld.append(category)
    assert withheld, "the demo withholds at least one of Leuben's gap scores from the public"
    for category in withheld:
        row = re.search(rf">{re.escape(category.name)}</a></th>(.*?)</tr>", page, re.S)
        assert row and re.findall(r'<td class="num">([^<]*)</td>', row.group(1)) == ["•", "•"]
        own = planner_client.get(PAGE).content.decode()
        row = re.search(rf">{re.escape(category.name)}</a></th>(.*?)</tr>", own, re.S)
        assert row and "•" not in row.group(1)
    area_page = public_client.get("/dresden/gebiete/stadtteil/61/").content.decode()
    assert f'href="{PAGE}"' in area_page


def test_comparable_areas_of_leuben_by_hand(leuben: Area) -> None:
    indicator = Indicator.objects.get(municipality=leuben.municipality, slug="auslaenderanteil")
    rows = dict(
        IndicatorValue.objects.filter(
            indicator=indicator,
            period="2024",
            area__level=leuben.level,
            area__reported_with__isnull=True,
        ).values_list("area__code", "value")
    )
    # One indicator: the distance is |difference| / (population) standard deviation.
    mean = sum(rows.values()) / len(rows)
    spread = math.sqrt(sum((v - mean) ** 2 for v in rows.values()) / len(rows))
    near = sorted((abs(v - rows["61"]) / spread, code) for code, v in rows.items() if code != "61")
    expected = [(d, code) for d, code in near if d <= 0.2]
    assert expected, "some Stadtteile lie near Leuben"

    planner = User.objects.get(username="planung")
    found = comparable_areas(leuben, [indicator], tolerance=0.2, user=planner)
    assert [c.area.code for c in found] == [code for _d, code in expected]
    assert [c.distance for c in found] == pytest.approx([d for d, _code in expected])


def test_a_tolerance_that_is_no_number_is_named_and_kept(leuben: Area) -> None:
    page = Client().get(PAGE + "?toleranz=viel&indikator=auslaenderanteil").content.decode()
    assert 'value="viel"' in page and 'aria-invalid="true"' in page
    assert "Bitte geben Sie die Toleranz" in page
