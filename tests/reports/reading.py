"""What a file says, read back for comparison: cells, CSV rows, text, archive members."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from typing import Any

import docx
from openpyxl import load_workbook
from pypdf import PdfReader


def xlsx_cells(data: bytes) -> dict[str, list[list[Any]]]:
    book = load_workbook(io.BytesIO(data))
    return {
        sheet.title: [[cell.value for cell in row] for row in sheet.iter_rows()]
        for sheet in book.worksheets
    }


def csv_rows(data: bytes, delimiter: str = ";") -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=delimiter))


def pdf_text(data: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def docx_paragraphs(data: bytes) -> list[str]:
    return [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]


def zip_members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def content(fmt: str, data: bytes) -> Any:
    """The comparable content of a file of format ``fmt``."""
    readers = {
        "xlsx": xlsx_cells,
        "csv": csv_rows,
        "pdf": pdf_text,
        "docx": docx_paragraphs,
        "zip": zip_members,
    }
    return readers[fmt](data)


def words(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()
