"""Comparable areas on a hand-computed case."""

from __future__ import annotations

import math

import pytest

from sozialplanung.analysis.similarity import similar_areas

NAN = float("nan")

# Indicator 1: 10, 20, 30, 40 -> mean 25, standard deviation √125, z = ∓3/√5, ∓1/√5.
# Indicator 2: 100, 100, 300, 300 -> mean 200, standard deviation 100, z = ∓1.
# Indicator 3 is the same everywhere and must not count; area E lacks a value and takes
# no part (neither as a result nor in the standardisation).
VALUES = [
    [10, 100, 5],  # A
    [20, 100, 5],  # B
    [30, 300, 5],  # C
    [40, 300, 5],  # D
    [25, NAN, 5],  # E
]


def test_distances_by_hand() -> None:
    found = similar_areas(VALUES, 0, tolerance=10)
    assert [s.row for s in found] == [1, 2, 3]
    # A–B: (2/√5, 0); A–C: (4/√5, 2); A–D: (6/√5, 2)
    assert [s.distance for s in found] == pytest.approx(
        [2 / math.sqrt(5), math.sqrt(16 / 5 + 4), math.sqrt(36 / 5 + 4)]
    )


def test_tolerance_keeps_only_the_near_ones() -> None:
    found = similar_areas(VALUES, 0, tolerance=3.0)
    assert [s.row for s in found] == [1, 2]  # D at √11.2 ≈ 3.35 is too far
    assert similar_areas(VALUES, 0, tolerance=0.5) == []


def test_an_area_without_all_values_has_no_comparables() -> None:
    assert similar_areas(VALUES, 4, tolerance=10) == []
    assert similar_areas([[1.0], [NAN]], 0, tolerance=10) == []
