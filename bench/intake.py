"""Document intake: documents per second for text input and for scanned PDFs (OCR).

Reads the repository's own documents (``evaluation/intake/*.txt`` and
``tests/data/intake/*.txt``) the way a bulk intake reads each member of a ZIP
(``intake.read_document``: read, normalise, extract the fields), against a named
alternative measured in the same run:

- **text**: every text ``ROUNDS`` times through ``read_document``, against the raw
  reading step alone (``reading.read_text`` + ``normalise_text``, no extraction): the
  difference is what extraction costs;
- **scanned PDF**: ``SCANS`` documents typeset with Typst (the project's PDF engine),
  rendered to 300 dpi images with pypdfium2 and saved as image-only PDFs with Pillow
  (no text layer: what a scanner delivers); each read through ``read_document`` (it
  renders the page and runs Tesseract), against Tesseract run directly on the same
  rendered page images (``tesseract PNG - -l deu``): the difference is rendering and
  extraction around the OCR.

No database: the reading is the whole cost per document; storing a draft is one row.

Run: uv run python bench/intake.py   (numbers vary with the machine and its load)
"""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ROUNDS = 10
SCANS = 3
DPI = 300


def texts() -> list[Path]:
    found = sorted((ROOT / "evaluation/intake").glob("*.txt"))
    return found + sorted((ROOT / "tests/data/intake").glob("*.txt"))


def typeset(text: str) -> bytes:
    """A one-page PDF of ``text`` (its first 45 lines) with a text layer."""
    import typst

    lines = text.splitlines()[:45]
    body = "\n".join(f'#"{line}" \\' for line in (raw.replace('"', "'") for raw in lines))
    source = f'#set page(paper: "a4", margin: 2cm)\n#set text(size: 10pt, lang: "de")\n{body}\n'
    return typst.compile(source.encode("utf-8"), format="pdf", ignore_system_fonts=True)


def scanned(pdf: bytes) -> tuple[bytes, bytes]:
    """``(image-only PDF, PNG of its page)`` of the first page of ``pdf``."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    image = document[0].render(scale=DPI / 72).to_pil().convert("L")
    document.close()
    out, png = io.BytesIO(), io.BytesIO()
    image.save(out, format="PDF", resolution=DPI)
    image.save(png, format="PNG", dpi=(DPI, DPI))
    return out.getvalue(), png.getvalue()


def rate(count: int, seconds: float) -> str:
    return f"{count / seconds:8.2f} Dokumente/s  ({count} in {seconds:.2f} s)"


def bench_text() -> None:
    from sozialplanung.intake import read_document
    from sozialplanung.intake.normalise import normalise_text
    from sozialplanung.intake.reading import read_text

    paths = texts()
    started = time.perf_counter()
    for _round in range(ROUNDS):
        for path in paths:
            normalise_text(read_text(path)[0])
    raw = time.perf_counter() - started
    started = time.perf_counter()
    for _round in range(ROUNDS):
        for path in paths:
            read_document(path)
    full = time.perf_counter() - started
    count = ROUNDS * len(paths)
    print(f"Text, read_document (lesen + Felder erkennen): {rate(count, full)}")
    print(f"Text, nur lesen (read_text + normalise_text):  {rate(count, raw)}")
    print(f"  Anteil der Felderkennung: {100 * (full - raw) / full:.0f} %")


def bench_scans(folder: Path) -> None:
    from sozialplanung.intake import read_document
    from sozialplanung.intake.reading import require_tesseract

    tesseract = require_tesseract()
    scans = []
    for index, path in enumerate(texts()[:SCANS]):
        pdf, png = scanned(typeset(path.read_text(encoding="utf-8")))
        target = folder / f"scan-{index}.pdf"
        target.write_bytes(pdf)
        scans.append((target, png))
    started = time.perf_counter()
    for _target, png in scans:
        subprocess.run(
            [tesseract, "-", "-", "-l", "deu"], input=png, capture_output=True, check=True
        )
    direct = time.perf_counter() - started
    started = time.perf_counter()
    kinds = [read_document(target).source_kind for target, _png in scans]
    full = time.perf_counter() - started
    assert kinds == ["ocr"] * len(scans), kinds  # really read as scans
    print(f"Scan-PDF, read_document (rendern + OCR + Felder): {rate(len(scans), full)}")
    print(f"Scan-PDF, Tesseract direkt auf dem Seitenbild:    {rate(len(scans), direct)}")


def main() -> None:
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sozialplanung.settings")
    django.setup()
    bench_text()
    if shutil.which("tesseract") is None:
        print("Scan-PDF: Tesseract fehlt (scripts/system-packages.sh tesseract); übersprungen")
        return
    with tempfile.TemporaryDirectory() as folder:
        bench_scans(Path(folder))


if __name__ == "__main__":
    sys.exit(main())
