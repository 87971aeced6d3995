"""The budget and grant pages as Excel workbooks: one sheet per table, real numbers.

Amounts are written as numbers with a euro format, so that Excel shows them with the
reader's separators (1.234,50 € in a German Excel) and can still sum them. Indexing
figures are floats from ``analysis.indexing`` and rounded to the cent here, the only
place they are written down.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from .budget import BudgetOverview
from .grants import GrantTable, Indexing

MONEY = '#,##0.00 "€"'
PERCENT = "0.0 %"


def _sheet(
    book: Workbook,
    title: str,
    headers: Sequence[tuple[str, int, str]],
    rows: Iterable[Sequence[Any]],
    first: bool = False,
    preamble: Sequence[tuple[str, Any]] = (),
) -> Worksheet:
    """A sheet with optional key/value rows, bold headers (name, width, number format)."""
    sheet = book.active if first else book.create_sheet()
    # Excel forbids some characters in sheet names and cuts them at 31.
    sheet.title = "".join(c for c in title if c not in "[]:*?/\\")[:31]
    for key, value in preamble:
        sheet.append([key, value])
        sheet.cell(sheet.max_row, 1).font = Font(bold=True)
    if preamble:
        sheet.append([])
    sheet.append([name for name, _width, _fmt in headers])
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([float(v) if isinstance(v, Decimal) else v for v in row])
    for index, (_name, width, number_format) in enumerate(headers, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = width
        if number_format:
            for cell in sheet[letter][header_row:]:
                cell.number_format = number_format
    sheet.freeze_panes = sheet.cell(header_row + 1, 1)
    return sheet


def _cent(value: float) -> float:
    return round(value, 2)


def budget_workbook(overview: BudgetOverview) -> bytes:
    book = Workbook()
    money = MONEY
    _sheet(
        book,
        _("By priority"),
        [
            (_("Priority"), 9, ""),
            (_("Name"), 34, ""),
            (_("Year"), 8, ""),
            (_("Planned"), 16, money),
            (_("Measures"), 16, money),
            (_("Grants"), 16, money),
            (_("Assigned"), 16, money),
            (_("Remaining"), 16, money),
            (_("Over-committed"), 14, ""),
        ],
        (
            [
                b.priority.number,
                b.priority.name,
                t.year,
                t.planned,
                t.measures,
                t.grants,
                t.assigned,
                t.remaining,
                _("yes") if t.over_committed else "",
            ]
            for b in overview.priorities
            for t in b.totals
        ),
        first=True,
        preamble=[
            (_("Budget"), overview.budget.name),
            (_("Years"), f"{overview.budget.first_year}–{overview.budget.last_year}"),
        ],
    )
    _sheet(
        book,
        _("Lines"),
        [
            (_("Priority"), 9, ""),
            (_("Line code"), 12, ""),
            (_("Line"), 40, ""),
            (_("Year"), 8, ""),
            (_("Planned"), 16, money),
            (_("Measures, investive"), 18, money),
            (_("Measures, consumptive"), 18, money),
            (_("Grants"), 16, money),
            (_("Assigned"), 16, money),
            (_("Remaining"), 16, money),
        ],
        (
            [
                line.line.priority.number,
                line.line.code,
                line.line.title,
                t.year,
                t.planned,
                line.investive[t.year],
                line.consumptive[t.year],
                t.grants,
                t.assigned,
                t.remaining,
            ]
            for line in overview.lines
            for t in line.totals
        ),
    )
    _sheet(
        book,
        _("Measures"),
        [
            (_("Line code"), 12, ""),
            (_("Line"), 34, ""),
            (_("Number"), 10, ""),
            (_("Measure"), 40, ""),
            (_("Status"), 16, ""),
            (_("Year"), 8, ""),
            (_("Investive"), 16, money),
            (_("Consumptive"), 16, money),
            (_("Total"), 16, money),
        ],
        (
            [
                line.line.code,
                line.line.title,
                row.measure.number,
                row.measure.title,
                str(row.measure.get_status_display()),
                year,
                row.investive[year],
                row.consumptive[year],
                row.total[year],
            ]
            for line in overview.lines
            for row in line.measures
            for year in overview.years
        ),
    )
    _sheet(
        book,
        _("Grants"),
        [
            (_("Line code"), 12, ""),
            (_("Line"), 34, ""),
            (_("Funding guideline"), 24, ""),
            (_("Provider"), 28, ""),
            (_("Offer"), 28, ""),
            (_("Year"), 8, ""),
            (_("Applied for"), 16, money),
            (_("Granted"), 16, money),
            (_("Paid"), 16, money),
        ],
        (
            [
                line.line.code,
                line.line.title,
                str(g.guideline),
                g.provider.name,
                g.offer.name if g.offer else "",
                g.year,
                g.applied,
                g.granted,
                g.paid,
            ]
            for line in overview.lines
            for g in line.grants
        ),
    )
    return _save(book)


def grants_workbook(table: GrantTable, result: Indexing | None) -> bytes:
    book = Workbook()
    money = MONEY
    _sheet(
        book,
        _("Grants"),
        [
            (_("Funding guideline"), 24, ""),
            (_("Provider"), 28, ""),
            (_("Offer"), 28, ""),
            (_("Year"), 8, ""),
            (_("Applied for"), 16, money),
            (_("Granted"), 16, money),
            (_("Paid"), 16, money),
            (_("Personnel share"), 12, PERCENT),
            (_("Budget line"), 30, ""),
        ],
        (
            [
                str(s.guideline),
                s.provider.name,
                s.offer.name if s.offer else "",
                year,
                g.applied,
                g.granted,
                g.paid,
                g.personnel_share,
                line,
            ]
            for s in table.series
            for year, g, line in s.rows
        ),
        first=True,
    )
    if result is None:
        return _save(book)
    chosen = result.chosen
    preamble = [
        (_("Scenario"), chosen.name),
        (_("Personnel costs per year (%)"), chosen.personnel_percent),
        (_("Material costs per year (%)"), chosen.material_percent),
        (_("Base year"), chosen.base_year or _("first year with a grant")),
    ]
    indexed_headers = [
        (_("Funding guideline"), 24, ""),
        (_("Provider"), 28, ""),
        (_("Offer"), 28, ""),
        (_("Year"), 8, ""),
        (_("Granted"), 16, money),
        (_("Needed"), 16, money),
        (_("Gap"), 16, money),
        (_("Cumulative gap"), 16, money),
    ]

    def rows(attribute: str) -> Iterable[list[Any]]:
        for s in result.indexed:
            for r in getattr(s, attribute):
                yield [
                    str(s.series.guideline),
                    s.series.provider.name,
                    s.series.offer.name if s.series.offer else "",
                    r.year,
                    _cent(r.granted),
                    _cent(r.needed),
                    _cent(r.gap),
                    _cent(r.cumulative_gap),
                ]

    _sheet(book, _("Indexing"), indexed_headers, rows("rows"), preamble=preamble)
    _sheet(
        book,
        _("Totals per year"),
        [
            (_("Year"), 8, ""),
            (_("Granted"), 16, money),
            (_("Needed"), 16, money),
            (_("Gap"), 16, money),
        ],
        ([t.year, _cent(t.granted), _cent(t.needed), _cent(t.gap)] for t in result.totals),
    )
    _sheet(book, _("Projection"), indexed_headers, rows("projection"), preamble=preamble)
    return _save(book)


def _save(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
