"""The gap analysis for a forecast year: a ``Variation`` (needs.compute) that replaces
today's target group by the one expected in that year.

How the target group of each finest area is carried forward (docs/bedarf.md states it):

1. **With a forecast** (values of variant ``variant`` in period ``period``, imported like
   any indicator file with the mapping key ``variant``): the growth indicator is the
   target indicator itself if it has forecast values for that year and variant, else
   the municipality's population indicator (``settings.SUPPRESS_POPULATION_INDICATOR``,
   "einwohner") if it has, else the first indicator (by short name) that has. For every
   area with a forecast value F its growth factor is F / O, O the observed value of the
   growth indicator in the same area in its newest observed period up to the forecast
   year. Each finest area's target group is multiplied by the factor of the nearest area
   that has one, itself first, then upwards: Dresden's forecast of the total population
   per Stadtbezirk scales the target group of each Stadtteil by its Stadtbezirk's
   growth. An area without any factor keeps today's target group.
2. **Without a forecast** (``variant`` empty): the trend projection
   (``analysis.projection``, "Trendfortschreibung") of each finest area's own target
   group over its last observed periods, carried on to ``period``.

Offers, need reports, parameters and the social index stay as they are today; only the
target group moves. Statistical confidentiality is decided on today's observed target
group (the same areas are withheld as in today's analysis), so a forecast never shows
a figure today's data would hide.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db.models import Max
from django.utils.translation import gettext as _

from sozialplanung.analysis.projection import TREND_PERIODS, period_position, project
from sozialplanung.areas.models import Indicator, IndicatorValue
from sozialplanung.core import computed
from sozialplanung.core.formats.numbers import de_number
from sozialplanung.core.models import Municipality

if TYPE_CHECKING:
    from .gap_inputs import GapInputs, Reader
    from .gap_result import GapAnalysis
else:
    Reader = Any


class ForecastYear:
    """The target group as expected in ``period``: from the forecast ``variant``, or by
    the trend projection when ``variant`` is empty."""

    def __init__(self, period: str, variant: str = "") -> None:
        period_position(period)  # a period the projection understands, or ValueError
        self.period, self.variant = period, variant
        # The cache key changes with the data anyway (core.computed's data version); the
        # variant's name (spaces, umlauts) as a digest, so the key suits every cache.
        digest = hashlib.sha256(variant.encode()).hexdigest()[:16] if variant else "trend"
        self.key = f"forecast:{period}:{digest}"
        self.label = forecast_label(period, variant)
        # What the last apply() used, for the page's method note.
        self.method = ""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ForecastYear) and (self.period, self.variant) == (
            other.period,
            other.variant,
        )

    def __hash__(self) -> int:
        return hash((self.period, self.variant))

    def apply(self, inputs: GapInputs, user: Reader) -> GapInputs:
        if self.variant:
            target, self.method = _scaled_by_forecast(inputs, self.period, self.variant, user)
        else:
            target, self.method = _trend(inputs, self.period, user)
        return replace(inputs, target=target)


def forecast_label(period: str, variant: str) -> str:
    if variant:
        return _("%(period)s – forecast (variant %(variant)s)") % {
            "period": period,
            "variant": variant,
        }
    return _("%(period)s – trend projection") % {"period": period}


def forecast_options(municipality: Municipality) -> list[tuple[str, str]]:
    """The (period, variant) pairs of forecast values the municipality has, by period."""
    pairs = (
        IndicatorValue.all_variants.forecasts()
        .filter(indicator__municipality=municipality)
        .values_list("period", "variant")
        .distinct()
    )
    return sorted(set(pairs))


def trend_options(municipality: Municipality, years: int = 10) -> list[tuple[str, str]]:
    """Years a trend projection is offered for: the ``years`` after the newest observed
    year of the municipality's values (variant empty)."""
    newest = IndicatorValue.objects.filter(indicator__municipality=municipality).aggregate(
        p=Max("period")
    )["p"]
    if not newest:
        return []
    first = int(newest[:4]) + 1
    return [(str(year), "") for year in range(first, first + years)]


def chosen_forecast(municipality: Municipality, query: Any) -> ForecastYear | None:
    """The forecast year the query string asks for (``prognose=2030|<variant>``; the
    variant empty for a trend projection), None unless it is one of the options: a
    forecast the municipality has, or a trend year where it has none."""
    period, _sep, variant = str(query.get("prognose", "") or "").partition("|")
    if not period:
        return None
    return (
        ForecastYear(period, variant) if (period, variant) in year_choices(municipality) else None
    )


def year_choices(municipality: Municipality) -> list[tuple[str, str]]:
    """The forecasts the gap pages offer: the municipality's forecasts, or trend years
    where it has none. Kept per data version (``core.computed``), so that a page view
    with its analyses at hand reads no indicator values. The same for every reader:
    only periods and variant names, never a value."""
    return computed.remember(
        "forecast-years",
        municipality.id,
        None,
        (),
        lambda: forecast_options(municipality) or trend_options(municipality),
    )


def option_value(period: str, variant: str) -> str:
    """The value of ``prognose`` in a query string for (period, variant)."""
    return f"{period}|{variant}"


def compare_with_today(forecast: GapAnalysis, today: GapAnalysis) -> None:
    """Put today's figures beside each row of the forecast analysis: ``today`` (today's
    row of the area), ``score_change`` (forecast score minus today's, None where either
    is missing or withheld; in whole points, ``score_change_text`` as shown)."""
    rows_today = {row.area.id: row for row in today.rows}
    for row in forecast.rows:
        before = rows_today.get(row.area.id)
        row.today = before  # type: ignore[attr-defined]
        row.score_change = (  # type: ignore[attr-defined]
            None
            if before is None
            or row.withheld
            or before.withheld
            or row.gap.score is None
            or before.gap.score is None
            else round(row.gap.score) - round(before.gap.score)
        )
        row.score_change_text = signed(row.score_change)  # type: ignore[attr-defined]


def signed(change: float | None) -> str:
    """A change in whole points as the table shows it: "+3", "−2", "±0", "–" for none.
    The difference of the rounded scores, so that it matches the two scores shown."""
    if change is None:
        return "–"
    if change == 0:
        return "±0"
    return ("+" if change > 0 else "−") + de_number(abs(change), 0)


def _scaled_by_forecast(
    inputs: GapInputs, period: str, variant: str, user: Reader
) -> tuple[dict[int, float], str]:
    target_indicator = inputs.params.target_indicator
    forecasts = IndicatorValue.all_variants.visible_to(user).filter(
        indicator__municipality_id=target_indicator.municipality_id,
        period=period,
        variant=variant,
        area_id__in=list(inputs.areas),
    )
    with_forecast = set(forecasts.values_list("indicator_id", flat=True).distinct())
    growth = _growth_indicator(target_indicator, with_forecast)
    if growth is None:
        return dict(inputs.target), _("no forecast values for this year; target group as today")
    forecast = dict(forecasts.filter(indicator=growth).values_list("area_id", "value"))
    observed = IndicatorValue.objects.visible_to(user).filter(
        indicator=growth, area_id__in=list(forecast), period__lte=period
    )
    base_period = observed.aggregate(p=Max("period"))["p"] or ""
    base = dict(observed.filter(period=base_period).values_list("area_id", "value"))
    factors = {a: forecast[a] / base[a] for a in forecast if base.get(a)}
    target: dict[int, float] = {}
    for leaf, value in inputs.target.items():
        factor = _nearest(leaf, factors, inputs)
        target[leaf] = value * factor if factor is not None else value
    method = _(
        "target group %(today)s scaled by the growth of %(indicator)s from %(base)s to "
        "%(year)s (forecast variant %(variant)s) in the nearest area with a forecast"
    ) % {
        "today": inputs.target_period,
        "indicator": growth.name,
        "base": base_period,
        "year": period,
        "variant": variant,
    }
    return target, method


def _growth_indicator(target: Indicator, with_forecast: set[int]) -> Indicator | None:
    if target.id in with_forecast:
        return target
    candidates = list(Indicator.objects.filter(id__in=with_forecast).order_by("slug"))
    population = [i for i in candidates if i.slug == settings.SUPPRESS_POPULATION_INDICATOR]
    return (population or candidates or [None])[0]


def _nearest(area_id: int, factors: dict[int, float], inputs: GapInputs) -> float | None:
    current: int | None = area_id
    while current is not None and current in inputs.areas:
        if current in factors:
            return factors[current]
        current = inputs.areas[current].parent_id
    return None


def _trend(inputs: GapInputs, period: str, user: Reader) -> tuple[dict[int, float], str]:
    rows = IndicatorValue.objects.visible_to(user).filter(
        indicator=inputs.params.target_indicator, area_id__in=list(inputs.leaves)
    )
    series: dict[int, list[tuple[str, float]]] = {}
    for area_id, p, value in rows.values_list("area_id", "period", "value"):
        series.setdefault(area_id, []).append((p, value))
    target: dict[int, float] = {}
    for leaf, value in inputs.target.items():
        projection = project(series.get(leaf, []), period, TREND_PERIODS)
        target[leaf] = projection.value if projection is not None else value
    method = _(
        "trend projection: straight line (least squares) through the last %(n)s observed "
        "periods of each area's target group, carried on to %(year)s; not an official "
        "forecast"
    ) % {"n": TREND_PERIODS, "year": period}
    return target, method
