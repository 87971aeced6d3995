"""Capacity against a demand forecast, year by year (hand-computed)."""

from __future__ import annotations

import pytest

from sozialplanung.analysis.capacity import (
    Addition,
    CapacityYear,
    additions_by_year,
    capacity_balance,
)

# Dresden expected about 700 first assignments in 2019; say 650 places exist and a new
# accommodation adds 80 places from 2020.
DEMAND = {2019: 700.0, 2020: 700.0}
NEW = [Addition("Unterkunft Nord", 80, 2020)]


def test_under_then_over_without_tolerance() -> None:
    rows = capacity_balance([2019, 2020], DEMAND, 650, NEW, tolerance=0.0)
    # 2019: 650 − 700 = −50 (under); 2020: 650 + 80 = 730, 730 − 700 = +30 (over).
    assert rows == [
        CapacityYear(2019, 700, 650, 0, 650, -50, "under"),
        CapacityYear(2020, 700, 650, 80, 730, 30, "over"),
    ]
    # 700 / 650 = 1.0769 (overfull), 700 / 730 = 0.9589
    assert rows[0].utilisation == pytest.approx(1.076923, abs=1e-6)
    assert rows[1].utilisation == pytest.approx(0.958904, abs=1e-6)


def test_default_tolerance_of_five_percent_balances_thirty_of_seven_hundred() -> None:
    rows = capacity_balance([2019, 2020], DEMAND, 650, NEW)
    # 5 % of 700 = 35: a shortfall of 50 stays "under", a surplus of 30 is "balanced".
    assert [r.status for r in rows] == ["under", "balanced"]
    assert [r.balance for r in rows] == [-50, 30]


def test_the_tolerance_bound_itself_counts_as_balanced() -> None:
    # ±35 = 0.05 × 700 exactly is balanced (735 and 665); 736 is over, 664 under.
    assert capacity_balance([2019], {2019: 700}, 735, [])[0].status == "balanced"
    assert capacity_balance([2019], {2019: 700}, 665, [])[0].status == "balanced"
    assert capacity_balance([2019], {2019: 700}, 736, [])[0].status == "over"
    assert capacity_balance([2019], {2019: 700}, 664, [])[0].status == "under"
    # 1.05 − 1 = 0.050000000000000044 in floating point, yet it is the bound 0.05 × 1.
    assert capacity_balance([2019], {2019: 1}, 1.05, [])[0].status == "balanced"


def test_existing_by_year_carries_the_latest_value_forward() -> None:
    existing = {2018: 600.0, 2020: 650.0}
    rows = capacity_balance([2021, 2019, 2020, 2019], {}, existing, [])
    # Sorted, 2019 once; 2019 has 2018's 600, 2021 has 2020's 650.
    assert [(r.year, r.existing) for r in rows] == [(2019, 600), (2020, 650), (2021, 650)]
    with pytest.raises(ValueError, match="no existing capacity known for 2017"):
        capacity_balance([2017, 2018], {}, existing, [])


def test_a_year_without_forecast_is_unknown() -> None:
    row = capacity_balance([2021], DEMAND, 650, NEW)[0]
    assert row == CapacityYear(2021, None, 650, 80, 730, None, "unknown")
    assert row.utilisation is None


def test_utilisation_needs_positive_capacity() -> None:
    row = capacity_balance([2019], {2019: 10}, 0, [])[0]
    assert row.capacity == 0 and row.balance == -10 and row.status == "under"
    assert row.utilisation is None


def test_measures_run_from_start_through_end_year_and_removals_subtract() -> None:
    additions = [
        Addition("Notunterkunft", 100, 2019, 2020),
        Addition("Schließung Süd", -50, 2021),
        Addition("Neubau", 40, 2020),
        Addition("Neubau", 40, 2022),  # second stage of the same measure
    ]
    assert additions_by_year([2019, 2020, 2021, 2022], additions) == {
        2019: {"Notunterkunft": 100},
        2020: {"Neubau": 40, "Notunterkunft": 100},
        2021: {"Neubau": 40, "Schließung Süd": -50},
        2022: {"Neubau": 80, "Schließung Süd": -50},
    }
    rows = capacity_balance([2019, 2020, 2021, 2022], {}, 500, additions)
    # 500 + 100; 500 + 140; 500 + 40 − 50; 500 + 80 − 50
    assert [r.capacity for r in rows] == [600, 640, 490, 530]
    assert [r.added for r in rows] == [100, 140, -10, 30]


def test_validation() -> None:
    with pytest.raises(ValueError, match="ends in 2019, before it starts in 2020"):
        Addition("a", 10, 2020, 2019)
    with pytest.raises(ValueError, match="capacity of 'a' must be finite"):
        Addition("a", float("inf"), 2020)
    with pytest.raises(ValueError, match="tolerance"):
        capacity_balance([2019], DEMAND, 650, [], tolerance=-0.01)
    with pytest.raises(ValueError, match="demand in 2019"):
        capacity_balance([2019], {2019: -1}, 650, [])
    with pytest.raises(ValueError, match="existing capacity"):
        capacity_balance([2019], DEMAND, -1, [])
    with pytest.raises(ValueError, match="existing capacity"):
        capacity_balance([2019], DEMAND, {2019: float("nan")}, [])
