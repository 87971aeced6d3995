"""``two_step_fca`` walks the grid without pairs (``fca_grid``); it must give bit for bit
what the pairs and the compiled sums gave (``two_step_fca_on_pairs``), ties at the
catchment and at step bounds included."""

from __future__ import annotations

import math

import numpy as np
import pytest

from sozialplanung.analysis import accessibility as acc
from sozialplanung.analysis.fca_grid import squared_limit

STEPS = [(400.0, 1.0), (600.0, 0.6), (800.0, 0.25)]


def test_by_hand() -> None:
    # Offer 0 (10 places) reaches demand 0 (20) at 500 m and demand 1 (30) at exactly
    # 800 m (a 3-4-5 triangle); offer 1 (6 places) reaches only demand 1, at 300 m.
    dxy = np.array([[0.0, 0.0], [1_000.0, 0.0]])
    sxy = np.array([[500.0, 0.0], [1_000.0, 300.0]])
    dxy[1] = sxy[0] + np.array([480.0, 640.0])
    sxy[1] = dxy[1] + np.array([0.0, 300.0])
    dem, sup = np.array([20.0, 30.0]), np.array([10.0, 6.0])
    # R_0 = 10 / 50, R_1 = 6 / 30: A_0 = 0.2, A_1 = 0.2 + 0.2.
    np.testing.assert_array_equal(acc.two_step_fca(dxy, dem, sxy, sup, 800.0), [0.2, 0.4])
    # Stepped: offer 0 weighs demand 0 (500 m) 0.6 and demand 1 (800 m) 0.25.
    r0 = 10.0 / (0.6 * 20.0 + 0.25 * 30.0)
    stepped = acc.two_step_fca(dxy, dem, sxy, sup, 800.0, STEPS)
    np.testing.assert_array_equal(stepped, [0.6 * r0, 0.25 * r0 + 1.0 * (6.0 / 30.0)])


@pytest.mark.parametrize("steps", [None, STEPS], ids=["plain", "stepped"])
def test_random_case_is_bit_identical_to_the_pairs(steps: list[tuple[float, float]] | None) -> None:
    rng = np.random.default_rng(17)
    centres = rng.uniform(0, 20_000, size=(6, 2))
    dxy = centres[rng.integers(0, 6, 4_000)] + rng.normal(scale=1_000, size=(4_000, 2))
    sxy = centres[rng.integers(0, 6, 300)] + rng.normal(scale=1_000, size=(300, 2))
    # Offers at exactly a step bound and at exactly the catchment from some demand points.
    on_bound, at_catchment = np.array([400.0, 0.0]), np.array([480.0, 640.0])
    sxy = np.concatenate([sxy, dxy[:40] + on_bound, dxy[40:80] + at_catchment])
    dem = rng.integers(0, 60, 4_000).astype(np.float64)
    sup = rng.integers(0, 40, sxy.shape[0]).astype(np.float64)
    ours = acc.two_step_fca(dxy, dem, sxy, sup, 800.0, steps)
    before = acc.two_step_fca_on_pairs(dxy, dem, sxy, sup, 800.0, steps)
    np.testing.assert_array_equal(ours, before)
    assert np.count_nonzero(ours) > 3_000


def test_grid_too_large_takes_the_pairs_way() -> None:
    dxy = np.array([[0.0, 0.0], [1e7, 1e7]])
    sxy = np.array([[0.5, 0.0], [1e7, 1e7 + 1.0]])
    result = acc.two_step_fca(dxy, np.array([2.0, 4.0]), sxy, np.array([1.0, 1.0]), 1.0)
    np.testing.assert_array_equal(result, [0.5, 0.25])


@pytest.mark.parametrize("limit", [0.0, 1e-300, 0.3, 800.0, 1234.567, 5e5, 1e154, math.inf])
def test_squared_limit_is_the_boundary_of_the_square_root(limit: float) -> None:
    d2 = squared_limit(limit)
    assert math.sqrt(d2) <= limit
    if math.isfinite(d2):
        assert math.sqrt(math.nextafter(d2, math.inf)) > limit
