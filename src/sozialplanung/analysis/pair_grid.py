"""Exact search of the point pairs within a distance on a uniform grid (NumPy only).

Used by ``accessibility.pairs_within``. The cell side is the catchment (a hair wider), so
every pair in reach lies in the 3 × 3 cells around the demand point. Offers are sorted by
cell, cells numbered row by row: the three cells of one grid row are one contiguous run of
the sorted offers, so a demand point has three runs of candidates, found by looking up
the start of each cell in a dense table (no tree, no binary search). The candidates are
expanded with ``np.repeat`` and decided with the same formula as before,
``sqrt(dx*dx + dy*dy) <= catchment``; the square root is taken only for candidates whose
squared distance is near enough, so a pair's cost and its in/out decision are bit for bit
those of the KD-tree search.

The loop over demand points and candidates is compiled by Numba: on the Germany-sized
bench most demand points have one or two offers in reach, so the cost per point decides
the speed, and a vectorised NumPy version (a dozen passes over the candidate arrays) spent
about 140 ns per pair, more than twice the goal of 60 ns for the whole computation.

A grid that would need more cells than ``max_cells`` (a catchment tiny against the
extent of the points) is not built; the caller then uses the KD-tree.
"""

from __future__ import annotations

from typing import Any

import numba
import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
# Cells per catchment: 1 means a 3 × 3 block of cells around each point. Smaller cells
# (2 or 3 per catchment, 5 × 5 or 7 × 7 blocks) have fewer candidates, but measured
# slower on the bench: a larger start table and more runs per point.
PER_CATCHMENT = 1
RUN = 2 * PER_CATCHMENT + 1
IndexArray = npt.NDArray[np.signedinteger[Any]]


def grid_shape(
    dxy: FloatArray, sxy: FloatArray, catchment: float
) -> tuple[float, float, float, int, int]:
    """Origin, cell side and the number of columns and rows (with a margin of one cell)."""
    # Wider than the catchment by a relative and an absolute hair: two points at most
    # ``catchment`` apart then never lie two cells apart, whatever the rounding of
    # (x − x0) / side (its error is far below 1e-6 of a cell for any grid we build).
    side = float(catchment) / PER_CATCHMENT * (1.0 + 1e-6) + 1e-6
    dx0, dy0, dx1, dy1 = _extent(dxy)
    sx0, sy0, sx1, sy1 = _extent(sxy)
    x0, y0, x1, y1 = min(dx0, sx0), min(dy0, sy0), max(dx1, sx1), max(dy1, sy1)
    # +1 for the cell of the maximum, and an empty margin as wide as a catchment on
    # either side.
    nx = int((x1 - x0) / side) + 1 + 2 * PER_CATCHMENT
    ny = int((y1 - y0) / side) + 1 + 2 * PER_CATCHMENT
    return x0, y0, side, nx, ny


def grid_pairs(
    dxy: FloatArray,
    sxy: FloatArray,
    catchment: float,
    index_type: type[np.signedinteger[Any]],
    max_cells: int,
) -> tuple[IndexArray, IndexArray, FloatArray] | None:
    """(demand index, offer index, distance) of every pair with distance ``<= catchment``.

    Pairs come ordered by demand point, then by offer cell; None if the grid would need
    more than ``max_cells`` cells. Both arrays must be non-empty.
    """
    x0, y0, side, nx, ny = grid_shape(dxy, sxy, catchment)
    if nx * ny > max_cells:
        return None
    supply_cell = _cells(sxy, x0, y0, side, nx)
    order = np.argsort(supply_cell, kind="stable")
    sx = np.ascontiguousarray(sxy[order, 0])
    sy = np.ascontiguousarray(sxy[order, 1])
    # start[k]: position of the first offer of cell k in the sorted offers.
    start = np.zeros(nx * ny + 1, dtype=np.int64)
    np.cumsum(np.bincount(supply_cell, minlength=nx * ny), out=start[1:])
    grid = (x0, y0, side, nx)
    # The candidates bound the pairs: the output is allocated at that size (pages never
    # written are never touched) and shrunk in place afterwards (realloc, no copy), which
    # spares a counting pass or growing and copying.
    bound = _candidates(dxy, grid, start)
    out_i = np.empty(bound, dtype=index_type)
    out_j = np.empty(bound, dtype=index_type)
    out_d = np.empty(bound, dtype=np.float64)
    count = _search(dxy, grid, start, sx, sy, order, float(catchment), out_i, out_j, out_d)
    for array in (out_i, out_j, out_d):
        array.resize(count, refcheck=False)
    return out_i, out_j, out_d


@numba.njit(cache=True, nogil=True)
def _extent(xy):  # type: ignore[no-untyped-def]
    """(min x, min y, max x, max y) in one pass (NumPy needs four over strided columns)."""
    x0 = x1 = xy[0, 0]
    y0 = y1 = xy[0, 1]
    for i in range(1, xy.shape[0]):
        x = xy[i, 0]
        y = xy[i, 1]
        x0 = min(x0, x)
        x1 = max(x1, x)
        y0 = min(y0, y)
        y1 = max(y1, y)
    return x0, y0, x1, y1


def _cells(xy: FloatArray, x0: float, y0: float, side: float, nx: int) -> npt.NDArray[np.int64]:
    """Cell number of each point, row by row; columns and rows start at 1 (margin)."""
    cx = np.floor((xy[:, 0] - x0) / side).astype(np.int64)
    cy = np.floor((xy[:, 1] - y0) / side).astype(np.int64)
    return (cy + PER_CATCHMENT) * nx + (cx + PER_CATCHMENT)


@numba.njit(cache=True, nogil=True, inline="always")
def _first_cell_below(x, y, grid):  # type: ignore[no-untyped-def]
    """Cell to the lower left of the point's cell: its row's run starts there.

    The same arithmetic as ``_cells``, so a point gets the cell NumPy gives it.
    """
    x0, y0, side, nx = grid
    cx = np.int64(np.floor((x - x0) / side))
    cy = np.int64(np.floor((y - y0) / side))
    return cy * nx + cx


@numba.njit(cache=True, nogil=True)
def _candidates(dxy, grid, start):  # type: ignore[no-untyped-def]
    """Number of (demand point, offer) candidates: offers in the 3 × 3 cells around."""
    nx = grid[3]
    total = 0
    for i in range(dxy.shape[0]):
        row = _first_cell_below(dxy[i, 0], dxy[i, 1], grid)
        for _ in range(RUN):
            total += start[row + RUN] - start[row]
            row += nx
    return total


@numba.njit(cache=True, nogil=True)
def _search(dxy, grid, start, sx, sy, order, catchment, out_i, out_j, out_d):  # type: ignore[no-untyped-def]
    """The loop over demand points and the three runs of offers around each (compiled);
    writes the pairs into ``out_*`` and returns their number.

    No ``fastmath``: the distance must be ``sqrt(dx*dx + dy*dy)`` rounded as NumPy rounds
    it (no fused multiply-add), or a pair exactly at the catchment could change sides.
    """
    nx = grid[3]
    count = 0
    for i in range(dxy.shape[0]):
        x = dxy[i, 0]
        y = dxy[i, 1]
        row = _first_cell_below(x, y, grid)
        for _ in range(RUN):
            for k in range(start[row], start[row + RUN]):
                dx = x - sx[k]
                dy = y - sy[k]
                d = np.sqrt(dx * dx + dy * dy)
                # Written whether in reach or not, kept by advancing ``count``: no branch
                # to mispredict (a third of the candidates are in reach); the output has
                # room for every candidate.
                out_i[count] = i
                out_j[count] = order[k]
                out_d[count] = d
                count += d <= catchment
            row += nx
    return count
