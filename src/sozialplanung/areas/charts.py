"""Server-rendered SVG charts: a time series per indicator, a ranking as bars.

Only geometry is computed here; the templates ``areas/_line_chart.html`` and
``areas/_bar_chart.html`` draw it, with <title>/<desc> and a data table beside it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from sozialplanung.core.formats.numbers import de_number
from sozialplanung.core.formats.periods import period_label


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering [low, high] (1, 2, 2.5, 5 × 10ⁿ steps)."""
    if high <= low:
        high = low + (abs(low) or 1.0)
    raw = (high - low) / max(count - 1, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    start = math.floor(low / step) * step
    ticks = []
    value = start
    while value < high + step * 0.999:
        ticks.append(round(value, 10))
        value += step
    return ticks


@dataclass(frozen=True)
class Tick:
    pos: float
    label: str


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    label: str  # "Q1 2023"
    value: str  # "12,3"


@dataclass(frozen=True)
class LineChart:
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    points: list[Point]
    y_ticks: list[Tick]
    x_ticks: list[Tick]
    # Points of a forecast after the observed ones (drawn dashed, from the last observed).
    forecast_points: tuple[Point, ...] = ()

    @property
    def path(self) -> str:
        return _path(self.points)

    @property
    def forecast_path(self) -> str:
        return _path([*self.points[-1:], *self.forecast_points]) if self.forecast_points else ""


def _path(points: list[Point]) -> str:
    return " ".join(f"{'M' if i == 0 else 'L'}{p.x:.1f},{p.y:.1f}" for i, p in enumerate(points))


def line_chart(
    series: list[tuple[str, float]],
    decimals: int = 0,
    width: int = 560,
    height: int = 220,
    forecast: list[tuple[str, float]] | None = None,
) -> LineChart:
    """A time series [(period, value)] oldest first; y axis starts at zero for positives.
    ``forecast``: values of later periods, drawn after the observed ones, dashed."""
    observed = len(series)
    series = [*series, *(forecast or [])]
    left, right, top, bottom = 70, width - 24, 16, height - 36
    values = [v for _, v in series]
    low = min(0.0, *values) if values else 0.0
    high = max(values) if values else 1.0
    ticks = nice_ticks(low, high)
    y_min, y_max = ticks[0], ticks[-1]

    def y_of(value: float) -> float:
        return bottom - (value - y_min) / (y_max - y_min) * (bottom - top)

    n = len(series)
    step = (right - left) / (n - 1) if n > 1 else 0
    xs = [left + i * step if n > 1 else (left + right) / 2 for i in range(n)]
    points = [
        Point(x, y_of(v), period_label(p), de_number(v, decimals))
        for x, (p, v) in zip(xs, series, strict=True)
    ]
    # Label at most ~8 periods on the x axis so that quarters stay readable.
    every = max(1, math.ceil(n / 8))
    x_ticks = [Tick(pt.x, pt.label) for i, pt in enumerate(points) if i % every == 0]
    tick_decimals = 0 if all(float(t).is_integer() for t in ticks) else 1
    y_ticks = [Tick(y_of(t), de_number(t, tick_decimals)) for t in ticks]
    return LineChart(
        width,
        height,
        left,
        right,
        top,
        bottom,
        points[:observed],
        y_ticks,
        x_ticks,
        tuple(points[observed:]),
    )


@dataclass(frozen=True)
class Bar:
    y: float
    width: float
    label: str
    value: str
    value_x: float


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    left: int
    bar_height: int
    bars: list[Bar]
    x_ticks: list[Tick]
    top: int = 8
    value_room: int = 70

    @property
    def bottom(self) -> int:
        return self.height - 24


def bar_chart(
    rows: list[tuple[str, float]], decimals: int = 0, width: int = 560, bar_height: int = 20
) -> BarChart:
    """Horizontal bars, one per (label, value), in the given order."""
    left, top, value_room = 190, 8, 80
    values = [v for _, v in rows] or [0.0]
    ticks = nice_ticks(min(0.0, *values), max(values), 5)
    span = ticks[-1] - ticks[0] or 1.0
    usable = width - left - value_room

    def x_of(value: float) -> float:
        return (value - ticks[0]) / span * usable

    bars = [
        Bar(
            top + i * (bar_height + 4),
            max(x_of(v), 1.0),
            label,
            de_number(v, decimals),
            left + max(x_of(v), 1.0) + 6,
        )
        for i, (label, v) in enumerate(rows)
    ]
    height = top + len(rows) * (bar_height + 4) + 28
    tick_decimals = 0 if all(float(t).is_integer() for t in ticks) else 1
    x_ticks = [Tick(left + x_of(t), de_number(t, tick_decimals)) for t in ticks]
    return BarChart(width, height, left, bar_height, bars, x_ticks, top, value_room)
