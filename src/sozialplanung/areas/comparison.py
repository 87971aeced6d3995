"""An area's newest indicator values against the other areas of its level: the city's
minimum, mean and maximum, shown on the area page.

Withheld values (statistical confidentiality) take no part: a minimum or maximum would
otherwise give away the very number the reader may not see.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sozialplanung.core.models import Municipality
from sozialplanung.core.suppression import Suppressed

from . import queries
from .models import Area
from .suppression import suppress_series


@dataclass(frozen=True)
class Spread:
    """Minimum, mean (of the areas, unweighted) and maximum of one indicator and period."""

    minimum: float
    mean: float
    maximum: float
    count: int


def spreads(
    municipality: Municipality, area: Area, newest: dict[int, str], user: Any
) -> dict[int, Spread]:
    """{indicator id: spread over the areas of ``area``'s level} for the given
    {indicator id: period}, in one query and one suppression pass."""
    if not newest:
        return {}
    rows = [
        row
        for row in queries.values(municipality, user)
        .filter(
            area__level=area.level,
            area__reported_with__isnull=True,
            indicator_id__in=newest,
            period__in=set(newest.values()),
        )
        .select_related("indicator")
        if newest.get(row.indicator_id) == row.period
    ]
    by_indicator: dict[int, list[float]] = {}
    for row, shown in suppress_series(rows, user):
        if not isinstance(shown, Suppressed) and shown is not None:
            by_indicator.setdefault(row.indicator_id, []).append(float(shown))
    return {
        i: Spread(min(v), sum(v) / len(v), max(v), len(v))
        for i, v in by_indicator.items()
        if len(v) > 1
    }
