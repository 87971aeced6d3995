"""Reading CSV and Excel files as offices produce them.

CSV: semicolon, comma or tab; UTF-8 with or without BOM, else Windows-1252; CRLF.
XLSX: a named sheet or the first one. Every row keeps the line number a user sees.
"""

from __future__ import annotations

import csv
import io
import math
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from django.conf import settings

from sozialplanung.core.formats.numbers import parse_decimal

from .errors import ImportFailed, ImportProblem, excerpt

# Geometry cells (WKT, GeoJSON) run to tens of thousands of characters; the csv
# module's default limit of 131,072 is too small for detailed boundaries. The real
# limit is MAX_CELL_MB, checked per cell so that the error names row and column.
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))

CSV_DELIMITERS = (";", ",", "\t")
EXCEL_SUFFIXES = {".xlsx", ".xlsm"}

Cell = str | int | float | None

# A plain number: digits with at most one decimal comma or point, optionally negative.
_PLAIN = re.compile(r"-?\d+(?:[.,]\d+)?")


@dataclass
class Row:
    """One data row: its line number and its cells by column name."""

    number: int
    cells: dict[str, Cell]

    def text(self, column: str) -> str:
        return cell_text(self.cells.get(column))


@dataclass
class _Columns:
    file: str
    header: list[str]

    def require_columns(self, columns: list[str]) -> None:
        """Fail with one problem per column the mapping names but the file lacks."""
        missing = [c for c in dict.fromkeys(columns) if c not in self.header]
        if missing:
            existing = excerpt(", ".join(f"„{h}“" for h in self.header[:20]), 300)
            raise ImportFailed(
                [
                    ImportProblem(self.file, 1, c, f"Spalte fehlt (vorhandene Spalten: {existing})")
                    for c in missing
                ]
            )


@dataclass
class Table(_Columns):
    rows: list[Row] = field(default_factory=list)


@dataclass
class Lines(_Columns):
    """The non-empty rows as (line number, cells in header order), without a ``Row``
    (and its dictionary) per row: for importers that read 100,000s of rows and need a
    ``Row`` only for the few they look at closely (``row``)."""

    lines: list[tuple[int, list[Cell]]] = field(default_factory=list)

    def row(self, number: int, cells: list[Cell]) -> Row:
        return Row(number, dict(zip(self.header, cells, strict=True)))


def read_table(path: Path | str, *, sheet: str | None = None, filename: str | None = None) -> Table:
    """The header and the non-empty rows of a CSV or XLSX file."""
    lines = read_lines(path, sheet=sheet, filename=filename)
    table = Table(file=lines.file, header=lines.header)
    table.rows = [lines.row(number, cells) for number, cells in lines.lines]
    return table


def read_lines(path: Path | str, *, sheet: str | None = None, filename: str | None = None) -> Lines:
    """As :func:`read_table`, the rows as lists of cells (padded to the header's width)."""
    path = Path(path)
    name = filename or path.name
    if suffix_of(path, filename) in EXCEL_SUFFIXES:
        header, rows = _read_xlsx(path, sheet, name)
    else:
        header, rows = _read_csv(path, name)
    header = [cell_text(h) for h in header]
    if not any(header):
        raise ImportFailed.single(name, "Die Datei hat keine Kopfzeile.", row=1)
    width = len(header)
    return Lines(
        file=name,
        header=header,
        lines=[
            (number, cells if len(cells) == width else _pad(cells, width))
            for number, cells in rows
            if not _blank(cells)
        ],
    )


def _blank(cells: list[Any]) -> bool:
    """Whether every cell is empty or blank (``cell_text`` gives "")."""
    try:
        # Text cells (every CSV row): whitespace-only pieces join to whitespace only.
        # One join instead of a call per cell (a long file has 100,000s of rows).
        return not "".join(cells).strip()
    except TypeError:  # numbers, dates or None from Excel
        return all(cell_text(c) == "" for c in cells)


def suffix_of(path: Path, filename: str | None) -> str:
    """The format-giving extension: the user's file name wins over a temporary path
    (web uploads are stored under names of their own)."""
    return (Path(filename).suffix or path.suffix).lower() if filename else path.suffix.lower()


def _pad(cells: list[Any], width: int) -> list[Any]:
    return (list(cells) + [None] * width)[:width]


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM) if it decodes, else Windows-1252 (German Excel)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def sniff_delimiter(first_line: str) -> str:
    """The candidate that occurs most often in the header line (semicolon on a tie)."""
    counts = {d: first_line.count(d) for d in CSV_DELIMITERS}
    best = max(CSV_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ";"


def _read_csv(path: Path, name: str) -> tuple[list[Any], Iterator[tuple[int, list[Any]]]]:
    try:
        text = decode(path.read_bytes())
    except OSError as exc:
        raise ImportFailed.single(name, f"Datei nicht lesbar: {exc.strerror}") from exc
    delimiter = sniff_delimiter(text.split("\n", 1)[0])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise ImportFailed.single(name, "Die Datei ist leer.") from None
    except csv.Error as exc:
        raise ImportFailed.single(name, f"Kein lesbares CSV: {exc}", row=1) from exc
    # A huge header cell has no usable name: the column is named by its number.
    limit = settings.MAX_CELL_MB * 1024 * 1024
    _check_cell_sizes(name, 1, header, [str(i) for i in range(1, len(header) + 1)])

    def rows() -> Iterator[tuple[int, list[Any]]]:
        try:
            for cells in reader:
                # line_num counts physical lines, so a quoted cell with line breaks
                # still points at the line where its row ends, as editors show it.
                if cells and max(map(len, cells)) > limit:
                    _check_cell_sizes(name, reader.line_num, cells, header)
                yield reader.line_num, cells
        except csv.Error as exc:
            raise ImportFailed.single(
                name, f"Kein lesbares CSV: {exc}", row=reader.line_num
            ) from exc

    return header, rows()


def _check_cell_sizes(name: str, row: int, cells: list[str], columns: list[str]) -> None:
    limit_mb = settings.MAX_CELL_MB
    for index, cell in enumerate(cells):
        if len(cell) > limit_mb * 1024 * 1024:
            column = columns[index] if index < len(columns) else str(index + 1)
            raise ImportFailed.single(
                name,
                f"Die Zelle ist größer als {limit_mb} MB (beginnt mit „{excerpt(cell)}“); "
                "ist die Datei wirklich eine Tabelle mit Zeilenumbrüchen?",
                row=row,
                column=column,
            )


def _read_xlsx(
    path: Path, sheet: str | None, name: str
) -> tuple[list[Any], Iterator[tuple[int, list[Any]]]]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, OSError, KeyError, ValueError, *_XML_REFUSED) as exc:
        raise ImportFailed.single(name, _unreadable(exc)) from exc
    if sheet is not None and sheet not in book.sheetnames:
        names = ", ".join(f"„{s}“" for s in book.sheetnames)
        raise ImportFailed.single(name, f"Tabellenblatt „{sheet}“ fehlt (vorhanden: {names})")
    ws = book[sheet] if sheet is not None else book.worksheets[0]
    values = ws.iter_rows(values_only=True)
    # The sheet's XML is parsed while its rows are read, so refusals come from here too.
    try:
        header = list(next(values))
        rows = [(number, list(cells)) for number, cells in enumerate(values, start=2)]
    except StopIteration:
        raise ImportFailed.single(name, "Das Tabellenblatt ist leer.") from None
    except _XML_REFUSED as exc:
        raise ImportFailed.single(name, _unreadable(exc)) from exc
    finally:
        book.close()
    return header, iter(rows)


# openpyxl parses through defusedxml when it is installed (it is a dependency for this):
# DTDs and entities, external ones included, are refused instead of resolved. Damaged XML
# ends in ParseError. Both get a German message instead of "unexpected error".
_XML_REFUSED = (DefusedXmlException, ParseError)


def _unreadable(exc: BaseException) -> str:
    """Why an Excel file cannot be read, in German, without the server's file path.

    openpyxl wraps what its XML parser raised (a ValueError naming the stored upload's
    path), so the cause decides the message.
    """
    cause: BaseException | None = exc
    while cause is not None and not isinstance(cause, _XML_REFUSED):
        cause = cause.__cause__ or cause.__context__
    if cause is None:
        return "Keine lesbare Excel-Datei (kein XLSX-Format oder beschädigt)."
    if isinstance(cause, DefusedXmlException):
        return (
            "Die Excel-Datei enthält XML-Entitäten oder eine Dokumenttyp-Definition; "
            "solche Dateien werden aus Sicherheitsgründen nicht gelesen. Bitte die Tabelle "
            "in Excel oder LibreOffice neu speichern."
        )
    position = getattr(cause, "position", None)
    where = f" (XML-Zeile {position[0]}, Spalte {position[1]})" if position else ""
    return f"Die Excel-Datei ist beschädigt: ihr Tabellenblatt ist kein gültiges XML{where}."


def cell_text(value: Cell | object) -> str:
    """A cell as text; Excel's 2019.0 becomes "2019"."""
    if type(value) is str:  # every cell of a CSV file: the common case first
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def plain(text: str) -> bool:
    """``_PLAIN.fullmatch(text)`` with string methods (``str.isdecimal`` is ``\\d``), at a
    third of its cost: an import reads 100,000 cells."""
    body = text[1:] if text[:1] == "-" else text
    head, mark, tail = body.replace(",", ".").partition(".")
    return head.isdecimal() and (not mark or tail.isdecimal())


def parse_number(value: Cell | object) -> float | None:
    """A number from a cell; None for an empty cell. Raises ValueError (German).

    A lone point is read as a decimal point ("1.5" = 1,5), as machine exports write
    it; a German thousands point is recognised together with a decimal comma
    ("1.234,5") or when there are several ("1.234.567"). A trailing "%" is dropped.
    """
    if type(value) is str:  # every cell of a CSV file: straight to the plain case
        text = value.strip().removesuffix("%")
        if plain(text):
            return float(text.replace(",", "."))
    elif value is None:
        return None
    if isinstance(value, bool):
        raise ValueError(f"„{excerpt(value)}“ ist keine Zahl")
    if isinstance(value, int | float):
        if isinstance(value, float) and math.isnan(value):
            return None
        return float(value)
    text = str(value).strip().removesuffix("%")
    if plain(text):
        # What most cells of a machine-written file look like ("1234", "12,5", "0.75"):
        # read as parse_decimal reads them (one comma or one point is the decimal mark),
        # without its regular expressions and Decimal (an import reads 100,000 cells).
        return float(text.replace(",", "."))
    try:
        number = parse_decimal(text, machine_written=True)
    except ValueError:
        raise ValueError(f"„{excerpt(value)}“ ist keine Zahl") from None
    return None if number is None else float(number)
