"""The fast reading of plain rows (``areas/importers/plain_rows.py``) against the
reference, ``_RowReader.read`` on every row: same values in the same order, same
skips, same problems, on a seeded file full of the rows the fast way must hand over.

Uses the synthetic "Teststadt" of tests/conftest.py (Stadtteile 11, 12, 21, 22).
"""

from __future__ import annotations

import random

import pytest

from sozialplanung.areas.importers import IndicatorMapping
from sozialplanung.areas.importers.indicator_files import _RowReader
from sozialplanung.areas.importers.plain_rows import read_all
from sozialplanung.core.imports import ProgressEvery, Row, read_lines

AREAS = ["11", "12", "21", "22", "22", "99", "unbekannt", "", " 12 "]
YEARS = ["2022", "2023", "2023", "", "20x3"]
LABELS = ["Einwohner", "Ausländer", "Ausländer ", "Sonstiges"]
NUMBERS = ["12", "1,5", "-3.25", "0", "1.234,5", "12 %", "", "abc", " 7 ", "4.000.000"]

LONG = {
    "layout": "long",
    "area_column": "Gebiet",
    "area_level": "stadtteil",
    "period_column": "Jahr",
    "indicator_column": "Merkmal",
    "value_column": "Wert",
    "indicators": {"Einwohner": "einwohner", "Ausländer": "auslaender"},
    "skip_areas": ["unbekannt"],
}
# Two value columns per row, one filtered: the filter cell decides which apply.
WIDE = {
    "layout": "wide",
    "area_column": "Gebiet",
    "area_level": "stadtteil",
    "period_column": "Jahr",
    "values": [
        {"indicator": "einwohner", "column": "Wert", "where": {"Merkmal": "Einwohner"}},
        {"indicator": "auslaender", "column": "Zweiter", "where": {"Merkmal": "Einwohner"}},
    ],
    "skip_areas": ["unbekannt"],
}


class RowByRow(_RowReader):
    """The reference reader, counting the rows it is handed."""

    handed = 0

    def read(self, row: Row) -> None:
        self.handed += 1
        super().read(row)


def seeded_file(path, seed: int, labels: list[str], irregular: int) -> None:
    """Each plain row once (every area, 50 years, each label), then ``irregular`` rows
    with every kind of exception, all shuffled."""
    rng = random.Random(seed)
    plain = [
        [area, str(year), label, rng.choice(NUMBERS[:4]), rng.choice(NUMBERS[:4])]
        for area in AREAS[:4]
        for year in range(1975, 2025)
        for label in labels
    ]
    odd = [
        [rng.choice(cells) for cells in (AREAS, YEARS, LABELS, NUMBERS, NUMBERS)]
        for _ in range(irregular)
    ]
    rows = plain + odd
    rng.shuffle(rows)
    lines = ["Gebiet;Jahr;Merkmal;Wert;Zweiter", *(";".join(row) for row in rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("layout", "labels"), [(LONG, LABELS[:2]), (WIDE, LABELS[:1])], ids=["long", "wide"]
)
@pytest.mark.parametrize("duplicates", ["error", "sum"])
def test_fast_reading_equals_row_by_row(tmp_path, municipality, areas, layout, labels, duplicates):
    path = tmp_path / "werte.csv"
    seeded_file(path, seed=17, labels=labels, irregular=150)
    mapping = IndicatorMapping.from_json({**layout, "duplicates": duplicates})
    table = read_lines(path)

    reference = RowByRow(table, municipality, mapping)
    for number, cells in table.lines:
        reference.read(table.row(number, cells))
    fast = RowByRow(table, municipality, mapping)
    read_all(fast, table, ProgressEvery(None, len(table.lines)))

    assert list(fast.values.items()) == list(reference.values.items())
    assert fast.problems == reference.problems
    assert fast.skipped == reference.skipped
    # The case is not trivial: values, problems and skips on both sides, and many
    # rows did not go the careful way.
    assert fast.values and fast.problems and fast.skipped
    assert fast.handed <= len(table.lines) - 100


@pytest.mark.django_db
def test_excel_cells_read_fast_as_row_by_row(tmp_path, municipality, areas):
    """Excel gives numbers, not texts: 2023.0 as the year, 12 and 1.5 as values."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Gebiet", "Jahr", "Merkmal", "Wert", "Zweiter"])
    for code, year, number in [(11, 2023.0, 12), (12, 2023, 1.5), ("21", "2023", " 3,5 ")]:
        sheet.append([code, year, "Einwohner", number, None])
    path = tmp_path / "werte.xlsx"
    book.save(path)
    mapping = IndicatorMapping.from_json(LONG)
    table = read_lines(path)
    fast = RowByRow(table, municipality, mapping)
    read_all(fast, table, ProgressEvery(None, len(table.lines)))
    assert {(area, period): v for (_s, area, period), (v, _r) in fast.values.items()} == {
        (areas["11"].id, "2023"): 12.0,
        (areas["12"].id, "2023"): 1.5,
        (areas["21"].id, "2023"): 3.5,
    }
    assert fast.problems == []
