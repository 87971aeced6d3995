"""Comparable areas ("Vergleichsgebiete"): the areas of the same level most similar to an
area in chosen indicators, the start of "what works elsewhere".

The newest observed value of each chosen indicator (the newest period in which the area
itself has one) of every area of the level goes into ``analysis.similarity``. Values the
reader may not see (statistical confidentiality) count as missing: an area with one of
them takes no part, so that no distance is computed from a withheld number.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Max
from django.utils.translation import gettext as _

from sozialplanung.analysis.similarity import similar_areas
from sozialplanung.areas.models import Area, Indicator, IndicatorValue
from sozialplanung.areas.suppression import suppress_series
from sozialplanung.core.formats.numbers import de_number, parse_decimal
from sozialplanung.core.suppression import Suppressed

from .index import cached_index
from .profile import AreaProfile
from .profile_values import observed

# A distance of z-values: 1.5 admits areas about one and a half standard deviations apart
# in one indicator, or correspondingly less in several.
DEFAULT_TOLERANCE = 1.5
MAX_TOLERANCE = 20.0


@dataclass(frozen=True)
class Comparable:
    area: Area
    distance: float
    # The chosen indicators' values in the order asked for.
    values: tuple[float, ...]


def newest_observed(area: Area, indicators: Sequence[Indicator], user: Any) -> dict[int, str]:
    """{indicator id: newest period with an observed value of ``area``}."""
    rows = observed(IndicatorValue.objects.visible_to(user)).filter(
        area=area, indicator__in=list(indicators)
    )
    return dict(
        rows.values("indicator_id").annotate(p=Max("period")).values_list("indicator_id", "p")
    )


def comparable_areas(
    area: Area,
    indicators: Sequence[Indicator],
    tolerance: float,
    user: Any = None,
    *,
    periods: dict[int, str] | None = None,
) -> list[Comparable]:
    """The areas of ``area``'s level within ``tolerance`` (distance of z-values over
    ``indicators``), nearest first; ``user`` None reads as the public does. ``periods``
    ({indicator id: newest period of ``area``}) saves reading them when known."""
    chosen = list(indicators)
    if periods is None:
        periods = newest_observed(area, chosen, user)
    periods = {i.id: periods[i.id] for i in chosen if i.id in periods}
    if not chosen or len(periods) < len(chosen):
        return []
    areas = list(
        Area.objects.filter(level=area.level, reported_with__isnull=True)
        .select_related("level")
        .order_by("code")
    )
    rows = [
        row
        for row in observed(IndicatorValue.objects.visible_to(user))
        .filter(
            area__level=area.level,
            indicator__in=chosen,
            period__in=set(periods.values()),
        )
        .select_related("indicator")
        if periods[row.indicator_id] == row.period
    ]
    column = {indicator.id: n for n, indicator in enumerate(chosen)}
    row_of = {a.id: n for n, a in enumerate(areas)}
    matrix = [[math.nan] * len(chosen) for _a in areas]
    for row, shown in suppress_series(rows, user):
        if row.area_id in row_of and not isinstance(shown, Suppressed):
            matrix[row_of[row.area_id]][column[row.indicator_id]] = float(shown)
    if area.id not in row_of:
        return []
    return [
        Comparable(areas[s.row], s.distance, tuple(matrix[s.row]))
        for s in similar_areas(matrix, row_of[area.id], tolerance)
    ]


@dataclass
class Choice:
    """What the comparison form offers and what the reader chose (query string
    ``indikator``, repeatable, and ``toleranz``); ``error`` in German when the typed
    tolerance is not a number in range (then the default applies and the text stays)."""

    options: list[Indicator]
    chosen: list[Indicator]
    tolerance: float
    tolerance_text: str
    error: str = ""


def comparison_choice(area: Area, query: Any, user: Any, options: list[Indicator]) -> Choice:
    """The chosen indicators among ``options`` (those with an observed value of ``area``
    that ``user`` may read, by name): those asked for, else the status indicators of the
    social index, else the first three shares."""
    asked = set(query.getlist("indikator")) if hasattr(query, "getlist") else set()
    chosen = [i for i in options if i.slug in asked]
    if not chosen:
        index = cached_index(area.municipality, user)
        status = {p.indicator.id for p in index.status} if index is not None else set()
        chosen = [i for i in options if i.id in status] or [
            i for i in options if i.kind in (Indicator.Kind.SHARE, Indicator.Kind.RATE)
        ][:3]
    typed = str(query.get("toleranz", "")).strip()
    tolerance, error = DEFAULT_TOLERANCE, ""
    if typed:
        try:
            number = parse_decimal(typed)
        except ValueError:
            number = None
        if number is None or not 0 < number <= MAX_TOLERANCE:
            error = _(
                "Please enter the tolerance as a number greater than 0 and at most %(max)s, such as 1,5."
            ) % {"max": de_number(MAX_TOLERANCE, 0)}
        else:
            tolerance = float(number)
    return Choice(options, chosen, tolerance, typed or de_number(tolerance, 1), error)


def profile_comparison(
    profile: AreaProfile, query: Any, user: Any
) -> tuple[Choice, list[Comparable]]:
    """The comparison of the profile's area, as its page and PDF show it: the options and
    their newest periods come from the profile's own indicator lines (read once)."""
    lines = profile.indicators
    choice = comparison_choice(profile.area, query, user, [line.indicator for line in lines])
    periods = {line.indicator.id: line.period for line in lines}
    found = comparable_areas(profile.area, choice.chosen, choice.tolerance, user, periods=periods)
    return choice, found
