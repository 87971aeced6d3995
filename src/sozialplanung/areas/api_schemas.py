"""Response schemas of the areas API (typed for the OpenAPI document)."""

from __future__ import annotations

from typing import Any

from ninja import Field, Schema


class ErrorOut(Schema):
    detail: str = Field(description="Fehlermeldung (deutsch)")


class ValidationErrorOut(Schema):
    detail: list[dict[str, Any]] = Field(description="Ungültige Parameter")


class MunicipalityOut(Schema):
    slug: str = Field(description="Kurzname, in URLs verwendet")
    name: str
    ags: str = Field(description="Amtlicher Gemeindeschlüssel (leer, wenn nicht gepflegt)")
    website: str


class LevelOut(Schema):
    slug: str
    name: str
    name_plural: str
    depth: int = Field(description="0 für die ganze Kommune, größer für feinere Ebenen")


class CentroidOut(Schema):
    lon: float
    lat: float


class AreaOut(Schema):
    code: str = Field(description="Schlüssel des Gebiets, wie die Statistikstelle ihn führt")
    name: str
    level: str = Field(description="Kurzname der Gebietsebene")
    parent: str | None = Field(description="Schlüssel des übergeordneten Gebiets")
    reported_with: str | None = Field(
        description="Schlüssel des Gebiets, mit dem dieses statistisch gemeinsam ausgewiesen wird"
    )
    area_km2: float | None = Field(description="Fläche in km² (aktuelle Grenze)")
    centroid: CentroidOut | None = Field(description="Mittelpunkt (WGS84) der aktuellen Grenze")


class IndicatorOut(Schema):
    slug: str
    name: str
    description: str
    unit: str
    kind: str = Field(description="count, share, rate oder mean")
    numerator: str | None = Field(description="Kurzname des Zählers (bei Anteilen, Quoten)")
    denominator: str | None = Field(description="Kurzname des Nenners bzw. Gewichts")
    scale: float = Field(description="Faktor: 100 für Prozent, 1000 für Promille")
    decimals: int = Field(description="Anzuzeigende Nachkommastellen")
    source: str
    licence: str
    periods: list[str] = Field(description="Zeiträume mit Werten, älteste zuerst")


class ValueOut(Schema):
    indicator: str = Field(description="Kurzname des Indikators")
    area: str = Field(description="Schlüssel des Gebiets")
    level: str = Field(description="Kurzname der Gebietsebene")
    period: str
    value: float | None = Field(
        description="Der Wert; null, wenn er geheim gehalten wird (siehe suppressed)"
    )
    suppressed: bool = Field(
        description="true: der Wert wird aus Gründen der statistischen Geheimhaltung "
        "nicht veröffentlicht (kleine Fallzahl oder kleines Gebiet); value ist dann null"
    )
    origin: str = Field(
        description="imported (eingelesen), rolled_up (aus Teilgebieten summiert) "
        "oder computed (aus Zähler und Nenner berechnet)"
    )


class ValuePageOut(Schema):
    count: int = Field(description="Anzahl aller Treffer (ohne Seitenbegrenzung)")
    limit: int
    offset: int
    items: list[ValueOut]


GEOMETRY_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["type", "coordinates"],
    "properties": {
        "type": {"type": "string", "enum": ["Polygon", "MultiPolygon"]},
        "coordinates": {"type": "array"},
    },
}
FEATURE_COLLECTION_SCHEMA: dict[str, Any] = {
    "type": "object",
    "title": "FeatureCollection",
    "required": ["type", "features"],
    "properties": {
        "type": {"type": "string", "enum": ["FeatureCollection"]},
        "features": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["type", "id", "geometry", "properties"],
                "properties": {
                    "type": {"type": "string", "enum": ["Feature"]},
                    "id": {"type": "string", "description": "Schlüssel des Gebiets"},
                    "geometry": GEOMETRY_SCHEMA,
                    "properties": {
                        "type": "object",
                        "required": [
                            "code",
                            "name",
                            "level",
                            "parent",
                            "value",
                            "suppressed",
                            "reported_with",
                        ],
                        "properties": {
                            "code": {"type": "string"},
                            "name": {"type": "string"},
                            "level": {"type": "string"},
                            "parent": {"type": ["string", "null"]},
                            "value": {"type": ["number", "null"]},
                            "suppressed": {
                                "type": "boolean",
                                "description": "true: Wert geheim gehalten (value ist null)",
                            },
                            "reported_with": {"type": ["string", "null"]},
                        },
                    },
                },
            },
        },
    },
}

ERRORS: dict[int, Any] = {404: ErrorOut, 422: ValidationErrorOut}
