"""Dynamisierung of grants against rising costs (hand-computed)."""

from __future__ import annotations

import pytest

from sozialplanung.analysis.indexing import (
    GrantYear,
    Scenario,
    index_series,
    needed_grant,
    projection,
)

# 3 % a year for personnel, 2 % for material costs.
SCENARIO = Scenario(personnel_rate=0.03, material_rate=0.02)


def test_needed_grant_by_hand() -> None:
    # 100,000 € in 2019, 80 % personnel at 3 %, 20 % material at 2 %, three years on:
    # 80,000 × 1.03³ + 20,000 × 1.02³ = 80,000 × 1.092727 + 20,000 × 1.061208
    #                                  = 87,418.16 + 21,224.16 = 108,642.32
    assert needed_grant(100_000, 0.8, 3, SCENARIO) == pytest.approx(108_642.32)
    # Year 0 is the base amount itself.
    assert needed_grant(100_000, 0.8, 0, SCENARIO) == pytest.approx(100_000)
    # All personnel: 1,000 × 1.03² = 1,060.90 (the material rate plays no part).
    assert needed_grant(1_000, 1.0, 2, SCENARIO) == pytest.approx(1_060.90)
    # All material: 1,000 × 1.02² = 1,040.40.
    assert needed_grant(1_000, 0.0, 2, SCENARIO) == pytest.approx(1_040.40)


def test_projection_of_a_flat_grant_by_hand() -> None:
    rows = projection(GrantYear("Tafel", 2019, 100_000), 2022, SCENARIO)
    assert [r.year for r in rows] == [2019, 2020, 2021, 2022]
    assert all(r.key == "Tafel" and r.granted == 100_000 for r in rows)
    # 2020: 80,000 × 1.03 + 20,000 × 1.02 = 82,400 + 20,400 = 102,800
    # 2021: 80,000 × 1.0609 + 20,000 × 1.0404 = 84,872 + 20,808 = 105,680
    # 2022: 108,642.32 (see above)
    assert [r.needed for r in rows] == pytest.approx([100_000, 102_800, 105_680, 108_642.32])
    assert [r.gap for r in rows] == pytest.approx([0, 2_800, 5_680, 8_642.32])
    # 0; 0 + 2,800; 2,800 + 5,680 = 8,480; 8,480 + 8,642.32 = 17,122.32
    assert [r.cumulative_gap for r in rows] == pytest.approx([0, 2_800, 8_480, 17_122.32])
    # 100,000 / 108,642.32 − 1 = −0.0795484: the flat grant is worth 8 % less in 2022.
    assert rows[0].real_change == pytest.approx(0.0)
    assert rows[-1].real_change == pytest.approx(-0.0795484, abs=1e-7)


def test_projection_uses_its_own_base_not_the_scenarios() -> None:
    rows = projection(GrantYear("a", 2024, 1_000, 0.5), 2025, Scenario(0.03, 0.02, 2019))
    # 2025: 500 × 1.03 + 500 × 1.02 = 515 + 510 = 1,025
    assert [(r.year, r.needed) for r in rows] == [(2024, 1_000), (2025, pytest.approx(1_025))]


def test_projection_rejects_an_end_before_the_base_and_a_zero_grant() -> None:
    with pytest.raises(ValueError, match="before the base year"):
        projection(GrantYear("a", 2024, 1_000), 2023, SCENARIO)
    with pytest.raises(ValueError, match="positive grant"):
        projection(GrantYear("a", 2024, 0), 2025, SCENARIO)


def test_index_series_each_key_from_its_first_grant_sorted_by_key_and_year() -> None:
    grants = [
        GrantYear("b", 2021, 52_000, 0.5),
        GrantYear("a", 2020, 100_000),
        GrantYear("b", 2019, 50_000, 0.5),
        GrantYear("a", 2018, 0),  # no grant yet: not a base year, dropped
        GrantYear("b", 2020, 52_000, 0.5),
        GrantYear("a", 2019, 100_000),
    ]
    rows = index_series(grants, SCENARIO)
    assert [(r.key, r.year) for r in rows] == [
        ("a", 2019),
        ("a", 2020),
        ("b", 2019),
        ("b", 2020),
        ("b", 2021),
    ]
    a_2020, b_2019, b_2020, b_2021 = rows[1], rows[2], rows[3], rows[4]
    # a starts in 2019 (2018's zero is no grant): 2020 as in the flat projection.
    assert (a_2020.granted, a_2020.needed, a_2020.gap, a_2020.cumulative_gap) == pytest.approx(
        (100_000, 102_800, 2_800, 2_800)
    )
    assert b_2019.needed == 50_000 and b_2019.gap == 0
    # b, half personnel, half material:
    # 2020: 25,000 × 1.03 + 25,000 × 1.02 = 25,750 + 25,500 = 51,250; 52,000 granted → −750
    # 2021: 25,000 × 1.0609 + 25,000 × 1.0404 = 26,522.50 + 26,010 = 52,532.50 → +532.50
    assert b_2020.needed == pytest.approx(51_250)
    assert b_2020.gap == pytest.approx(-750)
    assert b_2020.real_change == pytest.approx(52_000 / 51_250 - 1)  # +1.46 %: a real raise
    assert b_2021.needed == pytest.approx(52_532.50)
    assert b_2021.gap == pytest.approx(532.50)
    # −750 + 532.50 = −217.50: over the years, still slightly ahead of costs.
    assert b_2021.cumulative_gap == pytest.approx(-217.50)


def test_common_base_year_drops_earlier_years_and_uses_its_own_share() -> None:
    grants = [
        GrantYear("a", 2019, 100_000, 0.8),
        GrantYear("a", 2020, 110_000, 0.5),
        GrantYear("a", 2021, 110_000, 0.9),
    ]
    rows = index_series(grants, Scenario(0.03, 0.02, base_year=2020))
    assert [r.year for r in rows] == [2020, 2021]
    # 2021 from 2020's grant with 2020's share 0.5: 110,000 × (0.5 × 1.03 + 0.5 × 1.02)
    # = 110,000 × 1.025 = 112,750 (with 2019's or 2021's share it would be 113,080 / 113,190).
    assert rows[1].needed == pytest.approx(112_750)
    assert rows[1].gap == pytest.approx(2_750)


def test_a_missing_year_is_unknown_not_zero() -> None:
    grants = [GrantYear("a", 2019, 100_000), GrantYear("a", 2021, 100_000)]
    rows = index_series(grants, SCENARIO)
    assert [r.year for r in rows] == [2019, 2021]
    # Only 2021's gap of 5,680 counts; a zero grant in 2020 would have added 102,800.
    assert rows[1].cumulative_gap == pytest.approx(5_680)


def test_key_without_a_grant_in_the_base_year_is_named() -> None:
    grants = [GrantYear("Tafel", 2019, 1_000), GrantYear("Mittagstisch", 2020, 1_000)]
    with pytest.raises(ValueError, match="'Mittagstisch' has no grant in the base year 2019"):
        index_series(grants, Scenario(0.03, 0.02, base_year=2019))
    # A zero amount in the base year is no grant either.
    with pytest.raises(ValueError, match="'Tafel' has no grant"):
        index_series([GrantYear("Tafel", 2019, 0)], Scenario(0.03, 0.02, base_year=2019))
    with pytest.raises(ValueError, match="'Tafel' has no year with a grant"):
        index_series([GrantYear("Tafel", 2019, 0)], SCENARIO)


def test_duplicate_key_and_year_is_an_error() -> None:
    with pytest.raises(ValueError, match="duplicate grant for 'a' in 2019"):
        index_series([GrantYear("a", 2019, 1), GrantYear("a", 2019, 2)], SCENARIO)


def test_empty_input_gives_no_rows() -> None:
    assert index_series([], SCENARIO) == []


def test_validation_of_rates_shares_and_amounts() -> None:
    Scenario(-0.5, 0.0)  # falling costs are allowed
    with pytest.raises(ValueError, match="personnel_rate"):
        Scenario(-1.0, 0.02)
    with pytest.raises(ValueError, match="material_rate"):
        Scenario(0.03, -1.5)
    with pytest.raises(ValueError, match="material_rate"):
        Scenario(0.03, float("nan"))
    GrantYear("a", 2019, 1, 0.0)
    GrantYear("a", 2019, 1, 1.0)
    with pytest.raises(ValueError, match="personnel_share"):
        GrantYear("a", 2019, 1, 1.01)
    with pytest.raises(ValueError, match="personnel_share"):
        GrantYear("a", 2019, 1, -0.1)
    with pytest.raises(ValueError, match="personnel_share"):
        needed_grant(1, 1.5, 1, SCENARIO)
    with pytest.raises(ValueError, match="granted"):
        GrantYear("a", 2019, -1)
