"""Importing the areas of one level with their boundaries.

Formats by file extension: GeoJSON (.geojson, .json), GeoPackage (.gpkg), Shapefile
(.shp or zipped .zip), and tables (.csv, .xlsx) whose geometry column holds WKT, EWKT
(``SRID=4326;POLYGON(…)``) or GeoJSON text. Every row is checked before anything is
written; one bad row and nothing is stored.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.db import transaction
from shapely.geometry import mapping

from sozialplanung.areas import actions
from sozialplanung.areas.actions import AreaRecord
from sozialplanung.areas.geometry import GeometryError, crs_of, parse_geometry
from sozialplanung.areas.models import Area, AreaLevel, area_code_problem
from sozialplanung.core.imports import (
    ChangeCount,
    ImportFailed,
    ImportProblem,
    ImportResult,
    Progress,
    ProgressEvery,
    read_table,
)
from sozialplanung.core.imports.tabular import EXCEL_SUFFIXES, cell_text, suffix_of

if TYPE_CHECKING:
    from sozialplanung.core.audit import ActingUser
    from sozialplanung.core.models import Municipality

WGS84 = "EPSG:4326"
# Names GeoJSON files give to plain lon/lat WGS84 in their (pre-RFC 7946) "crs" member.
_WGS84_NAMES = {"urn:ogc:def:crs:OGC:1.3:CRS84", "urn:ogc:def:crs:OGC::CRS84", "OGC:CRS84"}
OGR_SUFFIXES = {".gpkg", ".zip", ".shp"}


@dataclass
class Feature:
    """One object of the file before checking: its row (or object) number and fields."""

    number: int
    fields: dict[str, Any]
    # GeoJSON dict, WKT/EWKT/GeoJSON text, or None.
    geometry: dict[str, Any] | str | None


@dataclass
class Source:
    file: str
    unit: str  # "Zeile" or "Objekt", for error messages
    field_names: list[str]
    features: list[Feature]
    crs: str
    geometry_column: str  # for error messages


def import_areas(
    path: Path | str,
    *,
    municipality: Municipality,
    level_slug: str,
    code_field: str,
    name_field: str,
    long_name_field: str | None = None,
    parent_level_slug: str | None = None,
    parent_code_field: str | None = None,
    geometry_field: str | None = None,
    crs: str | None = None,
    layer: str | None = None,
    valid_from: dt.date,
    source: str = "",
    acting_user: ActingUser,
    progress: Progress | None = None,
    filename: str | None = None,
) -> ImportResult:
    """Create or update the areas of ``level_slug`` from a file; all or nothing."""
    path = Path(path)
    name = filename or path.name
    level = _level(municipality, level_slug, name)
    parent_level = _level(municipality, parent_level_slug, name) if parent_level_slug else None
    if parent_code_field and parent_level is None:
        raise ImportFailed.single(name, "Zur Spalte mit dem Obergebiet fehlt dessen Ebene.")
    src = _read(
        path, name, suffix_of(path, filename), geometry_field=geometry_field, crs=crs, layer=layer
    )
    wanted = [code_field, name_field, long_name_field, parent_code_field]
    missing = [f for f in wanted if f and f not in src.field_names]
    if missing:
        existing = ", ".join(f"„{f}“" for f in src.field_names)
        raise ImportFailed(
            [ImportProblem(name, None, f, f"Feld fehlt (vorhanden: {existing})") for f in missing]
        )
    parent_codes = (
        set(Area.objects.filter(level=parent_level).values_list("code", flat=True))
        if parent_level
        else set()
    )
    try:  # once, not once per row
        crs_of(src.crs)
    except GeometryError as exc:
        raise ImportFailed.single(name, str(exc)) from None
    records, problems = [], []
    seen: dict[str, int] = {}
    tick = ProgressEvery(progress, len(src.features))
    for done, feature in enumerate(src.features, start=1):
        tick(done)

        def problem(column: str | None, message: str, number: int = feature.number) -> None:
            problems.append(ImportProblem(name, number, column, message, unit=src.unit))

        code = cell_text(feature.fields.get(code_field))
        area_name = cell_text(feature.fields.get(name_field))
        if not code:
            problem(code_field, "Code fehlt")
        elif code_problem := area_code_problem(code):
            problem(code_field, code_problem)
        elif code in seen:
            problem(code_field, f"Code „{code}“ kommt doppelt vor (auch {src.unit} {seen[code]})")
        else:
            seen[code] = feature.number
        if not area_name:
            problem(name_field, "Name fehlt")
        parent_code = (
            cell_text(feature.fields.get(parent_code_field)) if parent_code_field else None
        )
        if parent_code_field and parent_code not in parent_codes:
            assert parent_level is not None
            problem(
                parent_code_field,
                f"Obergebiet „{parent_code}“ gibt es auf der Ebene {parent_level.name} nicht",
            )
        geom = None
        if feature.geometry is not None and feature.geometry != "":
            try:
                geom = parse_geometry(feature.geometry, crs=src.crs)
            except GeometryError as exc:
                problem(src.geometry_column, str(exc))
        elif src.geometry_column:
            problem(src.geometry_column, "Geometrie fehlt")
        records.append(
            AreaRecord(
                code=code,
                name=area_name,
                geometry=geom,
                long_name=cell_text(feature.fields.get(long_name_field)) if long_name_field else "",
                parent_code=parent_code or None,
            )
        )
    if not records:
        problems.append(ImportProblem(name, None, None, "Die Datei enthält keine Gebiete."))
    if problems:
        raise ImportFailed(problems)
    count = _save(level, parent_level, records, valid_from, source, acting_user)
    return ImportResult(count=count, rows=len(records), file=name, kind="areas")


def _save(
    level: AreaLevel,
    parent_level: AreaLevel | None,
    records: list[AreaRecord],
    valid_from: dt.date,
    source: str,
    acting_user: ActingUser,
) -> ChangeCount:
    """Store area by area so that the count says how many *areas* are new or changed
    (``save_areas`` counts an area and its boundary separately)."""
    total = ChangeCount()
    existing = set(Area.objects.filter(level=level).values_list("code", flat=True))
    with transaction.atomic():
        for record in records:
            count = actions.save_areas(
                level,
                [record],
                valid_from=valid_from,
                source=source,
                parent_level=parent_level,
                acting_user=acting_user,
            )
            if not count.changed:
                total.unchanged += 1
            elif record.code in existing:
                total.updated += 1
                total.details.append(f"{record.code} {record.name}: geändert")
            else:
                total.created += 1
                total.details.append(f"{record.code} {record.name}: neu")
    return total


def _level(municipality: Municipality, slug: str, file: str) -> AreaLevel:
    level = AreaLevel.objects.filter(municipality=municipality, slug=slug).first()
    if level is None:
        known = ", ".join(
            AreaLevel.objects.filter(municipality=municipality)
            .order_by("depth")
            .values_list("slug", flat=True)
        )
        raise ImportFailed.single(
            file,
            f"Die Ebene „{slug}“ gibt es in {municipality.name} nicht"
            f" (vorhanden: {known or 'keine'})",
        )
    return level


def _read(
    path: Path,
    name: str,
    suffix: str,
    *,
    geometry_field: str | None,
    crs: str | None,
    layer: str | None,
) -> Source:
    if suffix in (".geojson", ".json"):
        return _read_geojson(path, name, crs)
    if suffix in OGR_SUFFIXES:
        # GDAL reads a zipped Shapefile through its virtual file system; saying so
        # explicitly also works for uploads stored without the .zip extension.
        source = f"/vsizip/{{{path}}}" if suffix == ".zip" else str(path)
        return _read_ogr(source, name, crs, layer)
    if suffix in EXCEL_SUFFIXES or suffix in (".csv", ".txt", ".tsv"):
        table = read_table(path, sheet=layer, filename=name)
        if geometry_field:
            table.require_columns([geometry_field])
        features = [
            Feature(
                row.number,
                row.cells,
                row.text(geometry_field) if geometry_field else None,
            )
            for row in table.rows
        ]
        return Source(name, "Zeile", table.header, features, crs or WGS84, geometry_field or "")
    raise ImportFailed.single(
        name,
        f"Unbekanntes Dateiformat „{suffix}“ (möglich: .geojson, .json, .gpkg, .zip mit"
        " Shapefile, .shp, .csv, .xlsx)",
    )


def _read_geojson(path: Path, name: str, crs: str | None) -> Source:
    try:
        data = json.loads(path.read_bytes())
    except OSError as exc:
        raise ImportFailed.single(name, f"Datei nicht lesbar: {exc.strerror}") from exc
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ImportFailed.single(name, f"Kein gültiges JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise ImportFailed.single(name, "Kein GeoJSON: erwartet wird ein Objekt")
    if data.get("type") == "Feature":
        raw_features = [data]
    elif data.get("type") == "FeatureCollection" and isinstance(data.get("features"), list):
        raw_features = data["features"]
    else:
        raise ImportFailed.single(name, "Kein GeoJSON: weder FeatureCollection noch Feature")
    if crs is None:
        declared = (data.get("crs") or {}).get("properties", {}).get("name")
        crs = WGS84 if declared is None or declared in _WGS84_NAMES else str(declared)
    features = [
        Feature(i, dict(f.get("properties") or {}), f.get("geometry"))
        for i, f in enumerate(raw_features, start=1)
        if isinstance(f, dict)
    ]
    names = list(dict.fromkeys(k for f in features for k in f.fields))
    return Source(name, "Objekt", names, features, crs, "geometry")


def _read_ogr(path: str, name: str, crs: str | None, layer: str | None) -> Source:
    """GeoPackage and Shapefile through GDAL (pyogrio's raw API: no pandas needed)."""
    import pyogrio.raw
    from pyogrio.errors import DataLayerError, DataSourceError
    from shapely import from_wkb

    try:
        meta, _fids, geometries, field_data = pyogrio.raw.read(path, layer=layer)
    except (DataSourceError, DataLayerError) as exc:
        # GDAL names the file by its path on the server; the user knows it by its name.
        message = str(exc).replace(path, name)
        raise ImportFailed.single(name, f"Geodatei nicht lesbar: {message}") from exc
    field_names = [str(f) for f in meta["fields"]]
    features = []
    for i, wkb in enumerate(geometries, start=1):
        fields = {
            f: _plain(column[i - 1]) for f, column in zip(field_names, field_data, strict=True)
        }
        geom = mapping(from_wkb(wkb)) if wkb is not None else None
        features.append(Feature(i, fields, geom))
    return Source(
        name, "Objekt", field_names, features, crs or meta.get("crs") or WGS84, "Geometrie"
    )


def _plain(value: Any) -> Any:
    """numpy scalars as Python values (codes stored as numbers come out as int)."""
    return value.item() if hasattr(value, "item") else value
