"""Validation against the official HSDS 3.0 schemas, $refs resolved locally by file name.

The schema files refer to each other as ``"$ref": "phone.json"``; each is registered
under its file name, so a phone nested in a service is checked against phone.json.
"""

from __future__ import annotations

import json
import uuid
from functools import cache
from typing import Any
from urllib.parse import urlparse

from django.conf import settings
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

HSDS_DIR = settings.OPEN_DATA_DIR / "standards" / "hsds"
SCHEMA_DIR = HSDS_DIR / "schema"
EXAMPLES_DIR = HSDS_DIR / "examples"

formats = FormatChecker()


@formats.checks("uri")
def _is_uri(value: object) -> bool:
    if not isinstance(value, str):
        return True
    parts = urlparse(value)
    return bool(parts.scheme) and bool(parts.netloc or parts.path)


@formats.checks("uuid", raises=ValueError)
def _is_uuid(value: object) -> bool:
    if isinstance(value, str):
        uuid.UUID(value)
    return True


@cache
def validators() -> dict[str, Draft202012Validator]:
    schemas = {
        path.name: json.loads(path.read_text("utf-8"))
        for path in sorted(SCHEMA_DIR.glob("*.json"))
        if path.name != "openapi.json"
    }
    registry: Registry = Registry().with_resources(
        (name, Resource.from_contents(s, default_specification=DRAFT202012))
        for name, s in schemas.items()
    )
    return {
        name.removesuffix(".json"): Draft202012Validator(
            {"$ref": name}, registry=registry, format_checker=formats
        )
        for name in schemas
    }


def errors(kind: str, obj: dict[str, Any]) -> list[str]:
    return [
        f"{kind} {obj.get('id')}: {e.json_path}: {e.message}"
        for e in validators()[kind].iter_errors(obj)
    ]


def tabular_tables() -> dict[str, tuple[str, list[str]]]:
    """table -> (file name, column names) of schema/compiled/tabular.json."""
    data = json.loads((SCHEMA_DIR / "compiled" / "tabular.json").read_text("utf-8"))
    result = {}
    for name, prop in data["properties"].items():
        item = prop["items"]
        columns = [
            k for k, p in item["properties"].items() if p.get("type") != "array" and "$ref" not in p
        ]
        result[name] = (item["path"], columns)
    return result
