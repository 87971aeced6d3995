"""The trend projection on cases computed by hand."""

from __future__ import annotations

import pytest

from sozialplanung.analysis.projection import period_position, project


def test_least_squares_line_by_hand():
    # t = 2020..2023, y = 100, 110, 115, 125: t̄ = 2021.5, ȳ = 112.5,
    # Σ(t−t̄)(y−ȳ) = (−1.5)(−12.5) + (−0.5)(−2.5) + 0.5·2.5 + 1.5·12.5 = 40,
    # Σ(t−t̄)² = 5, slope 8 per year; 2030: 112.5 + 8 · 8.5 = 180.5.
    found = project([("2023", 125), ("2020", 100), ("2022", 115), ("2021", 110)], "2030")
    assert found is not None
    assert found.slope == pytest.approx(8.0)
    assert found.value == pytest.approx(180.5)
    assert found.periods == ("2020", "2021", "2022", "2023")


def test_only_the_last_periods_count_and_counts_stay_positive():
    # The last two of 2019 (1000), 2022 (30), 2023 (20): a fall of 10 a year, 0 by 2025.
    found = project([("2019", 1000), ("2022", 30), ("2023", 20)], "2026", periods=2)
    assert found is not None and found.periods == ("2022", "2023")
    assert found.slope == pytest.approx(-10.0)
    assert found.value == 0.0
    assert project([("2023", 5)], "2030") is None


def test_quarters_count_from_their_start():
    assert period_position("2023-Q3") == 2023.5
    assert period_position("2024") == 2024.0
    # 2023-Q1 → 2023-Q3: +2 per half year = 4 per year; 2024 is half a year on: 12 + 2.
    found = project([("2023-Q1", 10), ("2023-Q3", 12)], "2024")
    assert found is not None and found.value == pytest.approx(14.0)
