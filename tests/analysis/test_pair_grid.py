"""The grid search of pairs in reach against the KD-tree search it replaced.

Both must give the same pairs with bit-identical costs (sorted, since the order of the
pairs differs), including pairs exactly at the catchment and coordinates whose rounding
puts a pair a last bit inside or outside it.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sozialplanung.analysis import accessibility as acc
from sozialplanung.analysis.pair_grid import grid_pairs

FloatArray = npt.NDArray[np.float64]


def _sorted(p: acc.Pairs) -> tuple[FloatArray, ...]:
    order = np.lexsort((p.supply, p.demand))
    return (
        p.demand[order].astype(np.int64),
        p.supply[order].astype(np.int64),
        p.cost[order],
    )


def _assert_same_pairs(dxy: FloatArray, sxy: FloatArray, catchment: float) -> acc.Pairs:
    grid = acc.pairs_within(dxy, sxy, catchment)
    tree = acc.pairs_within_kdtree(dxy, sxy, catchment)
    for ours, reference in zip(_sorted(grid), _sorted(tree), strict=True):
        np.testing.assert_array_equal(ours, reference)
    return grid


@pytest.mark.parametrize("seed", range(6))
def test_random_clustered_points_give_the_kdtree_pairs(seed: int) -> None:
    rng = np.random.default_rng(seed)
    centres = rng.uniform(0, 20_000, size=(8, 2))
    dxy = centres[rng.integers(0, 8, 3_000)] + rng.normal(scale=900, size=(3_000, 2))
    sxy = centres[rng.integers(0, 8, 300)] + rng.normal(scale=900, size=(300, 2))
    catchment = float(rng.choice([0.0, 1.0, 250.0, 800.0, 3_000.0]))
    pairs = _assert_same_pairs(dxy, sxy, catchment)
    assert catchment < 250 or pairs.cost.size > 0


def test_pairs_exactly_at_the_catchment_are_in_reach() -> None:
    # Offers at exactly 800 m (axis-parallel and 3-4-5 triangles: 480² + 640² = 800²) and
    # a hair beyond it, around demand points with UTM-sized coordinates.
    base = np.array([[412_345.0, 5_654_321.0], [400_000.5, 5_600_000.25]])
    offsets = np.array(
        [[800.0, 0.0], [0.0, -800.0], [480.0, 640.0], [-640.0, -480.0], [800.0001, 0.0]]
    )
    sxy = (base[:, None, :] + offsets[None, :, :]).reshape(-1, 2)
    pairs = _assert_same_pairs(base, sxy, 800.0)
    # Each demand point reaches its four offers at exactly 800 m, not the fifth.
    assert sorted(pairs.cost.tolist()) == [800.0] * 8


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.floats(-3_000, 3_000, allow_nan=False), st.floats(-3_000, 3_000, allow_nan=False)
        ),
        min_size=1,
        max_size=40,
    ),
    st.lists(
        st.tuples(
            st.floats(-3_000, 3_000, allow_nan=False), st.floats(-3_000, 3_000, allow_nan=False)
        ),
        min_size=1,
        max_size=40,
    ),
    st.sampled_from([0.0, 0.5, 100.0, 700.0, 6_000.0]),
)
def test_any_points_give_the_kdtree_pairs(
    demand: list[tuple[float, float]], supply: list[tuple[float, float]], catchment: float
) -> None:
    # Points also placed at exactly the catchment from a demand point, so ties occur.
    dxy = np.array(demand, dtype=np.float64)
    sxy = np.array(supply, dtype=np.float64)
    tied = dxy[: len(sxy)] + np.array([catchment, 0.0])
    _assert_same_pairs(dxy, np.concatenate([sxy, tied]), catchment)


def test_grid_too_large_falls_back_to_the_kdtree() -> None:
    # Two points 10,000 km apart with a 1 m catchment would need 10^14 cells.
    dxy = np.array([[0.0, 0.0], [1e7, 1e7]])
    sxy = np.array([[0.5, 0.0], [1e7, 1e7 + 1.0], [1e7, 1e7 + 1.5]])
    assert grid_pairs(dxy, sxy, 1.0, np.int32, 1 << 20) is None
    pairs = _assert_same_pairs(dxy, sxy, 1.0)
    assert sorted(zip(pairs.demand.tolist(), pairs.supply.tolist(), strict=True)) == [
        (0, 0),
        (1, 1),
    ]


def test_two_step_fca_equals_the_kdtree_and_bincount_computation() -> None:
    # The whole computation as before the grid and the compiled sums: KD-tree pairs,
    # weights 1, np.bincount; equal up to the order of the additions.
    rng = np.random.default_rng(7)
    dxy = rng.uniform(0, 10_000, size=(5_000, 2))
    sxy = rng.uniform(0, 10_000, size=(200, 2))
    dem = rng.integers(1, 50, 5_000).astype(np.float64)
    sup = rng.integers(5, 60, 200).astype(np.float64)
    pairs = acc.pairs_within_kdtree(dxy, sxy, 800.0)
    w = np.ones(pairs.cost.size)
    weighted = np.bincount(pairs.supply, weights=w * dem[pairs.demand], minlength=200)
    ratio = np.divide(sup, weighted, out=np.zeros(200), where=weighted > 0)
    before = np.bincount(pairs.demand, weights=w * ratio[pairs.supply], minlength=5_000)
    ours = acc.two_step_fca(dxy, dem, sxy, sup, 800.0)
    np.testing.assert_allclose(ours, before, rtol=1e-12, atol=0)
    assert np.count_nonzero(ours) == np.count_nonzero(before) > 0
