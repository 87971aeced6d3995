"""The allocation as an Excel workbook: chosen and not chosen measures with the reasons."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from .allocation import Result

EURO = '#,##0 "€"'


def workbook(result: Result) -> bytes:
    allocation = result.allocation
    assert allocation is not None
    book = Workbook()
    sheet = book.active
    sheet.title = "Mittelverteilung"
    sheet.append([f"Mittelverteilung {result.budget.name}"])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append(["Verfügbar je Jahr", result.amount])
    sheet["B2"].number_format = EURO
    sheet.append(["Gedeckter Bedarf (Punkte)", round(allocation.total_value, 1)])
    sheet.append(["Möglich (alle Lücken geschlossen)", round(allocation.possible_value, 1)])
    sheet.append([])
    header = ["Gewählt", "Maßnahme", "Priorität", *[f"Kosten {y}" for y in result.years]]
    header += ["Punkte", "Begründung"]
    sheet.append(header)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    first = sheet.max_row + 1
    for row in result.rows:
        sheet.append(
            [
                "ja" if row.decision.chosen else "nein",
                row.measure.title,
                row.priority,
                *row.cost,
                round(row.decision.points, 1),
                row.explanation,
            ]
        )
    for line in sheet.iter_rows(min_row=first):
        for cell in line[3 : 3 + len(result.years)]:
            cell.number_format = EURO
        line[-1].alignment = Alignment(wrap_text=True, vertical="top")
    widths = [9, 44, 10, *([14] * len(result.years)), 9, 90]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = sheet.cell(row=first, column=1)
    if result.increment_text:
        sheet.append([])
        sheet.append([result.increment_text])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
