"""Bytes to text: plain text, DOCX, PDF with a text layer, scanned PDF and images (OCR).

Every failure a user can cause (empty file, a binary that is no document, a scan
without an installed OCR, a file too large) raises ``IntakeError`` with a German
message; nothing here ever lets a traceback through for bad input.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from pathlib import Path

from sozialplanung.intake import IntakeError

#: Larger files are refused before they are read (council PDFs are a few MB).
MAX_BYTES = 50 * 1024 * 1024
#: More pages are refused: a Vorlage with its annexes rarely has 100.
MAX_PAGES = 200
#: Scans are rendered at this resolution for OCR (Tesseract is tuned for ~300 dpi).
OCR_DPI = 300
#: Seconds Tesseract may take for one page before we give up.
OCR_TIMEOUT = 180
#: A PDF page with fewer characters than this is taken as a scan and read by OCR.
MIN_TEXT_PER_PAGE = 20

OCR_MISSING = (
    "Texterkennung (Tesseract mit deutschem Sprachmodell) ist nicht installiert; "
    "gescannte Dokumente und Bilder können nicht gelesen werden. Bitte das Paket "
    "„tesseract-ocr-deu“ installieren oder den Text als Textdatei hochladen."
)

IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")


def tesseract_cmd() -> str:
    try:
        from django.conf import settings

        return str(getattr(settings, "TESSERACT_CMD", "tesseract"))
    except Exception:  # Django not configured: plain library use
        return "tesseract"


def read_text(path: Path, filename: str | None = None) -> tuple[str, str]:
    """Return ``(raw text, source kind)`` where kind is "text", "pdf" or "ocr"."""
    name = filename or path.name
    try:
        size = path.stat().st_size
    except OSError:
        raise IntakeError(f"Die Datei „{name}“ kann nicht gelesen werden.") from None
    if size == 0:
        raise IntakeError(f"Die Datei „{name}“ ist leer.")
    if size > MAX_BYTES:
        raise IntakeError(
            f"Die Datei „{name}“ ist zu groß ({size / 1024 / 1024:.0f} MB; "
            f"höchstens {MAX_BYTES // 1024 // 1024} MB)."
        )
    data = path.read_bytes()
    if data.startswith(b"%PDF") or b"%PDF-" in data[:1024]:
        return read_pdf(data, name)
    if data.startswith(IMAGE_MAGIC):
        return ocr_image_bytes(data, name), "ocr"
    if data.startswith(b"PK\x03\x04") and name.lower().endswith(".docx"):
        return read_docx(data, name), "text"
    return decode_text(data, name), "text"


def decode_text(data: bytes, name: str) -> str:
    if looks_binary(data):
        raise IntakeError(
            f"Die Datei „{name}“ ist weder Text noch PDF noch ein Bild "
            "(PNG, JPEG, TIFF) und kann nicht gelesen werden."
        )
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        # German offices still write Windows-1252; it decodes every byte but 5 unused.
        text = data.decode("cp1252", errors="replace")
    if not text.strip():
        raise IntakeError(f"Die Datei „{name}“ enthält keinen Text.")
    return text


def looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    control = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return control > len(sample) * 0.05


def read_pdf(data: bytes, name: str) -> tuple[str, str]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            reader.decrypt("")
        pages = reader.pages
        count = len(pages)
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise IntakeError(f"Die PDF-Datei „{name}“ ist beschädigt ({exc}).") from None
    except Exception:
        raise IntakeError(f"Die PDF-Datei „{name}“ kann nicht gelesen werden.") from None
    check_pages(count, name)
    if count == 0:
        raise IntakeError(f"Die PDF-Datei „{name}“ hat keine Seiten.")
    texts = []
    for page in pages:
        try:
            texts.append(page.extract_text() or "")
        except Exception:
            texts.append("")
    visible = sum(len("".join(t.split())) for t in texts)
    if visible >= MIN_TEXT_PER_PAGE * count:
        return "\n\n".join(texts), "pdf"
    # No (or hardly any) text layer: a scan. Render and recognise.
    return ocr_pdf(data, name), "ocr"


def read_docx(data: bytes, name: str) -> str:
    """The paragraphs of a Word document, then its tables' cells row by row (a
    letterhead or a Beratungsfolge often stands in a table)."""
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception:  # python-docx raises whatever its zip and XML layers raise
        raise IntakeError(f"Die Word-Datei „{name}“ ist beschädigt.") from None
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append("  ".join(cell.text for cell in row.cells))
    text = "\n".join(lines)
    if not text.strip():
        raise IntakeError(f"Die Datei „{name}“ enthält keinen Text.")
    return text


def check_pages(count: int, name: str) -> None:
    if count > MAX_PAGES:
        raise IntakeError(
            f"Die Datei „{name}“ hat {count} Seiten; höchstens {MAX_PAGES} werden gelesen."
        )


def ocr_pdf(data: bytes, name: str) -> str:
    cmd = require_tesseract()
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except Exception:
        raise IntakeError(f"Die PDF-Datei „{name}“ kann nicht gelesen werden.") from None
    try:
        check_pages(len(document), name)
        texts = []
        for index in range(len(document)):
            image = document[index].render(scale=OCR_DPI / 72).to_pil()
            texts.append(run_tesseract(cmd, image_png(image), name))
    finally:
        document.close()
    return finish_ocr(texts, name)


def ocr_image_bytes(data: bytes, name: str) -> str:
    cmd = require_tesseract()
    from PIL import Image, ImageSequence, UnidentifiedImageError

    try:
        image = Image.open(io.BytesIO(data))
        frames = [frame.copy() for frame in ImageSequence.Iterator(image)]
    except (UnidentifiedImageError, OSError, ValueError):
        raise IntakeError(f"Das Bild „{name}“ ist beschädigt.") from None
    check_pages(len(frames), name)
    texts = [run_tesseract(cmd, image_png(frame), name) for frame in frames]
    return finish_ocr(texts, name)


def finish_ocr(texts: list[str], name: str) -> str:
    text = "\n\n".join(t.strip("\f\n") for t in texts)
    if len("".join(text.split())) < MIN_TEXT_PER_PAGE:
        raise IntakeError(f"In „{name}“ wurde kein lesbarer Text gefunden.")
    return text


def image_png(image: object) -> bytes:
    from PIL import Image

    assert isinstance(image, Image.Image)
    if image.mode not in ("L", "RGB", "1"):
        image = image.convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", dpi=(OCR_DPI, OCR_DPI))
    return buffer.getvalue()


def require_tesseract() -> str:
    """The Tesseract binary, checked to exist and to know German; else IntakeError."""
    cmd = tesseract_cmd()
    found = shutil.which(cmd) if os.sep not in cmd else (cmd if os.access(cmd, os.X_OK) else None)
    if not found:
        raise IntakeError(OCR_MISSING)
    try:
        langs = subprocess.run(
            [found, "--list-langs"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.SubprocessError):
        raise IntakeError(OCR_MISSING) from None
    if "deu" not in (langs.stdout + langs.stderr).split():
        raise IntakeError(OCR_MISSING)
    return found


def run_tesseract(cmd: str, png: bytes, name: str) -> str:
    try:
        done = subprocess.run(
            [cmd, "-", "-", "-l", "deu"],
            input=png,
            capture_output=True,
            timeout=OCR_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise IntakeError(
            f"Die Texterkennung für „{name}“ hat zu lange gedauert (über {OCR_TIMEOUT} s je Seite)."
        ) from None
    except OSError:
        raise IntakeError(OCR_MISSING) from None
    if done.returncode != 0:
        raise IntakeError(f"Die Texterkennung für „{name}“ ist fehlgeschlagen.")
    return done.stdout.decode("utf-8", errors="replace")
