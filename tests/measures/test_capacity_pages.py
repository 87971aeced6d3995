# ruff: noqa: F811  (fixtures are imported; pytest passes them by name)
"""Capacity against forecasts: the balance per year by hand, which measures count, access.

Forecast "Unterbringung Geflüchteter": demand 680 (2024), 700 (2025), 720 (2026), 650
(2027); 560 places exist from 2025 on (2024 unknown). Measures: "Gemeinschaftsunterkunft
Nord" +80 from 2025-Q3, "Wohnungsverbund Süd" +50 from 2026-Q1; "Notunterkunft Turnhalle"
(+100) is dropped and "Wohnprojekt ohne Termin" (+20) has no start quarter: both not
counted. Balanced means within ±5 % of the demand.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.utils import translation

from sozialplanung.core.visibility import Role, Visibility
from sozialplanung.measures import actions
from sozialplanung.measures.capacity import capacity_overview
from tests.conftest import TEST
from tests.measures.budget_fixtures import capacity_data  # noqa: F401

URL = "/teststadt/massnahmen/haushalt/kapazitaet/"


def de(msgid: str) -> str:
    with translation.override("de"):
        return translation.gettext(msgid)


def year_row(html: str, year: int) -> list[str]:
    row = re.search(rf'<tr class="status-(\w+)" data-year="{year}">(.*?)</tr>', html, re.S)
    assert row, year
    cells = re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row[2], re.S)
    return [row[1]] + [re.sub(r"<[^>]+>", "", c).strip() for c in cells]


@pytest.mark.django_db
def test_balance_per_year_by_hand(capacity_data, users):
    (block,) = capacity_overview(capacity_data["forecast"].municipality, users[Role.SOZIALPLANUNG])
    got = {
        r.year: (r.demand, r.existing, r.added, r.capacity, r.balance, r.status) for r in block.rows
    }
    assert got == {
        # No existing capacity known yet: no balance, although Nord is not running yet.
        2024: (680, None, 0, None, None, "unknown"),
        # 560 + 80 = 640; 640 − 700 = −60; |−60| > 5 % × 700 = 35: too few places.
        2025: (700, 560, 80, 640, -60, "under"),
        # 560 (carried forward) + 80 + 50 = 690; 690 − 720 = −30 ≤ 36: balanced.
        2026: (720, 560, 130, 690, -30, "balanced"),
        # 690 − 650 = +40 > 32.5: more than needed.
        2027: (650, 560, 130, 690, 40, "over"),
    }
    assert {m.title for m in block.counted} == {
        "Gemeinschaftsunterkunft Nord",
        "Wohnungsverbund Süd",
    }
    assert {m.title for m, _why in block.not_counted} == {
        "Notunterkunft Turnhalle",
        "Wohnprojekt ohne Termin",
    }
    running_2026 = {m.title: places for m, places in block.rows[2].measures}
    assert running_2026 == {"Gemeinschaftsunterkunft Nord": 80, "Wohnungsverbund Süd": 50}


@pytest.mark.django_db
def test_capacity_page(capacity_data, client_for):
    response = client_for(Role.SOZIALPLANUNG).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Unterbringung Geflüchteter" in html
    assert year_row(html, 2025) == [
        "under",
        "2025",
        "700",
        "560",
        "80",
        "640",
        "-60",
        de("too few places"),
    ]
    assert year_row(html, 2027)[6:] == ["+40", de("more than needed")]
    assert year_row(html, 2026)[-1] == de("balanced")
    assert year_row(html, 2024)[3] == de("unknown")
    # The measures running in 2026 are listed with their places.
    assert "Gemeinschaftsunterkunft Nord (+80); Wohnungsverbund Süd (+50)" in html
    not_counted = re.search(r'data-testid="not-counted">(.*?)</p>', html, re.S)[1]
    assert "Notunterkunft Turnhalle" in not_counted and "Wohnprojekt ohne Termin" in not_counted
    assert 'data-chart="lines"' in html


@pytest.mark.django_db
def test_thousands_are_grouped(capacity_data, client_for):
    actions.save_forecast(
        capacity_data["forecast"].municipality,
        "Unterbringung Geflüchteter",
        unit="Plätze",
        years={2025: (3500, 2400)},
        acting_user=TEST,
    )
    html = client_for(Role.SOZIALPLANUNG).get(URL).content.decode()
    # 2 400 + 80 = 2 480; 2 480 − 3 500 = −1 020
    assert year_row(html, 2025)[2:7] == ["3.500", "2.400", "80", "2.480", "-1.020"]


@pytest.mark.django_db
def test_access(capacity_data, client_for):
    assert Client().get(URL).status_code == 302
    traeger = client_for(Role.TRAEGER).get(URL)
    assert traeger.status_code == 404
    assert "Unterbringung" not in traeger.content.decode()
    assert client_for(Role.FACHAMT).get(URL).status_code == 200


@pytest.mark.django_db
def test_confidential_forecast_is_hidden_from_the_fachamt(capacity_data, client_for):
    actions.save_forecast(
        capacity_data["forecast"].municipality,
        "Unterbringung Geflüchteter",
        visibility=Visibility.CONFIDENTIAL,
        years={},
        acting_user=TEST,
    )
    fachamt = client_for(Role.FACHAMT).get(URL).content.decode()
    assert "Unterbringung Geflüchteter" not in fachamt and "Gemeinschaftsunterkunft" not in fachamt
    assert "Unterbringung Geflüchteter" in client_for(Role.STADTRAT).get(URL).content.decode()
