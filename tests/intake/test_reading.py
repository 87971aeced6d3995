"""Reading files: text encodings, PDF text layer, OCR of scans, and bad input (Done-when 3, 4)."""

from __future__ import annotations

import io
import json
import os
import random
import shutil
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont
from pypdf import PdfReader, PdfWriter

from sozialplanung.intake import IntakeError, read_document
from sozialplanung.intake.evaluation import field_value
from sozialplanung.intake.reading import MAX_BYTES, MAX_PAGES

EVALUATION = Path(__file__).resolve().parents[2] / "evaluation" / "intake"
SAMPLE_001 = EVALUATION / "001_67840fba39b81673.txt"
FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
)


def font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for candidate in FONT_CANDIDATES:
        if os.path.exists(candidate):
            return ImageFont.truetype(candidate, size)
    import typst

    fonts = sorted(Path(typst.__file__).parent.rglob("*.ttf")) + sorted(
        Path(typst.__file__).parent.rglob("*.otf")
    )
    if fonts:
        return ImageFont.truetype(str(fonts[0]), size)
    return ImageFont.load_default(size)


def scanned_pdf(text: str, path: Path) -> Path:
    """Text rendered as A4 images at 300 dpi, saved as a PDF without a text layer."""
    face = font(40)
    lines = text.split("\n")
    pages = []
    per_page = 58
    for start in range(0, len(lines), per_page):
        page = Image.new("L", (2480, 3508), 255)
        draw = ImageDraw.Draw(page)
        for offset, line in enumerate(lines[start : start + per_page]):
            draw.text((200, 200 + offset * 54), line, font=face, fill=0)
        pages.append(page)
    pages[0].save(path, "PDF", resolution=300, save_all=True, append_images=pages[1:])
    return path


def blank_pdf(path: Path, pages: int = 1) -> Path:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    with path.open("wb") as handle:
        writer.write(handle)
    return path


def test_plain_text_in_windows_1252(tmp_path):
    path = tmp_path / "kontrolle.txt"
    text = SAMPLE_001.read_text(encoding="utf-8")
    path.write_bytes(text.encode("cp1252", errors="replace"))
    result = read_document(path)
    assert result.source_kind == "text"
    assert result.fields["reference"] == "V2696/24"
    assert "Trägerversammlung" in result.text


def test_pdf_with_a_text_layer_is_read_without_ocr(tmp_path):
    import typst

    source = tmp_path / "vorlage.typ"
    body = (EVALUATION / "004_0434ae12ec697432.txt").read_text(encoding="utf-8")
    escaped = "".join("\\" + c if c in "*_#@$`<>[]\\/\"'=-+~" else c for c in body)
    source.write_text(
        '#set page(paper: "a4")\n#set text(lang: "de", size: 10pt)\n'
        + "\n".join(line if line.strip() else "" for line in escaped.split("\n")).replace(
            "\n", " \\\n"
        ),
        encoding="utf-8",
    )
    pdf = tmp_path / "vorlage.pdf"
    pdf.write_bytes(typst.compile(str(source)))
    result = read_document(pdf)
    assert result.source_kind == "pdf"
    assert result.fields["doc_type"] == "beschlusskontrolle"
    assert result.fields["reference"] == "V2927/19"
    assert result.fields["next_control_date"] == "2020-10-31"


def test_scanned_pdf_of_sample_001_is_read_through_ocr(tmp_path):
    if shutil.which("tesseract") is None:
        pytest.skip("Tesseract not installed")
    pdf = scanned_pdf(SAMPLE_001.read_text(encoding="utf-8"), tmp_path / "scan.pdf")
    assert "".join(page.extract_text() for page in PdfReader(pdf).pages).strip() == ""
    result = read_document(pdf, filename="scan.pdf")
    expected = json.loads((EVALUATION / "001_67840fba39b81673.expected.json").read_text())
    fields = result.fields
    assert result.source_kind == "ocr"
    for key in ("doc_type", "reference", "date", "session", "item_status", "next_control_date"):
        assert field_value(fields, key) == field_value(expected, key), (key, result.text)
    assert [i["number"] for i in fields["items"]] == [i["number"] for i in expected["items"]]
    assert "reference" in result.uncertain
    assert any("Texterkennung" in warning for warning in result.warnings)


def test_empty_file(tmp_path):
    path = tmp_path / "leer.txt"
    path.write_bytes(b"")
    with pytest.raises(IntakeError, match="leer"):
        read_document(path)


def test_whitespace_only_file(tmp_path):
    path = tmp_path / "leer.txt"
    path.write_text(" \n\n \t\n")
    with pytest.raises(IntakeError, match="keinen Text"):
        read_document(path)


def test_random_binary(tmp_path):
    path = tmp_path / "daten.bin"
    path.write_bytes(random.Random(6).randbytes(4096))
    with pytest.raises(IntakeError, match="weder Text noch PDF"):
        read_document(path)


def test_zip_archive_is_no_document(tmp_path):
    import zipfile

    path = tmp_path / "akte.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>" * 100)
    with pytest.raises(IntakeError):
        read_document(path)


def test_image_without_text(tmp_path):
    path = tmp_path / "weiss.png"
    Image.new("RGB", (600, 400), "white").save(path)
    # With Tesseract: nothing legible; without: OCR not installed. Never a traceback.
    with pytest.raises(IntakeError, match=r"kein lesbarer Text|nicht installiert"):
        read_document(path)


def test_broken_pdf(tmp_path):
    path = tmp_path / "kaputt.pdf"
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 20)
    with pytest.raises(IntakeError):
        read_document(path)


def test_scan_without_ocr_gives_the_install_message(tmp_path, settings):
    settings.TESSERACT_CMD = str(tmp_path / "gibt-es-nicht" / "tesseract")
    image = Image.new("L", (1240, 1754), 255)
    ImageDraw.Draw(image).text((100, 100), "Beschlusskontrolle zu V2696/24", font=font(40), fill=0)
    buffer = io.BytesIO()
    image.save(buffer, "PDF", resolution=150)
    path = tmp_path / "scan.pdf"
    path.write_bytes(buffer.getvalue())
    with pytest.raises(
        IntakeError, match=r"Texterkennung \(Tesseract mit deutschem Sprachmodell\)"
    ):
        read_document(path)
    with pytest.raises(IntakeError, match="nicht installiert"):
        read_document(_png(tmp_path, image))


def _png(tmp_path: Path, image: Image.Image) -> Path:
    path = tmp_path / "scan.png"
    image.save(path)
    return path


def test_huge_file_is_refused_before_reading(tmp_path):
    path = tmp_path / "riesig.pdf"
    with path.open("wb") as handle:
        handle.write(b"%PDF-1.7\n")
        handle.seek(MAX_BYTES + 1)
        handle.write(b"\n")
    with pytest.raises(IntakeError, match="zu groß"):
        read_document(path)


def test_too_many_pages(tmp_path):
    path = blank_pdf(tmp_path / "dick.pdf", pages=MAX_PAGES + 1)
    with pytest.raises(IntakeError, match="Seiten"):
        read_document(path)


def test_filename_is_used_in_messages(tmp_path):
    path = tmp_path / "upload-123"
    path.write_bytes(b"")
    with pytest.raises(IntakeError, match=r"Sitzung\.txt"):
        read_document(path, filename="Sitzung.txt")


def test_a_word_document_is_read_as_text(tmp_path):
    import docx

    from sozialplanung.intake.reading import read_text

    document = docx.Document()
    document.add_paragraph("Beschlusskontrolle zu V2696/24 (Sitzungsnummer: SR/063/2024)")
    document.add_table(rows=1, cols=2).rows[0].cells[0].text = "Datum: 10.03.2025"
    path = tmp_path / "brief.docx"
    document.save(str(path))
    text, kind = read_text(path)
    assert kind == "text"
    assert text.splitlines() == [
        "Beschlusskontrolle zu V2696/24 (Sitzungsnummer: SR/063/2024)",
        "Datum: 10.03.2025  ",
    ]
