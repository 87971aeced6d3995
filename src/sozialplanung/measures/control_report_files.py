"""The periodic resolution-control report as files: XLSX for the offices (one sheet per
part, one row per item), PDF (Typst) and DOCX for the council (per part, per office, a
table of the items). All three read the same ``ControlReport`` and the same cell texts.
"""

from __future__ import annotations

import io
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.shared import Mm, Pt, RGBColor

from sozialplanung.analysis.control_light import Light
from sozialplanung.core.formats.numbers import de_number
from sozialplanung.reports.spreadsheet import Column, Table, write_xlsx
from sozialplanung.reports.typst import FONT, compile_pdf, string

from .control_report import ControlReport, ReportPart, ReportRow

DAY = "%d.%m.%Y"
#: Colours of the lights in PDF and DOCX; the word is always printed beside them.
COLOURS = {
    Light.OVERDUE: "a4161a",
    Light.DUE_SOON: "b35c00",
    Light.ON_TIME: "2b7a3d",
    Light.DONE: "4a5560",
}


def title(report: ControlReport) -> str:
    return _("Resolution-control report %(period)s") % {"period": report.period_label}


def subtitle(report: ControlReport) -> str:
    return _("%(municipality)s · period %(start)s–%(end)s · as of %(as_of)s") % {
        "municipality": report.municipality.name,
        "start": report.period.start.strftime(DAY),
        "end": report.period.end.strftime(DAY),
        "as_of": report.as_of.strftime(DAY),
    }


def legend(report: ControlReport) -> str:
    return _(
        "Traffic light as of %(as_of)s: overdue = the control date has passed; due soon = "
        "due within %(days)s days; on time = due later; done = finished within the period. "
        "Status: the latest published status report. Plan against actual: planned end (due "
        "quarter) of the linked measures against the day they were reported done, planned "
        "costs up to %(year)s against grants paid for the offers they create or secure."
    ) % {
        "as_of": report.as_of.strftime(DAY),
        "days": report.soon_days,
        "year": report.period.end.year,
    }


def status_text(row: ReportRow) -> str:
    if row.report is None:
        return row.status_label
    return f"{row.status_label} ({row.report.date.strftime(DAY)})"


# --- XLSX --------------------------------------------------------------------------------


def _columns() -> list[Column]:
    return [
        Column(_("Office"), 24),
        Column(_("Paper"), 12),
        Column(_("Subject"), 36, wrap=True),
        Column(_("Resolution of"), 12),
        Column(_("Item"), 8),
        Column(_("Text of the item"), 50, wrap=True),
        Column(_("Traffic light"), 12),
        Column(_("Control date"), 12),
        Column(_("Days overdue"), 10),
        Column(pgettext("resolution-control report", "Latest status"), 22),
        Column(_("Report of"), 12),
        Column(_("Narrative"), 50, wrap=True),
        Column(_("Reason for delay"), 36, wrap=True),
        Column(_("Measures: plan against actual"), 60, wrap=True),
        Column(_("Costs planned (€)"), 14, number_format="#,##0.00"),
        Column(_("Paid (€)"), 14, number_format="#,##0.00"),
    ]


def _sum(values: list[object]) -> object:
    present = [v for v in values if v is not None]
    return sum(present) if present else None  # type: ignore[arg-type]


def _xlsx_row(office: str, row: ReportRow) -> list[object]:
    item, resolution = row.item, row.item.resolution
    return [
        office,
        resolution.paper.reference,
        resolution.paper.name,
        resolution.date,
        item.number,
        item.text,
        row.light_label,
        row.due,
        row.days_overdue,
        row.status_label,
        row.report.date if row.report else None,
        row.report.narrative if row.report else "",
        row.delay_reason,
        "\n".join(m.text for m in row.measures),
        _sum([m.planned_cost for m in row.measures]),
        _sum([m.paid for m in row.measures]),
    ]


def xlsx_bytes(report: ControlReport) -> bytes:
    tables = [
        Table(
            part.title,
            _columns(),
            [_xlsx_row(g.name, row) for g in part.groups for row in g.rows],
            preamble=[(_("Period"), report.period_label), (_("As of"), report.as_of)]
            + [(label, count) for label, count in part.counts],
            heading=f"{title(report)} – {part.title}",
            notes=[legend(report)],
        )
        for part in report.parts
    ]
    return write_xlsx(*tables)


# --- PDF and DOCX share the cells of the council's table ---------------------------------


def _headers() -> list[str]:
    return [
        _("Item"),
        _("Traffic light"),
        _("Control date"),
        pgettext("resolution-control report", "Latest status"),
        _("Reason for delay"),
        _("Measures: plan against actual"),
    ]


def _cells(row: ReportRow) -> list[str]:
    reference = row.item.resolution.paper.reference
    return [
        f"{reference}, {_('item')} {row.item.number}\n{row.item.resolution.paper.name}",
        row.light_label,
        row.due.strftime(DAY)
        + (
            "\n" + _("%(days)s days overdue") % {"days": de_number(row.days_overdue)}
            if row.days_overdue
            else ""
        ),
        status_text(row),
        row.delay_reason or "–",
        "\n".join(m.text for m in row.measures) or "–",
    ]


def _summary(part: ReportPart) -> str:
    return " · ".join(f"{label}: {count}" for label, count in part.counts)


def _empty() -> str:
    return _("No resolution item to report in this period.")


def typst_source(report: ControlReport) -> str:
    heading = title(report)
    out = [
        f"#set document(title: {string(heading)})\n",
        '#set page(paper: "a4", flipped: true, margin: (x: 14mm, top: 14mm, bottom: 16mm),\n'
        '  footer: context align(right, text(8pt, counter(page).display("1 / 1", both: true))))\n',
        f'#set text(font: {string(FONT)}, size: 9pt, lang: "de", region: "DE")\n',
        f'#text(16pt, weight: "bold", {string(heading)})\n\n',
        f"#{string(subtitle(report))}\n\n",
        f"#text(8.5pt, {string(legend(report))})\n\n",
    ]
    widths = "(1.6fr, auto, auto, 1fr, 1.3fr, 2fr)"
    for index, part in enumerate(report.parts):
        if index:
            out.append("#pagebreak()\n")
        out.append(f"#heading(level: 1, {string(part.title)})\n")
        out.append(f"#{string(_summary(part))}\n\n")
        if not part.groups:
            out.append(f"#{string(_empty())}\n\n")
        for group in part.groups:
            out.append(f"#heading(level: 2, {string(group.name)})\n")
            out.append(f"#table(columns: {widths}, inset: 4pt, stroke: 0.4pt + luma(170),\n")
            out.append(
                "  table.header("
                + ", ".join(f'text(weight: "bold", {string(h)})' for h in _headers())
                + "),\n"
            )
            for row in group.rows:
                cells = [f"[#{string(c)}]" for c in _cells(row)]
                colour = COLOURS[row.light]
                cells[1] = (
                    f'[#box(circle(radius: 3.5pt, fill: rgb("#{colour}"))) '
                    f'#text(fill: rgb("#{colour}"), weight: "bold", {string(row.light_label)})]'
                )
                out.append("  " + ", ".join(cells) + ",\n")
            out.append(")\n")
    return "".join(out)


def pdf_bytes(report: ControlReport) -> bytes:
    return compile_pdf(typst_source(report))


def docx_bytes(report: ControlReport) -> bytes:
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(14))
    document.styles["Normal"].font.name = "Arial"
    document.styles["Normal"].font.size = Pt(9)
    document.core_properties.title = title(report)
    document.add_heading(title(report), level=0)
    document.add_paragraph(subtitle(report))
    document.add_paragraph(legend(report))

    def light_cell(cell: Any, row: ReportRow) -> None:
        run = cell.paragraphs[0].add_run(row.light_label)
        run.bold = True
        run.font.color.rgb = RGBColor.from_string(COLOURS[row.light].upper())

    for part in report.parts:
        document.add_heading(part.title, level=1)
        document.add_paragraph(_summary(part))
        if not part.groups:
            document.add_paragraph(_empty())
        for group in part.groups:
            document.add_heading(group.name, level=2)
            table = document.add_table(rows=1, cols=len(_headers()))
            table.style = "Table Grid"
            for cell, header in zip(table.rows[0].cells, _headers(), strict=True):
                cell.paragraphs[0].add_run(header).bold = True
            for row in group.rows:
                cells = table.add_row().cells
                for index, (cell, text) in enumerate(zip(cells, _cells(row), strict=True)):
                    if index == 1:
                        light_cell(cell, row)
                    else:
                        cell.text = text
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
