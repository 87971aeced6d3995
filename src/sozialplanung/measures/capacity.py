"""Forecasts against planned capacity for one reader, year by year.

For each forecast the reader may see: its demand and existing capacity per year, and
the measures planned against it that add (or remove) capacity. A measure counts from
the year of its start quarter on and does not end (the model has no end quarter; a
measure that closes places is entered with a negative capacity). ``analysis.capacity``
does the arithmetic.

Not counted, and listed as such: dropped or deferred measures (their places will not
come), and measures without a start quarter (nobody can say from when they count).
Years before the first recorded existing capacity are shown without a balance: an
unknown stock is not a stock of 0.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from sozialplanung.analysis.capacity import (
    Addition,
    CapacityYear,
    Status,
    additions_by_year,
    capacity_balance,
)
from sozialplanung.core.formats.quarters import QUARTER_RE
from sozialplanung.core.models import Municipality

from .models import Forecast, ForecastYear, Measure

NOT_COUNTED = (Measure.Status.DROPPED, Measure.Status.DEFERRED)


@dataclass(frozen=True)
class Row:
    year: int
    demand: float | None
    existing: float | None
    added: float
    capacity: float | None
    balance: float | None
    status: Status
    # (measure, places it contributes in this year), running measures only.
    measures: list[tuple[Measure, float]]


@dataclass
class ForecastBlock:
    forecast: Forecast
    rows: list[Row]
    counted: list[Measure] = field(default_factory=list)
    # (measure, why it is not counted)
    not_counted: list[tuple[Measure, str]] = field(default_factory=list)

    @property
    def has_under(self) -> bool:
        return any(r.status == "under" for r in self.rows)


def start_year(measure: Measure) -> int | None:
    match = QUARTER_RE.match(measure.start_quarter or "")
    return int(match["year"]) if match else None


def _row(result: CapacityYear, measures: list[tuple[Measure, float]]) -> Row:
    return Row(
        year=result.year,
        demand=result.demand,
        existing=result.existing,
        added=result.added,
        capacity=result.capacity,
        balance=result.balance,
        status=result.status,
        measures=measures,
    )


def forecast_block(
    forecast: Forecast, years: list[ForecastYear], measures: list[Measure]
) -> ForecastBlock:
    block = ForecastBlock(forecast, [])
    additions: list[Addition] = []
    for measure in measures:
        first = start_year(measure)
        if measure.status in NOT_COUNTED:
            block.not_counted.append((measure, measure.get_status_display()))
        elif first is None:
            block.not_counted.append((measure, _("no start quarter")))
        else:
            block.counted.append(measure)
            additions.append(Addition(str(measure.pk), float(measure.capacity or 0), first))
    by_pk = {str(m.pk): m for m in block.counted}
    demand = {y.year: float(y.demand) for y in years}
    existing = {y.year: float(y.existing) for y in years if y.existing is not None}
    all_years = [y.year for y in years]
    known = [y for y in all_years if existing and y >= min(existing)]
    running = additions_by_year(all_years, additions)

    def listed(year: int) -> list[tuple[Measure, float]]:
        return [(by_pk[key], places) for key, places in running[year].items()]

    computed: dict[int, CapacityYear] = {}
    if known:
        computed = {r.year: r for r in capacity_balance(known, demand, existing, additions)}
    for year in all_years:
        if year in computed:
            block.rows.append(_row(computed[year], listed(year)))
        else:
            added = float(sum(running[year].values()))
            block.rows.append(
                Row(year, demand.get(year), None, added, None, None, "unknown", listed(year))
            )
    return block


def capacity_overview(municipality: Municipality, user: Any) -> list[ForecastBlock]:
    forecasts = list(
        Forecast.objects.visible_to(user).filter(municipality=municipality).order_by("name")
    )
    years: dict[int, list[ForecastYear]] = defaultdict(list)
    for row in ForecastYear.objects.filter(forecast__in=forecasts).order_by("year"):
        years[row.forecast_id].append(row)
    measures: dict[int, list[Measure]] = defaultdict(list)
    for measure in (
        Measure.objects.visible_to(user)
        .filter(forecast__in=forecasts, capacity__isnull=False)
        .order_by("start_quarter", "number", "title")
    ):
        measures[measure.forecast_id].append(measure)  # type: ignore[index]
    return [forecast_block(f, years[f.pk], measures[f.pk]) for f in forecasts]
