"""Which areas of the same level border an area (for the small map on the area page)."""

from __future__ import annotations

import datetime as dt

import shapely

from . import geometry as geo
from .models import Area, AreaBoundary
from .queries import current_boundaries

# Boundaries digitised by different hands leave slivers; about 0.5 m counts as touching.
TOUCH_TOLERANCE_DEG = 5e-6


def neighbours_of(
    area: Area, day: dt.date | None = None
) -> tuple[AreaBoundary | None, list[tuple[Area, AreaBoundary]]]:
    """The area's current boundary and the (area, boundary) pairs that touch it."""
    areas = Area.objects.filter(level=area.level).select_related("level")
    boundaries = current_boundaries(areas, day)
    own = boundaries.get(area.id)
    if own is None:
        return None, []
    others = [(a, boundaries[a.id]) for a in areas if a.id != area.id and a.id in boundaries]
    if not others:
        return own, []
    tree = shapely.STRtree([geo.parse_geometry(b.geometry) for _, b in others])
    hits = tree.query(
        geo.parse_geometry(own.geometry), predicate="dwithin", distance=TOUCH_TOLERANCE_DEG
    )
    return own, [others[i] for i in sorted(int(h) for h in hits)]
