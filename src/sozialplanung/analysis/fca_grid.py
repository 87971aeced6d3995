"""Two-step floating catchment straight on the grid of ``pair_grid``, without pair arrays.

``pairs_within`` writes every pair in reach (16 bytes) and the two sums of ``fca_sums``
read them back: on the bench that memory traffic was most of the 58 ns per pair. Here
the grid is walked twice instead, the distance of each candidate computed again in the
second walk (a few arithmetic operations, cheaper than storing and loading a pair):

1. per demand point, its candidates in the 3 × 3 cells; each offer in reach gets
   ``w · D_i`` added to its weighted demand;
2. ``R_j = S_j / Σ_i w_ij D_i`` (0 without demand);
3. per demand point again, ``A_i = Σ_j w_ij R_j`` over the same candidates.

Both walks visit demand points, cells and offers in exactly the order in which
``grid_pairs`` writes the pairs and the sums add in the same order as ``fca_sums``; a
candidate is in reach when its squared distance ``dx*dx + dy*dy`` (the same expression,
no ``fastmath``) is at most ``squared_limit(catchment)``, which decides exactly as the
square root compared with the catchment does: the result is bit for bit that of
``fca_on_pairs(pairs_within(...))``. Step weights are looked up as ``np.searchsorted``
(side "left") looks them up, the first bound ``>=`` the distance, on squared bounds.

Sums and ratios per offer are kept in the grid's order of offers (sorted by cell): the
walks read and write neighbouring memory and never need the input order of the offers.
"""

from __future__ import annotations

import math

import numba
import numpy as np
import numpy.typing as npt

from .pair_grid import PER_CATCHMENT, RUN, _cells, grid_shape

FloatArray = npt.NDArray[np.float64]


def grid_two_step_fca(
    dxy: FloatArray,
    dem: FloatArray,
    sxy: FloatArray,
    sup: FloatArray,
    catchment: float,
    steps: tuple[FloatArray, FloatArray] | None,
    max_cells: int,
) -> FloatArray | None:
    """``A_i`` per demand point; None if the grid would need more than ``max_cells`` cells.

    ``steps``: ascending bounds and their weights with a trailing 0 for beyond the last
    bound (as ``accessibility.step_table``), None for weight 1 everywhere in reach. Both
    point arrays must be non-empty.
    """
    x0, y0, side, nx, ny = grid_shape(dxy, sxy, catchment)
    if nx * ny > max_cells:
        return None
    supply_cell = _cells(sxy, x0, y0, side, nx)
    order = np.argsort(supply_cell, kind="stable")
    sx = np.ascontiguousarray(sxy[order, 0])
    sy = np.ascontiguousarray(sxy[order, 1])
    start = np.zeros(nx * ny + 1, dtype=np.int64)
    np.cumsum(np.bincount(supply_cell, minlength=nx * ny), out=start[1:])
    # Cell to the lower left of each demand point (its first run starts there), the
    # arithmetic of ``_cells`` and ``_first_cell_below``: computed once for both walks.
    first = _cells(dxy, x0, y0, side, nx) - (PER_CATCHMENT * nx + PER_CATCHMENT)
    bounds, weights = steps if steps is not None else (np.zeros(0), np.ones(1))
    reach = squared_limit(float(catchment))
    squared_bounds = np.array([squared_limit(float(b)) for b in bounds], dtype=np.float64)
    weighted = _demand_in_reach(dxy, dem, first, nx, start, sx, sy, reach, squared_bounds, weights)
    ratio = np.zeros(sx.shape[0], dtype=np.float64)
    sorted_supply = sup[order]
    np.divide(sorted_supply, weighted, out=ratio, where=weighted > 0)
    result: FloatArray = _access(
        dxy, first, nx, start, sx, sy, reach, squared_bounds, weights, ratio
    )
    return result


def squared_limit(limit: float) -> float:
    """The largest ``d2`` with ``sqrt(d2) <= limit``.

    The square root is correctly rounded and monotone, so ``sqrt(d2) <= limit`` holds
    exactly for ``d2 <= squared_limit(limit)``: the walks compare squared distances and
    take no square root, with the in/out decisions of ``sqrt(dx*dx + dy*dy) <= limit``.
    ``limit * limit`` is at most a few units in the last place away; step to the boundary.
    """
    if not math.isfinite(limit):
        return limit
    d2 = limit * limit
    while math.sqrt(d2) > limit:
        d2 = math.nextafter(d2, -math.inf)
    while math.sqrt(math.nextafter(d2, math.inf)) <= limit:
        d2 = math.nextafter(d2, math.inf)
    return d2


@numba.njit(cache=True, nogil=True, inline="always")
def _weight(d2, bounds, weights):  # type: ignore[no-untyped-def]
    """Weight of squared distance ``d2``: that of the first bound ``>= sqrt(d2)`` (0 beyond
    the last); ``bounds`` are squared limits (``squared_limit``)."""
    b = 0
    while b < bounds.shape[0] and bounds[b] < d2:
        b += 1
    return weights[b]


@numba.njit(cache=True, nogil=True)
def _demand_in_reach(dxy, dem, first, nx, start, sx, sy, reach, bounds, weights):  # type: ignore[no-untyped-def]
    """``Σ_i w_ij D_i`` per offer, offers in grid order."""
    stepped = bounds.shape[0] > 0
    total = np.zeros(sx.shape[0], dtype=np.float64)
    for i in range(dxy.shape[0]):
        x = dxy[i, 0]
        y = dxy[i, 1]
        di = dem[i]
        row = first[i]
        for _ in range(RUN):
            for k in range(start[row], start[row + RUN]):
                dx = x - sx[k]
                dy = y - sy[k]
                d2 = dx * dx + dy * dy
                if stepped:
                    if d2 <= reach:
                        total[k] += _weight(d2, bounds, weights) * di
                else:
                    # Without a branch (a third of the candidates are in reach, at
                    # random): adding 0.0 leaves a sum of non-negative terms as it is.
                    total[k] += di * (d2 <= reach)
            row += nx
    return total


@numba.njit(cache=True, nogil=True)
def _access(dxy, first, nx, start, sx, sy, reach, bounds, weights, ratio):  # type: ignore[no-untyped-def]
    """``Σ_j w_ij R_j`` per demand point (``ratio`` in grid order)."""
    stepped = bounds.shape[0] > 0
    result = np.zeros(dxy.shape[0], dtype=np.float64)
    for i in range(dxy.shape[0]):
        x = dxy[i, 0]
        y = dxy[i, 1]
        row = first[i]
        total = 0.0
        for _ in range(RUN):
            for k in range(start[row], start[row + RUN]):
                dx = x - sx[k]
                dy = y - sy[k]
                d2 = dx * dx + dy * dy
                if stepped:
                    if d2 <= reach:
                        total += _weight(d2, bounds, weights) * ratio[k]
                else:
                    total += ratio[k] * (d2 <= reach)
            row += nx
        result[i] = total
    return result
