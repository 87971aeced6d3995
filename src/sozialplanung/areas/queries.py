"""Read paths shared by pages, API and exports. Every one goes through ``visible_to``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from sozialplanung.core import computed
from sozialplanung.core.models import Municipality
from sozialplanung.core.suppression import Suppressed

from . import geometry as geo
from .models import Area, AreaBoundary, AreaLevel, Indicator, IndicatorValue

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from sozialplanung.core.models import User

    Reader = User | AnonymousUser | None


def levels(municipality: Municipality) -> QuerySet[AreaLevel]:
    return AreaLevel.objects.filter(municipality=municipality).order_by("depth")


def level_or_404(municipality: Municipality, slug: str) -> AreaLevel:
    return get_object_or_404(AreaLevel, municipality=municipality, slug=slug)


def indicators(municipality: Municipality, user: Reader) -> QuerySet[Indicator]:
    """The indicators of a municipality that ``user`` may read."""
    return Indicator.objects.visible_to(user).filter(municipality=municipality).order_by("name")


def indicator_or_404(municipality: Municipality, slug: str, user: Reader) -> Indicator:
    """404, not 403, for a non-public indicator: its existence is not public either."""
    return get_object_or_404(indicators(municipality, user), slug=slug)


def values(municipality: Municipality, user: Reader) -> QuerySet[IndicatorValue]:
    return IndicatorValue.objects.visible_to(user).filter(indicator__municipality=municipality)


def periods(indicator: Indicator, level: AreaLevel | None = None) -> list[str]:
    """Periods with values, oldest first (optionally only those with values at ``level``)."""
    rows = IndicatorValue.objects.filter(indicator=indicator)
    if level is not None:
        rows = rows.filter(area__level=level)
    return sorted(set(rows.values_list("period", flat=True)))


def values_by_area(indicator: Indicator, level: AreaLevel, period: str) -> dict[int, float]:
    """{area id: value} for one level and period. The caller got ``indicator`` visibly."""
    return dict(
        IndicatorValue.objects.filter(
            indicator=indicator, area__level=level, period=period
        ).values_list("area_id", "value")
    )


def current_boundaries(
    areas: QuerySet[Area], day: dt.date | None = None
) -> dict[int, AreaBoundary]:
    """{area id: boundary valid on ``day``} in one query."""
    day = day or dt.date.today()
    result: dict[int, AreaBoundary] = {}
    rows = AreaBoundary.objects.filter(area__in=areas, valid_from__lte=day).order_by("valid_from")
    for boundary in rows:
        if boundary.valid_to is None or boundary.valid_to >= day:
            result[boundary.area_id] = boundary
    return result


def _geometries(
    areas: QuerySet[Area], simplify_m: float, day: dt.date | None
) -> dict[int, dict[str, Any]]:
    """GeoJSON geometry (WGS84) of each area's boundary on ``day``, simplified by
    ``simplify_m`` metres when given."""
    return {
        area_id: geo.simplified(boundary.geometry, simplify_m) if simplify_m else boundary.geojson()
        for area_id, boundary in current_boundaries(areas, day).items()
    }


def areas_feature_collection(
    level: AreaLevel,
    *,
    simplify_m: float = 0,
    values: Mapping[int, float | Suppressed] | None = None,
    day: dt.date | None = None,
) -> dict[str, Any]:
    """GeoJSON FeatureCollection (WGS84) of a level's areas.

    Feature ``id`` is the area code; properties are code, name, level, parent code,
    ``value`` (from ``values``, or null), ``suppressed`` (true when the value is withheld
    for the reader: then ``value`` is null) and ``reported_with`` (the code of the area
    whose statistics contain this one's, or null).

    For the public pass values through ``areas.suppression.suppress_values`` first: this
    function shows what it is given.
    """
    areas = Area.objects.filter(level=level).select_related("parent", "reported_with", "level")
    # Boundaries are public and change only with the data version: parsed and simplified
    # once per version, level, tolerance and day (core.computed), not per request.
    geometries = computed.remember(
        "geometry",
        level.municipality_id,
        None,
        # Today's boundaries are tomorrow's only until one version ends: the day is part
        # of the key.
        (level.id, simplify_m, day or dt.date.today()),
        lambda: _geometries(areas, simplify_m, day),
    )
    features = []
    for area in areas:
        geometry = geometries.get(area.id)
        if geometry is None:
            continue
        value = (values or {}).get(area.id)
        features.append(
            {
                "type": "Feature",
                "id": area.code,
                "geometry": geometry,
                "properties": {
                    "code": area.code,
                    "name": area.name,
                    "level": level.slug,
                    "parent": area.parent.code if area.parent else None,
                    "value": None if isinstance(value, Suppressed) else value,
                    "suppressed": isinstance(value, Suppressed),
                    "reported_with": area.reported_with.code if area.reported_with else None,
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}
