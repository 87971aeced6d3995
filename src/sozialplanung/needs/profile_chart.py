"""The time series of an indicator in the area profile as one SVG, for page and PDF alike.

Observed values are a solid line with points; forecast values (``IndicatorValue.variant``
not empty) continue from the last observed value as a dashed line with open points, one
per variant, so that nobody reads a forecast as a measurement. The styles are attributes,
not CSS classes: Typst draws the same SVG into the PDF, without the site's stylesheet.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from django.utils.translation import gettext as _

from sozialplanung.areas.charts import nice_ticks
from sozialplanung.core.formats.numbers import de_number
from sozialplanung.core.formats.periods import period_label

OBSERVED_COLOUR = "#0b5394"
FORECAST_COLOUR = "#b3470e"
FONT = "font-family='Libertinus Serif, serif' font-size='14' fill='#2c333b'"


@dataclass(frozen=True)
class Series:
    """Observed [(period, value)] oldest first and forecasts {variant: [(period, value)]}."""

    observed: list[tuple[str, float]]
    forecasts: dict[str, list[tuple[str, float]]]

    @property
    def drawable(self) -> bool:
        return len(self.observed) + sum(len(f) for f in self.forecasts.values()) > 1


def series_svg(series: Series, title: str, decimals: int, width: int = 560) -> str:
    """The chart as a standalone SVG element (title and description for screen readers).

    Axes as ``areas.charts.line_chart`` draws them (the y axis from zero for positive
    values, round ticks, at most about eight period labels), over all values drawn.
    """
    height, left, right, top = 220, 70, width - 24, 16
    bottom = height - 36
    periods = sorted({p for p, _v in series.observed} | _forecast_periods(series))
    every_value = [v for _p, v in series.observed] + [
        v for points in series.forecasts.values() for _p, v in points
    ]
    ticks = nice_ticks(min(0.0, *every_value), max(every_value))
    step = (right - left) / (len(periods) - 1) if len(periods) > 1 else 0
    x_of = {
        p: left + i * step if len(periods) > 1 else (left + right) / 2
        for i, p in enumerate(periods)
    }

    def y_of(value: float) -> float:
        return bottom - (value - ticks[0]) / (ticks[-1] - ticks[0]) * (bottom - top)

    tick_decimals = 0 if all(float(t).is_integer() for t in ticks) else 1
    every = max(1, math.ceil(len(periods) / 8))
    desc = "; ".join(f"{period_label(p)}: {de_number(v, decimals)}" for p, v in series.observed)
    for variant, points in series.forecasts.items():
        desc += "; " + _("forecast %(variant)s") % {"variant": variant} + ": "
        desc += ", ".join(f"{period_label(p)}: {de_number(v, decimals)}" for p, v in points)
    out = [
        f"<svg xmlns='http://www.w3.org/2000/svg' role='img' viewBox='0 0 {width} {height}' "
        f"width='{width}' height='{height}'>",
        f"<title>{escape(title)}</title><desc>{escape(desc)}</desc>",
    ]
    for tick in ticks:
        y = y_of(tick)
        out.append(
            f"<line x1='{left}' x2='{right}' y1='{y:.1f}' y2='{y:.1f}' stroke='#dde2e8'/>"
            f"<text x='{left - 8}' y='{y + 5:.1f}' text-anchor='end' {FONT}>"
            f"{escape(de_number(tick, tick_decimals))}</text>"
        )
    out.append(f"<line x1='{left}' x2='{right}' y1='{bottom}' y2='{bottom}' stroke='#6b7480'/>")
    for i, period in enumerate(periods):
        if i % every == 0:
            out.append(
                f"<text x='{x_of[period]:.1f}' y='{bottom + 20}' text-anchor='middle' {FONT}>"
                f"{escape(period_label(period))}</text>"
            )
    observed = [(x_of[p], y_of(v)) for p, v in series.observed]
    if len(observed) > 1:
        out.append(
            f"<path d={quoteattr(_path(observed))} fill='none' stroke='{OBSERVED_COLOUR}' "
            "stroke-width='2.5'/>"
        )
    for x, y in observed:
        out.append(f"<circle cx='{x:.1f}' cy='{y:.1f}' r='4' fill='{OBSERVED_COLOUR}'/>")
    for points in series.forecasts.values():
        line = observed[-1:] + [(x_of[p], y_of(v)) for p, v in points]
        out.append(
            f"<path d={quoteattr(_path(line))} fill='none' stroke='{FORECAST_COLOUR}' "
            "stroke-width='2' stroke-dasharray='6 4'/>"
        )
        for p, v in points:
            out.append(
                f"<circle cx='{x_of[p]:.1f}' cy='{y_of(v):.1f}' r='4' fill='white' "
                f"stroke='{FORECAST_COLOUR}' stroke-width='2'/>"
            )
    out.append("</svg>")
    return "".join(out)


def _forecast_periods(series: Series) -> set[str]:
    return {p for points in series.forecasts.values() for p, _v in points}


def _path(points: list[tuple[float, float]]) -> str:
    return " ".join(f"{'M' if i == 0 else 'L'}{x:.1f},{y:.1f}" for i, (x, y) in enumerate(points))
