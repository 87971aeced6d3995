"""Observed and forecast indicator values, as the area profile and the comparison read them.

Forecasts are stored as future indicator values with a variant name
(``IndicatorValue.variant``; "" is an observed value). Every figure that says what *is*
(newest value, the city's minimum, mean and maximum, comparable areas) reads observed
values only; the time series shows the forecasts beside them, drawn differently.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from sozialplanung.areas.models import Area, IndicatorValue

# The field arrives with the forecasts; without it every value is observed.
HAS_VARIANT = any(f.name == "variant" for f in IndicatorValue._meta.get_fields())
# Where the default manager reads observed values only, forecasts come through the
# manager of all variants.
ALL_VARIANTS = getattr(IndicatorValue, "all_variants", IndicatorValue.objects)


def observed(rows: QuerySet[IndicatorValue]) -> QuerySet[IndicatorValue]:
    return rows.filter(variant="") if HAS_VARIANT else rows


def forecast_rows(area: Area, user: Any) -> list[IndicatorValue]:
    """The forecast values of ``area`` that ``user`` may read, by variant and period."""
    if not HAS_VARIANT:
        return []
    return list(
        ALL_VARIANTS.visible_to(user)
        .filter(indicator__municipality_id=area.municipality_id, area=area)
        .exclude(variant="")
        .order_by("variant", "period")
    )


def variant_of(row: IndicatorValue) -> str:
    return str(getattr(row, "variant", ""))
