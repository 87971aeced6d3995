"""A static map of an area, its neighbours and its offers as one SVG, for page and PDF.

No tiles and no script: the profile is printed and archived, and must look the same in
ten years. Longitude is scaled by the cosine of the latitude (an equirectangular view of
a city, true to shape at this size).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from xml.sax.saxutils import escape

from shapely.geometry.base import BaseGeometry

from sozialplanung.areas import geometry as geo
from sozialplanung.areas.models import Area, AreaBoundary

# About 5 m: invisible at this size, and it keeps the SVG small.
SIMPLIFY_DEG = 5e-5
FONT = "font-family='Libertinus Serif, serif' fill='#2c333b'"


@dataclass(frozen=True)
class MapPoint:
    name: str
    longitude: float
    latitude: float


def area_map_svg(
    area: Area,
    own: AreaBoundary,
    neighbours: list[tuple[Area, AreaBoundary]],
    points: list[MapPoint],
    title: str,
    width: int = 480,
) -> str:
    shapes = [(area, geo.parse_geometry(own.geometry), True)] + [
        (a, geo.parse_geometry(b.geometry), False) for a, b in neighbours
    ]
    minx, miny, maxx, maxy = shapes[0][1].bounds
    for _a, shape, _own in shapes[1:]:
        x0, y0, x1, y1 = shape.bounds
        minx, miny, maxx, maxy = min(minx, x0), min(miny, y0), max(maxx, x1), max(maxy, y1)
    squeeze = math.cos(math.radians((miny + maxy) / 2))
    margin = 8
    scale = (width - 2 * margin) / max((maxx - minx) * squeeze, 1e-9)
    height = int(min((maxy - miny) * scale + 2 * margin, width * 1.2))
    scale = min(scale, (height - 2 * margin) / max(maxy - miny, 1e-9))

    def xy(lon: float, lat: float) -> tuple[float, float]:
        return margin + (lon - minx) * squeeze * scale, margin + (maxy - lat) * scale

    out = [
        f"<svg xmlns='http://www.w3.org/2000/svg' role='img' viewBox='0 0 {width} {height}' "
        f"width='{width}' height='{height}'><title>{escape(title)}</title>"
    ]
    for _a, shape, is_own in sorted(shapes, key=lambda s: s[2]):
        fill, stroke = ("#f6d7c3", "#b3470e") if is_own else ("#eef1f4", "#8a949e")
        out.append(
            f"<path d='{_path(shape.simplify(SIMPLIFY_DEG), xy)}' fill='{fill}' "
            f"stroke='{stroke}' stroke-width='{2 if is_own else 1}' fill-rule='evenodd'/>"
        )
    for point in points:
        x, y = xy(point.longitude, point.latitude)
        out.append(
            f"<circle cx='{x:.1f}' cy='{y:.1f}' r='4' fill='#0b5394' stroke='white'>"
            f"<title>{escape(point.name)}</title></circle>"
        )
    for a, shape, is_own in shapes:
        x, y = xy(*_label_point(shape))
        size, weight = (15, "bold") if is_own else (11, "normal")
        out.append(
            f"<text x='{x:.1f}' y='{y:.1f}' text-anchor='middle' font-size='{size}' "
            f"font-weight='{weight}' {FONT}>{escape(a.name)}</text>"
        )
    out.append("</svg>")
    return "".join(out)


def _label_point(shape: BaseGeometry) -> tuple[float, float]:
    point = shape.representative_point()
    return point.x, point.y


def _path(shape: BaseGeometry, xy: object) -> str:
    parts = []
    for polygon in getattr(shape, "geoms", [shape]):
        for ring in [polygon.exterior, *polygon.interiors]:
            coords = [xy(lon, lat) for lon, lat, *_z in ring.coords]  # type: ignore[operator]
            parts.append("M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in coords) + " Z")
    return " ".join(parts)
