"""No spreadsheet the product writes carries a live formula (CSV injection).

Names that providers, imports and council papers set are planted with formulas; then
every XLSX and CSV output (the HSDS package's CSV tables included) is downloaded. No
XLSX cell may be a formula, no CSV cell may begin with ``=``, ``+``, ``-`` or ``@``; and
each planted name must turn up escaped, so the test fails when a file stops showing it.
"""

from __future__ import annotations

import io
import itertools

import pytest
from django.test import Client
from openpyxl import load_workbook

from sozialplanung.areas.models import Area, Indicator
from sozialplanung.core.models import Office
from sozialplanung.council.models import Body, Paper, ResolutionItem
from sozialplanung.measures.models import BudgetLine, FieldOfAction, FundingGuideline, Measure
from sozialplanung.offers.models import Offer, OfferCategory, Provider

from .reading import csv_rows, zip_members

pytestmark = pytest.mark.django_db

PLANTED = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)"]
ESCAPED = {f"'{p}" for p in PLANTED}
NAMED = [
    (Provider, "name"),
    (Offer, "name"),
    (OfferCategory, "name"),
    (Indicator, "name"),
    (Area, "name"),
    (Paper, "name"),
    (ResolutionItem, "text"),
    (Body, "name"),
    (Office, "name"),
    (Measure, "title"),
    (FieldOfAction, "name"),
    (BudgetLine, "title"),
    (FundingGuideline, "name"),
]


@pytest.fixture
def planted(everything):
    """Every name of the models above becomes one of the formulas, in turn."""
    values = itertools.cycle(PLANTED)
    for model, field in NAMED:
        for pk in model.objects.order_by("pk").values_list("pk", flat=True):
            model.objects.filter(pk=pk).update(**{field: next(values)})


def xlsx_strings(data: bytes) -> list[str]:
    book = load_workbook(io.BytesIO(data))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    return [c.value for c in cells if isinstance(c.value, str)]


def csv_strings(data: bytes, delimiter: str = ";") -> list[str]:
    cells = [cell for row in csv_rows(data, delimiter) for cell in row]
    assert [c for c in cells if c[:1] in {"=", "+", "-", "@", "\t", "\r"}] == []
    return cells


def test_no_spreadsheet_carries_a_formula(planted, exports, planner):
    client = Client()
    client.force_login(planner)
    seen: set[str] = set()
    for export in exports:
        if export.fmt not in {"xlsx", "csv", "zip"}:
            continue
        response = client.get(export.url)
        assert response.status_code == 200, str(export)
        if export.fmt == "xlsx":
            cells = xlsx_strings(response.content)
        elif export.fmt == "csv":
            cells = csv_strings(response.content)
        else:
            members = zip_members(response.content)
            cells = [
                cell
                for name, data in members.items()
                if name.endswith(".csv")
                for cell in csv_strings(data, delimiter=",")
            ]
        found = ESCAPED.intersection(cells)
        assert found, f"{export} shows none of the planted names"
        seen |= found
    assert seen == ESCAPED
