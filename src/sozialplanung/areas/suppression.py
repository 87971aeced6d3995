"""The masks of statistical confidentiality for indicator values (the rule and who sees
true values: ``sozialplanung.core.suppression``; the computation:
``sozialplanung.analysis.suppression``).

The masks are computed over the whole municipality for an (indicator, period), never
per page, so every page, API and export withholds the same cells::

    suppress_values(indicator, level, period, {area_id: value}, user)      # one map/table
    suppress_series(indicator_values, user)            # IndicatorValue rows, any mix
    suppress_by_area(municipality, {area_id: v}, user, period=..., depends_on=[...])
                                                       # results computed from indicators
    withheld_areas(municipality, period, indicators, user)   # the area ids themselves

Loading is a fixed number of queries (areas, indicator definitions, values, residents),
independent of the number of areas.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, TypeVar

import numpy as np
from django.conf import settings
from django.db.models import Q

from sozialplanung.analysis import suppression as sdc
from sozialplanung.core.suppression import SUPPRESSED, Suppressed, needs_suppression

from .models import IndicatorValue

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from sozialplanung.core.models import Municipality, User

    from .models import AreaLevel, Indicator

    Reader = User | AnonymousUser | None

V = TypeVar("V")


# --- The masks for indicator values ---------------------------------------------------

Key = tuple[int, int, str]  # (indicator id, area id, period)


class _Masks:
    """Withheld (indicator, area, period) cells of one municipality, computed lazily.

    One query loads the values of the wanted indicators (with their numerators and
    denominators) in the wanted periods, their definitions and area parents by join,
    and the residents up to the newest wanted period. A numerator that is itself a
    share (rare) costs one query more. Masks are computed per (indicator, period) over
    all areas at all levels.
    """

    def __init__(
        self,
        municipality_id: int,
        indicators: Iterable[Indicator],
        periods: Iterable[str] | None,
    ) -> None:
        self.min_cell = settings.SUPPRESS_MIN_CELL
        self.min_population = settings.SUPPRESS_MIN_POPULATION
        self.municipality_id = municipality_id
        self.parent: dict[int, int | None] = {}
        self.spec: dict[int, tuple[str, int | None, int | None]] = {
            i.id: (i.kind, i.numerator_id, i.denominator_id) for i in indicators
        }
        self.values: dict[tuple[int, str], dict[int, float]] = defaultdict(dict)
        self.population: dict[int, list[tuple[str, float]]] = defaultdict(list)
        self.periods = sorted(set(periods)) if periods is not None else None
        self.loaded: set[int] = set()
        self._load(self._parts_missing(), with_population=True)
        while missing := self._parts_missing():
            self._load(missing, with_population=False)
        self.cache: dict[tuple[int, str], set[int]] = {}

    def _parts_missing(self) -> set[int]:
        wanted = set(self.spec)
        for _kind, num, den in list(self.spec.values()):
            wanted |= {x for x in (num, den) if x is not None}
        return wanted - self.loaded

    def _load(self, ids: set[int], *, with_population: bool) -> None:
        self.loaded |= ids
        wanted = Q(indicator_id__in=ids)
        if self.periods is not None:
            wanted &= Q(period__in=self.periods)
        pop_slug = settings.SUPPRESS_POPULATION_INDICATOR
        condition = wanted
        if with_population:
            residents = Q(indicator__municipality_id=self.municipality_id, indicator__slug=pop_slug)
            if self.periods:
                residents &= Q(period__lte=self.periods[-1])
            condition = wanted | residents
        rows = (
            IndicatorValue.objects.filter(condition)
            .order_by("period")
            .values_list(
                "indicator_id",
                "indicator__slug",
                "indicator__kind",
                "indicator__numerator_id",
                "indicator__denominator_id",
                "area_id",
                "area__parent_id",
                "period",
                "value",
            )
        )
        periods = set(self.periods) if self.periods is not None else None
        for ind, slug, kind, num, den, area, parent, period, value in rows:
            self.parent[area] = parent
            if with_population and slug == pop_slug:
                self.population[area].append((period, value))
            if ind in ids and (periods is None or period in periods):
                self.spec.setdefault(ind, (kind, num, den))
                self.values[(ind, period)][area] = value

    def residents(self, area_id: int, period: str) -> float:
        """The newest population up to ``period`` ("2023" serves "2023-Q3"); NaN if none."""
        found = float("nan")
        for pop_period, value in self.population.get(area_id, ()):
            if pop_period > period:
                break
            found = value
        return found

    def withheld(self, indicator_id: int, period: str) -> set[int]:
        """Area ids whose value of ``indicator_id`` in ``period`` is withheld."""
        key = (indicator_id, period)
        if key in self.cache:
            return self.cache[key]
        self.cache[key] = set()  # guards against a cycle in numerator definitions
        kind, num, den = self.spec.get(indicator_id, ("count", None, None))
        by_area = self.values.get(key, {})
        ids = sorted(by_area)
        values = np.array([by_area[i] for i in ids], dtype=float)
        pops = np.array([self.residents(i, period) for i in ids], dtype=float)
        is_count = kind == "count"
        mask = sdc.primary_mask(
            values,
            pops,
            is_count=is_count,
            min_cell=self.min_cell,
            min_population=self.min_population,
        )
        if is_count and len(ids):
            index = {a: n for n, a in enumerate(ids)}
            parent_index = [index.get(self.parent.get(a) or -1) for a in ids]
            mask = sdc.secondary_mask(values, mask, sdc.hierarchy_groups(parent_index))
        result = {a for a, hidden in zip(ids, mask.tolist(), strict=True) if hidden}
        for part in (num, den):
            if part is not None:
                result |= {a for a in ids if a in self.withheld(part, period)}
        self.cache[key] = result
        return result


def _masks_for(
    municipality_id: int, indicators: Iterable[Indicator], periods: Iterable[str] | None
) -> _Masks:
    return _Masks(municipality_id, indicators, periods)


# --- What callers use -----------------------------------------------------------------


def suppress_values(
    indicator: Indicator,
    level: AreaLevel | None,
    period: str,
    values: Mapping[int, V],
    user: Reader,
) -> dict[int, V | Suppressed]:
    """``{area id: value}`` of one indicator and period with withheld values replaced.

    ``level`` is informational (the masks always cover every level, so that the same
    cells are withheld wherever they appear); it may be None.
    """
    if not needs_suppression(user, indicator.municipality_id):
        return dict(values)
    hidden = _masks_for(indicator.municipality_id, [indicator], [period]).withheld(
        indicator.id, period
    )
    return {a: (SUPPRESSED if a in hidden else v) for a, v in values.items()}


def suppress_series(
    rows: Sequence[IndicatorValue], user: Reader
) -> list[tuple[IndicatorValue, float | Suppressed]]:
    """``[(row, shown value)]`` for indicator values of any indicators, areas and periods.

    All rows must belong to one municipality (read through ``queries.values``). One set
    of queries for the whole list.
    """
    if not rows:
        return []
    municipality_id = _municipality_of(rows[0])
    if not needs_suppression(user, municipality_id):
        return [(r, r.value) for r in rows]
    indicators = {r.indicator_id: r.indicator for r in rows}
    masks = _masks_for(municipality_id, indicators.values(), {r.period for r in rows})
    return [
        (r, SUPPRESSED if r.area_id in masks.withheld(r.indicator_id, r.period) else r.value)
        for r in rows
    ]


def _municipality_of(row: IndicatorValue) -> int:
    # Rows come with select_related("indicator") on every read path; fall back to a query.
    return int(row.indicator.municipality_id)


def withheld_areas(
    municipality: Municipality, period: str, indicators: Iterable[Indicator], user: Reader
) -> set[int]:
    """Area ids where any of ``indicators`` is withheld in ``period`` for ``user``.

    Areas below the minimum population are included whenever a residents value exists
    up to ``period``. Empty for internal users.
    """
    if not needs_suppression(user, municipality):
        return set()
    chosen = list(indicators)
    ids = [i.id for i in chosen]
    masks = _masks_for(municipality.id, chosen, [period])
    hidden: set[int] = set()
    for indicator_id in ids:
        hidden |= masks.withheld(indicator_id, period)
    small = {
        area_id
        for area_id in masks.population
        if masks.residents(area_id, period) < masks.min_population
    }
    return hidden | small


def suppress_by_area(
    municipality: Municipality,
    values: Mapping[int, V],
    user: Reader,
    *,
    period: str,
    depends_on: Iterable[Indicator] = (),
) -> dict[int, V | Suppressed]:
    """Values computed per area (coverage, gap scores …) with withheld ones replaced.

    A value is withheld when its area is below the minimum population or when one of the
    indicators it was computed from (``depends_on``, e.g. the target-group count) is
    withheld there in ``period``.
    """
    if not needs_suppression(user, municipality):
        return dict(values)
    hidden = withheld_areas(municipality, period, depends_on, user)
    return {a: (SUPPRESSED if a in hidden else v) for a, v in values.items()}
