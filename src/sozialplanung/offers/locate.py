"""Which areas contain a point: point-in-polygon over the current boundaries of every level.

An import saves hundreds of offers; building the index once per boundary state and
querying a shapely STRtree keeps each lookup to a few microseconds. The index is cached
per municipality and rebuilt when its boundaries change (count or last modification).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely
from django.db.models import Count, Max
from shapely import STRtree

from sozialplanung.areas.models import Area, AreaBoundary
from sozialplanung.areas.queries import current_boundaries
from sozialplanung.core.models import Municipality


@dataclass
class AreaLocator:
    """A prepared spatial index of one municipality's boundaries valid on one day."""

    area_ids: list[int]
    tree: STRtree

    @classmethod
    def build(cls, municipality: Municipality, day: dt.date | None = None) -> AreaLocator:
        areas = Area.objects.filter(municipality=municipality)
        boundaries = current_boundaries(areas, day)
        ids = sorted(boundaries)
        geoms = [shapely.from_geojson(boundaries[i].geometry) for i in ids]
        shapely.prepare(geoms)
        return cls(area_ids=ids, tree=STRtree(geoms))

    def area_ids_at(self, longitude: float | None, latitude: float | None) -> list[int]:
        """Ids of every area (any level) whose boundary covers the point."""
        if longitude is None or latitude is None or not self.area_ids:
            return []
        hits = self.tree.query(shapely.Point(longitude, latitude), predicate="intersects")
        return sorted(self.area_ids[i] for i in hits)

    def area_ids_many(self, points: list[tuple[float, float]]) -> list[list[int]]:
        """``area_ids_at`` for many (lon, lat) points in one vectorised query."""
        result: list[list[int]] = [[] for _ in points]
        if not points or not self.area_ids:
            return result
        coords = np.asarray(points, dtype=float)
        geoms = shapely.points(coords)
        pairs = self.tree.query(geoms, predicate="intersects")
        for point_index, tree_index in zip(pairs[0], pairs[1], strict=True):
            result[int(point_index)].append(self.area_ids[int(tree_index)])
        return [sorted(ids) for ids in result]


_CACHE: dict[int, tuple[Any, AreaLocator]] = {}


def _fingerprint(municipality: Municipality, day: dt.date) -> Any:
    stats = AreaBoundary.objects.filter(area__municipality=municipality).aggregate(
        n=Count("id"), last=Max("modified")
    )
    return (day, stats["n"], stats["last"])


def locator_for(municipality: Municipality, day: dt.date | None = None) -> AreaLocator:
    """The cached locator of a municipality; rebuilt when its boundaries changed."""
    day = day or dt.date.today()
    key = _fingerprint(municipality, day)
    cached = _CACHE.get(municipality.pk)
    if cached is not None and cached[0] == key:
        return cached[1]
    locator = AreaLocator.build(municipality, day)
    _CACHE[municipality.pk] = (key, locator)
    return locator


def areas_at(
    municipality: Municipality, longitude: float | None, latitude: float | None
) -> list[int]:
    """Ids of the areas of every level containing the point (empty without a point)."""
    if longitude is None or latitude is None:
        return []
    return locator_for(municipality).area_ids_at(longitude, latitude)
