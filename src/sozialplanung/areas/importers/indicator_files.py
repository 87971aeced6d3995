"""Importing indicator values from a table, as an ``IndicatorMapping`` describes it.

All rows are checked first (area known, period readable, number readable, no
duplicate); one problem and nothing is stored. Then, in one transaction, the
mapping's indicator definitions are saved, the values stored, and the roll-ups and
shares recomputed once.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from django.db import transaction

from sozialplanung.areas import actions
from sozialplanung.areas.models import Area, AreaLevel, Indicator
from sozialplanung.areas.rollup import recompute_derived_values
from sozialplanung.core.formats.periods import PeriodError, normalise_period
from sozialplanung.core.imports import (
    ChangeCount,
    ImportFailed,
    ImportProblem,
    ImportResult,
    Lines,
    Progress,
    ProgressEvery,
    Row,
    read_lines,
)
from sozialplanung.core.imports.collector import cycle_collector_paused
from sozialplanung.core.imports.tabular import parse_number

from .mapping import IndicatorMapping, ValueColumn
from .plain_rows import read_all

if TYPE_CHECKING:
    from sozialplanung.core.audit import ActingUser
    from sozialplanung.core.models import Municipality

# (indicator slug, area id, period) -> (value, row it came from)
Values = dict[tuple[str, int, str], tuple[float, int]]


def import_indicators(
    path: Path | str,
    *,
    municipality: Municipality,
    mapping: IndicatorMapping,
    acting_user: ActingUser,
    progress: Progress | None = None,
    filename: str | None = None,
) -> ImportResult:
    """Store the indicator values of one file; all or nothing."""
    path = Path(path)
    with cycle_collector_paused():
        table = read_lines(path, sheet=mapping.sheet, filename=filename or path.name)
        table.require_columns(mapping.columns())
        reader = _RowReader(table, municipality, mapping)
        reader.check_indicators()
        read_all(reader, table, ProgressEvery(progress, len(table.lines)))
        if reader.problems:
            raise ImportFailed(reader.problems)
        count = _store(municipality, mapping, reader.values, acting_user)
    skipped = [f"„{cell}“ ({n} Zeilen)" for cell, n in reader.skipped.items()]
    return ImportResult(
        count=count, rows=len(table.lines), skipped=skipped, file=table.file, kind="values"
    )


class _RowReader:
    """Turns rows into values and collects problems; touches the database only to read."""

    def __init__(self, table: Lines, municipality: Municipality, mapping: IndicatorMapping) -> None:
        self.table, self.municipality, self.mapping = table, municipality, mapping
        self.columns = mapping.value_columns()
        self.lookup = _ColumnLookup(self.columns)
        self.pattern = re.compile(mapping.area_pattern) if mapping.area_pattern else None
        self.problems: list[ImportProblem] = []
        self.values: Values = {}
        self.skipped: Counter[str] = Counter()
        self.skip = {s.strip() for s in mapping.skip_areas}
        self.areas = self._areas_by_code()
        # A long file repeats each area and period on thousands of rows: each distinct
        # cell is resolved once (the result, or the problem to report on every row).
        self.area_of_cell: dict[str, tuple[int | None, str | None]] = {}
        self.period_of_cells: dict[tuple[str, str | None], tuple[str | None, str | None]] = {}

    def problem(self, row: int | None, column: str | None, message: str) -> None:
        self.problems.append(ImportProblem(self.table.file, row, column, message))

    def _areas_by_code(self) -> dict[str, list[tuple[int, str]]]:
        """{code: [(area id, level name)]}; more than one entry is an ambiguous code."""
        areas = Area.objects.filter(municipality=self.municipality)
        if self.mapping.area_level:
            level = AreaLevel.objects.filter(
                municipality=self.municipality, slug=self.mapping.area_level
            ).first()
            if level is None:
                raise ImportFailed.single(
                    self.table.file,
                    f"Die Ebene „{self.mapping.area_level}“ gibt es in"
                    f" {self.municipality.name} nicht",
                )
            areas = areas.filter(level=level)
        found: dict[str, list[tuple[int, str]]] = {}
        for area_id, code, level_name in areas.values_list("id", "code", "level__name"):
            found.setdefault(code, []).append((area_id, level_name))
        return found

    def check_indicators(self) -> None:
        """Every indicator the file fills must exist or be defined by the mapping, and
        a numerator or denominator must be known before the share that uses it."""
        known = set(
            Indicator.objects.filter(municipality=self.municipality).values_list("slug", flat=True)
        )
        for definition in self.mapping.definitions:
            for key in ("numerator", "denominator"):
                ref = definition.get(key)
                if ref and ref not in known:
                    self.problem(
                        None,
                        None,
                        f"Kennzahl „{definition['slug']}“: {key} „{ref}“ ist nicht (vorher) definiert",
                    )
            known.add(definition["slug"])
        for slug in self.mapping.indicator_slugs():
            if slug not in known:
                self.problem(None, None, f"Kennzahl „{slug}“ gibt es nicht; bitte definieren")
        if self.problems:
            raise ImportFailed(self.problems)

    def read(self, row: Row) -> None:
        matching = self.lookup.matching(row)
        if not matching:
            if self.mapping.layout == "long":
                assert self.mapping.indicator_column is not None
                self.skipped[f"Kennzahl {row.text(self.mapping.indicator_column)}"] += 1
            return
        area_id = self._area(row)
        period = self._period(row)
        for column in matching:
            assert column.column is not None
            try:
                number = parse_number(row.cells.get(column.column))
            except ValueError as exc:
                self.problem(row.number, column.column, str(exc))
                continue
            if number is None or area_id is None or period is None:
                continue
            self._put((column.indicator, area_id, period), number, row, column)

    def _put(self, key: tuple[str, int, str], number: float, row: Row, column: ValueColumn) -> None:
        previous = self.values.get(key)
        if previous is None:
            self.values[key] = (number, row.number)
        elif self.mapping.duplicates == "sum":
            self.values[key] = (previous[0] + number, previous[1])
        else:
            self.problem(
                row.number,
                column.column,
                f"Wert für „{key[0]}“, Gebiet {row.text(self.mapping.area_column)},"
                f" Zeitraum {key[2]} doppelt (schon in Zeile {previous[1]})",
            )

    def _area(self, row: Row) -> int | None:
        column = self.mapping.area_column
        cell = row.text(column)
        if cell in self.skip:
            self.skipped[cell] += 1
            return None
        found = self.area_of_cell.get(cell)
        if found is None:
            found = self.area_of_cell[cell] = self._resolve_area(cell)
        area_id, message = found
        if message is not None:
            self.problem(row.number, column, message)
        return area_id

    def _resolve_area(self, cell: str) -> tuple[int | None, str | None]:
        """(area id, None) or (None, the problem with this cell)."""
        if not cell:
            return None, "Gebiet fehlt"
        code = cell
        if self.pattern is not None:
            match = self.pattern.search(cell)
            if not match:
                return None, f"„{cell}“ passt nicht zum Muster {self.pattern.pattern}"
            code = match.group(1)
        candidates = self.areas.get(code, [])
        if len(candidates) == 1:
            return candidates[0][0], None
        if not candidates:
            level = f" auf der Ebene „{self.mapping.area_level}“" if self.mapping.area_level else ""
            return (
                None,
                f"Gebiet „{cell}“ (Code {code}) gibt es{level} in {self.municipality.name} nicht",
            )
        levels = ", ".join(name for _id, name in candidates)
        return None, f"Code {code} gibt es auf mehreren Ebenen ({levels}); bitte area_level angeben"

    def _period(self, row: Row) -> str | None:
        mapping = self.mapping
        year = row.text(mapping.period_column) if mapping.period_column else ""
        quarter = row.text(mapping.quarter_column) if mapping.quarter_column else None
        found = self.period_of_cells.get((year, quarter))
        if found is None:
            found = self.period_of_cells[(year, quarter)] = self._resolve_period(year, quarter)
        period, message = found
        if message is not None:
            column = mapping.period_column if not year else mapping.quarter_column
            self.problem(row.number, column or mapping.period_column, message)
        return period

    def _resolve_period(self, year: str, quarter: str | None) -> tuple[str | None, str | None]:
        """(period, None) or (None, the problem with these cells)."""
        mapping = self.mapping
        try:
            if mapping.period_column:
                if not year:
                    return None, "Zeitraum fehlt"
                return normalise_period(year, quarter), None
            assert mapping.period is not None
            return normalise_period(mapping.period), None
        except PeriodError as exc:
            return None, str(exc)


class _ColumnLookup:
    """The value columns a row fills, found by dictionary lookup instead of testing
    every column's ``where`` against every row.

    Columns are grouped by the set of cells their ``where`` looks at (the long layout:
    one group keyed by the label column; wide columns without ``where``: the empty key,
    matching every row). Per row one lookup per group; columns keep the mapping's order.
    """

    def __init__(self, columns: list[ValueColumn]) -> None:
        self.groups: dict[
            tuple[str, ...], dict[tuple[str, ...], list[tuple[int, ValueColumn]]]
        ] = {}
        for position, column in enumerate(columns):
            keys = tuple(sorted(column.where))
            wanted = tuple(column.where[k].strip() for k in keys)
            self.groups.setdefault(keys, {}).setdefault(wanted, []).append((position, column))
        # The common case, one group (a long file: one label column), without sorting.
        self.single = next(iter(self.groups.items())) if len(self.groups) == 1 else None

    def matching(self, row: Row) -> list[ValueColumn]:
        if self.single is not None:
            keys, by_cells = self.single
            return [c for _p, c in by_cells.get(tuple([row.text(k) for k in keys]), ())]
        found: list[tuple[int, ValueColumn]] = []
        for keys, by_cells in self.groups.items():
            found += by_cells.get(tuple([row.text(k) for k in keys]), ())
        found.sort(key=lambda entry: entry[0])
        return [column for _position, column in found]


def _store(
    municipality: Municipality,
    mapping: IndicatorMapping,
    values: Values,
    acting_user: ActingUser,
) -> ChangeCount:
    total = ChangeCount()
    by_indicator: dict[str, dict[tuple[int, str], float]] = {}
    for (slug, area_id, period), (number, _row) in values.items():
        by_indicator.setdefault(slug, {})[(area_id, period)] = number
    with transaction.atomic():
        for definition in mapping.definitions:
            kwargs = {k: v for k, v in definition.items() if k != "slug"}
            actions.define_indicator(
                municipality, definition["slug"], acting_user=acting_user, **kwargs
            )
        indicators = {
            i.slug: i
            for i in Indicator.objects.filter(municipality=municipality, slug__in=by_indicator)
        }
        for slug, numbers in by_indicator.items():
            count = actions.set_indicator_values(
                indicators[slug],
                numbers,
                acting_user=acting_user,
                recompute=False,
                variant=mapping.variant.strip(),
            )
            total.add(count)
        # Once for the whole file, not once per indicator: roll-ups read every value.
        recompute_derived_values(municipality, acting_user=acting_user)
    return total
