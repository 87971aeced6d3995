"""A key figure over time: baseline, actual values, and the target as a dashed line.

Unlike the indicator charts of ``areas.charts`` (evenly spaced periods), key figures are
measured at arbitrary dates, so the x axis is a time scale; ticks and points reuse the
geometry types and tick rounding from there. ``measures/_key_figure_chart.html`` draws
it with <title>/<desc>, and the page shows a data table beside it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from sozialplanung.areas.charts import Point, Tick, nice_ticks
from sozialplanung.core.formats.numbers import de_number

from .models import KeyFigure, KeyFigureValue


def decimals_of(values: list[Decimal]) -> int:
    """Places worth showing: 0 for counts, up to 2 where the data has them."""
    places = 0
    for value in values:
        exponent = value.normalize().as_tuple().exponent
        if isinstance(exponent, int) and exponent < 0:
            places = max(places, min(-exponent, 2))
    return places


def date_label(day: dt.date) -> str:
    return day.strftime("%d.%m.%Y")


@dataclass(frozen=True)
class KeyFigureChart:
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    actual: list[Point]  # the baseline and the actual values, by date
    baseline: Point
    target: Point | None  # the target at its date (or at the right edge without one)
    target_dated: bool
    y_ticks: list[Tick]
    x_ticks: list[Tick]
    description: str

    @property
    def path(self) -> str:
        return " ".join(
            f"{'M' if i == 0 else 'L'}{p.x:.1f},{p.y:.1f}" for i, p in enumerate(self.actual)
        )

    @property
    def target_path(self) -> str:
        """Dashed: from the latest value to the target; flat across without a target date."""
        if self.target is None:
            return ""
        if not self.target_dated:
            return f"M{self.left},{self.target.y:.1f} L{self.right},{self.target.y:.1f}"
        last = self.actual[-1]
        return f"M{last.x:.1f},{last.y:.1f} L{self.target.x:.1f},{self.target.y:.1f}"


def _x_ticks(start: dt.date, end: dt.date, x_of: object) -> list[Tick]:
    """Year starts when the span covers two or more; otherwise the two end dates."""
    assert callable(x_of)
    years = [dt.date(y, 1, 1) for y in range(start.year + 1, end.year + 1)]
    if len(years) >= 2:
        every = max(1, -(-len(years) // 7))
        return [Tick(x_of(d), str(d.year)) for d in years[::every]]
    if start == end:
        return [Tick(x_of(start), start.strftime("%m/%Y"))]
    return [Tick(x_of(start), start.strftime("%m/%Y")), Tick(x_of(end), end.strftime("%m/%Y"))]


def key_figure_chart(
    figure: KeyFigure, values: list[KeyFigureValue], width: int = 480, height: int = 250
) -> KeyFigureChart:
    left, right, top, bottom = 64, width - 24, 16, height - 40
    series = [(figure.baseline_date, figure.baseline)] + [(v.date, v.value) for v in values]
    numbers = [v for _d, v in series] + ([figure.target] if figure.target is not None else [])
    places = decimals_of(numbers)
    # Unlike the indicator charts, the axis does not start at zero: a key figure moves
    # in a narrow band (440 → 507), and that movement is what the chart is for.
    ticks = nice_ticks(min(map(float, numbers)), max(map(float, numbers)))
    y_min, y_max = ticks[0], ticks[-1]
    dates = [d for d, _v in series] + ([figure.target_date] if figure.target_date else [])
    start, end = min(dates), max(dates)
    days = (end - start).days

    # Points stay a little inside the plot so that the first and last date labels fit.
    inner_left, inner_right = left + 24, right - 24

    def x_of(day: dt.date) -> float:
        if not days:
            return (left + right) / 2
        return inner_left + (day - start).days / days * (inner_right - inner_left)

    def y_of(value: float) -> float:
        return bottom - (value - y_min) / (y_max - y_min) * (bottom - top)

    unit = f" {figure.unit}" if figure.unit else ""

    def point(day: dt.date, value: Decimal) -> Point:
        return Point(
            x_of(day), y_of(float(value)), date_label(day), de_number(value, places) + unit
        )

    baseline = point(figure.baseline_date, figure.baseline)
    actual = [baseline] + [point(v.date, v.value) for v in values]
    actual.sort(key=lambda p: p.x)
    target = None
    if figure.target is not None:
        at = x_of(figure.target_date) if figure.target_date else right
        label = date_label(figure.target_date) if figure.target_date else _("no date")
        target = Point(
            at, y_of(float(figure.target)), label, de_number(figure.target, places) + unit
        )
    parts = [
        _("Baseline %(value)s on %(date)s") % {"value": baseline.value, "date": baseline.label}
    ]
    parts += [f"{p.label}: {p.value}" for p in actual if p is not baseline]
    if target is not None:
        parts.append(
            _("target %(value)s by %(date)s") % {"value": target.value, "date": target.label}
        )
    tick_places = 0 if all(float(t).is_integer() for t in ticks) else 1
    return KeyFigureChart(
        width,
        height,
        left,
        right,
        top,
        bottom,
        actual,
        baseline,
        target,
        figure.target_date is not None,
        [Tick(y_of(t), de_number(t, tick_places)) for t in ticks],
        _x_ticks(start, end, x_of),
        "; ".join(parts),
    )
