"""The measures plan as XLSX (a reports table) and PDF (Typst), with the rows of the plan page.

Both take the rows from ``plans.plan_rows`` (visible measures only, filtered like the
page) and name the plan, the date of the export and the filters in a header. The budget
line column exists only for readers who may read budget lines. User text never becomes
Typst markup: it goes in as string literals (``reports.typst.string``).
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from sozialplanung.analysis.budget import costs_by_year
from sozialplanung.reports.spreadsheet import Column, Table
from sozialplanung.reports.typst import FONT, compile_pdf, string

from .models import Plan
from .plan_costs import as_analysis_costs, cost_span
from .plans import FieldGroup, MeasureRow

EURO_FORMAT = '#,##0.00 "€"'


def _columns(show_budget: bool) -> list[tuple[str, int]]:
    """(header, width in characters) of the text columns, before the cost years."""
    columns = [
        (_("Field of action"), 26),
        (_("No."), 7),
        (_("Measure"), 44),
        (_("Responsible office"), 24),
        (_("Start"), 9),
        (_("Due"), 9),
        (_("Status"), 18),
        (_("Overdue"), 10),
        (_("Resolution items"), 26),
    ]
    if show_budget:
        columns.append((_("Budget line"), 28))
    return columns


def _years(groups: list[FieldGroup]) -> list[int]:
    years = {y for g in groups for r in g.rows for y in cost_span(r.costs)}
    return list(range(min(years), max(years) + 1)) if years else []


def _text_cells(row: MeasureRow, show_budget: bool) -> list[str]:
    m = row.measure
    cells = [
        m.field_of_action.name,
        m.number,
        m.title,
        m.responsible_office.name if m.responsible_office else "",
        m.start_label,
        m.due_label,
        str(m.get_status_display()),
        _("yes") if row.overdue else "",
        "; ".join(i.label for i in row.items),
    ]
    if show_budget:
        cells.append(str(row.budget_line) if row.budget_line else "")
    return cells


def _open_ended(groups: list[FieldGroup]) -> bool:
    return any(c.recurring and c.end_year is None for g in groups for r in g.rows for c in r.costs)


def plan_table(
    plan: Plan,
    *,
    groups: list[FieldGroup],
    filters: list[tuple[str, str]],
    show_budget: bool,
    today: dt.date,
) -> Table:
    years = _years(groups)
    columns = [Column(header, width, wrap=width >= 20) for header, width in _columns(show_budget)]
    columns += [
        Column(_("Costs %(year)s (€)") % {"year": y}, 15, number_format=EURO_FORMAT) for y in years
    ]
    rows = []
    for group in groups:
        for row in group.rows:
            amounts = costs_by_year(as_analysis_costs(row.costs), years) if row.costs else {}
            rows.append(
                _text_cells(row, show_budget) + [amounts.get(y) if amounts else None for y in years]
            )
    notes = []
    if _open_ended(groups):
        notes.append(_("Recurring costs without an end year continue after the last year shown."))
    return Table(
        _("Measures plan"),
        columns,
        rows,
        preamble=[(_("Municipality"), plan.municipality.name), (_("Exported on"), today), *filters],
        heading=_("Measures plan: %(title)s") % {"title": plan.title},
        notes=notes,
    )


# --- PDF ---------------------------------------------------------------------------------


def _cost_text(row: MeasureRow) -> str:
    lines = []
    for cost in row.cost_years:
        year = (_("from %(year)s") % {"year": cost.year}) if cost.onwards else str(cost.year)
        lines.append(f"{year}: {cost.amount_text}")
    return "\n".join(lines)


def _cell(text: str) -> str:
    return f"[#{string(text)}]"


def plan_typst_source(
    plan: Plan,
    *,
    groups: list[FieldGroup],
    filters: list[tuple[str, str]],
    show_budget: bool,
    today: dt.date,
) -> str:
    headers = [
        _("No."),
        _("Measure"),
        _("Responsible office"),
        _("Start"),
        _("Due"),
        _("Status"),
        _("Resolution items"),
        _("Costs per year"),
    ]
    widths = ["auto", "2.4fr", "1.3fr", "auto", "auto", "1fr", "1.3fr", "1.3fr"]
    if show_budget:
        headers.append(_("Budget line"))
        widths.append("1.3fr")
    title = _("Measures plan: %(title)s") % {"title": plan.title}
    filter_text = " · ".join(f"{label}: {value}" for label, value in filters)
    # Outside the f-string, so that makemessages finds it.
    exported = _("Exported on %(date)s") % {"date": today.strftime("%d.%m.%Y")}
    out = [
        f"#set document(title: {string(title)})\n",
        '#set page(paper: "a4", flipped: true, margin: (x: 12mm, top: 14mm, bottom: 16mm),\n'
        '  footer: context align(right, text(8pt, counter(page).display("1 / 1", both: true))))\n',
        f'#set text(font: {string(FONT)}, size: 9pt, lang: "de", region: "DE")\n',
        f'#text(15pt, weight: "bold", {string(title)})\n\n',
        f"#{string(plan.municipality.name)} · #{string(exported)}\n\n",
        f"#text(8.5pt, {string(filter_text)})\n\n",
        f"#table(columns: ({', '.join(widths)}), inset: 4pt, stroke: 0.4pt + luma(170),\n",
        "  table.header("
        + ", ".join(f'text(weight: "bold", {string(h)})' for h in headers)
        + "),\n",
    ]
    for group in groups:
        out.append(
            f"  table.cell(colspan: {len(headers)}, fill: luma(228), "
            f'text(weight: "bold", {string(group.field.name)})),\n'
        )
        for row in group.rows:
            m = row.measure
            status = str(m.get_status_display())
            status_cell = _cell(status)
            if row.overdue:
                status_cell = (
                    f"[#{string(status)} \\ "
                    f'#text(fill: rgb("#a4161a"), weight: "bold", {string(_("overdue"))})]'
                )
            cells = [
                _cell(m.number),
                _cell(m.title),
                _cell(m.responsible_office.name if m.responsible_office else "–"),
                _cell(m.start_label or "–"),
                _cell(m.due_label or "–"),
                status_cell,
                _cell("\n".join(i.label for i in row.items) or "–"),
                _cell(_cost_text(row) or "–"),
            ]
            if show_budget:
                cells.append(_cell(str(row.budget_line) if row.budget_line else "–"))
            out.append("  " + ", ".join(cells) + ",\n")
    out.append(")\n")
    if not groups:
        out.append(f"#{string(_('No measures match the filters.'))}\n")
    return "".join(out)


def plan_pdf_bytes(plan: Plan, **data: object) -> bytes:
    source = plan_typst_source(plan, **data)  # type: ignore[arg-type]
    return compile_pdf(source)
