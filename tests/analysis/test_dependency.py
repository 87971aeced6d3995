"""Jobcenter dependency on a hand-computed case (the staffing of tests/offers/conftest.py).

Mittagstisch Nord: 30 h paid + 10 h volunteers + 40 h §16d + 20 h §16i = 100 h, of which
60 h Jobcenter-funded: 60 %, at risk. Mittagstisch Süd: 60 h paid + 20 h §16d = 80 h,
20 h Jobcenter: 25 %. Category Mittagstisch: (60 + 20) / (100 + 80) = 44.4 %, not the
average of 60 % and 25 % (42.5 %).
"""

from __future__ import annotations

import pytest

from sozialplanung.analysis.dependency import OfferStaffing, dependency, offer_dependency

NORD = OfferStaffing(
    offer_id=1,
    hours_by_kind={"hauptamt": 30, "ehrenamt": 10, "agh_16d": 40, "tam_16i": 20},
    area_ids=(11, 1, 0),
    category_id=100,
)
SUED = OfferStaffing(
    offer_id=2,
    hours_by_kind={"hauptamt": 60, "agh_16d": 20},
    area_ids=(21, 2, 0),
    category_id=100,
)
EMPTY = OfferStaffing(offer_id=3, hours_by_kind={}, area_ids=(12, 1, 0), category_id=200)


def test_offer_shares_and_risk():
    result = dependency([NORD, SUED, EMPTY])
    assert result.offers[1].share == pytest.approx(0.60)
    assert result.offers[1].at_risk
    assert result.offers[2].share == pytest.approx(0.25)
    assert not result.offers[2].at_risk
    assert result.offers[3].share is None and not result.offers[3].at_risk
    assert result.at_risk == [1]


def test_area_and_category_shares_are_ratios_of_sums():
    result = dependency([NORD, SUED, EMPTY])
    assert result.areas[1].share == pytest.approx(0.60)
    assert result.areas[1].at_risk_count == 1
    assert result.areas[0].share == pytest.approx(80 / 180)
    assert result.categories[100].share == pytest.approx(80 / 180)
    assert round(result.categories[100].share * 100, 1) == 44.4
    assert result.categories[100].offer_count == 2
    # An offer without hours counts towards no group.
    assert 200 not in result.categories and 12 not in result.areas


def test_exactly_half_is_not_at_risk_and_16e_counts():
    half = offer_dependency({"hauptamt": 20, "egz_16e": 20})
    assert half.share == pytest.approx(0.5) and not half.at_risk
    more = offer_dependency({"hauptamt": 19, "egz_16e": 21, "agh_5_asylblg": 0})
    assert more.at_risk
    # §5 AsylbLG and the federal volunteer service are not Jobcenter-funded.
    other = offer_dependency({"agh_5_asylblg": 30, "bfd": 30, "hauptamt": 1})
    assert other.jobcenter_hours == 0
