"""Roll-up along the hierarchy, checked against sums and shares computed by hand."""

import pytest

from sozialplanung.analysis.rollup import AreaNode, IndicatorSpec, Origin, derive_values
from sozialplanung.areas import actions
from sozialplanung.areas.models import IndicatorValue
from tests.conftest import TEST


def value(indicator, area, period):
    return IndicatorValue.objects.get(indicator=indicator, area=area, period=period)


@pytest.mark.django_db
def test_counts_are_summed_and_shares_recomputed(areas, indicators):
    einw, _ausl, anteil = (
        indicators["einwohner"],
        indicators["auslaender"],
        indicators["auslaenderanteil"],
    )
    assert value(einw, areas["1"], "2022").value == 3000
    assert value(einw, areas["0"], "2022").value == 4000
    assert value(einw, areas["0"], "2022").origin == IndicatorValue.Origin.ROLLED_UP
    # Bezirk 2: 100 foreigners of 1000 residents = 10 %; the mean of the Stadtteil
    # shares (5 % and 13.3 %) would be 9.17 %: the share must not be averaged.
    assert value(anteil, areas["2"], "2022").value == pytest.approx(10.0)
    assert value(anteil, areas["0"], "2022").value == pytest.approx(500 / 4000 * 100)
    assert value(anteil, areas["21"], "2022").origin == IndicatorValue.Origin.COMPUTED


@pytest.mark.django_db
def test_reimport_changes_nothing(areas, indicators):
    einw = indicators["einwohner"]
    before = list(IndicatorValue.objects.order_by("pk").values_list("pk", "value", "origin"))
    count = actions.set_indicator_values(
        einw, {(areas["11"].id, "2022"): 1000.0, (areas["12"].id, "2022"): 2000.0}, acting_user=TEST
    )
    assert (count.created, count.updated, count.unchanged) == (0, 0, 2)
    assert (
        list(IndicatorValue.objects.order_by("pk").values_list("pk", "value", "origin")) == before
    )


@pytest.mark.django_db
def test_area_published_with_neighbour_does_not_block_rollup(areas, indicators):
    """Dresden counts Stadtteil 33 in 31: a Bezirk still sums when 33 has no value."""
    actions.set_reported_with(areas["22"], areas["21"], acting_user=TEST)
    einw = indicators["einwohner"]
    actions.set_indicator_values(einw, {(areas["21"].id, "2021"): 900.0}, acting_user=TEST)
    assert value(einw, areas["2"], "2021").value == 900
    # Bezirk 1 has no 2021 values at all, so the city gets none either.
    assert not IndicatorValue.objects.filter(
        indicator=einw, area=areas["0"], period="2021"
    ).exists()


def test_partial_children_give_no_parent_value():
    nodes = [AreaNode(1, None, 0), AreaNode(2, 1, 1), AreaNode(3, 1, 1)]
    derived = derive_values(nodes, [IndicatorSpec(10, "count")], {(10, 2, "2020"): 5.0})
    assert derived == {}


def test_weighted_mean_uses_denominator_as_weight():
    nodes = [AreaNode(1, None, 0), AreaNode(2, 1, 1), AreaNode(3, 1, 1)]
    specs = [IndicatorSpec(10, "count"), IndicatorSpec(11, "mean", denominator_id=10)]
    imported = {
        (10, 2, "2020"): 100.0,
        (10, 3, "2020"): 300.0,
        (11, 2, "2020"): 2.0,
        (11, 3, "2020"): 4.0,
    }
    derived = derive_values(nodes, specs, imported)
    assert derived[(11, 1, "2020")] == (pytest.approx(3.5), Origin.ROLLED_UP)
