"""Trend projection ("Trendfortschreibung"): where a municipality has no official
forecast, a straight line through the last observed periods, carried on to the year
asked for.

The method, as pages and reports state it: ordinary least squares of value on time
over the last ``periods`` observed periods (default 5; at least 2 are needed), time in
years ("2023" is 2023.0, "2023-Q3" is 2023.5: a quarter counts from its start), the
line evaluated at the target period. A count cannot fall below zero, so the result
is floored at 0. This is no forecast: it knows nothing of births, deaths, migration or
new housing, and says only where the recent trend would lead.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

#: Observed periods the trend is fitted to, unless the caller says otherwise.
TREND_PERIODS = 5

_PERIOD = re.compile(r"^(\d{4})(?:-Q([1-4]))?$")


def period_position(period: str) -> float:
    """A period as a point in time in years: "2023" → 2023.0, "2023-Q3" → 2023.5."""
    match = _PERIOD.match(period)
    if match is None:
        raise ValueError(f"unknown period {period!r}")
    year, quarter = match.groups()
    return int(year) + (int(quarter) - 1) / 4 if quarter else float(year)


@dataclass(frozen=True)
class Projection:
    value: float
    # Change per year of the fitted line.
    slope: float
    # The observed periods the line was fitted to, oldest first.
    periods: tuple[str, ...]


def project(
    series: Iterable[tuple[str, float]], target: str, periods: int = TREND_PERIODS
) -> Projection | None:
    """The value of ``series`` [(period, value)] in ``target`` by the linear trend of its
    last ``periods`` periods; None with fewer than two periods."""
    points = sorted(series, key=lambda pv: period_position(pv[0]))[-periods:]
    if len(points) < 2:
        return None
    ts = [period_position(p) for p, _v in points]
    ys = [float(v) for _p, v in points]
    t_mean = sum(ts) / len(ts)
    y_mean = sum(ys) / len(ys)
    spread = sum((t - t_mean) ** 2 for t in ts)
    if spread == 0:
        return None
    slope = sum((t - t_mean) * (y - y_mean) for t, y in zip(ts, ys, strict=True)) / spread
    value = y_mean + slope * (period_position(target) - t_mean)
    return Projection(max(value, 0.0), slope, tuple(p for p, _v in points))
