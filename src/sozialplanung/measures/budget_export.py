"""The budget and grant pages as tables for Excel workbooks: one sheet each, real numbers.

Amounts are written as numbers with a euro format, so that Excel shows them with the
reader's separators (1.234,50 € in a German Excel) and can still sum them. Indexing
figures are floats from ``analysis.indexing`` and rounded to the cent here, the only
place they are written down.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.utils.translation import gettext as _

from sozialplanung.reports.spreadsheet import Column, Table

from .budget import BudgetOverview
from .grants import GrantTable, Indexing

MONEY = '#,##0.00 "€"'
PERCENT = "0.0 %"


def _sheet(
    tables: list[Table],
    title: str,
    headers: Sequence[tuple[str, int, str]],
    rows: Iterable[Sequence[Any]],
    preamble: Sequence[tuple[str, Any]] = (),
) -> None:
    """A sheet with optional key/value rows under headers (name, width, number format)."""
    columns = [Column(name, width, number_format or None) for name, width, number_format in headers]
    tables.append(Table(title, columns, [list(row) for row in rows], list(preamble)))


def _cent(value: float) -> float:
    return round(value, 2)


def budget_tables(overview: BudgetOverview) -> list[Table]:
    sheets: list[Table] = []
    money = MONEY
    _sheet(
        sheets,
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
        preamble=[
            (_("Budget"), overview.budget.name),
            (_("Years"), f"{overview.budget.first_year}–{overview.budget.last_year}"),
        ],
    )
    _sheet(
        sheets,
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
        sheets,
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
        sheets,
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
    return sheets


def grants_tables(table: GrantTable, result: Indexing | None) -> list[Table]:
    sheets: list[Table] = []
    money = MONEY
    _sheet(
        sheets,
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
    )
    if result is None:
        return sheets
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

    _sheet(sheets, _("Indexing"), indexed_headers, rows("rows"), preamble=preamble)
    _sheet(
        sheets,
        _("Totals per year"),
        [
            (_("Year"), 8, ""),
            (_("Granted"), 16, money),
            (_("Needed"), 16, money),
            (_("Gap"), 16, money),
        ],
        ([t.year, _cent(t.granted), _cent(t.needed), _cent(t.gap)] for t in result.totals),
    )
    _sheet(sheets, _("Projection"), indexed_headers, rows("projection"), preamble=preamble)
    return sheets
