"""Statistical confidentiality: THE one place where small numbers are withheld.

Every public output of numbers (pages, API, GeoJSON, CSV/XLSX exports, reports, gap
tables) passes the values it is about to show through this module. The rule
(docs/datenschutz.md; the computation is ``sozialplanung.analysis.suppression``):

* for whom: ``needs_suppression(user, municipality)`` — the public (anonymous), providers
  (Träger), and staff looking at another municipality than their own. Sozialplanung,
  Fachamt, Stadtrat and Admin see the true values of their municipality.
* what: counts below ``settings.SUPPRESS_MIN_CELL`` (3; 0 is shown), every value of an
  area with fewer than ``settings.SUPPRESS_MIN_POPULATION`` (300) residents (the
  indicator ``settings.SUPPRESS_POPULATION_INDICATOR``, newest value up to the period),
  secondary suppression along the area hierarchy (parent = sum of children) per
  indicator and period, and shares/rates/means whose numerator or denominator is
  withheld. The masks are computed over the whole municipality for an (indicator,
  period), never per page, so every page, API and export withholds the same cells.
* how it shows: the marker ``SUPPRESSED`` — "•" with the accessible text
  "geheim gehalten (kleine Zahl)" in HTML (templates print it through ``de_number`` or
  ``{{ value }}``), ``null`` plus ``"suppressed": true`` in JSON (``json_value``), "•" in
  CSV (``csv_value``). Never 0.

API for callers (all take the values they are about to show and return them with the
withheld ones replaced by ``SUPPRESSED``; an internal user gets the input back)::

    suppress_values(indicator, level, period, {area_id: value}, user)      # one map/table
    suppress_series(indicator_values, user)            # IndicatorValue rows, any mix
    suppress_by_area(municipality, {area_id: v}, user, period=..., depends_on=[...])
                                                       # results computed from indicators
    suppress_table(values, groups, user, municipality=...)  # any other table of counts

Loading is a fixed number of queries (areas, indicator definitions, values, residents),
independent of the number of areas.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final, TypeVar

import numpy as np
from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from sozialplanung.analysis import suppression as sdc

from .visibility import Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from sozialplanung.areas.models import AreaLevel, Indicator, IndicatorValue

    from .models import Municipality, User

    Reader = User | AnonymousUser | None

V = TypeVar("V")
SYMBOL: Final = "•"


class Suppressed:
    """The marker of a withheld value. Prints "•"; never a number, never 0.

    ``bool(SUPPRESSED)`` is False so that ``value or …`` fallbacks do not print it by
    accident as a number; test for it with ``is_suppressed``.
    """

    _instance: Suppressed | None = None

    def __new__(cls) -> Suppressed:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __str__(self) -> str:
        return SYMBOL

    def __repr__(self) -> str:
        return "SUPPRESSED"

    def __bool__(self) -> bool:
        return False

    def __html__(self) -> SafeString:
        return html_marker()

    def __reduce__(self) -> str:
        return "SUPPRESSED"


SUPPRESSED: Final = Suppressed()


def title() -> str:
    """The accessible explanation of "•" (German: "geheim gehalten (kleine Zahl)")."""
    return gettext("withheld (small number)")


def html_marker() -> SafeString:
    """ "•" for the eye, the explanation for screen readers and as a tooltip."""
    return format_html(
        '<span class="suppressed" title="{}"><span aria-hidden="true">{}</span>'
        '<span class="visually-hidden">{}</span></span>',
        title(),
        SYMBOL,
        title(),
    )


def is_suppressed(value: object) -> bool:
    return isinstance(value, Suppressed)


def json_value(value: float | Suppressed | None) -> dict[str, Any]:
    """``{"value": …, "suppressed": …}`` for JSON: a withheld value is null, not 0."""
    if isinstance(value, Suppressed):
        return {"value": None, "suppressed": True}
    return {"value": value, "suppressed": False}


def csv_value(value: float | Suppressed | None, decimals: int = 0) -> str:
    """A cell for German CSV: decimal comma, "•" when withheld, empty when missing."""
    if isinstance(value, Suppressed):
        return SYMBOL
    if value is None:
        return ""
    return f"{value:.{decimals}f}".replace(".", ",")


def number_or_none(value: float | Suppressed | None) -> float | None:
    """The value for computations that must skip withheld ones (charts, classes)."""
    return None if isinstance(value, Suppressed) else value


# --- Who ------------------------------------------------------------------------------


def needs_suppression(user: Reader, municipality: Municipality | int | None = None) -> bool:
    """True unless ``user`` is internal staff of ``municipality`` (or an administrator).

    Anonymous visitors and providers (Träger) always get suppressed values; staff
    (Sozialplanung, Fachamt, Stadtrat) see true values of their own municipality only,
    like ``visible_to`` lets them read non-public records of their own municipality only.
    """
    if not (user and user.is_authenticated and user.is_active):
        return True
    role = getattr(user, "role", None)
    if role == Role.ADMIN or user.is_superuser:
        return False
    if role not in (Role.SOZIALPLANUNG, Role.FACHAMT, Role.STADTRAT):
        return True
    if municipality is None:
        return False
    municipality_id = municipality if isinstance(municipality, int) else municipality.id
    return getattr(user, "municipality_id", None) != municipality_id


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
        from django.db.models import Q

        from sozialplanung.areas.models import IndicatorValue

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


def suppress_table(
    values: Sequence[float] | np.ndarray,
    groups: Sequence[sdc.Group],
    user: Reader,
    *,
    municipality: Municipality | int | None = None,
    populations: Sequence[float] | None = None,
    is_count: bool = True,
) -> list[float | Suppressed]:
    """Any other table of counts (flat, with its additive ``groups``), e.g. an export.

    Uses the configured minimums; see ``analysis.suppression.table_groups`` for a table
    with row and column totals and ``hierarchy_groups`` for an area hierarchy.
    """
    flat = [float(v) for v in np.asarray(values, dtype=float).ravel()]
    if not needs_suppression(user, municipality):
        return list(flat)
    mask = sdc.suppress(
        flat,
        groups,
        populations,
        is_count=is_count,
        min_cell=settings.SUPPRESS_MIN_CELL,
        min_population=settings.SUPPRESS_MIN_POPULATION,
    )
    return [SUPPRESSED if hidden else v for v, hidden in zip(flat, mask.tolist(), strict=True)]
