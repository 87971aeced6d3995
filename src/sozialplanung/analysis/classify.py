"""Classes for choropleth maps: quantiles, equal intervals, natural breaks (Jenks).

``class_breaks`` returns the class bounds *including* the minimum and the maximum,
``[b0, b1, …, bn]`` for n classes; class 0 is ``[b0, b1]``, class i > 0 is
``(bi, bi+1]`` (upper bound inclusive, as map legends read "bis"). Bounds are strictly
increasing, except for data with a single distinct value, which gives ``[v, v]``: one
class. With fewer distinct values than asked-for classes, fewer classes come back.
Missing values (NaN) are ignored when classifying and get class -1 when assigned.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

import jenkspy  # type: ignore[import-untyped]
import numpy as np
import numpy.typing as npt

Method = Literal["quantile", "equal", "jenks"]
METHODS: tuple[Method, ...] = ("quantile", "equal", "jenks")


def _finite(values: Iterable[float | None]) -> npt.NDArray[np.float64]:
    array = np.array([np.nan if v is None else v for v in values], dtype=np.float64)
    return array[np.isfinite(array)]


def class_breaks(values: Iterable[float | None], method: Method, k: int) -> list[float]:
    """Class bounds for at most ``k`` classes of ``values``; empty list for no data."""
    if k < 1:
        raise ValueError("k must be at least 1")
    data = _finite(values)
    if data.size == 0:
        return []
    distinct = np.unique(data)
    low, high = float(distinct[0]), float(distinct[-1])
    if distinct.size == 1:
        return [low, high]
    k = min(k, int(distinct.size))
    if method == "quantile":
        raw = np.quantile(data, np.linspace(0.0, 1.0, k + 1))
    elif method == "equal":
        raw = np.linspace(low, high, k + 1)
    elif method == "jenks":
        raw = np.array(jenkspy.jenks_breaks(data.tolist(), n_classes=k), dtype=np.float64)
    else:
        raise ValueError(f"unknown classification method: {method}")
    breaks = np.unique(raw.astype(np.float64))
    # Floating-point round-off must not leave the extremes outside the classes.
    breaks[0], breaks[-1] = low, high
    return [float(b) for b in breaks]


def assign_classes(values: Iterable[float | None], breaks: list[float]) -> npt.NDArray[np.int64]:
    """The class index (0 … len(breaks) − 2) of each value; -1 for a missing value.

    Values outside the bounds fall into the first or last class.
    """
    array = np.array([np.nan if v is None else v for v in values], dtype=np.float64)
    result = np.full(array.shape, -1, dtype=np.int64)
    if len(breaks) < 2:
        return result
    inner = np.asarray(breaks[1:-1], dtype=np.float64)
    present = np.isfinite(array)
    classes = np.searchsorted(inner, array[present], side="left").astype(np.int64)
    result[present] = np.clip(classes, 0, len(breaks) - 2)
    return result
