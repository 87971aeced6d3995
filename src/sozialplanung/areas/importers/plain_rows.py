"""The rows of an indicator file, read fast where they are plain and row by row where not.

A long file of 100,000 rows repeats a few hundred area cells, a few periods and a few
indicator labels; what differs per row is the number. ``_RowReader.read`` builds a
``Row`` (a dictionary of cells) per row and asks it for every cell through several
calls: about half of an import's time. Here a row whose cells are all as expected is
read straight from its list of cells, with the answers ``_RowReader`` already cached
for its area and period cells. Any other row (the first of each area or period, a
label the mapping does not take, an area cell to skip, an empty or unusual number, a value
that is already there, anything that is a problem) goes to ``_RowReader.read``, which
decides and reports as it always has. The fast way stores exactly what ``read`` would
store, or hands the row over.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sozialplanung.core.imports import Lines, ProgressEvery
from sozialplanung.core.imports.tabular import cell_text, plain

if TYPE_CHECKING:
    from .indicator_files import _RowReader


class _NotPlain(Exception):
    """This row goes to ``_RowReader.read``."""


def read_all(reader: _RowReader, table: Lines, tick: ProgressEvery) -> None:
    """Read every row of ``table`` into ``reader`` (its values, skips and problems)."""
    if reader.lookup.single is None:
        # Columns filtered by different sets of cells (rare): every row the careful way.
        for done, (number, cells) in enumerate(table.lines, start=1):
            reader.read(table.row(number, cells))
            tick(done)
        return
    keys, by_cells = reader.lookup.single
    mapping = reader.mapping
    # A repeated column name: the row's dictionary keeps the last one, and so do we.
    at = {name: i for i, name in enumerate(table.header)}
    key_at = [at[k] for k in keys]
    area_at = at[mapping.area_column]
    year_at = at[mapping.period_column] if mapping.period_column else None
    quarter_at = at[mapping.quarter_column] if mapping.quarter_column else None
    # Per combination of filter cells: (indicator slug, position of its value cell), in
    # the order ``_ColumnLookup.matching`` gives.
    targets = {
        wanted: [(column.indicator, at[column.column]) for _p, column in entries if column.column]
        for wanted, entries in by_cells.items()
    }
    values = reader.values
    area_of_cell, period_of_cells = reader.area_of_cell, reader.period_of_cells
    text, number_of = cell_text, _number
    for done, (number, cells) in enumerate(table.lines, start=1):
        tick(done)
        try:
            columns = targets[tuple([text(cells[i]) for i in key_at])]
            # A cell to skip is never in ``area_of_cell`` (``read`` skips it before
            # resolving), so it goes to ``read`` like a cell not seen yet.
            area_id, problem = area_of_cell[text(cells[area_at])]
            year = text(cells[year_at]) if year_at is not None else ""
            quarter = text(cells[quarter_at]) if quarter_at is not None else None
            period, period_problem = period_of_cells[(year, quarter)]
            if problem is not None or period_problem is not None:
                raise _NotPlain
            found = []
            for slug, i in columns:
                key = (slug, area_id, period)
                if key in values:
                    raise _NotPlain
                found.append((key, number_of(cells[i])))
            # Two columns of one row for the same value: ``read`` reports the second.
            if len(found) > 1 and len({key for key, _n in found}) < len(found):
                raise _NotPlain
        except (KeyError, _NotPlain):
            reader.read(table.row(number, cells))
            continue
        for key, value in found:
            values[key] = (value, number)


def _number(cell: object) -> float:
    """The cell's number where ``parse_number`` reads it without a question; else
    ``_NotPlain`` (an empty cell, "1.234,5", "12 %", text: ``read`` decides)."""
    if type(cell) is str:
        text = cell.strip()
        if plain(text):
            return float(text.replace(",", "."))
    elif (type(cell) is float and cell == cell) or type(cell) is int:
        return float(cell)
    raise _NotPlain
