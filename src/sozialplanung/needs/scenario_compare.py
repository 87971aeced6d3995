"""A scenario beside today: the same analyses twice, today's data and the scenario's,
compared per area (one category and level) and per category (the whole municipality).

Both analyses go through ``needs.compute.analyse`` and so through the cache of computed
results (``core.computed``): the second view of a scenario computes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sozialplanung.analysis.gaps import AreaGap
from sozialplanung.areas.models import Area, AreaLevel
from sozialplanung.core.models import Municipality
from sozialplanung.offers.models import OfferCategory

from .compute import analyse
from .gap_inputs import Variation
from .gap_result import GapAnalysis


@dataclass(frozen=True)
class AreaComparison:
    area: Area
    today: AreaGap
    scenario: AreaGap

    @property
    def score_change(self) -> float | None:
        return _difference(self.scenario.score, self.today.score)

    @property
    def per_1000_change(self) -> float | None:
        return _difference(self.scenario.coverage.per_1000, self.today.coverage.per_1000)

    @property
    def accessibility_change(self) -> float | None:
        return _difference(self.scenario.accessibility_per_1000, self.today.accessibility_per_1000)

    @property
    def target_change(self) -> float | None:
        return _difference(self.scenario.coverage.target, self.today.coverage.target)

    @property
    def changed(self) -> bool:
        return any(
            (change or 0) != 0
            for change in (
                self.score_change,
                self.per_1000_change,
                self.accessibility_change,
                self.target_change,
            )
        ) or (self.today.rank != self.scenario.rank)


@dataclass(frozen=True)
class CategoryComparison:
    """One category over the whole municipality: coverage of the top area, how many
    areas of the finest level fall short of the Richtwert, how many change."""

    category: OfferCategory
    richtwert_today: float
    richtwert_scenario: float
    per_1000_today: float | None
    per_1000_scenario: float | None
    short_today: int
    short_scenario: int
    areas_changed: int

    @property
    def per_1000_change(self) -> float | None:
        return _difference(self.per_1000_scenario, self.per_1000_today)

    @property
    def short_change(self) -> int:
        return self.short_scenario - self.short_today


def _difference(after: float | None, before: float | None) -> float | None:
    if after is None or before is None:
        return None
    return after - before


def compare_areas(today: GapAnalysis, scenario: GapAnalysis) -> list[AreaComparison]:
    """Every area of today's rows (one level), today's ranking order, with the scenario's
    figures beside. Withheld rows are left out (only the planning unit comes here, which
    sees everything; this holds should the audience ever widen)."""
    shown = [r for r in today.rows if not r.withheld]
    return [
        AreaComparison(area=r.area, today=r.gap, scenario=scenario.gaps[r.area.id])
        for r in shown
        if r.area.id in scenario.gaps
    ]


def compare_category(today: GapAnalysis, scenario: GapAnalysis) -> CategoryComparison | None:
    if today.params is None or scenario.params is None or not today.gaps:
        return None
    finest = max(g.depth for g in today.gaps.values())
    top = min(today.gaps.values(), key=lambda g: g.depth).area_id

    def short(analysis: GapAnalysis) -> int:
        return sum(
            1
            for g in analysis.gaps.values()
            if g.depth == finest and g.coverage.ratio is not None and g.coverage.ratio < 1
        )

    return CategoryComparison(
        category=today.category,
        richtwert_today=today.params.richtwert,
        richtwert_scenario=scenario.params.richtwert,
        per_1000_today=today.gaps[top].coverage.per_1000,
        per_1000_scenario=scenario.gaps[top].coverage.per_1000,
        short_today=short(today),
        short_scenario=short(scenario),
        areas_changed=sum(
            1
            for a_id, g in today.gaps.items()
            if g.depth == finest
            and AreaComparison(today.areas[a_id], g, scenario.gaps[a_id]).changed
        ),
    )


def side_by_side(
    municipality: Municipality,
    category: OfferCategory,
    user: Any,
    level: AreaLevel | None,
    variation: Variation,
) -> tuple[GapAnalysis, GapAnalysis]:
    """Today's analysis and the scenario's, at the level today's analysis chose."""
    today = analyse(municipality, category, user, level)
    return today, analyse(municipality, category, user, today.level, variation)
