"""Accessibility: equality with PySAL ``access`` and hand-computed small cases.

PySAL ``access`` wants pandas DataFrames and a cost table; they are built here from the
same coordinates, with the same Euclidean formula ``sqrt(dx*dx + dy*dy)`` that
``sozialplanung.analysis.accessibility`` uses, over the full cross product.
``access`` leaves demand points without an offer in reach out of its result (NaN after
the join); ours gives 0 there, so NaN is read as 0 in the comparison.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import numpy.typing as npt
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sozialplanung.analysis import accessibility as acc

access = pytest.importorskip("access")

RTOL = 1e-9


def _costs(dxy: npt.NDArray[np.float64], sxy: npt.NDArray[np.float64]) -> pd.DataFrame:
    dx = dxy[:, None, 0] - sxy[None, :, 0]
    dy = dxy[:, None, 1] - sxy[None, :, 1]
    d = np.sqrt(dx * dx + dy * dy)
    n, m = d.shape
    return pd.DataFrame(
        {
            "origin": np.repeat(np.arange(n), m),
            "dest": np.tile(np.arange(m), n),
            "cost": d.reshape(-1),
        }
    )


def _pysal(
    dxy: npt.NDArray[np.float64],
    dem: npt.NDArray[np.float64],
    sxy: npt.NDArray[np.float64],
    sup: npt.NDArray[np.float64],
    catchment: float,
    steps: list[tuple[float, float]] | None = None,
    gaussian: float | None = None,
) -> npt.NDArray[np.float64]:
    demand_df = pd.DataFrame({"geoid": np.arange(len(dem)), "demand": dem}).set_index("geoid")
    supply_df = pd.DataFrame({"geoid": np.arange(len(sup)), "supply": sup}).set_index("geoid")
    model = access.Access(
        demand_df=demand_df,
        demand_index=True,
        demand_value="demand",
        supply_df=supply_df,
        supply_index=True,
        supply_value="supply",
        cost_df=_costs(dxy, sxy),
        cost_origin="origin",
        cost_dest="dest",
        cost_name="cost",
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if steps is not None:
            out = model.enhanced_two_stage_fca(
                name="e2sfca",
                max_cost=catchment,
                weight_fn=access.weights.step_fn(dict(steps)),
                normalize=False,
            )
        elif gaussian is not None:
            out = model.enhanced_two_stage_fca(
                name="e2sfca",
                max_cost=catchment,
                weight_fn=access.weights.gaussian(gaussian),
                normalize=False,
            )
        else:
            out = model.two_stage_fca(name="2sfca", max_cost=catchment, normalize=False)
    values = out.iloc[:, 0].reindex(np.arange(len(dem))).to_numpy(dtype=np.float64)
    return np.nan_to_num(values, nan=0.0)


def _assert_equal(ours: npt.NDArray[np.float64], ref: npt.NDArray[np.float64]) -> float:
    assert ours.shape == ref.shape
    assert np.all(np.isfinite(ours))
    np.testing.assert_allclose(ours, ref, rtol=RTOL, atol=0.0)
    nz = ref != 0
    return float(np.max(np.abs(ours[nz] - ref[nz]) / np.abs(ref[nz]))) if nz.any() else 0.0


def _clustered(
    rng: np.random.Generator, n: int, m: int, extent: float = 3000.0
) -> tuple[npt.NDArray[np.float64], ...]:
    centres = rng.uniform(0, extent, size=(5, 2))
    dxy = centres[rng.integers(0, 5, n)] + rng.normal(0, extent / 8, size=(n, 2))
    sxy = centres[rng.integers(0, 5, m)] + rng.normal(0, extent / 8, size=(m, 2))
    dem = rng.integers(1, 200, n).astype(np.float64)
    sup = rng.integers(1, 50, m).astype(np.float64)
    return dxy, dem, sxy, sup


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_plain_2sfca_equals_pysal_access(seed: int) -> None:
    rng = np.random.default_rng(seed)
    dxy, dem, sxy, sup = _clustered(rng, 300, 40)
    ours = acc.two_step_fca(dxy, dem, sxy, sup, 800.0)
    _assert_equal(ours, _pysal(dxy, dem, sxy, sup, 800.0))


@pytest.mark.parametrize("seed", [5, 6, 7])
def test_stepped_e2sfca_equals_pysal_access(seed: int) -> None:
    rng = np.random.default_rng(seed)
    dxy, dem, sxy, sup = _clustered(rng, 300, 40)
    steps = [(300.0, 1.0), (500.0, 0.68), (800.0, 0.22)]
    ours = acc.two_step_fca(dxy, dem, sxy, sup, 800.0, steps=steps)
    _assert_equal(ours, _pysal(dxy, dem, sxy, sup, 800.0, steps=steps))


def _tie_case() -> tuple[npt.NDArray[np.float64], ...]:
    """Demand points exactly at 300, 500 and 800 m (3-4-5 triangles and axis offsets),
    one beyond, coincident points, and an offer with zero supply."""
    sxy = np.array([[0.0, 0.0], [2000.0, 0.0], [2000.0, 0.0], [5000.0, 5000.0]])
    sup = np.array([10.0, 4.0, 0.0, 3.0])
    dxy = np.array(
        [
            [0.0, 0.0],  # on offer 0
            [0.0, 0.0],  # coincident demand
            [180.0, 240.0],  # 300 m
            [300.0, 400.0],  # 500 m
            [0.0, 800.0],  # 800 m, exactly the catchment
            [480.0, 640.0],  # 800 m
            [0.0, 800.5],  # just outside
            [1200.0, 0.0],  # 800 m from offers 1 and 2
            [2000.0, 500.0],  # 500 m from 1 and 2
            [9000.0, 9000.0],  # nothing in reach
        ]
    )
    dem = np.array([5.0, 7.0, 11.0, 13.0, 17.0, 19.0, 23.0, 29.0, 31.0, 37.0])
    return dxy, dem, sxy, sup


def test_ties_at_step_bounds_and_catchment_equal_pysal_access() -> None:
    dxy, dem, sxy, sup = _tie_case()
    steps = [(300.0, 1.0), (500.0, 0.5), (800.0, 0.25)]
    ours_plain = acc.two_step_fca(dxy, dem, sxy, sup, 800.0)
    _assert_equal(ours_plain, _pysal(dxy, dem, sxy, sup, 800.0))
    ours = acc.two_step_fca(dxy, dem, sxy, sup, 800.0, steps=steps)
    _assert_equal(ours, _pysal(dxy, dem, sxy, sup, 800.0, steps=steps))
    # By hand: offer 0 reaches points 0–5 with weights 1, 1, 1, 0.5, 0.25, 0.25.
    w0 = 5 + 7 + 11 + 0.5 * 13 + 0.25 * 17 + 0.25 * 19
    r0 = 10 / w0
    assert ours[2] == pytest.approx(r0, rel=1e-12)
    assert ours[3] == pytest.approx(0.5 * r0, rel=1e-12)
    assert ours[4] == pytest.approx(0.25 * r0, rel=1e-12)
    assert ours[6] == 0.0 and ours[9] == 0.0
    # Offers 1 (4 places) and 2 (0 places) share points 7 (w 0.25) and 8 (w 0.5).
    r1 = 4 / (0.25 * 29 + 0.5 * 31)
    assert ours[8] == pytest.approx(0.5 * r1, rel=1e-12)


def test_gaussian_equals_pysal_access() -> None:
    rng = np.random.default_rng(11)
    dxy, dem, sxy, sup = _clustered(rng, 250, 30)
    ours = acc.gaussian_fca(dxy, dem, sxy, sup, 800.0, sigma_m=400.0)
    _assert_equal(ours, _pysal(dxy, dem, sxy, sup, 800.0, gaussian=400.0))


def test_gravity_potential_equals_pysal_weighted_catchment() -> None:
    rng = np.random.default_rng(12)
    dxy, dem, sxy, sup = _clustered(rng, 200, 30)
    demand_df = pd.DataFrame({"geoid": np.arange(200), "demand": dem}).set_index("geoid")
    supply_df = pd.DataFrame({"geoid": np.arange(30), "supply": sup}).set_index("geoid")
    model = access.Access(
        demand_df=demand_df,
        demand_index=True,
        demand_value="demand",
        supply_df=supply_df,
        supply_index=True,
        supply_value="supply",
        cost_df=_costs(dxy, sxy),
        cost_origin="origin",
        cost_dest="dest",
        cost_name="cost",
    )
    ref = model.weighted_catchment(
        name="g", weight_fn=access.weights.gravity(100.0, -1.5, 10.0), max_cost=800.0
    )
    ref_values = np.nan_to_num(ref.iloc[:, 0].reindex(np.arange(200)).to_numpy(dtype=np.float64))
    ours = acc.gravity_potential(dxy, sxy, sup, 800.0, beta=1.5, scale_m=100.0, min_dist_m=10.0)
    _assert_equal(ours, ref_values)


def test_zero_supply_everywhere_gives_zero() -> None:
    dxy, dem, sxy, _ = _tie_case()
    out = acc.two_step_fca(dxy, dem, sxy, np.zeros(4), 800.0)
    assert np.all(out == 0.0)


def test_offer_with_only_zero_demand_in_reach_serves_nobody() -> None:
    # access divides by zero here (inf); ours sets R_j = 0.
    out = acc.two_step_fca([[0.0, 0.0], [5000.0, 0.0]], [0.0, 10.0], [[0.0, 0.0]], [3.0], 800.0)
    assert out.tolist() == [0.0, 0.0]


def test_cost_table_variant_equals_coordinates() -> None:
    rng = np.random.default_rng(21)
    dxy, dem, sxy, sup = _clustered(rng, 300, 40)
    table = _costs(dxy, sxy)
    near = table[table["cost"] <= 1000.0]  # a sparse table: only pairs the user routed
    ids_d = np.arange(300) * 10 + 7
    ids_s = np.arange(40) * 3 + 1
    steps = [(300.0, 1.0), (600.0, 0.5), (800.0, 0.2)]
    for st_ in (None, steps):
        from_costs = acc.two_step_fca_from_costs(
            ids_d,
            ids_s,
            (ids_d[near["origin"].to_numpy()], ids_s[near["dest"].to_numpy()], near["cost"]),
            dem,
            sup,
            800.0,
            steps=st_,
        )
        coords = acc.two_step_fca(dxy, dem, sxy, sup, 800.0, steps=st_)
        np.testing.assert_allclose(from_costs, coords, rtol=1e-12, atol=0.0)


def test_cost_table_with_unknown_id_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown"):
        acc.two_step_fca_from_costs([1, 2], [5], ([1, 3], [5, 5], [1.0, 2.0]), [1, 1], [1], 10.0)


def test_gaussian_by_hand() -> None:
    # One offer (6 places), points at 0 m and 400 m, sigma 400 m: weights 1 and e^-0.5.
    w = math.exp(-0.5)
    out = acc.gaussian_fca([[0, 0], [400, 0]], [10, 20], [[0, 0]], [6], 800.0, sigma_m=400.0)
    r = 6 / (10 + 20 * w)
    assert out == pytest.approx([r, w * r], rel=1e-12)


def test_bfca_by_hand() -> None:
    # Demand a (100) at x=0, b (50) at x=600; offers P (10) at x=0, Q (20) at x=600;
    # catchment 800 m, binary: a and b reach both offers.
    # Wi (per demand over offers) = 1/2 each; Wj (per offer over demand) = 1/2 each.
    # Served: P = 100/2 + 50/2 = 75, Q = 75. L_P = 10/75, L_Q = 20/75.
    # A_a = A_b = (10/75 + 20/75) / 2 = 0.2.
    out = acc.balanced_fca([[0, 0], [600, 0]], [100, 50], [[0, 0], [600, 0]], [10, 20], 800.0)
    assert out == pytest.approx([0.2, 0.2], rel=1e-12)
    # With a third point c (30) at x=1300 reaching only Q:
    # Wi: a → P ½, Q ½; b → ½, ½; c → Q 1. Wj: P → a ½, b ½; Q → a ⅓, b ⅓, c ⅓.
    # Served P = 50 + 25 = 75, Q = 50 + 25 + 30 = 105. L_P = 10/75, L_Q = 20/105.
    out = acc.balanced_fca(
        [[0, 0], [600, 0], [1300, 0]], [100, 50, 30], [[0, 0], [600, 0]], [10, 20], 800.0
    )
    lp, lq = 10 / 75, 20 / 105
    assert out == pytest.approx([lp / 2 + lq / 3, lp / 2 + lq / 3, lq / 3], rel=1e-12)
    # Balance: served demand equals the demand with an offer in reach (180).
    assert 75 + 105 == 180


def test_gravity_fca_by_hand() -> None:
    # Power decay beta=1, scale 100 m, min 10 m. Offer S (12) at 0; demand a (10) at
    # 100 m (w = 1), b (20) at 200 m (w = 0.5). V = 10*1 + 20*0.5 = 20, R = 12/20 = 0.6.
    out = acc.gravity_fca(
        [[100, 0], [200, 0]], [10, 20], [[0, 0]], [12], 800.0, beta=1.0, scale_m=100.0
    )
    assert out == pytest.approx([0.6, 0.3], rel=1e-12)
    pot = acc.gravity_potential(
        [[100, 0], [200, 0]], [[0, 0]], [12], 800.0, beta=1.0, scale_m=100.0
    )
    assert pot == pytest.approx([12.0, 6.0], rel=1e-12)


def test_step_weights_equal_bound_is_inside() -> None:
    w = acc.step_weights(
        np.array([0.0, 300.0, 300.0001, 500.0, 800.0, 800.1]), [(800, 0.2), (300, 1), (500, 0.6)]
    )
    assert w.tolist() == [1.0, 1.0, 0.6, 0.6, 0.2, 0.0]


def test_aggregate_to_areas() -> None:
    values = [1.0, 3.0, 10.0, 5.0, 7.0]
    weights = [1.0, 3.0, 2.0, 0.0, 4.0]
    areas = [0, 0, 1, 2, -1]
    out = acc.aggregate_to_areas(values, weights, areas, 4)
    assert out[0] == pytest.approx((1 + 9) / 4)
    assert out[1] == 10.0
    assert math.isnan(out[2]) and math.isnan(out[3])


def test_empty_inputs() -> None:
    assert acc.two_step_fca(np.zeros((0, 2)), [], [[0, 0]], [1], 800).shape == (0,)
    assert acc.two_step_fca([[0, 0]], [1], np.zeros((0, 2)), [], 800).tolist() == [0.0]


coords = st.floats(min_value=0, max_value=2000, allow_nan=False).map(lambda v: round(v, 1))


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(coords, coords, st.integers(1, 500)), min_size=1, max_size=40),
    st.lists(st.tuples(coords, coords, st.integers(0, 50)), min_size=1, max_size=10),
)
def test_supply_is_conserved(
    demand: list[tuple[float, float, int]], supply: list[tuple[float, float, int]]
) -> None:
    """Σ_i A_i D_i equals the supply of the offers that have demand in reach (plain 2SFCA)."""
    dxy = np.array([(x, y) for x, y, _ in demand], dtype=np.float64)
    dem = np.array([d for _, _, d in demand], dtype=np.float64)
    sxy = np.array([(x, y) for x, y, _ in supply], dtype=np.float64)
    sup = np.array([s for _, _, s in supply], dtype=np.float64)
    out = acc.two_step_fca(dxy, dem, sxy, sup, 800.0)
    dist = np.sqrt(((dxy[:, None, :] - sxy[None, :, :]) ** 2).sum(axis=2))
    reached = (dist <= 800.0).any(axis=0)
    assert float((out * dem).sum()) == pytest.approx(float(sup[reached].sum()), rel=1e-9, abs=1e-9)
