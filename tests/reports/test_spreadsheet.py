"""The hygiene of every spreadsheet: escaping, numbers, CSV cells, file names."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from sozialplanung.core.suppression import SUPPRESSED
from sozialplanung.reports.base import Exporter, Output, register
from sozialplanung.reports.spreadsheet import Column, Table, csv_cell, escape, write_csv, write_xlsx
from sozialplanung.reports.web import attachment


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_strings_that_start_a_formula_get_an_apostrophe(text):
    assert escape(text) == "'" + text


@pytest.mark.parametrize("value", ["Mittagstisch", "1-2", "", -2, -1.5, Decimal("-3"), None])
def test_everything_else_is_kept(value):
    assert escape(value) == value


def test_csv_cells_german_and_numbers_stay_numbers():
    plain = Column("x")
    assert csv_cell(-1.5, plain) == "-1,5"
    assert csv_cell(-2, plain) == "-2"
    assert csv_cell(Decimal("12.50"), Column("x", decimals=1)) == "12,5"
    assert csv_cell(15.0, Column("x", decimals=1)) == "15,0"
    assert csv_cell(dt.date(2026, 3, 1), plain) == "01.03.2026"
    assert csv_cell(SUPPRESSED, plain) == "•"
    assert csv_cell(None, plain) == ""
    assert csv_cell("-2+3", plain) == "'-2+3"


def test_writers_keep_numbers_and_escape_text():
    table = Table(
        "Liste: [1]",
        [Column("Name", 20), Column("Wert", number_format="0.0")],
        [["=A1", -2.5], ["+1", Decimal("3.25")]],
        preamble=[("@Kategorie", "-x")],
    )
    book = load_workbook(io.BytesIO(write_xlsx(table)))
    sheet = book.worksheets[0]
    assert sheet.title == "Liste 1"
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [
        ["'@Kategorie", "'-x"],
        [None, None],
        ["Name", "Wert"],
        ["'=A1", -2.5],
        ["'+1", 3.25],
    ]
    assert sheet["A3"].font.bold and sheet.column_dimensions["A"].width == 20
    text = write_csv(table).decode("utf-8")
    assert text == "\ufeff'@Kategorie;'-x\r\n\r\nName;Wert\r\n'=A1;-2,5\r\n'+1;3,25\r\n"


def test_download_names_are_safe():
    response = attachment(Output(b"x", "text/csv", 'a"b/../Übersicht.csv'))
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''ab..%C3%9Cbersicht.csv"
    assert response["Cache-Control"] == "private, no-store"


def test_two_exporters_cannot_share_a_name():
    class Twin(Exporter):
        identifier = "budget"

    with pytest.raises(ValueError, match="budget"):
        register(Twin)
