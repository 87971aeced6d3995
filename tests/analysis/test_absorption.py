"""Absorption by spare capacity of existing offers within reach (hand-computed).

Bezirk 1 > Stadtteile 11 (40 places missing) and 12 (20 missing). Offers:
0 "Mittagstisch X", 15 places free, within reach of 11 only;
1 "Mittagstisch Y", 30 places free, within reach of 11 and 12;
2 "Mittagstisch Z", 50 places free, within reach of nobody.
Y shares in proportion to the open need: 30 × 40/60 = 20 to 11, 30 × 20/60 = 10 to 12.
So 11 absorbs 15 + 20 = 35 (5 remain), 12 absorbs 10 (10 remain), Bezirk 1 45 of 60.
"""

from __future__ import annotations

import pytest

from sozialplanung.analysis.absorption import absorb, roll_up, spare_capacity

PARENTS: dict[int, int | None] = {1: None, 11: 1, 12: 1}
NEED = {11: 40.0, 12: 20.0}
REACH = {11: [0, 1], 12: [1]}


def test_two_areas_three_offers_one_out_of_reach() -> None:
    result = absorb(NEED, [15.0, 30.0, 50.0], REACH)
    assert result[11].absorbable == pytest.approx(35.0)
    assert result[11].shares == pytest.approx({0: 15.0, 1: 20.0})
    assert result[11].remaining == pytest.approx(5.0)
    assert result[12].absorbable == pytest.approx(10.0)
    assert result[12].shares == pytest.approx({1: 10.0})
    assert result[12].remaining == pytest.approx(10.0)
    district = roll_up(result, PARENTS)[1]
    assert (district.need, district.absorbable) == pytest.approx((60.0, 45.0))
    assert district.shares == pytest.approx({0: 15.0, 1: 30.0})
    # Z is out of reach: it gives nothing, however much it has free.
    assert 2 not in district.shares


def test_no_double_counting_when_offers_have_more_than_needed() -> None:
    """Y (60 free) offers 12 more than its 20 in the first round (60 × 20/60 = 20 is
    exactly enough); X and Y together offer 11 15 + 40 = 55 for 40: 11 takes the same
    fraction 40/55 of each. Y keeps 60 − 20 − 29.09 = 10.91 over; nobody needs it."""
    result = absorb(NEED, [15.0, 60.0, 50.0], REACH)
    assert result[11].absorbable == pytest.approx(40.0)
    assert result[11].shares == pytest.approx({0: 15 * 40 / 55, 1: 40 * 40 / 55})
    assert result[12].absorbable == pytest.approx(20.0)
    given = {j: sum(r.shares.get(j, 0.0) for r in result.values()) for j in range(3)}
    assert given[1] <= 60.0 and given[0] <= 15.0


def test_what_a_satisfied_area_leaves_goes_to_the_others_in_a_second_round() -> None:
    """11 needs 10, 12 needs 100; X (20 free) reaches 11, Y (30 free) both. Round 1: 11 is
    offered 20 + 30 × 10/110 = 250/11 and takes the fraction 0.44 of each (X 8.8, Y 1.2);
    12 gets 30 × 100/110 = 27.27. Round 2: Y's 1.53 left go to 12, the only open area:
    12 absorbs 28.8, so Y gives all its 30 and X keeps 11.2 nobody in reach needs."""
    result = absorb({11: 10.0, 12: 100.0}, [20.0, 30.0, None], REACH)
    assert result[11].shares == pytest.approx({0: 8.8, 1: 1.2})
    assert result[12].shares == pytest.approx({1: 28.8})
    assert result[12].remaining == pytest.approx(71.2)


def test_spare_capacity_is_never_negative_and_unknown_without_a_report() -> None:
    assert spare_capacity(200.0, 0.75) == pytest.approx(50.0)
    assert spare_capacity(200.0, 1.2) == 0.0
    assert spare_capacity(200.0, None) is None
    # An offer that has not reported absorbs nothing.
    assert absorb({11: 10.0}, [None], {11: [0]})[11].absorbable == 0.0
