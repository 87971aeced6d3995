"""The report's pictures, drawn in Typst: an overview map per planning domain (the
Sozialräume coloured by their highest gap score) and a bar chart of the categories
below the reference value per Sozialraum.

A picture is Typst markup of a fixed size: the PDF places it as vector graphics, the
DOCX gets it as PNG from the same markup (``png``), so both show the same picture with
the same (bundled) font; PIL's fonts lack umlauts.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import typst
from django.utils.translation import gettext as _

from sozialplanung.areas import choropleth
from sozialplanung.areas.queries import areas_feature_collection
from sozialplanung.areas.simplification import default_tolerance_m
from sozialplanung.core.formats.numbers import de_number
from sozialplanung.reports.typst import FONT, string

from .sozialraumbericht import PlanningDomain, Sozialraumbericht

LIGHT, DARK = "#9dc3e6", "#1f4e79"
Ring = list[tuple[float, float]]


@dataclass(frozen=True)
class Figure:
    markup: str  # Typst content of width × height points
    width: float
    height: float

    def box(self) -> str:
        return f"box(width: {self.width}pt, height: {self.height}pt)[{self.markup}]"

    def png(self) -> bytes:
        source = (
            f"#set page(width: {self.width}pt, height: {self.height}pt, margin: 0pt)\n"
            f"#set text(font: {string(FONT)})\n#{self.box()}\n"
        )
        image: bytes = typst.compile(
            source.encode("utf-8"), format="png", ppi=200.0, ignore_system_fonts=True
        )
        return image


def _place(x: float, y: float, content: str) -> str:
    return f"#place(dx: {x:.1f}pt, dy: {y:.1f}pt, {content})"


def _label(x: float, y: float, text: str, size: float = 7) -> str:
    return _place(x, y, f"text({size}pt, {string(text)})")


def _rings(geometry: dict[str, Any]) -> list[Ring]:
    """The outer rings of a GeoJSON (Multi)Polygon."""
    if geometry["type"] == "Polygon":
        return [[(p[0], p[1]) for p in geometry["coordinates"][0]]]
    if geometry["type"] == "MultiPolygon":
        return [[(p[0], p[1]) for p in poly[0]] for poly in geometry["coordinates"]]
    return []


def boundaries(report: Sozialraumbericht) -> dict[int, list[Ring]]:
    """The Sozialräume's outlines, simplified as the level's maps are (a map of a
    whole city on a page needs no more; the full outlines made a report's maps many
    megabytes of vertices), from the cache of simplified geometry."""
    level = report.level
    collection = areas_feature_collection(level, simplify_m=default_tolerance_m(level))
    ids = {s.area.code: s.area.id for s in report.sections}
    return {
        ids[feature["id"]]: _rings(feature["geometry"])
        for feature in collection["features"]
        if feature["id"] in ids
    }


def domain_map(
    report: Sozialraumbericht, domain: PlanningDomain, shapes: dict[int, list[Ring]]
) -> Figure:
    """The Sozialräume coloured by the domain's highest gap score (equal intervals, as
    the gap map), withheld or without score in the map's "no data" grey."""
    width, height, legend_width = 460.0, 320.0, 120.0
    scores = {s.area.id: s.domains_by_id()[domain.id].summary.worst_score for s in report.sections}
    shown = [a for a, v in scores.items() if v is not None]
    classification = choropleth.classify([scores[a] for a in shown], "equal", 5)
    colour = dict(zip(shown, classification.colours, strict=True))
    out: list[str] = []
    points = [p for rings in shapes.values() for ring in rings for p in ring]
    if points:
        lon0, lon1 = min(p[0] for p in points), max(p[0] for p in points)
        lat0, lat1 = min(p[1] for p in points), max(p[1] for p in points)
        # Equirectangular with the cosine of the middle latitude: true enough for a city.
        kx = math.cos(math.radians((lat0 + lat1) / 2))
        span_x, span_y = max((lon1 - lon0) * kx, 1e-9), max(lat1 - lat0, 1e-9)
        scale = min((width - legend_width - 10) / span_x, (height - 10) / span_y)

        def xy(p: tuple[float, float]) -> tuple[float, float]:
            return 5 + (p[0] - lon0) * kx * scale, 5 + (lat1 - p[1]) * scale

        for area_id, rings in shapes.items():
            fill = colour.get(area_id) or choropleth.NO_DATA_COLOUR
            for ring in rings:
                vertices = ", ".join(f"({x:.1f}pt, {y:.1f}pt)" for x, y in map(xy, ring))
                out.append(
                    _place(
                        0, 0, f'polygon(fill: rgb("{fill}"), stroke: 0.4pt + luma(60), {vertices})'
                    )
                )
        for section in report.sections:
            rings = shapes.get(section.area.id)
            if rings:
                ring = max(rings, key=len)
                x, y = xy(
                    (sum(p[0] for p in ring) / len(ring), sum(p[1] for p in ring) / len(ring))
                )
                out.append(
                    _place(
                        x - 40,
                        y - 4,
                        f"box(width: 80pt, align(center, box(fill: white.transparentize(35%), "
                        f"inset: 1pt, text(6.5pt, {string(section.area.name)}))))",
                    )
                )
    x, y = width - legend_width + 5, 5.0
    out.append(_label(x, y, _("Highest gap score"), 8))
    entries = [
        (c.colour, f"{de_number(c.lower, 0)}–{de_number(c.upper, 0)}")
        for c in classification.classes
    ] + [(choropleth.NO_DATA_COLOUR, _("withheld or no data"))]
    for fill, text in entries:
        y += 14
        out.append(
            _place(x, y, f'rect(width: 10pt, height: 9pt, fill: rgb("{fill}"), stroke: 0.4pt)')
        )
        out.append(_label(x + 14, y, text))
    return Figure("\n".join(out), width, height)


def shortfall_chart(report: Sozialraumbericht) -> Figure:
    """Per Sozialraum: categories below the reference value (light), of them those with
    a need existing offers cannot absorb completely (dark)."""
    rows = [(s.area.name, s.summary.short, s.summary.unabsorbed) for s in report.sections]
    width, row_h, label_w, top = 460.0, 14.0, 130.0, 18.0
    height = top + row_h * len(rows) + 16
    most = max([r[1] for r in rows] + [1])
    unit = (width - label_w - 30) / most
    out = [
        _label(
            0,
            0,
            _("Categories below the reference value per %(level)s") % {"level": report.level.name},
            9,
        )
    ]
    for i, (name, short, unabsorbed) in enumerate(rows):
        y = top + i * row_h
        out.append(_label(0, y + 1, name))
        if short:
            out.append(
                _place(
                    label_w,
                    y,
                    f'rect(width: {short * unit:.1f}pt, height: 10pt, fill: rgb("{LIGHT}"))',
                )
            )
        if unabsorbed:
            out.append(
                _place(
                    label_w,
                    y,
                    f'rect(width: {unabsorbed * unit:.1f}pt, height: 10pt, fill: rgb("{DARK}"))',
                )
            )
        out.append(_label(label_w + short * unit + 4, y + 1, de_number(short, 0)))
    out.append(
        _label(
            0,
            height - 12,
            _(
                "light: below the reference value; dark: of which existing offers cannot absorb everything"
            ),
            6.5,
        )
    )
    return Figure("\n".join(out), width, height)
