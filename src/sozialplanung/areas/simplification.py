"""How much a level's boundaries are simplified when no one asks for a tolerance.

Full boundaries are for downloads and analysis; a map needs far less: the Stadtteile of
Dresden are about 1 MB of GeoJSON unsimplified. The default tolerance follows the size
of the level's areas: one hundredth of the side of a typical (median) area, rounded to
5 m and kept between 5 and 200 m. For Dresden that is about 20 m for the Stadtteile,
55 m for the Stadtbezirke and 180 m for the city: at the zoom a map shows a whole level,
a pixel is 20 to 40 m, so the simplification stays below what a reader sees, while
an area page zoomed on one Stadtteil still shows it within 2 pixels.

Computed once per boundary version (``core.computed``: the key holds the data version),
not per request. ``simplify=0`` in the API still gives the boundaries as imported.
"""

from __future__ import annotations

import datetime as dt
import math
import statistics

from sozialplanung.core import computed

from .models import Area, AreaLevel
from .queries import current_boundaries

MIN_M, MAX_M, STEP_M = 5.0, 200.0, 5.0
# One hundredth of a typical area's side.
SHARE_OF_SIDE = 0.01


def tolerance_for_sizes(areas_km2: list[float]) -> float:
    """The tolerance in metres for areas of these sizes (km²)."""
    sizes = [a for a in areas_km2 if a > 0]
    if not sizes:
        return MIN_M
    side_m = math.sqrt(statistics.median(sizes) * 1e6)
    rounded = round(side_m * SHARE_OF_SIDE / STEP_M) * STEP_M
    return min(MAX_M, max(MIN_M, rounded))


def default_tolerance_m(level: AreaLevel, day: dt.date | None = None) -> float:
    """The level's default simplification in metres, cached per data version."""
    day = day or dt.date.today()

    def compute() -> float:
        boundaries = current_boundaries(Area.objects.filter(level=level), day)
        return tolerance_for_sizes([b.area_km2 for b in boundaries.values()])

    return computed.remember(
        "geometry-tolerance", level.municipality_id, None, (level.id, day), compute
    )
