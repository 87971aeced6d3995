"""Comparable areas: which areas resemble one area in a chosen set of indicators.

Each indicator is z-standardised over the areas compared (mean 0, standard deviation 1,
the population standard deviation), so that a share in per cent and a count in
thousands weigh the same; the distance of two areas is the Euclidean distance of their
z-values. An area lacking any of the chosen values takes no part (a distance over fewer
indicators would not be comparable with the others). An indicator on which all areas
agree (standard deviation 0) separates none of them and adds nothing to any distance.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Similar:
    """An area near the one compared: its row in the input and its distance."""

    row: int
    distance: float


def z_values(values: np.ndarray) -> np.ndarray:
    """Each column z-standardised over the rows; a column without spread becomes 0."""
    mean = values.mean(axis=0)
    spread = values.std(axis=0)
    centred = values - mean
    z: np.ndarray = np.divide(centred, spread, out=np.zeros_like(centred), where=spread > 0)
    return z


def similar_areas(
    values: Sequence[Sequence[float]], target: int, tolerance: float
) -> list[Similar]:
    """The rows within ``tolerance`` of row ``target``, nearest first (ties by row).

    ``values`` holds one row per area and one column per indicator (NaN: no value).
    The standardisation runs over the rows with all values; the target itself is not
    in the result. Without a complete target row, or with fewer than two complete rows,
    nothing is comparable.
    """
    matrix = np.asarray(values, dtype=float)
    if matrix.ndim != 2 or matrix.shape[1] == 0 or not 0 <= target < len(matrix):
        return []
    complete = np.flatnonzero(~np.isnan(matrix).any(axis=1))
    if target not in complete or len(complete) < 2:
        return []
    z = z_values(matrix[complete])
    own = z[int(np.searchsorted(complete, target))]
    distances = np.sqrt(((z - own) ** 2).sum(axis=1))
    found = [
        Similar(int(row), float(d))
        for row, d in zip(complete, distances, strict=True)
        if row != target and d <= tolerance
    ]
    return sorted(found, key=lambda s: (s.distance, s.row))
