"""The allocation as Excel workbook and as PDF for the council: chosen and not chosen
measures with the reasons. User text goes into Typst only as string literals."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from sozialplanung.core.formats.numbers import de_number, euro_whole
from sozialplanung.reports.spreadsheet import Column, Table
from sozialplanung.reports.typst import FONT, compile_pdf, string

from .allocation import Result

EURO = '#,##0 "€"'


def table(result: Result) -> Table:
    allocation = result.allocation
    assert allocation is not None
    columns = [
        Column("Gewählt", 9),
        Column("Maßnahme", 44),
        Column("Priorität", 10),
        *[Column(f"Kosten {y}", 14, number_format=EURO) for y in result.years],
        Column("Punkte", 9),
        Column("Begründung", 90, wrap=True),
    ]
    rows = [
        [
            "ja" if row.decision.chosen else "nein",
            row.measure.title,
            row.priority,
            *row.cost,
            round(row.decision.points, 1),
            row.explanation,
        ]
        for row in result.rows
    ]
    return Table(
        "Mittelverteilung",
        columns,
        rows,
        preamble=[
            ("Verfügbar je Jahr", euro_whole(result.amount)),
            ("Gedeckter Bedarf (Punkte)", round(allocation.total_value, 1)),
            ("Möglich (alle Lücken geschlossen)", round(allocation.possible_value, 1)),
        ],
        heading=f"Mittelverteilung {result.budget.name}",
        notes=[result.increment_text] if result.increment_text else [],
    )


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
