"""How the columns of an indicator file map to areas, periods and indicators.

A mapping is a small JSON file next to the data, so that the same office file can be
imported again next year without questions. Two layouts:

- ``wide``: one column per indicator (``values``), optionally filtered by ``where``
  (Dresden's population file has one row per sex × citizenship; "einwohner-weiblich"
  is the column "Anzahl Einwohner" where "Geschlecht" is "weiblich").
- ``long``: one row per indicator; ``indicator_column`` holds a label that
  ``indicators`` maps to an indicator slug, ``value_column`` the number.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Literal

from sozialplanung.core.imports import ImportFailed, ImportProblem

#: Keyword arguments of ``actions.define_indicator`` a definition may carry.
DEFINITION_KEYS = {
    "slug",
    "name",
    "kind",
    "unit",
    "description",
    "numerator",
    "denominator",
    "scale",
    "decimals",
    "source",
    "licence",
    "visibility",
}


@dataclass(frozen=True)
class ValueColumn:
    """Values of one indicator: a column (default: the mapping's ``value_column``),
    taken from the rows whose cells equal ``where``."""

    indicator: str
    column: str | None = None
    where: dict[str, str] = field(default_factory=dict)


@dataclass
class IndicatorMapping:
    layout: Literal["wide", "long"]
    area_column: str
    # Regular expression whose group 1 is the area code ("61 Leuben" -> "61").
    area_pattern: str | None = None
    # Level slug; None matches codes on any level (an ambiguous code is an error).
    area_level: str | None = None
    period_column: str | None = None
    quarter_column: str | None = None
    # Fixed period ("2024", "2024-Q1") when the file has no period column.
    period: str | None = None
    values: list[ValueColumn] = field(default_factory=list)
    indicator_column: str | None = None
    value_column: str | None = None
    indicators: dict[str, str] = field(default_factory=dict)
    duplicates: Literal["error", "sum"] = "error"
    # Area cells to leave out, e.g. "unbekannt" (reported as skipped, never an error).
    skip_areas: list[str] = field(default_factory=list)
    sheet: str | None = None
    # Indicator definitions (keyword arguments of define_indicator plus "slug"),
    # created or updated before the values are stored, in this order.
    definitions: list[dict[str, Any]] = field(default_factory=list)
    # A forecast file: the name of its variant ("Bevölkerungsprognose 2025, gerundet");
    # its values are stored as forecast values beside the observed ones. Empty: observed.
    variant: str = ""

    def __post_init__(self) -> None:
        problems = self.problems()
        if problems:
            raise ImportFailed([ImportProblem("Zuordnung", None, None, p) for p in problems])

    def problems(self) -> list[str]:
        found: list[str] = []
        if self.layout not in ("wide", "long"):
            found.append(f"layout muss „wide“ oder „long“ sein, nicht „{self.layout}“")
        if not isinstance(self.variant, str) or len(self.variant) > 100:
            found.append("variant muss ein Text mit höchstens 100 Zeichen sein")
        if self.duplicates not in ("error", "sum"):
            found.append(f"duplicates muss „error“ oder „sum“ sein, nicht „{self.duplicates}“")
        if bool(self.period) == bool(self.period_column):
            found.append("Genau eines von period_column und period angeben")
        if self.quarter_column and not self.period_column:
            found.append("quarter_column braucht period_column")
        if self.area_pattern is not None:
            try:
                if re.compile(self.area_pattern).groups < 1:
                    found.append("area_pattern braucht eine Gruppe (…) für den Code")
            except re.error as exc:
                found.append(f"area_pattern ist kein regulärer Ausdruck: {exc}")
        if self.layout == "wide":
            if not self.values:
                found.append("layout „wide“ braucht values")
            for value in self.values:
                if not (value.column or self.value_column):
                    found.append(f"values: „{value.indicator}“ braucht column")
        if self.layout == "long" and not (
            self.indicator_column and self.value_column and self.indicators
        ):
            found.append("layout „long“ braucht indicator_column, value_column und indicators")
        for i, definition in enumerate(self.definitions, start=1):
            unknown = sorted(set(definition) - DEFINITION_KEYS)
            if unknown:
                found.append(f"definitions[{i}]: unbekannte Schlüssel {', '.join(unknown)}")
            if not definition.get("slug") or not definition.get("name"):
                found.append(f"definitions[{i}]: slug und name fehlen")
        return found

    def value_columns(self) -> list[ValueColumn]:
        """Both layouts as one list: the long layout becomes filters on its label column."""
        columns = [
            ValueColumn(v.indicator, v.column or self.value_column, dict(v.where))
            for v in self.values
        ]
        if self.layout == "long":
            assert self.indicator_column is not None
            columns += [
                ValueColumn(slug, self.value_column, {self.indicator_column: label})
                for label, slug in self.indicators.items()
            ]
        return columns

    def columns(self) -> list[str]:
        """Every column of the file this mapping reads."""
        names = [self.area_column, self.period_column, self.quarter_column]
        names += [self.indicator_column]
        for value in self.value_columns():
            names += [value.column, *value.where]
        return [n for n in names if n]

    def indicator_slugs(self) -> list[str]:
        return list(dict.fromkeys(v.indicator for v in self.value_columns()))

    @classmethod
    def from_json(cls, data: dict[str, Any], *, file: str = "Zuordnung") -> IndicatorMapping:
        if not isinstance(data, dict):
            raise ImportFailed.single(file, "Die Zuordnung muss ein JSON-Objekt sein.")
        allowed = {f.name for f in fields(cls)}
        problems = [
            ImportProblem(
                file,
                None,
                None,
                f"Unbekannter Schlüssel „{key}“ (erlaubt: {', '.join(sorted(allowed))})",
            )
            for key in data
            if key not in allowed
        ]
        for key in ("layout", "area_column"):
            if key not in data:
                problems.append(ImportProblem(file, None, None, f"Schlüssel „{key}“ fehlt"))
        values = []
        for i, raw in enumerate(data.get("values", []), start=1):
            if not isinstance(raw, dict) or "indicator" not in raw:
                problems.append(ImportProblem(file, None, None, f"values[{i}]: „indicator“ fehlt"))
                continue
            unknown = sorted(set(raw) - {"indicator", "column", "where"})
            if unknown:
                problems.append(
                    ImportProblem(
                        file, None, None, f"values[{i}]: unbekannte Schlüssel {', '.join(unknown)}"
                    )
                )
                continue
            values.append(
                ValueColumn(
                    raw["indicator"],
                    raw.get("column"),
                    {str(k): str(v) for k, v in raw.get("where", {}).items()},
                )
            )
        if problems:
            raise ImportFailed(problems)
        try:
            return cls(**{**data, "values": values})
        except ImportFailed as exc:
            raise ImportFailed(
                [ImportProblem(file, None, None, p.message) for p in exc.problems]
            ) from None

    @classmethod
    def from_file(cls, path: Path | str) -> IndicatorMapping:
        path = Path(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise ImportFailed.single(path.name, f"Datei nicht lesbar: {exc.strerror}") from exc
        except json.JSONDecodeError as exc:
            raise ImportFailed.single(
                path.name, f"Kein gültiges JSON: {exc.msg}", row=exc.lineno
            ) from exc
        return cls.from_json(data, file=path.name)
