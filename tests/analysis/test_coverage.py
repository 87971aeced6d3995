"""Coverage against a Richtwert, rolled up by sums (hand-computed)."""

from __future__ import annotations

import pytest

from sozialplanung.analysis.coverage import Coverage, coverage, depths, sum_up, within_reach

# City 0 > Bezirke 1, 2 > Stadtteile 11, 12 (in 1) and 21 (in 2).
PARENTS: dict[int, int | None] = {0: None, 1: 0, 2: 0, 11: 1, 12: 1, 21: 2}


def test_ratio_deficit_and_covered_by_hand() -> None:
    # 40 places × 5 days = 200 places a week for 50,000 residents; Richtwert 2 per 1,000.
    c = Coverage(supply=200, target=50_000, richtwert=2.0)
    assert c.per_1000 == pytest.approx(4.0)
    assert c.ratio == pytest.approx(2.0)
    assert c.required == pytest.approx(100.0)
    assert c.deficit == 0.0
    assert c.covered is True
    bare = Coverage(supply=30, target=20_000, richtwert=2.0)
    assert bare.per_1000 == pytest.approx(1.5)
    assert bare.ratio == pytest.approx(0.75)
    assert bare.deficit == pytest.approx(10.0)
    assert bare.covered is False


def test_no_target_group_means_no_ratio() -> None:
    assert Coverage(supply=10, target=None, richtwert=2).ratio is None
    assert Coverage(supply=10, target=0, richtwert=2).per_1000 is None
    assert Coverage(supply=10, target=100, richtwert=0).ratio is None


def test_depths() -> None:
    assert depths(PARENTS) == {0: 0, 1: 1, 2: 1, 11: 2, 12: 2, 21: 2}


def test_roll_up_recomputes_the_ratio_from_sums_never_averages() -> None:
    supply = {11: 1.0, 12: 8.0}  # 21 has none
    target = {11: 1000.0, 12: 3000.0, 21: 2000.0}
    result = coverage(supply, target, 2.0, PARENTS)
    assert result[11].ratio == pytest.approx(0.5)
    assert result[12].ratio == pytest.approx(8 / 3 / 2)
    # Bezirk 1: 9 units for 4,000 people = 2.25 per 1,000, ratio 1.125 (covered),
    # although the mean of its Stadtteile' ratios would be (0.5 + 1.333) / 2 = 0.917.
    assert result[1].supply == 9.0 and result[1].target == 4000.0
    assert result[1].ratio == pytest.approx(1.125)
    assert result[1].covered is True
    assert result[2].ratio == 0.0 and result[2].deficit == pytest.approx(4.0)
    assert result[0].per_1000 == pytest.approx(1.5)
    assert result[0].deficit == pytest.approx(3.0)


def test_sum_up_keeps_unknown_as_none() -> None:
    totals = sum_up({11: 5.0, 12: None}, PARENTS)
    assert totals[1] == 5.0 and totals[0] == 5.0
    assert totals[2] is None and totals[21] is None


def test_within_reach_counts_the_bound_as_inside() -> None:
    demand = [(0.0, 0.0), (800.0, 0.0), (0.0, 801.0)]
    assert within_reach(demand, [(0.0, 0.0)], 800).tolist() == [True, True, False]
    assert within_reach(demand, [], 800).tolist() == [False, False, False]
