"""The Sozialraumbericht as files: DOCX (the office edits it further) and PDF (Typst).

Both are written from one list of blocks (headings, paragraphs, tables, pictures) that
``blocks`` builds in the order of A0200/21: needs found, providers' reported needs,
evidence, what existing structures can absorb and what not, measures; the summary
across all Sozialräume first.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from docx import Document
from docx.shared import Mm, Pt

from sozialplanung.analysis.sozialraum_summary import DomainSummary
from sozialplanung.core.formats.numbers import de_number
from sozialplanung.reports.typst import FONT, compile_pdf, string

from .sozialraumbericht import (
    WITHHELD,
    CategorySection,
    DomainSection,
    Sozialraumbericht,
    SozialraumSection,
    subtitle,
    title,
)
from .sozialraumbericht_graphics import Figure, boundaries, domain_map, shortfall_chart


@dataclass
class Heading:
    level: int
    text: str


@dataclass
class Para:
    text: str
    small: bool = False


@dataclass
class Grid:
    headers: list[str]
    rows: list[list[str]]
    widths: list[float] = field(default_factory=list)  # relative, one per column


@dataclass
class Picture:
    figure: Figure
    width_mm: float


Block = Heading | Para | Grid | Picture


def summary_cell(summary: DomainSummary) -> str:
    """Highest gap score; categories below the reference value; of them, those existing
    offers cannot absorb completely; the withheld ones."""
    if not summary.categories:
        return "–"
    lines = [
        _("gap score up to %(score)s") % {"score": de_number(summary.worst_score, 0)}
        if summary.worst_score is not None
        else _("no gap score"),
        _("%(short)s of %(n)s below reference value")
        % {"short": summary.short, "n": summary.categories - summary.withheld},
    ]
    if summary.short:
        lines.append(
            _("%(n)s not absorbable") % {"n": summary.unabsorbed}
            if summary.assessed == summary.short
            else _("absorption not computed or withheld")
        )
    if summary.withheld:
        lines.append(_("%(n)s withheld") % {"n": summary.withheld})
    return "\n".join(lines)


def summary_table(report: Sozialraumbericht) -> Grid:
    headers = [report.level.name, *[d.name for d in report.domains], _("All domains")]
    rows = [
        [
            section.area.name,
            *[summary_cell(part.summary) for part in section.domains],
            summary_cell(section.summary),
        ]
        for section in report.sections
    ]
    rows.append(
        [
            _("Total"),
            *[summary_cell(report.domain_totals[d.id]) for d in report.domains],
            summary_cell(report.total),
        ]
    )
    return Grid(headers, rows, [1.2] + [1.0] * (len(report.domains) + 1))


def _category_row(c: CategorySection) -> list[str]:
    absorbed = c.absorption
    return [
        str(c.category),
        c.per_1000,
        c.reference,
        c.score,
        WITHHELD if c.withheld else str(c.row.gap.rank or "–"),
        c.amount(c.figures.shortfall),
        c.amount(absorbed.absorbable) if absorbed is not None else "–",
        c.amount(absorbed.remaining_whole) if absorbed is not None else "–",
    ]


def _absorption_text(c: CategorySection) -> str:
    if c.withheld:
        return _("%(category)s: withheld.") % {"category": c.category}
    if c.absorption is not None and c.absorption.text:
        return f"{c.category}: {c.absorption.text}"
    if (c.figures.shortfall or 0) <= 0:
        return _("%(category)s: the reference value is reached; nothing to absorb.") % {
            "category": c.category
        }
    return _(
        "%(category)s: %(short)s %(unit)s short of the reference value; what existing "
        "offers can absorb is not computed."
    ) % {
        "category": c.category,
        "short": de_number(c.figures.shortfall, 0),
        "unit": c.category.unit_label,
    }


def evidence_line(report: Sozialraumbericht, part: DomainSection) -> Para:
    """The domain's evidence by its number in the evidence list at the end."""
    number = {e.id: n for n, e in enumerate(report.evidence, start=1)}
    cited = "; ".join(
        f"[{number[e.id]}] {e.publisher or e.title}" + (f" {e.year}" if e.year else "")
        for e in part.evidence
    )
    return Para(
        _("Evidence cited: %(list)s") % {"list": cited}
        if cited
        else _("No evidence entered for this domain.")
    )


def domain_blocks(report: Sozialraumbericht, part: DomainSection) -> list[Block]:
    out: list[Block] = [Heading(3, part.domain.name)]
    if not part.categories:
        out.append(
            Para(_("No category of this domain has a reference value yet, so no gap analysis."))
        )
        out.append(evidence_line(report, part))
        return out
    out.append(Heading(4, _("Needs identified")))
    if part.indicators:
        out.append(
            Para(
                "; ".join(
                    f"{line.name} {report.period}: {line.value}"
                    + (f" {line.unit}" if line.unit and line.value != WITHHELD else "")
                    for line in part.indicators
                )
            )
        )
    out.append(
        Grid(
            [
                _("Category"),
                _("Supply per 1,000"),
                _("Reference value"),
                _("Gap score"),
                _("Rank"),
                _("Short of reference value"),
                _("Absorbable"),
                _("Not absorbable"),
            ],
            [_category_row(c) for c in part.categories],
            [2.2, 1, 1, 1, 0.7, 1.1, 1, 1],
        )
    )
    for c in part.categories:
        if c.row.explanation:
            out.append(Para(c.row.explanation, small=True))
    if not report.public:
        out.append(Heading(4, _("Needs reported by providers (internal)")))
        reports = [r for c in part.categories for r in c.reports]
        if reports:
            out.append(
                Grid(
                    [
                        _("Provider"),
                        _("Category"),
                        _("Period"),
                        _("Turned away / waiting / unmet"),
                        _("Description"),
                    ],
                    [
                        [
                            str(r.provider),
                            str(r.category),
                            r.period,
                            " / ".join(
                                de_number(v, 0)
                                for v in (r.turned_away, r.waiting_list, r.unmet_requests)
                            ),
                            r.text or "–",
                        ]
                        for r in reports
                    ],
                    [1.5, 1.5, 0.7, 1.2, 3],
                )
            )
        else:
            out.append(Para(_("No need reports in this Sozialraum.")))
    out.append(Heading(4, _("What existing structures can absorb and what they cannot")))
    for c in part.categories:
        out.append(Para(_absorption_text(c)))
    out.append(Heading(4, _("Recommended measures")))
    if part.measures:
        for m in part.measures:
            out.append(
                Para(
                    f"{m} ({m.plan.title}; {m.get_status_display()}"
                    + (f"; {_('due')} {m.due_label}" if m.due_quarter else "")
                    + ")"
                )
            )
    else:
        out.append(Para(_("No measure of the measures plan answers these gaps yet.")))
    out.append(Heading(4, _("Evidence")))
    out.append(evidence_line(report, part))
    return out


def section_blocks(report: Sozialraumbericht, section: SozialraumSection) -> list[Block]:
    out: list[Block] = [
        Heading(2, f"{report.level.name} {section.area.name}"),
        Para(_("Social index class (1 = least need): %(c)s") % {"c": section.index_class}),
    ]
    for part in section.domains:
        out.extend(domain_blocks(report, part))
    return out


def blocks(report: Sozialraumbericht) -> list[Block]:
    out: list[Block] = [
        Heading(1, _("Summary across all social areas")),
        Para(
            _(
                "Per %(level)s and planning domain: the highest gap score (0–100) of its "
                "categories, how many fall short of the reference value, and of those how "
                "many keep a need that existing offers within reach cannot absorb. "
                "“%(withheld)s”: withheld to protect small numbers."
            )
            % {"level": report.level.name, "withheld": WITHHELD}
        ),
        summary_table(report),
        Picture(shortfall_chart(report), 162),
    ]
    shapes = boundaries(report)
    analysed = {a.category.domain_id for a in report.analyses}
    without = [d.name for d in report.domains if d.id not in analysed]
    if without:
        out.append(
            Para(
                _("Without a gap analysis (no category with a reference value): %(list)s.")
                % {"list": ", ".join(without)}
            )
        )
    for domain in report.domains:
        if domain.id not in analysed:
            continue
        out.append(Heading(2, _("Map: %(domain)s") % {"domain": domain.name}))
        out.append(Picture(domain_map(report, domain, shapes), 162))
    for section in report.sections:
        out.extend(section_blocks(report, section))
    out.append(Heading(1, _("Method and data")))
    for analysis in report.analyses:
        rows = dict(analysis.header_rows())
        out.append(
            Para(
                f"{analysis.category}: "
                + "; ".join(
                    f"{k} {rows[k]}"
                    for k in (_("Reference value"), _("Target group"), _("Catchment"))
                    if k in rows
                ),
                small=True,
            )
        )
    if report.evidence:
        out.append(Heading(1, _("Evidence list")))
        for n, e in enumerate(report.evidence, start=1):
            text = f"[{n}] {e.citation()}" + (f" – {e.link}" if e.link else "")
            out.append(Para(text + (f"\n{e.note}" if e.note else ""), small=True))
    return out


# --- PDF ---------------------------------------------------------------------------------


def typst_source(report: Sozialraumbericht, parts: list[Block]) -> str:
    heading = title(report)
    out = [
        f"#set document(title: {string(heading)})\n",
        '#set page(paper: "a4", margin: (x: 16mm, top: 16mm, bottom: 18mm),\n'
        '  footer: context align(right, text(8pt, counter(page).display("1 / 1", both: true))))\n',
        f'#set text(font: {string(FONT)}, size: 9.5pt, lang: "de", region: "DE", hyphenate: true)\n',
        "#show heading: set text(hyphenate: false)\n",
        f'#text(18pt, weight: "bold", {string(heading)})\n\n',
        f"#{string(subtitle(report))}\n\n",
    ]
    for block in parts:
        if isinstance(block, Heading):
            if block.level <= 2 and block.text.startswith(report.level.name):
                out.append("#pagebreak(weak: true)\n")
            out.append(f"#heading(level: {block.level}, {string(block.text)})\n")
        elif isinstance(block, Para):
            size = "8pt" if block.small else "9.5pt"
            out.append(f"#text({size}, {string(block.text)})\n\n")
        elif isinstance(block, Grid):
            widths = ", ".join(f"{w}fr" for w in block.widths)
            out.append(f"#table(columns: ({widths}), inset: 3.5pt, stroke: 0.4pt + luma(170),\n")
            out.append(
                "  table.header("
                + ", ".join(f'text(weight: "bold", size: 8pt, {string(h)})' for h in block.headers)
                + "),\n"
            )
            for row in block.rows:
                out.append("  " + ", ".join(f"text(8pt, {string(c)})" for c in row) + ",\n")
            out.append(")\n")
        else:
            out.append(f"#{block.figure.box()}\n\n")
    return "".join(out)


def pdf_bytes(report: Sozialraumbericht) -> bytes:
    return compile_pdf(typst_source(report, blocks(report)))


# --- DOCX --------------------------------------------------------------------------------


def docx_bytes(report: Sozialraumbericht) -> bytes:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(16))
    document.styles["Normal"].font.name = "Arial"
    document.styles["Normal"].font.size = Pt(9.5)
    document.core_properties.title = title(report)
    document.add_heading(title(report), level=0)
    document.add_paragraph(subtitle(report))
    for block in blocks(report):
        if isinstance(block, Heading):
            document.add_heading(block.text, level=block.level)
        elif isinstance(block, Para):
            paragraph = document.add_paragraph(block.text)
            if block.small:
                for run in paragraph.runs:
                    run.font.size = Pt(8)
        elif isinstance(block, Grid):
            table = document.add_table(rows=1, cols=len(block.headers))
            table.style = "Table Grid"
            for cell, header in zip(table.rows[0].cells, block.headers, strict=True):
                cell.paragraphs[0].add_run(header).bold = True
            for row in block.rows:
                for cell, text in zip(table.add_row().cells, row, strict=True):
                    cell.text = text
        else:
            document.add_picture(io.BytesIO(block.figure.png()), width=Mm(block.width_mm))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
