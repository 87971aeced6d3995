"""Reading and measuring area geometries (shapely + pyproj; no system GIS)."""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

import shapely
from django.conf import settings
from django.utils.translation import gettext as _
from pyproj import CRS, Transformer
from pyproj.exceptions import CRSError
from shapely.geometry import mapping, shape
from shapely.geometry.base import BaseGeometry


class GeometryError(ValueError):
    pass


def crs_of(crs: str) -> CRS:
    """The coordinate reference system named ``crs``; GeometryError (German) if unknown."""
    try:
        return CRS.from_user_input(crs)
    except CRSError:
        raise GeometryError(
            _("unknown coordinate reference system “%(crs)s”; give an EPSG code such as EPSG:25833")
            % {"crs": crs}
        ) from None


@lru_cache(maxsize=16)
def _transformer(source: str, target: str) -> Transformer:
    return Transformer.from_crs(
        CRS.from_user_input(source), CRS.from_user_input(target), always_xy=True
    )


def parse_geometry(text: str | dict[str, Any], crs: str = "EPSG:4326") -> BaseGeometry:
    """A polygonal geometry from GeoJSON (text or dict), WKT or EWKT, in WGS84.

    ``crs`` is the CRS of the input when it carries none itself (EWKT carries its SRID).
    """
    try:
        if isinstance(text, dict):
            geom = shape(text)
        else:
            raw = text.strip()
            if raw.startswith("{"):
                geom = shape(json.loads(raw))
            else:
                if raw.upper().startswith("SRID="):
                    srid, raw = raw.split(";", 1)
                    crs = f"EPSG:{int(srid.split('=', 1)[1])}"
                geom = shapely.from_wkt(raw)
    except (ValueError, TypeError, KeyError, AttributeError, shapely.errors.ShapelyError) as exc:
        raise GeometryError(_("unreadable geometry: %(error)s") % {"error": exc}) from exc
    if geom is None or geom.is_empty:
        raise GeometryError(_("empty geometry"))
    if geom.geom_type not in ("Polygon", "MultiPolygon"):
        raise GeometryError(
            _("geometry is a %(type)s, an area needs a (multi)polygon") % {"type": geom.geom_type}
        )
    if crs_of(crs) != CRS.from_epsg(4326):
        geom = _reproject(geom, crs, "EPSG:4326")
    west, south, east, north = geom.bounds
    # Metres (UTM, Gauß-Krüger) read as degrees lie far outside the globe; without this
    # they would be stored as a nonsense boundary or fail later without a row.
    if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
        raise GeometryError(
            _(
                "coordinates such as (%(x)s, %(y)s) are not longitude and latitude in WGS84;"
                " give the file's coordinate reference system, such as EPSG:25833 for UTM"
            )
            % {"x": f"{west:.0f}", "y": f"{south:.0f}"}
        )
    if not geom.is_valid:
        geom = shapely.make_valid(geom)
        geom = shapely.union_all([g for g in getattr(geom, "geoms", [geom]) if g.area > 0])
    return geom


def _reproject(geom: BaseGeometry, source: str, target: str) -> BaseGeometry:
    transformer = _transformer(source, target)
    return shapely.transform(geom, lambda x, y: transformer.transform(x, y), interleaved=False)


def to_metric(geom: BaseGeometry) -> BaseGeometry:
    return _reproject(geom, "EPSG:4326", settings.METRIC_CRS)


def from_metric(geom: BaseGeometry) -> BaseGeometry:
    return _reproject(geom, settings.METRIC_CRS, "EPSG:4326")


def geojson_text(geom: BaseGeometry) -> str:
    """Compact GeoJSON with coordinates rounded to 7 decimals (about 1 cm)."""
    rounded = shapely.set_precision(geom, 1e-7)
    return json.dumps(mapping(rounded), separators=(",", ":"))


def measures(geom: BaseGeometry) -> tuple[float, float, float]:
    """(area in km², centroid lon, centroid lat), measured in the metric CRS."""
    metric = to_metric(geom)
    point = geom.representative_point() if not geom.centroid.within(geom) else geom.centroid
    return metric.area / 1e6, point.x, point.y


def simplified(geometry_text: str, tolerance_m: float) -> dict[str, Any]:
    """The geometry simplified by ``tolerance_m`` metres (topology kept per area)."""
    geom = shape(json.loads(geometry_text))
    if tolerance_m <= 0:
        return dict(mapping(geom))
    metric = to_metric(geom).simplify(tolerance_m, preserve_topology=True)
    return dict(mapping(shapely.set_precision(from_metric(metric), 1e-6)))
