"""Roll-up of indicator values along the area hierarchy.

Counts are summed from the sub-areas, shares and rates are recomputed from their rolled-up
numerator and denominator, means are weighted by their denominator. Nothing is ever
averaged, and a parent value is only produced when every contributing sub-area has one:
a sum over part of the children would look complete and be wrong.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from enum import StrEnum

Key = tuple[int, int, str]  # (indicator id, area id, period)


class Origin(StrEnum):
    ROLLED_UP = "rolled_up"
    COMPUTED = "computed"


@dataclass(frozen=True)
class AreaNode:
    id: int
    parent_id: int | None
    depth: int
    # True when the statistics office publishes this area only together with a
    # neighbour: its people are already inside the neighbour's value.
    reported_elsewhere: bool = False


@dataclass(frozen=True)
class IndicatorSpec:
    id: int
    kind: str  # "count", "share", "rate" or "mean"
    numerator_id: int | None = None
    denominator_id: int | None = None
    scale: float = 1.0


def derive_values(
    areas: list[AreaNode],
    indicators: list[IndicatorSpec],
    imported: dict[Key, float],
) -> dict[Key, tuple[float, Origin]]:
    """Values that follow from ``imported``; imported values are never overwritten."""
    children: dict[int, list[AreaNode]] = defaultdict(list)
    for node in areas:
        if node.parent_id is not None:
            children[node.parent_id].append(node)
    parents = sorted((n for n in areas if children.get(n.id)), key=lambda n: n.depth, reverse=True)
    known: dict[Key, float] = dict(imported)
    derived: dict[Key, tuple[float, Origin]] = {}
    periods: dict[int, set[str]] = defaultdict(set)
    for ind_id, _area, period in imported:
        periods[ind_id].add(period)

    def put(key: Key, value: float, origin: Origin) -> None:
        known[key] = value
        derived[key] = (value, origin)

    counts = [i for i in indicators if i.kind == "count"]
    means = [i for i in indicators if i.kind == "mean" and i.denominator_id]
    for parent in parents:
        members = [c for c in children[parent.id] if not c.reported_elsewhere]
        for spec in counts:
            for period in periods[spec.id]:
                key = (spec.id, parent.id, period)
                if key in known:
                    continue
                parts = [known.get((spec.id, c.id, period)) for c in members]
                if parts and all(p is not None for p in parts):
                    put(key, float(sum(p for p in parts if p is not None)), Origin.ROLLED_UP)
        for spec in means:
            assert spec.denominator_id is not None
            for period in periods[spec.id]:
                key = (spec.id, parent.id, period)
                if key in known:
                    continue
                pairs = [
                    (
                        known.get((spec.id, c.id, period)),
                        known.get((spec.denominator_id, c.id, period)),
                    )
                    for c in members
                ]
                if not pairs or any(v is None or w is None for v, w in pairs):
                    continue
                weight = sum(w for _v, w in pairs if w is not None)
                if weight:
                    total = sum(v * w for v, w in pairs if v is not None and w is not None)
                    put(key, total / weight, Origin.ROLLED_UP)

    ratios = [
        i for i in indicators if i.kind in ("share", "rate") and i.numerator_id and i.denominator_id
    ]
    for spec in ratios:
        numerators = [(a, p, v) for (i, a, p), v in known.items() if i == spec.numerator_id]
        for area_id, period, num in numerators:
            key = (spec.id, area_id, period)
            if key in imported:
                continue
            den = known.get((spec.denominator_id, area_id, period))  # type: ignore[arg-type]
            if den:
                put(key, num / den * spec.scale, Origin.COMPUTED)
    return derived
