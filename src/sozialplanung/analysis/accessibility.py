"""Spatial accessibility: floating catchment (2SFCA, E2SFCA, Gaussian, BFCA) and gravity.

Coordinates are **metric** (e.g. ETRS89 / UTM 33N, EPSG:25833, in metres); distances are
Euclidean, ``sqrt(dx*dx + dy*dy)``. Project WGS84 input with pyproj first. Instead of
coordinates, a user-supplied travel-cost table (walking minutes, network metres) can be
used: the ``*_from_costs`` functions take it as sparse COO arrays.

Conventions (identical to PySAL ``access`` with ``normalize=False`` where it defines them):

* A pair (demand i, offer j) is in reach when its cost is ``<= catchment``.
* Steps ``[(bound, weight), …]``: a cost gets the weight of the first bound (in ascending
  order) that is ``>=`` the cost, so a cost *equal* to a bound counts as inside it; costs
  beyond the last bound get weight 0 (as ``access.weights.step_fn``).
* 2SFCA: ``R_j = S_j / Σ_i w_ij D_i`` (supply-to-demand ratio of offer j) and
  ``A_i = Σ_j w_ij R_j``.
* An offer without (weighted) demand in reach has ``R_j = 0``: it serves nobody. PySAL
  ``access`` drops an offer without any demand pair, but divides by zero when demand pairs
  exist and all have zero demand (``inf``/``NaN``); only that degenerate case differs.
* A demand point without an offer in reach gets **0** (no access). PySAL ``access``
  leaves it out of its result (NaN after the join); treat that as 0 when comparing.

Implementation: pairs in reach from a uniform grid with the catchment as cell side
(``pair_grid``; ``scipy.spatial.cKDTree`` dual-tree range search where the grid would be
too large), in chunks of demand points (bounded memory), costs computed in float64 with
the formula above so that ties at bounds are exact, step weights by ``np.searchsorted``, sums per offer and per demand
point by compiled loops (``fca_sums``, the order of ``np.bincount``). The pairs are kept as int32/int32/float64 between the two steps
(16 bytes per pair in reach).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

# SciPy's spatial module and the Numba kernels (``fca_sums``, ``pair_grid``) are imported
# where they are used: together they take seconds to import, which every process that
# loads the URLconf (each command, each server worker) would pay without running them.

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
IndexArray = npt.NDArray[np.signedinteger[Any]]
Steps = Sequence[tuple[float, float]]

CHUNK = 250_000
# A grid of up to this many cells (or 4 per point, if more) is always worth building.
MIN_CELLS = 1 << 20


@dataclass(frozen=True)
class Pairs:
    """Demand–offer pairs in reach: indices into the demand and offer arrays and the cost."""

    demand: IndexArray
    supply: IndexArray
    cost: FloatArray
    n_demand: int
    n_supply: int


def _as_xy(xy: npt.ArrayLike, name: str) -> FloatArray:
    array = np.asarray(xy, dtype=np.float64)
    if array.ndim != 2 or array.shape[1] != 2:
        raise ValueError(f"{name} must have shape (n, 2)")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} contains non-finite coordinates")
    return array


def _as_values(values: npt.ArrayLike, n: int, name: str) -> FloatArray:
    array = np.asarray(values, dtype=np.float64).reshape(-1)
    if array.shape[0] != n:
        raise ValueError(f"{name} must have {n} values, got {array.shape[0]}")
    if not np.all(np.isfinite(array)) or np.any(array < 0):
        raise ValueError(f"{name} must be finite and non-negative")
    return array


def pairs_within(
    demand_xy: npt.ArrayLike,
    supply_xy: npt.ArrayLike,
    catchment_m: float,
) -> Pairs:
    """All (demand, offer) pairs with Euclidean distance ``<= catchment_m``.

    Searched on a uniform grid (``pair_grid``); where that grid would be too large (a
    catchment tiny against the extent of the points) with the KD-tree of
    :func:`pairs_within_kdtree`. Both give the same pairs with bit-identical costs.
    """
    dxy, sxy, index_type, nothing = _search_inputs(demand_xy, supply_xy, catchment_m)
    if nothing is not None:
        return nothing
    n, m = dxy.shape[0], sxy.shape[0]
    from .pair_grid import grid_pairs

    found = grid_pairs(dxy, sxy, float(catchment_m), index_type, max(MIN_CELLS, 4 * (n + m)))
    if found is None:
        return pairs_within_kdtree(dxy, sxy, catchment_m)
    return Pairs(found[0], found[1], found[2], n, m)


def _index_type(n: int, m: int) -> type[np.signedinteger[Any]]:
    return np.int32 if max(n, m) < 2**31 - 1 else np.int64


def _search_inputs(
    demand_xy: npt.ArrayLike, supply_xy: npt.ArrayLike, catchment_m: float
) -> tuple[
    npt.NDArray[np.float64], npt.NDArray[np.float64], type[np.signedinteger[Any]], Pairs | None
]:
    """Both searches' checked inputs, their index type, and the empty result if a side is empty."""
    dxy = _as_xy(demand_xy, "demand_xy")
    sxy = _as_xy(supply_xy, "supply_xy")
    if not catchment_m >= 0:
        raise ValueError("catchment_m must be non-negative")
    n, m = dxy.shape[0], sxy.shape[0]
    index_type = _index_type(n, m)
    if n == 0 or m == 0:
        empty = np.zeros(0, dtype=index_type)
        return dxy, sxy, index_type, Pairs(empty, empty.copy(), np.zeros(0), n, m)
    return dxy, sxy, index_type, None


def pairs_within_kdtree(
    demand_xy: npt.ArrayLike,
    supply_xy: npt.ArrayLike,
    catchment_m: float,
    chunk: int = CHUNK,
) -> Pairs:
    """As :func:`pairs_within`, by ``scipy.spatial.cKDTree`` (the search used before the
    grid; the fallback for grids too large and the reference of the tests and the bench)."""
    dxy, sxy, index_type, nothing = _search_inputs(demand_xy, supply_xy, catchment_m)
    if nothing is not None:
        return nothing
    n, m = dxy.shape[0], sxy.shape[0]
    # The tree's own distance may differ from ours in the last bit: search a hair wider,
    # then decide with our formula.
    radius = float(catchment_m) * (1.0 + 1e-9) + 1e-6
    from scipy.spatial import cKDTree  # type: ignore[import-untyped]

    supply_tree = cKDTree(sxy, balanced_tree=False, compact_nodes=False)
    parts_i: list[IndexArray] = []
    parts_j: list[IndexArray] = []
    parts_d: list[FloatArray] = []
    # Chunks of spatially sorted demand points keep each chunk's tree compact.
    order = np.lexsort((dxy[:, 1], np.floor(dxy[:, 0] / max(radius, 1.0) / 64.0)))
    for start in range(0, n, chunk):
        idx = order[start : start + chunk]
        tree = cKDTree(dxy[idx], balanced_tree=False, compact_nodes=False)
        found = tree.sparse_distance_matrix(supply_tree, radius, output_type="ndarray")
        li = found["i"]
        j = found["j"]
        dx = dxy[idx[li], 0] - sxy[j, 0]
        dy = dxy[idx[li], 1] - sxy[j, 1]
        d = np.sqrt(dx * dx + dy * dy)
        keep = d <= catchment_m
        parts_i.append(idx[li[keep]].astype(index_type))
        parts_j.append(j[keep].astype(index_type))
        parts_d.append(d[keep])
        del found, li, j, dx, dy, d, keep
    return Pairs(np.concatenate(parts_i), np.concatenate(parts_j), np.concatenate(parts_d), n, m)


def pairs_from_costs(
    demand_ids: npt.ArrayLike,
    supply_ids: npt.ArrayLike,
    cost_table: tuple[npt.ArrayLike, npt.ArrayLike, npt.ArrayLike],
    catchment: float,
) -> Pairs:
    """Pairs from a travel-cost table ``(demand id, offer id, cost)`` of equal-length arrays.

    The ids in the table refer to ``demand_ids`` and ``supply_ids`` (which may simply be
    ``range(n)``, making the table's first two arrays positions). Pairs missing from the
    table are out of reach; pairs with cost above ``catchment`` are dropped.
    """
    d_ids = np.asarray(demand_ids).reshape(-1)
    s_ids = np.asarray(supply_ids).reshape(-1)
    origin, dest, cost_raw = (np.asarray(a).reshape(-1) for a in cost_table)
    cost = cost_raw.astype(np.float64)
    if not origin.shape == dest.shape == cost.shape:
        raise ValueError("cost_table arrays must have equal length")
    if np.any(np.isnan(cost)) or np.any(cost < 0):
        raise ValueError("costs must be non-negative numbers")
    i = _positions(d_ids, origin, "demand")
    j = _positions(s_ids, dest, "supply")
    keep = cost <= catchment
    n, m = d_ids.shape[0], s_ids.shape[0]
    index_type: type[np.signedinteger[Any]] = np.int32 if max(n, m) < 2**31 - 1 else np.int64
    return Pairs(i[keep].astype(index_type), j[keep].astype(index_type), cost[keep], n, m)


def _positions(
    ids: npt.NDArray[np.generic], wanted: npt.NDArray[np.generic], what: str
) -> IntArray:
    order = np.argsort(ids, kind="stable")
    sorted_ids = ids[order]
    if sorted_ids.size > 1 and np.any(sorted_ids[1:] == sorted_ids[:-1]):
        raise ValueError(f"{what} ids must be unique")
    pos = np.searchsorted(sorted_ids, wanted)
    pos = np.clip(pos, 0, max(sorted_ids.size - 1, 0))
    if wanted.size and (sorted_ids.size == 0 or np.any(sorted_ids[pos] != wanted)):
        raise ValueError(f"cost_table refers to unknown {what} ids")
    return np.asarray(order[pos], dtype=np.int64)


# --- weights ---------------------------------------------------------------------------


def step_weights(cost: FloatArray, steps: Steps) -> FloatArray:
    """Weight per cost from ``[(upper bound, weight), …]``; equal to a bound is inside it."""
    if len(steps) == 0:
        raise ValueError("steps must not be empty")
    ordered = sorted((float(b), float(w)) for b, w in steps)
    bounds = np.array([b for b, _ in ordered], dtype=np.float64)
    weights = np.array([w for _, w in ordered] + [0.0], dtype=np.float64)
    if np.any(weights < 0):
        raise ValueError("step weights must be non-negative")
    # side="left": the first bound >= cost, so cost == bound takes that bound's weight.
    return weights[np.searchsorted(bounds, cost, side="left")]


def gaussian_weights(cost: FloatArray, sigma: float) -> FloatArray:
    """``exp(-d² / (2σ²))``, 1 at distance 0 (as ``access.weights.gaussian``)."""
    if sigma == 0:
        raise ValueError("sigma must be non-zero")
    return np.exp(-cost * cost / (2.0 * sigma * sigma))


def power_weights(
    cost: FloatArray, scale: float, alpha: float, min_cost: float = 0.0
) -> FloatArray:
    """``(max(d, min_cost) / scale) ** alpha`` (as ``access.weights.gravity``; alpha < 0)."""
    with np.errstate(divide="ignore"):
        return np.power(np.maximum(cost, min_cost) / scale, alpha)


def _sum_by(index: IndexArray, n: int, values: FloatArray) -> FloatArray:
    return np.bincount(index, weights=values, minlength=n).astype(np.float64, copy=False)


# --- the measures on pairs -------------------------------------------------------------


def fca_on_pairs(
    pairs: Pairs, demand: npt.ArrayLike, supply: npt.ArrayLike, w: FloatArray | None
) -> FloatArray:
    """Two-step floating catchment on given pairs and pair weights ``w`` (None: all 1)."""
    from .fca_sums import access_per_demand

    ratio = supply_ratios(pairs, demand, supply, w)
    result: FloatArray = access_per_demand(
        pairs.demand, pairs.supply, _or_none(w), ratio, pairs.n_demand
    )
    return result


def supply_ratios(
    pairs: Pairs, demand: npt.ArrayLike, supply: npt.ArrayLike, w: FloatArray | None
) -> FloatArray:
    """``R_j``: supply per weighted demand in reach of each offer (0 without demand)."""
    from .fca_sums import demand_in_reach

    dem = _as_values(demand, pairs.n_demand, "demand")
    sup = _as_values(supply, pairs.n_supply, "supply")
    weighted = demand_in_reach(pairs.demand, pairs.supply, _or_none(w), dem, pairs.n_supply)
    ratio = np.zeros(pairs.n_supply, dtype=np.float64)
    np.divide(sup, weighted, out=ratio, where=weighted > 0)
    return ratio


def _or_none(w: FloatArray | None) -> FloatArray:
    """The weights as the compiled sums take them: an empty array stands for all 1."""
    return np.zeros(0) if w is None else np.ascontiguousarray(w, dtype=np.float64)


def bfca_on_pairs(
    pairs: Pairs, demand: npt.ArrayLike, supply: npt.ArrayLike, w: FloatArray
) -> FloatArray:
    """Balanced floating catchment (Paez, Higgins & Vivona 2019) on pairs.

    ``Wi_ij = w_ij / Σ_j w_ij`` (each demand point splits itself over the offers in reach),
    ``Wj_ij = w_ij / Σ_i w_ij`` (each offer splits itself over the demand points in reach);
    ``L_j = S_j / Σ_i D_i Wi_ij`` and ``A_i = Σ_j L_j Wj_ij``. This removes the demand and
    supply inflation of 2SFCA: ``Σ_j Σ_i D_i Wi_ij`` equals the demand that has an offer
    in reach, and ``Σ_i Σ_j S_j Wj_ij`` the supply that has demand in reach.
    """
    dem = _as_values(demand, pairs.n_demand, "demand")
    sup = _as_values(supply, pairs.n_supply, "supply")
    row = np.bincount(pairs.demand, weights=w)
    col = np.bincount(pairs.supply, weights=w, minlength=pairs.n_supply)
    wi = np.zeros_like(w)
    np.divide(w, row[pairs.demand], out=wi, where=row[pairs.demand] > 0)
    wj = np.zeros_like(w)
    np.divide(w, col[pairs.supply], out=wj, where=col[pairs.supply] > 0)
    served = np.bincount(pairs.supply, weights=dem[pairs.demand] * wi, minlength=pairs.n_supply)
    level = np.zeros(pairs.n_supply, dtype=np.float64)
    np.divide(sup, served, out=level, where=served > 0)
    return _sum_by(pairs.demand, pairs.n_demand, level[pairs.supply] * wj)


def potential_on_pairs(pairs: Pairs, supply: npt.ArrayLike, w: FloatArray) -> FloatArray:
    """Gravity potential (Hansen) ``A_i = Σ_j S_j w_ij``, no competition."""
    sup = _as_values(supply, pairs.n_supply, "supply")
    return _sum_by(pairs.demand, pairs.n_demand, w * sup[pairs.supply])


def _weights(pairs: Pairs, steps: Steps | None) -> FloatArray | None:
    """Step weights, or None for plain 2SFCA (every pair in reach weighs 1)."""
    if steps is None:
        return None
    return step_weights(pairs.cost, steps)


# --- public entry points ---------------------------------------------------------------


def two_step_fca(
    demand_xy: npt.ArrayLike,
    demand: npt.ArrayLike,
    supply_xy: npt.ArrayLike,
    supply: npt.ArrayLike,
    catchment_m: float,
    steps: Steps | None = None,
) -> FloatArray:
    """Accessibility per demand point by 2SFCA (``steps=None``) or stepped E2SFCA.

    ``demand_xy`` (n, 2) and ``supply_xy`` (m, 2) in metres of a metric CRS; ``demand``
    the size of the target group at each point, ``supply`` the capacity of each offer;
    ``steps`` a list of ``(upper distance bound in m, weight)``. Result: supply per head
    in reach, e.g. places per resident (multiply by 1000 for "per 1,000").
    """
    pairs = pairs_within(demand_xy, supply_xy, catchment_m)
    return fca_on_pairs(pairs, demand, supply, _weights(pairs, steps))


def two_step_fca_from_costs(
    demand_ids: npt.ArrayLike,
    supply_ids: npt.ArrayLike,
    cost_table: tuple[npt.ArrayLike, npt.ArrayLike, npt.ArrayLike],
    demand: npt.ArrayLike,
    supply: npt.ArrayLike,
    catchment: float,
    steps: Steps | None = None,
) -> FloatArray:
    """As :func:`two_step_fca` on a user-supplied cost table (travel times or metres).

    ``cost_table = (demand id, offer id, cost)``, three equal-length arrays (sparse COO);
    ``steps`` bounds are in the table's cost unit.
    """
    pairs = pairs_from_costs(demand_ids, supply_ids, cost_table, catchment)
    return fca_on_pairs(pairs, demand, supply, _weights(pairs, steps))


def gaussian_fca(
    demand_xy: npt.ArrayLike,
    demand: npt.ArrayLike,
    supply_xy: npt.ArrayLike,
    supply: npt.ArrayLike,
    catchment_m: float,
    sigma_m: float,
) -> FloatArray:
    """E2SFCA with Gaussian decay ``exp(-d²/(2σ²))`` inside the catchment."""
    pairs = pairs_within(demand_xy, supply_xy, catchment_m)
    return fca_on_pairs(pairs, demand, supply, gaussian_weights(pairs.cost, sigma_m))


def balanced_fca(
    demand_xy: npt.ArrayLike,
    demand: npt.ArrayLike,
    supply_xy: npt.ArrayLike,
    supply: npt.ArrayLike,
    catchment_m: float,
    steps: Steps | None = None,
    sigma_m: float | None = None,
) -> FloatArray:
    """Balanced floating catchment (BFCA, Paez et al. 2019): see :func:`bfca_on_pairs`.

    Impedance: binary within the catchment, or ``steps``, or Gaussian with ``sigma_m``.
    """
    pairs = pairs_within(demand_xy, supply_xy, catchment_m)
    w = _weights(pairs, steps) if sigma_m is None else gaussian_weights(pairs.cost, sigma_m)
    if w is None:
        w = np.ones(pairs.cost.shape[0], dtype=np.float64)
    return bfca_on_pairs(pairs, demand, supply, w)


def gravity_fca(
    demand_xy: npt.ArrayLike,
    demand: npt.ArrayLike,
    supply_xy: npt.ArrayLike,
    supply: npt.ArrayLike,
    catchment_m: float,
    beta: float,
    scale_m: float = 1.0,
    min_dist_m: float = 1.0,
) -> FloatArray:
    """Gravity model with competition (gravity-based 2SFCA, Wang 2012) and power decay.

    ``w_ij = (max(d, min_dist_m) / scale_m) ** -beta`` within the catchment;
    ``A_i = Σ_j S_j w_ij / Σ_k D_k w_kj``.
    """
    pairs = pairs_within(demand_xy, supply_xy, catchment_m)
    w = power_weights(pairs.cost, scale_m, -beta, min_dist_m)
    return fca_on_pairs(pairs, demand, supply, w)


def gravity_potential(
    demand_xy: npt.ArrayLike,
    supply_xy: npt.ArrayLike,
    supply: npt.ArrayLike,
    catchment_m: float,
    beta: float,
    scale_m: float = 1.0,
    min_dist_m: float = 1.0,
) -> FloatArray:
    """Hansen gravity potential ``A_i = Σ_j S_j (max(d, min)/scale) ** -beta`` (no competition).

    Equals PySAL ``access`` ``weighted_catchment`` with ``weights.gravity(scale, -beta,
    min_dist)`` and ``max_cost=catchment_m``.
    """
    pairs = pairs_within(demand_xy, supply_xy, catchment_m)
    return potential_on_pairs(pairs, supply, power_weights(pairs.cost, scale_m, -beta, min_dist_m))


def fca_with_weight(
    pairs: Pairs,
    demand: npt.ArrayLike,
    supply: npt.ArrayLike,
    weight_fn: Callable[[FloatArray], FloatArray],
) -> FloatArray:
    """2SFCA on precomputed pairs with any vectorised weight function of the cost."""
    return fca_on_pairs(pairs, demand, supply, np.asarray(weight_fn(pairs.cost), dtype=np.float64))


# --- aggregation -----------------------------------------------------------------------


def aggregate_to_areas(
    values: npt.ArrayLike, weights: npt.ArrayLike, area_index: npt.ArrayLike, n_areas: int
) -> FloatArray:
    """Weighted mean of ``values`` per area (e.g. accessibility weighted by population).

    ``area_index[i]`` is the area position (0 … n_areas−1) of point i; points with a
    negative index belong to no area and are ignored. Areas with total weight 0 get NaN.
    A NaN value with positive weight makes its area NaN.
    """
    v = np.asarray(values, dtype=np.float64).reshape(-1)
    w = np.asarray(weights, dtype=np.float64).reshape(-1)
    a = np.asarray(area_index).reshape(-1).astype(np.int64)
    if not v.shape == w.shape == a.shape:
        raise ValueError("values, weights and area_index must have equal length")
    if np.any(a >= n_areas):
        raise ValueError("area_index out of range")
    inside = a >= 0
    v, w, a = v[inside], w[inside], a[inside]
    total = np.bincount(a, weights=w, minlength=n_areas)
    contrib = np.where(w != 0, v * w, 0.0)
    weighted = np.bincount(a, weights=contrib, minlength=n_areas)
    out = np.full(n_areas, np.nan, dtype=np.float64)
    np.divide(weighted, total, out=out, where=total > 0)
    return out
