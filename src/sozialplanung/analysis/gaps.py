"""Gap ranking (Versorgungslücken) per area for one offer category.

Each area gets a score from 0 (no sign of a gap) to 100 (every sign at its maximum),
the weighted mean of components between 0 and 1:

=============== ============================================================= ==========
component       value                                                          default w
=============== ============================================================= ==========
coverage        ``1 − min(1, ratio)``: shortfall of supply per 1,000 of the     0.35
                target group against the Richtwert (1 = no supply at all)
accessibility   ``1 − min(1, access per 1,000 / Richtwert)``: the E2SFCA        0.20
                supply within reach per 1,000, target-group weighted mean of
                the area's demand points, against the same Richtwert
reports         ``min(1, reported per 1,000 / reports_saturation)``: people     0.25
                turned away + waiting list + unmet requests that providers
                report, per 1,000 of the target group
index           ``(class − 1) / (index_classes − 1)``: the social-index class   0.10
                (1 = least need … ``index_classes`` = most)
size            ``min(1, target / size_reference)``: more people affected       0.05
growth          ``clip(growth / growth_saturation, 0, 1)``: forecast growth     0.05
                of the target group
=============== ============================================================= ==========

A component without data (no index computed, no forecast, need reports not visible to
the reader) is left out and the remaining weights are renormalised, so that the score
keeps its 0–100 range; the result says which components it used.

**Roll-up.** Each area carries its *own* figures (normally only the finest level has
any). A parent's figures are recomputed from the sums of its sub-areas: supply, target
group, reported need, target-weighted accessibility and unreached people are summed, and
the score is then computed from those sums by the same formula, never by averaging the
children's scores. The index class, where the index was computed for the parent itself,
is the parent's own; otherwise it is the target-weighted mean of its sub-areas' classes,
and a sub-area without a class of its own takes its nearest ancestor's (an index computed
only per Stadtbezirk is inherited by its Stadtteile). Ranks are competition ranks (1, 2, 2,
4) by score within each depth of the hierarchy.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, fields

from .coverage import Coverage, depths, sum_up

COMPONENTS: tuple[str, ...] = ("coverage", "accessibility", "reports", "index", "size", "growth")


@dataclass(frozen=True)
class GapWeights:
    """Weights of the score's components and the saturation points of their scales.

    Weights need not add up to 1: they are renormalised over the available components.
    """

    coverage: float = 0.35
    accessibility: float = 0.20
    reports: float = 0.25
    index: float = 0.10
    size: float = 0.05
    growth: float = 0.05
    # Reported need per 1,000 of the target group at which the reports component is full.
    reports_saturation: float = 5.0
    # Target-group size at which the size component is full.
    size_reference: float = 10_000.0
    # Forecast growth of the target group (0.10 = +10 %) at which the growth component is full.
    growth_saturation: float = 0.10
    # Number of social-index classes; class 1 means least need.
    index_classes: int = 4

    def weight(self, component: str) -> float:
        return float(getattr(self, component))

    def as_dict(self) -> dict[str, float]:
        return {f.name: float(getattr(self, f.name)) for f in fields(self)}


@dataclass(frozen=True)
class AreaFigures:
    """One area's own figures for one category (sub-areas are added by the roll-up).

    ``accessibility`` is supply within reach per person (the 2SFCA value, target-weighted
    mean over the area's demand points); ``unreached_share`` the share of the target group
    with no offer within the catchment; ``reported`` turned away + waiting list + unmet
    requests, None when the reader may not see need reports.
    """

    area_id: int
    parent_id: int | None
    target: float | None = None
    supply: float = 0.0
    reported: float | None = None
    accessibility: float | None = None
    unreached_share: float | None = None
    forecast_target: float | None = None
    index_class: float | None = None


@dataclass(frozen=True)
class Reason:
    """One component of a score: its value (0–1) and the points it contributes."""

    component: str
    value: float
    points: float


@dataclass(frozen=True)
class AreaGap:
    area_id: int
    depth: int
    coverage: Coverage
    reported: float | None
    accessibility: float | None  # per person; × 1,000 gives per 1,000 of the target group
    unreached_share: float | None
    index_class: float | None
    growth: float | None
    score: float | None
    rank: int | None = None
    reasons: tuple[Reason, ...] = field(default_factory=tuple)

    @property
    def reported_per_1000(self) -> float | None:
        target = self.coverage.target
        if self.reported is None or not target:
            return None
        return self.reported / target * 1000.0

    @property
    def accessibility_per_1000(self) -> float | None:
        return None if self.accessibility is None else self.accessibility * 1000.0

    @property
    def components(self) -> dict[str, float]:
        return {r.component: r.value for r in self.reasons}


def _clip(value: float) -> float:
    return min(1.0, max(0.0, value))


def components_of(gap: AreaGap, weights: GapWeights) -> dict[str, float]:
    """The available components (0–1) of one area's figures."""
    result: dict[str, float] = {}
    cov = gap.coverage
    ratio = cov.ratio
    if ratio is None:
        return result
    target = cov.target or 0.0
    result["coverage"] = 1.0 - min(1.0, ratio)
    if gap.accessibility is not None and cov.richtwert > 0:
        result["accessibility"] = 1.0 - min(1.0, gap.accessibility * 1000.0 / cov.richtwert)
    per_1000 = gap.reported_per_1000
    if per_1000 is not None and weights.reports_saturation > 0:
        result["reports"] = _clip(per_1000 / weights.reports_saturation)
    if gap.index_class is not None and weights.index_classes > 1:
        result["index"] = _clip((gap.index_class - 1.0) / (weights.index_classes - 1))
    if weights.size_reference > 0:
        result["size"] = _clip(target / weights.size_reference)
    if gap.growth is not None and weights.growth_saturation > 0:
        result["growth"] = _clip(gap.growth / weights.growth_saturation)
    return result


def score_of(
    components: Mapping[str, float], weights: GapWeights
) -> tuple[float, tuple[Reason, ...]]:
    """Weighted mean × 100 and the reasons, largest contribution first."""
    total_weight = sum(weights.weight(c) for c in components if weights.weight(c) > 0)
    if total_weight <= 0:
        return 0.0, ()
    reasons = [
        Reason(c, v, 100.0 * weights.weight(c) * v / total_weight)
        for c, v in components.items()
        if weights.weight(c) > 0
    ]
    reasons.sort(key=lambda r: (-r.points, COMPONENTS.index(r.component)))
    return sum(r.points for r in reasons), tuple(reasons)


def _weighted(
    values: Mapping[int, float | None], weights: Mapping[int, float | None]
) -> dict[int, float | None]:
    """value × weight per area (None when either is missing)."""
    out: dict[int, float | None] = {}
    for area_id, value in values.items():
        w = weights.get(area_id)
        out[area_id] = None if value is None or w is None else value * w
    return out


def _index_classes(
    figures: Mapping[int, AreaFigures],
    parents: Mapping[int, int | None],
    targets: Mapping[int, float | None],
    level: Mapping[int, int],
) -> dict[int, float | None]:
    """Own class, else the target-weighted mean of the sub-areas', else the ancestor's."""
    children: dict[int, list[int]] = defaultdict(list)
    for area_id, parent in parents.items():
        if parent is not None:
            children[parent].append(area_id)
    result: dict[int, float | None] = {a: figures[a].index_class for a in parents}
    for area_id in sorted(parents, key=lambda a: -level[a]):  # up: parents from children
        if result[area_id] is not None or not children.get(area_id):
            continue
        pairs = [(result[c], targets.get(c) or 0.0) for c in children[area_id]]
        known = [(v, w) for v, w in pairs if v is not None and w > 0]
        weight = sum(w for _v, w in known)
        if known and weight > 0:
            result[area_id] = sum(v * w for v, w in known) / weight
    for area_id in sorted(parents, key=lambda a: level[a]):  # down: inherit
        parent = parents[area_id]
        if result[area_id] is None and parent is not None:
            result[area_id] = result[parent]
    return result


def _ranks(gaps: dict[int, AreaGap]) -> dict[int, int]:
    by_depth: dict[int, list[AreaGap]] = defaultdict(list)
    for gap in gaps.values():
        if gap.score is not None:
            by_depth[gap.depth].append(gap)
    ranks: dict[int, int] = {}
    for members in by_depth.values():
        members.sort(key=lambda g: (-round(g.score or 0.0, 9), g.area_id))
        previous: float | None = None
        rank = 0
        for i, gap in enumerate(members, start=1):
            score = round(gap.score or 0.0, 9)
            if score != previous:
                rank, previous = i, score
            ranks[gap.area_id] = rank
    return ranks


def _per_person(target: float | None) -> Callable[[float | None], float | None]:
    def divide(amount: float | None) -> float | None:
        if amount is None or target is None or target <= 0:
            return None
        return amount / target

    return divide


def _minus_one(value: float | None) -> float | None:
    return None if value is None else value - 1.0


def gap_scores(
    figures: Iterable[AreaFigures], richtwert: float, weights: GapWeights | None = None
) -> dict[int, AreaGap]:
    """Score, rank and reasons for every area, rolled up along the hierarchy.

    ``figures`` must include every area of the hierarchy (parents with their own figures
    empty); each names its parent.
    """
    weights = weights or GapWeights()
    by_id = {f.area_id: f for f in figures}
    parents = {a: f.parent_id for a, f in by_id.items()}
    missing = {p for p in parents.values() if p is not None and p not in by_id}
    if missing:
        raise ValueError(f"parents without figures: {sorted(missing)}")
    level = depths(parents)
    targets = sum_up({a: f.target for a, f in by_id.items()}, parents)
    supply = sum_up({a: f.supply for a, f in by_id.items()}, parents)
    reported = sum_up({a: f.reported for a, f in by_id.items()}, parents)
    own_targets = {a: f.target for a, f in by_id.items()}
    access = sum_up(_weighted({a: f.accessibility for a, f in by_id.items()}, own_targets), parents)
    unreached = sum_up(
        _weighted({a: f.unreached_share for a, f in by_id.items()}, own_targets), parents
    )
    forecast = sum_up({a: f.forecast_target for a, f in by_id.items()}, parents)
    classes = _index_classes(by_id, parents, targets, level)
    gaps: dict[int, AreaGap] = {}
    for area_id in parents:
        target = targets[area_id]
        per_person = _per_person(target)
        gap = AreaGap(
            area_id=area_id,
            depth=level[area_id],
            coverage=Coverage(supply[area_id] or 0.0, target, richtwert),
            reported=reported[area_id],
            accessibility=per_person(access[area_id]),
            unreached_share=per_person(unreached[area_id]),
            index_class=classes[area_id],
            growth=_minus_one(per_person(forecast[area_id])),
            score=None,
        )
        components = components_of(gap, weights)
        if "coverage" in components:
            score, reasons = score_of(components, weights)
            gap = AreaGap(**{**gap.__dict__, "score": score, "reasons": reasons})
        gaps[area_id] = gap
    ranks = _ranks(gaps)
    return {
        a: AreaGap(**{**g.__dict__, "rank": ranks.get(a)}) if a in ranks else g
        for a, g in gaps.items()
    }
