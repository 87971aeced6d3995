"""Writing an HSDS export: JSON objects and the tabular data package (CSV).

JSON (the nested API form, one list per file): ``organizations.json``,
``services.json`` (with their service_at_locations, locations, schedules, phones and
attributes nested), ``locations.json``, ``service_at_locations.json``,
``taxonomies.json``, ``taxonomy_terms.json``. Each object validates against the HSDS
3.0 schema of its kind.

Tabular: ``datapackage.json`` and one CSV per table, named and with the columns of
HSDS 3.0's ``schema/compiled/tabular.json`` (UTF-8, comma, header row). Text cells that
would start a formula in Excel get a leading ``'`` (see ``reports.spreadsheet``); the
JSON files keep every value as it is. With the internal extension two more tables:
``x_sozialplanung_capacity.csv`` and ``x_sozialplanung_staffing.csv``.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sozialplanung.reports.spreadsheet import escape

from .export import HsdsData
from .tables import TABLES

JSON_FILES = (
    "organizations",
    "services",
    "locations",
    "service_at_locations",
    "taxonomies",
    "taxonomy_terms",
)
EXTENSION_TABLES: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "x_sozialplanung_capacity": (
        "x_sozialplanung_capacity.csv",
        [
            ("service_id", "string"),
            ("places_per_session", "number"),
            ("sessions_per_week", "number"),
            ("capacity_amount", "number"),
            ("capacity_unit", "string"),
            ("weekly_capacity", "number"),
            ("visits_per_year", "number"),
        ],
    ),
    "x_sozialplanung_staffing": (
        "x_sozialplanung_staffing.csv",
        [
            ("id", "string"),
            ("service_id", "string"),
            ("year", "integer"),
            ("kind", "string"),
            ("kind_label", "string"),
            ("head_count", "number"),
            ("weekly_hours", "number"),
        ],
    ),
}


@dataclass
class ExportResult:
    directory: Path
    files: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        parts = ", ".join(f"{n} {k}" for k, n in self.counts.items())
        return f"{len(self.files)} Dateien nach {self.directory} geschrieben ({parts})"


def _rows(data: HsdsData) -> dict[str, list[dict[str, Any]]]:
    """The nested objects flattened into the package's tables."""
    tables: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    tables["organization"] = list(data.organizations)
    for org in data.organizations:
        tables["phone"] += org.get("phones", [])
    tables["taxonomy"] = list(data.taxonomies)
    tables["taxonomy_term"] = list(data.taxonomy_terms)
    tables["location"] = list(data.locations)
    for location in data.locations:
        tables["address"] += location.get("addresses", [])
        tables["accessibility"] += location.get("accessibility", [])
    tables["service_at_location"] = list(data.service_at_locations)
    for sal in data.service_at_locations:
        tables["schedule"] += sal.get("schedules", [])
    extension: dict[str, list[dict[str, Any]]] = {name: [] for name in EXTENSION_TABLES}
    for service in data.services:
        tables["service"].append(service)
        tables["phone"] += service.get("phones", [])
        tables["schedule"] += service.get("schedules", [])
        tables["language"] += service.get("languages", [])
        tables["attribute"] += service.get("attributes", [])
        if data.internal:
            capacity = service.get("x_sozialplanung_capacity", {})
            extension["x_sozialplanung_capacity"].append({"service_id": service["id"], **capacity})
            extension["x_sozialplanung_staffing"] += service.get("x_sozialplanung_staffing", [])
    if data.internal:
        tables.update(extension)
    return tables


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        # Names come from providers; a CSV opened in Excel must not run them as formulas.
        return str(escape(value))
    return str(value)


def _write_csv(path: Path, columns: list[str], rows: Iterable[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_cell(row.get(c)) for c in columns])


def _resource(name: str, path: str, fields: list[tuple[str, str]]) -> dict[str, Any]:
    schema: dict[str, Any] = {"fields": [{"name": n, "type": t} for n, t in fields]}
    if any(n == "id" for n, _t in fields):
        schema["primaryKey"] = "id"
    return {
        "name": name,
        "path": path,
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": schema,
    }


def _all_tables(internal: bool) -> Iterator[tuple[str, tuple[str, list[tuple[str, str]]]]]:
    yield from TABLES.items()
    if internal:
        yield from EXTENSION_TABLES.items()


def write_hsds(data: HsdsData, out_dir: Path | str, *, package_name: str) -> ExportResult:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    result = ExportResult(directory=out)
    for name in JSON_FILES:
        objects = getattr(data, name)
        (out / f"{name}.json").write_text(
            json.dumps(objects, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        result.files.append(f"{name}.json")
    tables = _rows(data)
    resources = []
    for name, (path, fields) in _all_tables(data.internal):
        _write_csv(out / path, [n for n, _t in fields], tables.get(name, []))
        resources.append(_resource(name, path, fields))
        result.files.append(path)
    package = {
        "name": package_name,
        "title": "Angebote (Open Referral HSDS 3.0)",
        "profile": "tabular-data-package",
        "x_hsds_version": "3.0",
        "resources": resources,
    }
    if data.internal:
        package["x_sozialplanung_internal"] = True
    (out / "datapackage.json").write_text(
        json.dumps(package, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    result.files.append("datapackage.json")
    result.counts = {
        "Träger": len(data.organizations),
        "Angebote": len(data.services),
        "Orte": len(data.locations),
    }
    return result
