"""Server-rendered SVG charts of the budget pages: paired bars and several lines.

``areas.charts`` draws one series; these pages compare two (planned against assigned,
granted against needed, capacity against demand) on one scale. Only geometry is
computed here; ``measures/budget/_bars.html`` and ``_lines.html`` draw it, each with a
<title>, a <desc> listing every value and a legend, and the page shows the same figures
in a table.
"""

from __future__ import annotations

from dataclasses import dataclass

from sozialplanung.areas.charts import Tick, nice_ticks
from sozialplanung.core.formats.numbers import de_number


def _tick_label(value: float) -> str:
    return de_number(value, 0 if float(value).is_integer() else 1)


@dataclass(frozen=True)
class PairBar:
    x: float
    y: float
    width: float
    value: str
    value_x: float
    css: str  # "first", "second", "second over"


@dataclass(frozen=True)
class PairGroup:
    label: str
    label_y: float
    bars: tuple[PairBar, PairBar]


@dataclass(frozen=True)
class PairChart:
    width: int
    height: int
    left: int
    bar_height: int
    top: int
    bottom: int
    groups: list[PairGroup]
    x_ticks: list[Tick]
    legend: tuple[str, str]


def pair_bars(
    rows: list[tuple[str, float, float, bool]],
    legend: tuple[str, str],
    unit: str = "\u00a0€",
    width: int = 640,
) -> PairChart:
    """Horizontal bar pairs, one per (label, first, second, second_is_bad)."""
    left, top, bar_height, gap, value_room = 170, 30, 16, 12, 120
    values = [v for _, a, b, _bad in rows for v in (a, b)] or [0.0]
    # Bars start at zero: their length is the amount.
    ticks = nice_ticks(min(0.0, *values), max(0.0, *values), 5)
    span = ticks[-1] - ticks[0] or 1.0
    usable = width - left - value_room

    def x_of(value: float) -> float:
        return (value - ticks[0]) / span * usable

    groups = []
    y = float(top)
    for label, first, second, bad in rows:
        bars = []
        for index, (value, css) in enumerate(
            ((first, "first"), (second, "second over" if bad else "second"))
        ):
            bar_y = y + index * (bar_height + 2)
            # A negative amount (a saving) is drawn leftwards from the zero line.
            start, end = sorted((x_of(0.0), x_of(value)))
            length = max(end - start, 1.0)
            text = de_number(value, 0) + unit
            bars.append(PairBar(left + start, bar_y, length, text, left + start + length + 6, css))
        groups.append(PairGroup(label, y + bar_height + 1, (bars[0], bars[1])))
        y += 2 * bar_height + 2 + gap
    bottom = int(y)
    x_ticks = [Tick(left + x_of(t), _tick_label(t)) for t in ticks]
    return PairChart(width, bottom + 24, left, bar_height, top, bottom, groups, x_ticks, legend)


@dataclass(frozen=True)
class LinePoint:
    x: float
    y: float
    label: str
    value: str


@dataclass(frozen=True)
class LineSeries:
    name: str
    css: str
    points: list[LinePoint]
    legend_x: int = 0

    @property
    def path(self) -> str:
        return " ".join(
            f"{'M' if i == 0 else 'L'}{p.x:.1f},{p.y:.1f}" for i, p in enumerate(self.points)
        )


@dataclass(frozen=True)
class LinesChart:
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    series: list[LineSeries]
    y_ticks: list[Tick]
    x_ticks: list[Tick]


def lines_chart(
    years: list[int],
    series: list[tuple[str, str, dict[int, float]]],
    unit: str = "\u00a0€",
    decimals: int = 0,
    width: int = 640,
    height: int = 260,
    from_zero: bool = False,
) -> LinesChart:
    """Lines over ``years``, one per (name, css class, {year: value}); gaps are skipped.

    Years are placed by their value, so a series with a missing year (2022, then 2025)
    shows the gap instead of pretending the years follow each other. The value axis
    starts at the smallest value unless ``from_zero``: these charts compare two series
    a few per cent apart, which a zero baseline would flatten; the ticks say where the
    axis starts and the table beside the chart has every figure.
    """
    left, right, top, bottom = 80, width - 24, 34, height - 34
    values = [v for _, _, data in series for v in data.values()] or [0.0]
    if from_zero:
        low, high = min(0.0, *values), max(0.0, *values)
    else:
        # Some room below the lowest point, so that it does not sit on the axis line.
        low, high = min(values), max(values)
        low -= (high - low) * 0.15
    ticks = nice_ticks(low, high, 5)
    y_min, y_max = ticks[0], ticks[-1]

    def y_of(value: float) -> float:
        return bottom - (value - y_min) / ((y_max - y_min) or 1.0) * (bottom - top)

    first, last = (min(years), max(years)) if years else (0, 0)

    def x_of(year: int) -> float:
        if last == first:
            return (left + right) / 2
        return left + (year - first) / (last - first) * (right - left)

    drawn = [
        LineSeries(
            name,
            css,
            [
                LinePoint(x_of(y), y_of(v), str(y), de_number(v, decimals) + unit)
                for y, v in sorted(data.items())
                if y in years
            ],
            legend_x=left + index * 160,
        )
        for index, (name, css, data) in enumerate(series)
    ]
    every = max(1, -(-len(years) // 8))
    x_ticks = [Tick(x_of(y), str(y)) for i, y in enumerate(sorted(years)) if i % every == 0]
    y_ticks = [Tick(y_of(t), _tick_label(t)) for t in ticks]
    return LinesChart(width, height, left, right, top, bottom, drawn, y_ticks, x_ticks)
