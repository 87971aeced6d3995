"""The overdue list as an Excel workbook: German headers, real dates as DD.MM.YYYY."""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from .overdue import DueItem, age_band

DATE_FORMAT = "DD.MM.YYYY"
# (header, column width in characters)
COLUMNS = [
    ("Vorlage", 12),
    ("Betreff", 40),
    ("Sitzungsnummer", 16),
    ("Beschlussdatum", 14),
    ("Gremium", 24),
    ("Beschlusspunkt", 14),
    ("Text des Beschlusspunkts", 60),
    ("Zuständiges Amt", 28),
    ("Letzter Stand", 26),
    ("Bericht vom", 12),
    ("Fällig seit", 12),
    ("Tage überfällig", 14),
    ("Alter", 16),
]
DATE_COLUMNS = {"Beschlussdatum", "Bericht vom", "Fällig seit"}


def overdue_workbook(rows: list[DueItem], today: dt.date) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Überfällig"
    sheet.append([header for header, _ in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for due in rows:
        resolution = due.item.resolution
        sheet.append(
            [
                resolution.paper.reference,
                resolution.paper.name,
                resolution.meeting.session_number if resolution.meeting else "",
                resolution.date,
                resolution.body.name if resolution.body else "",
                due.item.number,
                due.item.text,
                due.item.responsible_office.name if due.item.responsible_office else "",
                due.status_label,
                due.report.date if due.report else None,
                due.due_date,
                due.days_overdue(today),
                str(age_band(due.due_date, today).label),
            ]
        )
    for index, (header, width) in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = width
        for cell in sheet[letter][1:]:
            if header in DATE_COLUMNS:
                cell.number_format = DATE_FORMAT
            cell.alignment = Alignment(vertical="top", wrap_text=width >= 40)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
