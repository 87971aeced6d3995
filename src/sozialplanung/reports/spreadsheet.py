"""Tables as XLSX and CSV, and the hygiene every spreadsheet of the product gets once.

Names in our data come from providers, imports and council papers. A cell that begins
with ``=``, ``+``, ``-``, ``@``, tab or CR would run as a formula in the planning unit's
Excel (CSV injection), so every string cell that begins so is prefixed with ``'`` as
OWASP recommends; numbers and dates stay what they are. ``workbook_bytes`` applies the
same rule to every cell of a workbook built by hand, so no XLSX leaves with a formula.

CSV is written for a German Excel: semicolons, UTF-8 with BOM, decimal comma.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from sozialplanung.core.suppression import SYMBOL, Suppressed

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
DATE_FORMAT = "DD.MM.YYYY"
BOLD = Font(bold=True)
HEADING = Font(bold=True, size=14)
#: Sheet titles may have at most 31 characters (Excel's limit).
SHEET_TITLE_LENGTH = 31


def escape(value: Any) -> Any:
    """A string that would start a formula gets a leading ``'``; anything else is kept."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def plain(value: Any) -> Any:
    """What a cell holds: withheld values as their marker, strings escaped."""
    if isinstance(value, Suppressed):
        return SYMBOL
    if isinstance(value, Decimal):
        # A float cell is a plain number in every spreadsheet program.
        return float(value)
    return escape(value)


def style_header(cells: Iterable[Cell]) -> None:
    for cell in cells:
        cell.font = BOLD


def set_widths(sheet: Worksheet, widths: Sequence[float | None]) -> None:
    """Column widths in characters, from column A on; ``None`` leaves a column alone."""
    for index, width in enumerate(widths, start=1):
        if width is not None:
            sheet.column_dimensions[get_column_letter(index)].width = width


def append(sheet: Worksheet, row: Iterable[Any]) -> None:
    sheet.append([plain(v) for v in row])


def workbook_bytes(book: Workbook) -> bytes:
    """The workbook as XLSX, after escaping every string cell (see the module doc)."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.value = escape(cell.value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@dataclass(frozen=True)
class Column:
    header: str
    width: float | None = None
    #: Excel number format of the cells (dates get ``DATE_FORMAT`` without asking).
    number_format: str | None = None
    #: Decimals of a number in CSV; ``None`` writes it as it is.
    decimals: int | None = None
    wrap: bool = False


@dataclass
class Table:
    """Rows under headers. Above them optionally a heading and key/value lines that say
    what was chosen; below them notes that explain the figures."""

    title: str
    columns: list[Column]
    rows: list[list[Any]]
    preamble: list[tuple[str, Any]] = field(default_factory=list)
    heading: str = ""
    notes: list[str] = field(default_factory=list)


def write_xlsx(*tables: Table) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for table in tables:
        # Excel forbids some characters in sheet names and cuts them at 31.
        title = "".join(c for c in table.title if c not in "[]:*?/\\")
        sheet = book.create_sheet(title[:SHEET_TITLE_LENGTH])
        _write_table(sheet, table)
    return workbook_bytes(book)


def _write_table(sheet: Worksheet, table: Table) -> None:
    if table.heading:
        append(sheet, [table.heading])
        sheet.cell(1, 1).font = HEADING
    for key, value in table.preamble:
        append(sheet, [key, value])
        style_header([sheet.cell(sheet.max_row, 1)])
        if isinstance(value, dt.date):
            sheet.cell(sheet.max_row, 2).number_format = DATE_FORMAT
    if table.heading or table.preamble:
        sheet.append([])
    append(sheet, [c.header for c in table.columns])
    header_row = sheet.max_row
    style_header(sheet[header_row])
    for row in table.rows:
        append(sheet, row)
    last_row = sheet.max_row
    set_widths(sheet, [c.width for c in table.columns])
    for index, column in enumerate(table.columns, start=1):
        for (cell,) in sheet.iter_rows(
            min_row=header_row + 1, max_row=last_row, min_col=index, max_col=index
        ):
            if column.number_format:
                cell.number_format = column.number_format
            elif isinstance(cell.value, dt.date):
                cell.number_format = DATE_FORMAT
            if column.wrap:
                cell.alignment = Alignment(vertical="top", wrap_text=True)
    sheet.freeze_panes = f"A{header_row + 1}"
    last_column = get_column_letter(max(len(table.columns), 1))
    sheet.auto_filter.ref = f"A{header_row}:{last_column}{last_row}"
    for note in table.notes:
        sheet.append([])
        append(sheet, [note])


def csv_cell(value: Any, column: Column) -> str:
    if value is None:
        return ""
    if isinstance(value, Suppressed):
        return SYMBOL
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float | Decimal):
        text = str(value) if column.decimals is None else f"{value:.{column.decimals}f}"
        return text.replace(".", ",")
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    return str(escape(str(value)))


def write_csv(table: Table) -> bytes:
    out = io.StringIO()
    out.write("\ufeff")  # the BOM makes Excel read UTF-8
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    text_column = Column("")
    if table.heading:
        writer.writerow([csv_cell(table.heading, text_column)])
    for key, value in table.preamble:
        writer.writerow([csv_cell(key, text_column), csv_cell(value, text_column)])
    if table.heading or table.preamble:
        writer.writerow([])
    writer.writerow([csv_cell(c.header, text_column) for c in table.columns])
    for row in table.rows:
        writer.writerow([csv_cell(v, c) for v, c in zip(row, table.columns, strict=True)])
    for note in table.notes:
        writer.writerow([])
        writer.writerow([csv_cell(note, text_column)])
    return out.getvalue().encode("utf-8")
