"""The one Django place of statistical confidentiality: who, which cells, how shown."""

from __future__ import annotations

import pickle

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template

from sozialplanung.analysis.suppression import table_groups
from sozialplanung.areas import actions
from sozialplanung.areas.models import IndicatorValue
from sozialplanung.areas.suppression import suppress_by_area, suppress_series, suppress_values
from sozialplanung.core.actions import create_municipality
from sozialplanung.core.models import User
from sozialplanung.core.suppression import (
    SUPPRESSED,
    Suppressed,
    csv_value,
    is_suppressed,
    json_value,
    needs_suppression,
    suppress_table,
)
from sozialplanung.core.visibility import Role
from tests.conftest import TEST

pytestmark = pytest.mark.django_db


@pytest.fixture
def two(areas, indicators):
    """Stadtteil 22 with 2 foreigners in 2023 (Bezirk 2: 21 has 22, 22 has 2)."""
    actions.set_indicator_values(
        indicators["auslaender"], {(areas["22"].id, "2023"): 2}, acting_user=TEST
    )
    return areas


def test_who_gets_suppressed_values(users, municipality):
    assert needs_suppression(AnonymousUser(), municipality)
    assert needs_suppression(None)
    assert needs_suppression(users[Role.TRAEGER], municipality)
    for role in (Role.SOZIALPLANUNG, Role.FACHAMT, Role.STADTRAT, Role.ADMIN):
        assert not needs_suppression(users[role], municipality), role


def test_staff_of_another_municipality_get_suppressed_values(users, municipality):
    other = create_municipality("anderstadt", "Anderstadt", acting_user=TEST)
    assert needs_suppression(users[Role.SOZIALPLANUNG], other)
    assert not needs_suppression(users[Role.ADMIN], other)
    inactive = User.objects.create_user("alt", role=Role.SOZIALPLANUNG, municipality=municipality)
    inactive.is_active = False
    assert needs_suppression(inactive, municipality)


def test_hand_computed_cells_for_the_public(two, levels, indicators):
    ausl = indicators["auslaender"]
    values = {two[c].id: v for c, v in {"11": 110, "12": 330, "21": 22, "22": 2}.items()}
    shown = suppress_values(ausl, levels["stadtteil"], "2023", values, AnonymousUser())
    # 22 (2 < 3) and its only sibling 21 (else Bezirk 2 − 21 gives 22).
    assert {c for c in ("11", "12", "21", "22") if is_suppressed(shown[two[c].id])} == {"21", "22"}
    assert shown[two["12"].id] == 330
    # The Bezirke and the city stay visible: both Bezirk 2 cells are hidden.
    bezirke = {two[c].id: 0.0 for c in ("1", "2")}
    assert not any(
        map(
            is_suppressed,
            suppress_values(ausl, None, "2023", bezirke, AnonymousUser()).values(),
        )
    )
    share = suppress_values(indicators["auslaenderanteil"], None, "2023", values, AnonymousUser())
    assert {a for a, v in share.items() if is_suppressed(v)} == {two["21"].id, two["22"].id}


def test_internal_users_get_their_input_back(two, users, indicators, levels):
    values = {two["22"].id: 2.0}
    assert suppress_values(
        indicators["auslaender"], levels["stadtteil"], "2023", values, users[Role.FACHAMT]
    ) == {two["22"].id: 2.0}


def test_thresholds_come_from_the_settings(two, levels, indicators, settings):
    settings.SUPPRESS_MIN_CELL = 25
    values = {two["21"].id: 22.0, two["11"].id: 110.0, two["12"].id: 330.0}
    shown = suppress_values(indicators["auslaender"], None, "2023", values, AnonymousUser())
    # 21 (22) and Bezirk 2 (24) fall below 25; Bezirk 2 alone under the city takes
    # Bezirk 1 with it, and Bezirk 1 alone over its Stadtteile takes 11 (the smaller).
    assert is_suppressed(shown[two["21"].id]) and is_suppressed(shown[two["11"].id])
    assert shown[two["12"].id] == 330.0
    settings.SUPPRESS_MIN_CELL = 3
    settings.SUPPRESS_MIN_POPULATION = 500  # Stadtteil 21 has 440 residents in 2023
    shown = suppress_values(indicators["einwohner"], None, "2023", {two["21"].id: 440.0}, None)
    assert is_suppressed(shown[two["21"].id])


def test_series_over_periods_and_indicators(two, indicators, django_assert_max_num_queries):
    rows = list(
        IndicatorValue.objects.filter(area=two["22"]).select_related("indicator").order_by("id")
    )
    with django_assert_max_num_queries(1):
        shown = suppress_series(rows, AnonymousUser())
    withheld = {(r.indicator.slug, r.period) for r, v in shown if is_suppressed(v)}
    assert withheld == {("auslaender", "2023"), ("auslaenderanteil", "2023")}


def test_results_computed_from_indicators(two, municipality, indicators):
    gap = {two[c].id: 1.5 for c in ("11", "12", "21", "22")}
    shown = suppress_by_area(
        municipality, gap, None, period="2023", depends_on=[indicators["auslaender"]]
    )
    assert {a for a, v in shown.items() if is_suppressed(v)} == {two["21"].id, two["22"].id}


def test_a_table_with_row_and_column_totals(municipality):
    table = [2, 10, 12, 5, 7, 12, 7, 17, 24]  # 2 × 2 with margins
    shown = suppress_table(table, table_groups(2, 2), None, municipality=municipality)
    assert [is_suppressed(v) for v in shown] == [True, True, False, True, True, False] + [False] * 3


def test_how_a_withheld_value_shows():
    assert str(SUPPRESSED) == "•" and not SUPPRESSED and Suppressed() is SUPPRESSED
    assert pickle.loads(pickle.dumps(SUPPRESSED)) is SUPPRESSED
    assert json_value(SUPPRESSED) == {"value": None, "suppressed": True}
    assert json_value(0.0) == {"value": 0.0, "suppressed": False}
    assert csv_value(SUPPRESSED) == "•" and csv_value(0.0) == "0" and csv_value(None) == ""
    html = Template("{% load numbers %}{{ v|de_number:1 }}|{{ v }}").render(
        Context({"v": SUPPRESSED})
    )
    assert html.count("•") == 2 and "0" not in html
    assert 'title="' in html and 'class="visually-hidden"' in html
