"""The HSDS objects of a file or folder as one graph, joined by id.

Organizations, services, locations, service_at_locations and taxonomy terms may come
nested or side by side, in single objects, lists or paginated list responses; each is
kept once by its HSDS id, later files filling in what earlier ones left out.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sozialplanung.core.imports import ImportFailed

SKIPPED_FILES = {"datapackage.json", "base.json", "tabular.json"}


@dataclass
class Graph:
    """The objects of all files, by HSDS id, with the file each first came from."""

    organizations: dict[str, dict[str, Any]] = field(default_factory=dict)
    services: dict[str, dict[str, Any]] = field(default_factory=dict)
    locations: dict[str, dict[str, Any]] = field(default_factory=dict)
    sals: dict[str, dict[str, Any]] = field(default_factory=dict)
    terms: dict[str, dict[str, Any]] = field(default_factory=dict)
    origin: dict[str, str] = field(default_factory=dict)

    def put(self, table: dict[str, dict[str, Any]], obj: dict[str, Any], file: str) -> None:
        key = str(obj.get("id") or "")
        if not key:
            return
        known = table.setdefault(key, {})
        for name, value in obj.items():  # fill in what an earlier file left out
            if name not in known or known[name] in ("", None, []):
                known[name] = value
        self.origin.setdefault(key, file)

    def add(self, obj: dict[str, Any], file: str, hint: str, parent_org: str | None = None) -> None:
        kind = _kind(obj, hint)
        if kind == "organization":
            self.put(self.organizations, obj, file)
            for service in obj.get("services") or []:
                self.add(service, file, "service", parent_org=obj.get("id"))
            for location in obj.get("locations") or []:
                self.put(self.locations, location, file)
        elif kind == "service":
            if parent_org and not obj.get("organization_id"):
                obj = {**obj, "organization_id": parent_org}
            org = obj.get("organization")
            if isinstance(org, dict):
                self.put(self.organizations, org, file)
                obj = {**obj, "organization_id": obj.get("organization_id") or org.get("id")}
            for sal in obj.get("service_at_locations") or []:
                self.add_sal({**sal, "service_id": obj.get("id")}, file)
            for attribute in obj.get("attributes") or []:
                if isinstance(attribute.get("taxonomy_term"), dict):
                    self.put(self.terms, attribute["taxonomy_term"], file)
            self.put(self.services, obj, file)
        elif kind == "service_at_location":
            self.add_sal(obj, file)
        elif kind == "location":
            self.put(self.locations, obj, file)
        elif kind == "taxonomy_term":
            self.put(self.terms, obj, file)

    def add_sal(self, sal: dict[str, Any], file: str) -> None:
        service = sal.get("service")
        if isinstance(service, dict):
            self.add(service, file, "service")
            sal = {**sal, "service_id": sal.get("service_id") or service.get("id")}
        location = sal.get("location")
        if isinstance(location, dict):
            self.put(self.locations, location, file)
            sal = {**sal, "location_id": sal.get("location_id") or location.get("id")}
        self.put(self.sals, sal, file)


def _kind(obj: dict[str, Any], hint: str) -> str:
    for kind in ("service_at_location", "organization", "taxonomy_term", "location", "service"):
        if hint.startswith(kind):
            return kind
    if "service" in obj and "location" in obj:
        return "service_at_location"
    if "location_type" in obj:
        return "location"
    if "status" in obj or "service_at_locations" in obj:
        return "service"
    if "services" in obj or "website" in obj or "organization_identifiers" in obj:
        return "organization"
    return ""


def _objects(data: Any) -> list[dict[str, Any]]:
    if isinstance(data, list):
        return [d for d in data if isinstance(d, dict)]
    if isinstance(data, dict) and isinstance(data.get("contents"), list):
        return [d for d in data["contents"] if isinstance(d, dict)]
    return [data] if isinstance(data, dict) else []


def read_graph(path: Path | str) -> tuple[Graph, list[str]]:
    path = Path(path)
    files = sorted(path.glob("*.json")) if path.is_dir() else [path]
    graph, names = Graph(), []
    for file in files:
        if file.name in SKIPPED_FILES:
            continue
        try:
            data = json.loads(file.read_text("utf-8-sig"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ImportFailed.single(file.name, f"Kein lesbares JSON: {exc}") from exc
        hint = file.stem.removesuffix("s") if file.stem != "service_at_locations" else file.stem
        for obj in _objects(data):
            graph.add(obj, file.name, hint)
        names.append(file.name)
    if not names:
        raise ImportFailed.single(path.name, "Keine HSDS-JSON-Dateien gefunden")
    return graph, names
