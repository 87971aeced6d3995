"""The status letter as DOCX, for offices that finish letters in Word."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from . import base
from .base import LetterRenderer, quoted
from .content import MEASURES_HEADING, LetterContent, PointAnswer

# The font German administrations write in; Word substitutes where it is missing.
FONT = "Arial"


def _set_language(document: Document, language: str = "de-DE") -> None:
    """German spelling and hyphenation for the whole document."""
    rpr = document.styles["Normal"].element.get_or_add_rPr()
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), language)
    lang.set(qn("w:eastAsia"), language)
    rpr.append(lang)
    settings = document.settings.element
    settings.append(OxmlElement("w:autoHyphenation"))


def _page_field(paragraph: Paragraph) -> None:
    """Append a PAGE field: "- 2 -" from page two on."""
    paragraph.add_run("- ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)
    paragraph.add_run(" -")


class DocxLetterRenderer(LetterRenderer):
    extension = "docx"
    media_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

    def start(self, content: LetterContent) -> None:
        self.document = document = Document()
        section = document.sections[0]
        section.page_width, section.page_height = Mm(base.PAGE_WIDTH_MM), Mm(base.PAGE_HEIGHT_MM)
        section.left_margin = Mm(base.MARGIN_LEFT_MM)
        section.right_margin = Mm(base.MARGIN_RIGHT_MM)
        section.top_margin = Mm(base.MARGIN_TOP_MM)
        section.bottom_margin = Mm(base.MARGIN_BOTTOM_MM)
        section.header_distance = Mm(base.MARGIN_TOP_MM / 2)
        section.different_first_page_header_footer = True
        header = section.header.paragraphs[0]
        header.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _page_field(header)
        normal = document.styles["Normal"]
        normal.font.name = FONT
        normal.font.size = Pt(base.FONT_SIZE_PT)
        normal.paragraph_format.space_after = Pt(6)
        _set_language(document)
        props = document.core_properties
        props.title = content.subject_line
        props.author = content.city
        props.language = "de-DE"
        # The letter's date, not the moment of rendering (see ``finish``).
        moment = dt.datetime(content.date.year, content.date.month, content.date.day)
        props.created = props.modified = props.last_printed = moment
        if content.draft:
            mark = document.add_paragraph()
            mark.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            run = mark.add_run(base.DRAFT_MARK)
            run.bold = True
            run.font.color.rgb = RGBColor(0xB0, 0x00, 0x00)

    def _lines(
        self, paragraph: Paragraph, lines: list[str] | tuple[str, ...], **style: object
    ) -> None:
        for n, line in enumerate(x for x in lines if x):
            if n:
                paragraph.add_run().add_break()
            run = paragraph.add_run(line)
            for key, value in style.items():
                setattr(run, key, value)

    def draw_letterhead(self, content: LetterContent) -> None:
        table = self.document.add_table(rows=2, cols=2)
        table.autofit = False
        left = Mm(base.INFO_LEFT_MM - base.MARGIN_LEFT_MM)
        right = Mm(base.PAGE_WIDTH_MM - base.INFO_LEFT_MM - base.MARGIN_RIGHT_MM)
        for row in table.rows:
            row.cells[0].width, row.cells[1].width = left, right
        table.rows[0].height = Mm(base.ADDRESS_TOP_MM - base.MARGIN_TOP_MM)
        kind = table.cell(0, 0).paragraphs[0]
        kind.add_run(content.document_kind).font.size = Pt(13)
        sender = table.cell(0, 1).paragraphs[0]
        city = sender.add_run(content.city)
        city.bold, city.font.size = True, Pt(14)
        if content.department:
            sender.add_run().add_break()
            sender.add_run(content.department).font.size = Pt(base.SMALL_FONT_SIZE_PT + 1)

        address = table.cell(1, 0).paragraphs[0]
        if content.visibility_mark:
            mark = address.add_run(content.visibility_mark)
            mark.bold = True
            address = table.cell(1, 0).add_paragraph()
        self._lines(address, content.addressees)
        info = table.cell(1, 1).paragraphs[0]
        rows = [f"GZ:\t{content.file_reference}"] if content.file_reference else []
        self._lines(info, [*rows, f"Datum:\t{content.date_text}"])
        info.paragraph_format.tab_stops.add_tab_stop(Mm(16))
        self.document.add_paragraph().paragraph_format.space_after = Mm(base.SUBJECT_GAP_MM / 2)

    def draw_subject(self, content: LetterContent) -> None:
        paragraph = self.document.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(14)
        self._lines(paragraph, [content.subject_line, content.subject], bold=True)

    def draw_salutation(self, content: LetterContent) -> None:
        self.document.add_paragraph(content.salutation)
        self.document.add_paragraph(content.intro)

    def draw_resolution_points(self, content: LetterContent) -> None:
        texts = quoted([p.text for p in content.points])
        for point, text in zip(content.points, texts, strict=True):
            paragraph = self.document.add_paragraph(f"{point.number}.\t{text}")
            fmt = paragraph.paragraph_format
            fmt.left_indent = Mm(base.QUOTE_INDENT_MM)
            fmt.first_line_indent = Mm(-base.QUOTE_INDENT_MM)
            fmt.tab_stops.add_tab_stop(Mm(base.QUOTE_INDENT_MM))
            fmt.space_after = Pt(3)
            paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY

    def draw_answer(self, answer: PointAnswer) -> None:
        heading = self.document.add_paragraph()
        heading.paragraph_format.space_before = Pt(10)
        heading.paragraph_format.space_after = Pt(2)
        heading.paragraph_format.keep_with_next = True
        heading.add_run(answer.heading).underline = True
        self.document.add_paragraph(answer.status_sentence)
        if answer.office_line:
            self.document.add_paragraph(answer.office_line)
        for text in answer.paragraphs:
            self.document.add_paragraph(text).alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        if answer.measures:
            self.document.add_paragraph(MEASURES_HEADING)
            for text in answer.measures:
                self.document.add_paragraph(text, style="List Bullet")

    def draw_next_control(self, content: LetterContent) -> None:
        paragraph = self.document.add_paragraph()
        paragraph.paragraph_format.space_before = Pt(12)
        paragraph.add_run(content.next_control).bold = True

    def draw_signature(self, content: LetterContent) -> None:
        closing = self.document.add_paragraph(content.closing)
        closing.paragraph_format.space_before = Pt(12)
        closing.paragraph_format.space_after = Mm(base.SIGNATURE_SPACE_MM)
        closing.paragraph_format.keep_with_next = True
        self._lines(
            self.document.add_paragraph(), [content.signatory_name, *content.signatory_title]
        )

    def draw_acknowledgement(self, content: LetterContent) -> None:
        label = self.document.add_paragraph(content.acknowledgement_label)
        label.paragraph_format.space_before = Pt(18)
        label.paragraph_format.space_after = Mm(base.SIGNATURE_SPACE_MM)
        label.paragraph_format.keep_with_next = True
        table = self.document.add_table(rows=1, cols=len(content.acknowledgers))
        for cell, person in zip(table.rows[0].cells, content.acknowledgers, strict=True):
            line = cell.paragraphs[0]
            line.add_run("_" * 30)
            self._lines(cell.add_paragraph(), [person.name, person.title])

    def finish(self, content: LetterContent) -> bytes:
        out = io.BytesIO()
        self.document.save(out)
        return _with_fixed_times(out.getvalue(), content.date)


def _with_fixed_times(data: bytes, day: dt.date) -> bytes:
    """The package again, each member stamped with the letter's date instead of the clock:
    the same letter gives the same bytes, as a released letter must."""
    stamp = (day.year, day.month, day.day, 0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for member in source.infolist():
            info = zipfile.ZipInfo(member.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, source.read(member))
    return out.getvalue()
