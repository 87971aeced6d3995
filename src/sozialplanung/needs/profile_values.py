"""Observed and forecast indicator values, as the area profile and the comparison read them.

Forecasts are stored as future indicator values with a variant name
(``IndicatorValue.variant``; "" is an observed value). Every figure that says what *is*
(newest value, the city's minimum, mean and maximum, comparable areas) reads observed
values only; the time series shows the forecasts beside them, drawn differently.
"""

from __future__ import annotations

from django.db.models import QuerySet

from sozialplanung.areas.models import IndicatorValue

# The field arrives with the forecasts; without it every value is observed.
HAS_VARIANT = any(f.name == "variant" for f in IndicatorValue._meta.get_fields())


def observed(rows: QuerySet[IndicatorValue]) -> QuerySet[IndicatorValue]:
    return rows.filter(variant="") if HAS_VARIANT else rows


def forecasts(rows: QuerySet[IndicatorValue]) -> QuerySet[IndicatorValue]:
    return rows.exclude(variant="") if HAS_VARIANT else rows.none()


def variant_of(row: IndicatorValue) -> str:
    return str(getattr(row, "variant", ""))
