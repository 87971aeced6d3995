"""The allocation as Excel workbook and as PDF for the council: chosen and not chosen
measures with the reasons. User text goes into Typst only as string literals."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from sozialplanung.core.formats.numbers import de_number, euro_whole
from sozialplanung.reports.spreadsheet import set_widths, style_header, workbook_bytes
from sozialplanung.reports.typst import FONT, compile_pdf, string

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
    style_header(sheet[sheet.max_row])
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
    set_widths(sheet, [9, 44, 10, *([14] * len(result.years)), 9, 90])
    sheet.freeze_panes = sheet.cell(row=first, column=1)
    if result.increment_text:
        sheet.append([])
        sheet.append([result.increment_text])
    return workbook_bytes(book)


def pdf(result: Result, municipality_name: str, today: dt.date) -> bytes:
    """A4 landscape: the question, the answer, the next step, both tables."""
    allocation = result.allocation
    assert allocation is not None
    title = _("What %(amount)s a year buys in %(budget)s") % {
        "amount": euro_whole(result.amount),
        "budget": result.budget.name,
    }
    summary = _("They cover %(value)s of %(possible)s points of weighted need.") % {
        "value": de_number(allocation.total_value, 1),
        "possible": de_number(allocation.possible_value, 1),
    }
    headers = [_("Measure"), _("Priority"), *[str(y) for y in result.years], _("Points"), _("Why")]
    widths = ["1.6fr", "auto", *(["auto"] * len(result.years)), "auto", "3.4fr"]
    # Outside the f-string, so that makemessages finds it.
    exported = _("Exported on %(date)s") % {"date": today.strftime("%d.%m.%Y")}
    out = [
        f"#set document(title: {string(title)})\n",
        '#set page(paper: "a4", flipped: true, margin: (x: 12mm, top: 14mm, bottom: 16mm),\n'
        '  footer: context align(right, text(8pt, counter(page).display("1 / 1", both: true))))\n',
        f'#set text(font: {string(FONT)}, size: 9pt, lang: "de", region: "DE")\n',
        f'#text(15pt, weight: "bold", {string(title)})\n\n',
        f"#{string(municipality_name)} · #{string(exported)}\n\n",
        f"#{string(summary)}\n\n",
        f"#{string(result.increment_text)}\n\n",
    ]
    for heading, rows in ((_("Chosen"), result.chosen), (_("Not chosen"), result.unchosen)):
        out.append(f'#text(12pt, weight: "bold", {string(heading)})\n\n')
        out.append(
            f"#table(columns: ({', '.join(widths)}), inset: 4pt, stroke: 0.4pt + luma(170),\n"
        )
        out.append(
            "  table.header("
            + ", ".join(f'text(weight: "bold", {string(h)})' for h in headers)
            + "),\n"
        )
        for row in rows:
            cells = [
                row.measure.title,
                str(row.priority),
                *[euro_whole(c) for c in row.cost],
                de_number(row.decision.points, 1),
                row.explanation,
            ]
            out.append("  " + ", ".join(f"[#{string(c)}]" for c in cells) + ",\n")
        out.append(")\n\n")
    return compile_pdf("".join(out))
