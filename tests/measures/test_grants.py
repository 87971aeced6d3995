# ruff: noqa: F811  (fixtures are imported; pytest passes them by name)
"""The grants page: table, indexing (Dynamisierung) by hand, projection, rates typed in.

Mittagstisch Nord got 100 000 € in each of 2019–2022 (and 2025), 80 % personnel;
scenario "Tarif 3/2": personnel +3 %, material +2 % a year, base year 2019.

needed(2022) = 100 000 × (0.8 × 1.03³ + 0.2 × 1.02³)
             = 100 000 × (0.8 × 1.092727 + 0.2 × 1.061208)
             = 87 418.16 + 21 224.16 = 108 642.32 €, gap 8 642.32 €.
"""

from __future__ import annotations

import io
import re

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation
from openpyxl import load_workbook

from sozialplanung.core.visibility import Role
from sozialplanung.measures.grants import (
    ChosenScenario,
    RateError,
    grant_table,
    indexing,
    parse_percent,
)
from tests.measures.budget_fixtures import budget_data  # noqa: F401
from tests.offers.conftest import categories, offers, providers, target_groups  # noqa: F401

URL = "/teststadt/massnahmen/haushalt/foerderung/"
EURO = "\xa0€"


def de(msgid: str) -> str:
    with translation.override("de"):
        return translation.gettext(msgid)


def row_cells(html: str, series: str, year: int) -> list[str]:
    """Cells of the indexing row of ``series`` in ``year``."""
    block = re.search(rf'<tbody data-series="{series}">(.*?)</tbody>', html, re.S)
    assert block, series
    row = re.search(rf'<tr data-year="{year}">(.*?)</tr>', block[1], re.S)
    assert row, (series, year)
    return [
        re.sub(r"<[^>]+>", "", c).strip()
        for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row[1], re.S)
    ]


def table_row(html: str, testid: str, year: int) -> list[str]:
    table = re.search(rf'data-testid="{testid}">(.*?)</table>', html, re.S)
    assert table, testid
    row = re.search(rf'<tr data-year="{year}">(.*?)</tr>', table[1], re.S)
    assert row, (testid, year)
    return [
        re.sub(r"<[^>]+>", "", c).strip()
        for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row[1], re.S)
    ]


@pytest.mark.django_db
def test_indexing_of_a_stagnating_grant_by_hand(budget_data, users):
    table = grant_table(budget_data["budget"].municipality, users[Role.SOZIALPLANUNG])
    result = indexing(table, ChosenScenario.from_model(budget_data["scenario"]), until_year=2026)
    nord = next(s for s in result.series if s.series.label == "Mittagstisch Nord")
    rows = {r.year: r for r in nord.rows}
    # 2020: 100 000 × (0.8 × 1.03 + 0.2 × 1.02) = 102 800; 2021: × (0.848720 + 0.208080)
    # = 105 680; 2022: 108 642.32 (module docstring).
    assert [round(rows[y].needed, 2) for y in (2019, 2020, 2021, 2022)] == [
        100000,
        102800,
        105680,
        108642.32,
    ]
    assert round(rows[2022].gap, 2) == 8642.32
    # Cumulative 2019–2022: 0 + 2 800 + 5 680 + 8 642.32 = 17 122.32
    assert round(rows[2022].cumulative_gap, 2) == 17122.32
    # 2025 (6 years): 0.8 × 1.03⁶ + 0.2 × 1.02⁶ = 0.955242 + 0.225232 = 1.180474 → 118 047.43
    assert round(rows[2025].needed, 2) == 118047.43
    # Mittagstisch Süd has no grant in the base year 2019: reported, not indexed.
    sued = next(s for s in result.series if s.series.label == "Mittagstisch Süd")
    assert sued.rows == [] and "2019" in sued.problem
    # Projection from the latest grant (2025) to 2026, held flat: 2026 needs 102 800.
    assert [(r.year, round(r.needed, 2), round(r.gap, 2)) for r in nord.projection] == [
        (2025, 100000, 0),
        (2026, 102800, 2800),
    ]


@pytest.mark.django_db
def test_grants_page_with_the_stored_scenario(budget_data, client_for):
    response = client_for(Role.SOZIALPLANUNG).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tarif 3/2" in html and "TVöD-Abschlüsse" in html
    # Year, granted, needed, gap, cumulative gap, real change (100 000 / 108 642.32 − 1
    # = −7.95 %).
    assert row_cells(html, "Mittagstisch Nord", 2022) == [
        "2022",
        "100.000,00" + EURO,
        "108.642,32" + EURO,
        "8.642,32" + EURO,
        "17.122,32" + EURO,
        "-8,0&nbsp;%",  # the template writes the no-break space as an entity
    ]
    assert 'data-series="Mittagstisch Süd"' not in html
    assert "Mittagstisch Süd" in re.search(r'data-testid="skipped">(.*?)</p>', html, re.S)[1]
    # Totals per year = Nord alone (Süd not indexed).
    assert table_row(html, "index-totals", 2022)[1:] == [
        "100.000,00" + EURO,
        "108.642,32" + EURO,
        "8.642,32" + EURO,
    ]
    assert table_row(html, "projection-totals", 2026)[1:] == [
        "100.000,00" + EURO,
        "102.800,00" + EURO,
        "2.800,00" + EURO,
    ]
    assert 'data-chart="lines"' in html
    # The grant table: applied/granted/paid of Nord 2025, named with its budget line.
    assert "120.000,00" + EURO in html and "50.000,00" + EURO in html
    assert "1.1 Zuwendungen FFRL Soziales" in html


@pytest.mark.django_db
def test_own_rates_with_decimal_comma_and_no_base_year(budget_data, client_for):
    # personal=3,0 (German decimal comma), sach=2: each series from its first grant.
    # Süd from 2021 (50 % personnel): 2022 needs 50 000 × (0.5 × 1.03 + 0.5 × 1.02)
    # = 51 250. Totals 2022: granted 100 000 + 50 000 = 150 000; needed 108 642.32 +
    # 51 250 = 159 892.32; gap 9 892.32.
    html = client_for(Role.SOZIALPLANUNG).get(URL + "?personal=3,0&sach=2").content.decode()
    assert row_cells(html, "Mittagstisch Süd", 2022)[1:4] == [
        "50.000,00" + EURO,
        "51.250,00" + EURO,
        "1.250,00" + EURO,
    ]
    assert table_row(html, "index-totals", 2022)[1:] == [
        "150.000,00" + EURO,
        "159.892,32" + EURO,
        "9.892,32" + EURO,
    ]
    # Projection to 2026: Nord from 2025 needs 102 800; Süd from 2022, 4 years:
    # 50 000 × (0.5 × 1.12550881 + 0.5 × 1.08243216) = 55 198.52; sum 157 998.52,
    # granted 150 000, gap 7 998.52.
    assert table_row(html, "projection-totals", 2026)[1:] == [
        "150.000,00" + EURO,
        "157.998,52" + EURO,
        "7.998,52" + EURO,
    ]
    assert "+3,00 %" in html and "+2,00 %" in html


@pytest.mark.parametrize(
    "text, value",
    [("3,5", 3.5), ("2", 2.0), (" -1,25 % ", -1.25), ("\u22120,5", -0.5), ("3.5", 3.5)],
)
def test_parse_percent_accepts_what_german_offices_type(text, value):
    assert parse_percent(text, "Personalkosten") == value


@pytest.mark.parametrize("text", ["drei", "1e400", "-100", "150", "nan", "3,5,1", ""])
def test_parse_percent_rejects_nonsense(text):
    with pytest.raises(RateError, match="Personalkosten"):
        parse_percent(text, "Personalkosten")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query, bad",
    [
        ("personal=drei&sach=2", "drei"),
        ("personal=3,5&sach=<b>x</b>", "&lt;b&gt;x&lt;/b&gt;"),
        ("personal=-150&sach=2", "-150"),
        ("personal=3&sach=", None),
        ("personal=3&sach=2&basisjahr=neunzehn", "neunzehn"),
    ],
)
def test_bad_rates_give_a_german_message_and_no_crash(budget_data, client_for, query, bad):
    response = client_for(Role.SOZIALPLANUNG).get(f"{URL}?{query}")
    # Like an invalid form: the page again, with the message (the XLSX below says 400).
    assert response.status_code == 200
    html = response.content.decode()
    errors = re.search(r'data-testid="rate-errors">(.*?)</div>', html, re.S)
    assert errors, query
    if bad is not None:
        assert bad in errors[1]
    assert "<b>x</b>" not in html
    # The page stays usable: the form keeps what was typed, the grant table is there,
    # no indexing is computed from half a scenario.
    assert 'data-testid="index-table"' not in html
    assert "Mittagstisch Nord" in html
    # The message is the German one (the catalogue's, as far as it is filled).
    assert (
        de("Personnel costs") in errors[1]
        or de("Material costs") in errors[1]
        or ("basisjahr" in query)
    )
    xlsx = client_for(Role.SOZIALPLANUNG).get(f"{URL}xlsx?{query}")
    assert xlsx.status_code == 400 and xlsx["Content-Type"].startswith("text/plain")


@pytest.mark.django_db
def test_german_wording_of_the_rate_error(budget_data, client_for):
    html = client_for(Role.SOZIALPLANUNG).get(URL + "?personal=drei&sach=2").content.decode()
    expected = de("%(label)s: “%(value)s” is not a number. Enter a percentage such as 3,5.") % {
        "label": de("Personnel costs"),
        "value": "drei",
    }
    assert expected in html
    # The example is written the German way whatever the catalogue says.
    assert "3,5" in expected


@pytest.mark.django_db
def test_grants_xlsx(budget_data, client_for):
    client = client_for(Role.SOZIALPLANUNG)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(URL + "xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Grants", "Indexing", "Totals per year", "Projection"]
    grants = [r for r in book["Grants"].iter_rows(values_only=True)]
    assert len(grants) == 1 + 7  # header, Nord 2019–2022 and 2025, Süd 2021–2022
    indexing_rows = [r for r in book["Indexing"].iter_rows(values_only=True) if r[3] == 2022]
    assert indexing_rows == [
        (
            "FFRL Soziales",
            "Verein Nord",
            "Mittagstisch Nord",
            2022,
            100000,
            108642.32,
            8642.32,
            17122.32,
        )
    ]
    assert (
        book["Indexing"]["A1"].value == "Scenario" and book["Indexing"]["B1"].value == "Tarif 3/2"
    )
    totals = list(book["Totals per year"].iter_rows(values_only=True))
    assert totals[0] == ("Year", "Granted", "Needed", "Gap")
    assert (2022, 100000, 108642.32, 8642.32) in totals
    projection = [r for r in book["Projection"].iter_rows(values_only=True) if r[3] == 2026]
    assert projection[0][4:] == (100000, 102800, 2800, 2800)


@pytest.mark.django_db
def test_xlsx_with_own_rates_follows_the_query(budget_data, client_for):
    response = client_for(Role.SOZIALPLANUNG).get(URL + "xlsx?personal=3&sach=2")
    book = load_workbook(io.BytesIO(response.content))
    sued = [r for r in book.worksheets[1].iter_rows(values_only=True) if r[2] == "Mittagstisch Süd"]
    # Süd 2022 with its own base year 2021: needed 51 250, gap 1 250.
    assert [r[3:7] for r in sued] == [(2021, 50000, 50000, 0), (2022, 50000, 51250, 1250)]


@pytest.mark.django_db
def test_traeger_and_public_get_nothing(budget_data, client_for):
    for query in ("", "?personal=3&sach=2"):
        traeger = client_for(Role.TRAEGER).get(URL + query)
        assert traeger.status_code == 404
        assert "108.642" not in traeger.content.decode()
        anonymous = Client().get(URL + query)
        assert anonymous.status_code == 302
