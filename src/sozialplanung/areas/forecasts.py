"""Forecast values (``IndicatorValue.variant`` not empty) as pages show them: apart from
the observed values, labelled "Prognose (Variante …)"."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from sozialplanung.core.suppression import SUPPRESSED, Suppressed

from . import queries
from .models import Area, AreaLevel, Indicator, IndicatorValue
from .suppression import suppress_values

if TYPE_CHECKING:
    from sozialplanung.core.models import Municipality

    from .queries import Reader


def forecast_label(variant: str) -> str:
    return _("Forecast (variant %(variant)s)") % {"variant": variant}


def forecasts_of_area(
    municipality: Municipality, area: Area, user: Reader
) -> dict[int, dict[str, list[tuple[str, float]]]]:
    """{indicator id: {variant: [(period, value)] oldest first}} of one area."""
    rows = (
        IndicatorValue.all_variants.forecasts()
        .visible_to(user)
        .filter(indicator__municipality=municipality, area=area)
        .order_by("variant", "period")
        .values_list("indicator_id", "variant", "period", "value")
    )
    found: dict[int, dict[str, list[tuple[str, float]]]] = {}
    for indicator_id, variant, period, value in rows:
        found.setdefault(indicator_id, {}).setdefault(variant, []).append((period, value))
    return found


def forecast_periods(indicator: Indicator, level: AreaLevel, user: Reader) -> list[tuple[str, str]]:
    """[(choice value "2030|<variant>", label "2030 – Prognose (Variante …)")] of the
    forecast values of ``indicator`` at ``level``, by variant and period."""
    pairs = (
        IndicatorValue.all_variants.forecasts()
        .visible_to(user)
        .filter(indicator=indicator, area__level=level)
        .values_list("variant", "period")
        .distinct()
    )
    return [
        (f"{period}|{variant}", f"{period} – {forecast_label(variant)}")
        for variant, period in sorted(set(pairs))
    ]


def forecast_values_by_area(
    indicator: Indicator, level: AreaLevel, choice: str, user: Reader
) -> dict[int, float]:
    """{area id: value} of the forecast ``choice`` ("2030|<variant>") at ``level``."""
    period, _sep, variant = choice.partition("|")
    return dict(
        IndicatorValue.all_variants.visible_to(user)
        .filter(indicator=indicator, area__level=level, period=period, variant=variant)
        .exclude(variant="")
        .values_list("area_id", "value")
    )


@dataclass
class ForecastTable:
    label: str
    level: AreaLevel
    periods: list[str]
    rows: list[tuple[Area, list[float | Suppressed | None]]]


def shown_periods(periods: list[str]) -> list[str]:
    """The columns of a forecast table: the first year, every fifth after it, the last."""
    first = int(periods[0][:4])
    picked = [p for p in periods if (int(p[:4]) - first) % 5 == 0 or p == periods[-1]]
    return list(dict.fromkeys(picked))


def forecast_tables(indicator: Indicator, user: Reader) -> list[ForecastTable]:
    """One table per forecast variant and level of ``indicator``: areas × some periods."""
    rows = (
        IndicatorValue.all_variants.forecasts()
        .visible_to(user)
        .filter(indicator=indicator)
        .select_related("area__level")
        .order_by("variant", "area__level__depth", "area__code", "period")
    )
    grouped: dict[tuple[str, int], dict[Area, dict[str, float]]] = {}
    levels: dict[int, AreaLevel] = {}
    for row in rows:
        levels[row.area.level_id] = row.area.level
        by_area = grouped.setdefault((row.variant, row.area.level_id), {})
        by_area.setdefault(row.area, {})[row.period] = row.value
    tables = []
    for (variant, level_id), by_area in grouped.items():
        periods = shown_periods(sorted({p for values in by_area.values() for p in values}))
        hidden = _withheld_as_observed(indicator, levels[level_id], list(by_area), user)
        tables.append(
            ForecastTable(
                forecast_label(variant),
                levels[level_id],
                periods,
                [
                    (area, [SUPPRESSED if area.id in hidden else values.get(p) for p in periods])
                    for area, values in by_area.items()
                ],
            )
        )
    return tables


def _withheld_as_observed(
    indicator: Indicator, level: AreaLevel, areas: list[Area], user: Reader
) -> set[int]:
    """Areas whose newest observed value of ``indicator`` is withheld from ``user``: their
    forecasts are withheld too."""
    observed = queries.periods(indicator, level)
    if not observed:
        return set()
    shown = suppress_values(indicator, level, observed[-1], {a.id: 0.0 for a in areas}, user)
    return {a_id for a_id, v in shown.items() if isinstance(v, Suppressed)}
