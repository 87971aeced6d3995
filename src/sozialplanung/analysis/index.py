"""Social index in the method of Berlin's "Monitoring Soziale Stadtentwicklung" (MSS).

Steps (MSS method, reproduced exactly on the published tables 2017, 2019 and 2021):

1. Evaluated areas: all areas except those below ``min_population`` and the named
   ``excluded`` areas (Berlin: Planungsräume with very few residents).
2. Each indicator (a share in %) is z-standardised over the evaluated areas with the
   **population** standard deviation (ddof=0), then multiplied by its direction (+1 when a
   high value means a worse situation, −1 otherwise).
3. Status sum = weighted sum of the status z-values; its z-value (mean 0 by construction,
   divided by the SD of the sum) gives the status class: 1 hoch for z ≤ −1,
   2 mittel for −1 < z ≤ 1, 3 niedrig for 1 < z ≤ 1.5, 4 sehr niedrig for z > 1.5
   (``status_thresholds``, upper bounds inclusive).
4. Dynamic sum = weighted sum of the dynamic z-values, z-standardised again:
   "+" (positiv) for z < −1, "+/-" (stabil) for |z| ≤ 1, "-" (negativ) for z > 1.
5. Combined class: status class and dynamic sign, e.g. "2+/-".

Not evaluated areas get NaN z-values and class 0 / "" strings.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]

STATUS_NAMES = {1: "hoch", 2: "mittel", 3: "niedrig", 4: "sehr niedrig"}
DYNAMIC_NAMES = {"+": "positiv", "+/-": "stabil", "-": "negativ"}


@dataclass(frozen=True)
class IndexConfig:
    """Parameters of the index: per municipality.

    ``directions``/``weights`` map indicator names to +1/−1 and a weight (default 1).
    ``status_thresholds``: upper bounds (inclusive) of status classes 1 … k−1 on the
    z-standardised status sum; values above the last bound get class k.
    ``dynamic_threshold``: |z| up to this value is stabil.
    """

    status: Sequence[str]
    dynamic: Sequence[str]
    directions: Mapping[str, int] = field(default_factory=dict)
    weights: Mapping[str, float] = field(default_factory=dict)
    min_population: float = 0.0
    excluded: frozenset[str] = frozenset()
    status_thresholds: Sequence[float] = (-1.0, 1.0, 1.5)
    dynamic_threshold: float = 1.0


@dataclass(frozen=True)
class IndexResult:
    area_ids: list[str]
    evaluated: npt.NDArray[np.bool_]
    z: dict[str, FloatArray]
    status_sum: FloatArray
    status_z: FloatArray
    dynamic_sum: FloatArray
    dynamic_z: FloatArray
    status_class: npt.NDArray[np.int64]
    dynamic_class: list[str]
    combined: list[str]

    def status_name(self, i: int) -> str:
        return STATUS_NAMES.get(int(self.status_class[i]), "")

    def dynamic_name(self, i: int) -> str:
        return DYNAMIC_NAMES.get(self.dynamic_class[i], "")


def zscore(values: FloatArray, mask: npt.NDArray[np.bool_]) -> FloatArray:
    """z-values over ``mask`` with the population SD (ddof=0); NaN outside the mask."""
    out = np.full(values.shape, np.nan, dtype=np.float64)
    sample = values[mask]
    if sample.size == 0:
        return out
    sd = float(np.std(sample, ddof=0))
    if sd == 0:
        out[mask] = 0.0
        return out
    out[mask] = (sample - float(np.mean(sample))) / sd
    return out


def social_index(
    area_ids: Sequence[str],
    population: npt.ArrayLike,
    indicators: Mapping[str, npt.ArrayLike],
    config: IndexConfig,
) -> IndexResult:
    """Compute the MSS-style index for areas with ``indicators[name][i]`` as shares."""
    ids = [str(a) for a in area_ids]
    n = len(ids)
    pop = np.asarray(population, dtype=np.float64).reshape(-1)
    if pop.shape[0] != n:
        raise ValueError("population must have one value per area")
    values: dict[str, FloatArray] = {}
    for name in [*config.status, *config.dynamic]:
        if name not in indicators:
            raise ValueError(f"indicator {name!r} missing")
        arr = np.asarray(indicators[name], dtype=np.float64).reshape(-1)
        if arr.shape[0] != n:
            raise ValueError(f"indicator {name!r} must have one value per area")
        values[name] = arr
    evaluated = (pop >= config.min_population) & np.array(
        [a not in config.excluded for a in ids], dtype=bool
    )
    for arr in values.values():
        evaluated &= np.isfinite(arr)

    z: dict[str, FloatArray] = {}
    for name, arr in values.items():
        direction = config.directions.get(name, 1)
        if direction not in (1, -1):
            raise ValueError(f"direction of {name!r} must be +1 or -1")
        z[name] = direction * zscore(arr, evaluated)

    def weighted_sum(names: Sequence[str]) -> FloatArray:
        total = np.zeros(n, dtype=np.float64)
        for name in names:
            total = total + float(config.weights.get(name, 1.0)) * z[name]
        total[~evaluated] = np.nan
        return total

    status_sum = weighted_sum(config.status)
    dynamic_sum = weighted_sum(config.dynamic)
    status_z = zscore(status_sum, evaluated)
    dynamic_z = zscore(dynamic_sum, evaluated)

    bounds = np.asarray(sorted(config.status_thresholds), dtype=np.float64)
    # side="left": a value equal to a bound belongs to the class below it (bound inclusive).
    status_class = np.zeros(n, dtype=np.int64)
    status_class[evaluated] = np.searchsorted(bounds, status_z[evaluated], side="left") + 1

    dynamic_class: list[str] = []
    combined: list[str] = []
    t = config.dynamic_threshold
    for i in range(n):
        if not evaluated[i]:
            dynamic_class.append("")
            combined.append("")
            continue
        dz = float(dynamic_z[i])
        sign = "-" if dz > t else "+" if dz < -t else "+/-"
        dynamic_class.append(sign)
        combined.append(f"{int(status_class[i])}{sign}")
    return IndexResult(
        area_ids=ids,
        evaluated=evaluated,
        z=z,
        status_sum=status_sum,
        status_z=status_z,
        dynamic_sum=dynamic_sum,
        dynamic_z=dynamic_z,
        status_class=status_class,
        dynamic_class=dynamic_class,
        combined=combined,
    )
