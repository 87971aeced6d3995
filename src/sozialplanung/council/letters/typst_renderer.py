"""The status letter as PDF, typeset by Typst (compiler and fonts come with the wheel).

User text never becomes Typst markup: every piece is written as a Typst string literal
(``#"…"``), in which only backslash, quote and line breaks need escaping. A narrative
containing ``*``, ``#``, ``$`` or ``]`` therefore prints as typed.
"""

from __future__ import annotations

from sozialplanung.reports.typst import FONT, compile_pdf, string

from . import base
from .base import LetterRenderer, quoted
from .content import MEASURES_HEADING, LetterContent, PointAnswer


def lines(parts: list[str] | tuple[str, ...]) -> str:
    """Content of several lines: ``[#"a" \\ #"b"]``."""
    return "[" + " \\ ".join(f"#{string(p)}" for p in parts if p) + "]"


def mm(value: float) -> str:
    return f"{value}mm"


class TypstLetterRenderer(LetterRenderer):
    extension = "pdf"
    media_type = "application/pdf"

    def __init__(self) -> None:
        self.parts: list[str] = []

    def add(self, source: str) -> None:
        self.parts.append(source)

    def start(self, content: LetterContent) -> None:
        self.parts = []
        background = (
            f'rotate(-40deg, text(72pt, fill: luma(225), weight: "bold", '
            f"{string(base.DRAFT_MARK)}))"
            if content.draft
            else "none"
        )
        day = content.date
        self.add(
            f"#set document(title: {string(content.subject_line)}, "
            f"author: {string(content.city or 'Sozialplanung')}, "
            # The letter's date, not the moment of rendering: the same letter gives the
            # same bytes, today and in a year (a released letter is frozen).
            f"date: datetime(year: {day.year}, month: {day.month}, day: {day.day}))\n"
            f'#set page(paper: "a4", margin: (left: {mm(base.MARGIN_LEFT_MM)}, '
            f"right: {mm(base.MARGIN_RIGHT_MM)}, top: {mm(base.MARGIN_TOP_MM)}, "
            f"bottom: {mm(base.MARGIN_BOTTOM_MM)}), background: {background},\n"
            # From page 2 on, "- 2 -" at the top, as the administration numbers its letters.
            "  header: context { let n = counter(page).get().first()\n"
            '    if n > 1 { align(center, text(size: 10pt, "- " + str(n) + " -")) } })\n'
            f'#set text(font: {string(FONT)}, size: {base.FONT_SIZE_PT}pt, lang: "de", '
            'region: "DE", hyphenate: true)\n'
            "#set par(justify: true, leading: 0.62em, spacing: 1.1em)\n"
        )

    def draw_letterhead(self, content: LetterContent) -> None:
        head_height = base.ADDRESS_TOP_MM - base.MARGIN_TOP_MM
        left_width = base.INFO_LEFT_MM - base.MARGIN_LEFT_MM
        sender = []
        if content.city:
            sender.append(f'text(size: 14pt, weight: "bold", {string(content.city)})')
        if content.department:
            sender.append(f"text(size: 10pt, {string(content.department)})")
        kind = (
            f"text(size: 13pt, tracking: 0.5pt, {string(content.document_kind)})"
            if content.document_kind
            else "[]"
        )
        self.add(
            f"#block(height: {mm(head_height)}, width: 100%, grid(columns: "
            f"({mm(left_width)}, 1fr), {kind}, "
            f"stack(spacing: 2mm, {', '.join(sender) or '[]'})))\n"
        )
        mark = (
            f'box(stroke: 0.8pt, inset: (x: 2mm, y: 1.2mm), text(weight: "bold", '
            f"{string(content.visibility_mark)})), v(3mm),"
            if content.visibility_mark
            else ""
        )
        info = []
        if content.file_reference:
            info += [string("GZ:"), string(content.file_reference)]
        info += [string("Datum:"), string(content.date_text)]
        self.add(
            f"#grid(columns: ({mm(base.ADDRESS_WIDTH_MM)}, "
            f"{mm(left_width - base.ADDRESS_WIDTH_MM)}, 1fr),\n"
            f"  stack({mark} {lines(content.addressees)}),\n  [],\n"
            f"  grid(columns: (auto, 1fr), column-gutter: 3mm, row-gutter: 0.6em, "
            f"{', '.join(info)}))\n"
            f"#v({mm(base.SUBJECT_GAP_MM)})\n"
        )

    def draw_subject(self, content: LetterContent) -> None:
        self.add(
            f'#block(below: 1.6em, text(weight: "bold", '
            f"{lines([content.subject_line, content.subject])}))\n"
        )

    def draw_salutation(self, content: LetterContent) -> None:
        self.add(f"#{string(content.salutation)}\n\n#{string(content.intro)}\n\n")

    def draw_resolution_points(self, content: LetterContent) -> None:
        texts = quoted([p.text for p in content.points])
        cells = ", ".join(
            f"{string(p.number + '.')}, {string(text)}"
            for p, text in zip(content.points, texts, strict=True)
        )
        self.add(
            f"#block(above: 1.2em, below: 1.6em, pad(left: 0mm, grid(columns: "
            f"({mm(base.QUOTE_INDENT_MM)}, 1fr), row-gutter: 0.65em, {cells})))\n"
        )

    def draw_answer(self, answer: PointAnswer) -> None:
        self.add(
            f"#block(sticky: true, above: 1.4em, below: 0.65em, "
            f"underline({string(answer.heading)}))\n"
            f"#{string(answer.status_sentence)}\n\n"
        )
        if answer.office_line:
            self.add(f"#{string(answer.office_line)}\n\n")
        for paragraph in answer.paragraphs:
            self.add(f"#{string(paragraph)}\n\n")
        if answer.measures:
            entries = ", ".join(f"[#{string(m)}]" for m in answer.measures)
            self.add(f"#{string(MEASURES_HEADING)}\n#list({entries})\n\n")

    def draw_next_control(self, content: LetterContent) -> None:
        self.add(f'#block(above: 1.6em, text(weight: "bold", {string(content.next_control)}))\n')

    def draw_signature(self, content: LetterContent) -> None:
        self.add(
            f"#block(above: 1.6em, breakable: false, stack({lines([content.closing])}, "
            f"v({mm(base.SIGNATURE_SPACE_MM)}), "
            f"{lines([content.signatory_name, *content.signatory_title])}))\n"
        )

    def draw_acknowledgement(self, content: LetterContent) -> None:
        people = ", ".join(
            f"stack(v({mm(base.SIGNATURE_SPACE_MM)}), line(length: 60mm, stroke: 0.5pt), "
            f"v(1.5mm), {lines([a.name, a.title])})"
            for a in content.acknowledgers
        )
        columns = ", ".join(["1fr"] * len(content.acknowledgers))
        self.add(
            f"#block(above: 2em, breakable: false, stack({lines([content.acknowledgement_label])},"
            f" grid(columns: ({columns},), column-gutter: 10mm, {people})))\n"
        )

    def source(self) -> str:
        return "".join(self.parts)

    def finish(self, content: LetterContent) -> bytes:
        return compile_pdf(self.source())
