"""Coverage: capacity-weighted supply against the target group, per 1,000, vs a Richtwert.

For one offer category and one area: ``supply`` is the summed weekly capacity of the
offers located there (in the category's unit: places × sessions per week, household
slots, counselling hours …), ``target`` the size of the target group (an indicator value,
e.g. residents), ``richtwert`` the reference value the municipality sets in units per
1,000 of the target group. Then

- ``per_1000 = supply / target × 1,000``
- ``ratio = per_1000 / richtwert`` (1 = exactly the Richtwert, below 1 = not covered)
- ``required = target / 1,000 × richtwert`` and ``deficit = max(0, required − supply)``.

Higher levels are *recomputed* from the summed supply and target of their sub-areas,
never averaged: a Stadtbezirk of one large well-supplied Stadtteil and one small bare one
is covered as a whole if its summed supply reaches its summed requirement.

``within_reach`` says which demand points have at least one offer within a catchment
radius (metric coordinates, e.g. EPSG:25833), for "no offer within 800 m" statements.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt


@dataclass(frozen=True)
class Coverage:
    """Supply against target group of one area and category."""

    supply: float
    target: float | None
    richtwert: float

    @property
    def per_1000(self) -> float | None:
        """Units per 1,000 of the target group; None without a target group."""
        if self.target is None or self.target <= 0:
            return None
        return self.supply / self.target * 1000.0

    @property
    def ratio(self) -> float | None:
        """``per_1000 / richtwert``; None without a target group or Richtwert."""
        per = self.per_1000
        if per is None or self.richtwert <= 0:
            return None
        return per / self.richtwert

    @property
    def required(self) -> float | None:
        """Units the Richtwert asks for."""
        if self.target is None:
            return None
        return self.target / 1000.0 * self.richtwert

    @property
    def deficit(self) -> float | None:
        """Units missing to reach the Richtwert (0 when covered)."""
        required = self.required
        if required is None:
            return None
        return max(0.0, required - self.supply)

    @property
    def covered(self) -> bool | None:
        ratio = self.ratio
        return None if ratio is None else ratio >= 1.0


def depths(parents: Mapping[int, int | None]) -> dict[int, int]:
    """Depth of every area (0 for a root) from the parent mapping."""
    result: dict[int, int] = {}

    def depth(area_id: int) -> int:
        if area_id in result:
            return result[area_id]
        chain = [area_id]
        parent = parents.get(area_id)
        while parent is not None and parent not in result:
            if parent in chain:
                raise ValueError(f"the area hierarchy has a cycle at {parent}")
            chain.append(parent)
            parent = parents.get(parent)
        base = -1 if parent is None else result[parent]
        for offset, node in enumerate(reversed(chain), start=1):
            result[node] = base + offset
        return result[area_id]

    for area_id in parents:
        depth(area_id)
    return result


def sum_up(
    own: Mapping[int, float | None], parents: Mapping[int, int | None]
) -> dict[int, float | None]:
    """Every area's own amount plus the amounts of all its descendants.

    An area's amount is None only when neither it nor any descendant has one (a target
    group nobody counted stays unknown instead of becoming 0).
    """
    level = depths(parents)
    total: dict[int, float | None] = {a: own.get(a) for a in parents}
    children: dict[int, list[int]] = defaultdict(list)
    for area_id, parent in parents.items():
        if parent is not None:
            children[parent].append(area_id)
    for area_id in sorted(parents, key=lambda a: -level[a]):
        parts = [total[c] for c in children.get(area_id, [])]
        known = [p for p in parts if p is not None]
        if known:
            mine = total[area_id]
            total[area_id] = (mine or 0.0) + float(sum(known))
    return total


def coverage(
    supply: Mapping[int, float],
    target: Mapping[int, float | None],
    richtwert: float,
    parents: Mapping[int, int | None],
) -> dict[int, Coverage]:
    """Coverage of every area in ``parents``, rolled up along the hierarchy.

    ``supply`` and ``target`` hold each area's *own* amounts (normally only the finest
    level has any); a parent gets its own plus the sums of its sub-areas, and its ratio
    is recomputed from those sums.
    """
    supplies = sum_up({a: float(v) for a, v in supply.items()}, parents)
    targets = sum_up(target, parents)
    return {
        area_id: Coverage(
            supply=supplies[area_id] or 0.0, target=targets[area_id], richtwert=richtwert
        )
        for area_id in parents
    }


def within_reach(
    demand_xy: npt.ArrayLike, supply_xy: npt.ArrayLike, catchment_m: float
) -> npt.NDArray[np.bool_]:
    """For each demand point: is any supply point at most ``catchment_m`` away?

    Coordinates in a metric CRS, shape (n, 2) and (m, 2); a distance equal to the
    catchment counts as within reach.
    """
    demand = np.asarray(demand_xy, dtype=np.float64).reshape(-1, 2)
    supply = np.asarray(supply_xy, dtype=np.float64).reshape(-1, 2)
    if demand.shape[0] == 0:
        return np.zeros(0, dtype=np.bool_)
    if supply.shape[0] == 0:
        return np.zeros(demand.shape[0], dtype=np.bool_)
    # Imported here: SciPy's spatial module costs every process a second to import.
    from scipy.spatial import cKDTree  # type: ignore[import-untyped]

    distance, _index = cKDTree(supply).query(demand, k=1)
    reach: npt.NDArray[np.bool_] = np.asarray(distance, dtype=np.float64) <= catchment_m * (
        1 + 1e-12
    )
    return reach
