"""The ranking of an indicator's areas, shown on the indicator page and exported as CSV."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sozialplanung.core.suppression import Suppressed

from . import queries
from .models import Area, AreaLevel, Indicator
from .suppression import suppress_values


def ranking(indicator: Indicator, level: AreaLevel, period: str, user: Any) -> list[dict[str, Any]]:
    """Areas of a level by value, highest first, with competition ranks (1, 2, 2, 4).

    Values withheld for ``user`` (statistical confidentiality) are not ranked: they
    follow the ranked areas with the marker as value, before the areas without data.
    """
    shown = suppress_values(
        indicator, level, period, queries.values_by_area(indicator, level, period), user
    )
    by_area = {a: v for a, v in shown.items() if not isinstance(v, Suppressed)}
    areas = Area.objects.filter(level=level).select_related("level", "reported_with__level")
    ranked = sorted(
        (a for a in areas if a.id in by_area and a.reported_with_id is None),
        key=lambda a: (-by_area[a.id], a.code),
    )
    rows: list[dict[str, Any]] = []
    for i, area in enumerate(ranked):
        value = by_area[area.id]
        rank = rows[-1]["rank"] if rows and rows[-1]["value"] == value else i + 1
        rows.append({"rank": rank, "area": area, "value": value})
    for area in areas:
        if area.reported_with_id is None and isinstance(shown.get(area.id), Suppressed):
            rows.append({"rank": None, "area": area, "value": shown[area.id]})
    for area in areas:
        if area.reported_with_id is not None or area.id not in shown:
            rows.append({"rank": None, "area": area, "value": None})
    return rows


def indicator_selection(
    query: Mapping[str, str], indicator: Indicator
) -> tuple[list[AreaLevel], AreaLevel | None, list[str], str | None]:
    levels_with_values = list(
        AreaLevel.objects.filter(areas__values__indicator=indicator, areas__values__variant="")
        .distinct()
        .order_by("depth")
    )
    by_slug = {lvl.slug: lvl for lvl in levels_with_values}
    level = by_slug.get(query.get("ebene", "")) or (
        levels_with_values[-1] if levels_with_values else None
    )
    periods = queries.periods(indicator, level) if level else []
    wanted = query.get("zeitraum")
    period = wanted if wanted in periods else (periods[-1] if periods else None)
    return levels_with_values, level, periods, period
