"""Which areas of the same level border an area (for the small map on the area page)."""

from __future__ import annotations

import datetime as dt

import shapely

from . import geometry as geo
from .models import Area, AreaBoundary
from .queries import current_boundaries

# Boundaries digitised by different hands leave slivers; about 0.5 m counts as touching.
TOUCH_TOLERANCE_DEG = 5e-6
# Areas that meet only at a corner are not neighbours: the shared strip (boundary
# length × tolerance) must be longer than about 15 m.
MIN_SHARED_STRIP = TOUCH_TOLERANCE_DEG * 2e-4


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
    shapes = [geo.parse_geometry(b.geometry) for _, b in others]
    own_shape = geo.parse_geometry(own.geometry)
    tree = shapely.STRtree(shapes)
    hits = tree.query(own_shape, predicate="dwithin", distance=TOUCH_TOLERANCE_DEG)
    strip = own_shape.boundary.buffer(TOUCH_TOLERANCE_DEG)
    return own, [
        others[i]
        for i in sorted(int(h) for h in hits)
        if strip.intersection(shapes[i]).area > MIN_SHARED_STRIP
    ]
