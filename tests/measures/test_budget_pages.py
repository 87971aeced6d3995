# ruff: noqa: F811  (fixtures are imported; pytest passes them by name)
"""The budget page and its XLSX: totals by priority and year, checked by hand; who sees it.

Fixture figures (tests/measures/budget_fixtures.py):

- priority 1, line 1.1: planned 250 000 € in 2025 and 2026; grant Mittagstisch Nord
  2025: 100 000 €.
- priority 3, line 3.1: planned 60 000 € a year; measure "Mittagstisch Leuben": 25 000 €
  once in 2025 (investive) + 40 000 € a year from 2025 (consumptive, recurring).
"""

from __future__ import annotations

import io
import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation
from openpyxl import load_workbook

from sozialplanung.core.actions import create_municipality
from sozialplanung.core.models import User
from sozialplanung.core.visibility import Role, Visibility
from sozialplanung.measures import actions
from sozialplanung.measures.actions import CostRecord
from sozialplanung.measures.budget import budget_overview
from tests.conftest import TEST
from tests.measures.budget_fixtures import BUDGET_NAME, budget_data  # noqa: F401
from tests.offers.conftest import categories, offers, providers, target_groups  # noqa: F401

BASE = "/teststadt/massnahmen/haushalt/"
URLS = [BASE, BASE + "xlsx", BASE + "foerderung/", BASE + "foerderung/xlsx", BASE + "kapazitaet/"]
EURO = "\xa0€"


def de(msgid: str) -> str:
    """The German text of a msgid: the English one until the catalogue has it."""
    with translation.override("de"):
        return translation.gettext(msgid)


def english(client: Client) -> Client:
    """The client with English chosen, so that sheet and column names are stable."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def cells(html: str, selector_attr: str) -> list[str]:
    """The text of the cells of the table row carrying ``selector_attr`` (e.g. data-year)."""
    match = re.search(rf"<tr[^>]*{selector_attr}[^>]*>(.*?)</tr>", html, re.S)
    assert match, selector_attr
    return [
        re.sub(r"<[^>]+>", "", c).strip()
        for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", match[1], re.S)
    ]


def trimmed(row: tuple) -> tuple:
    """A sheet row without the empty cells openpyxl pads it with on the right."""
    values = list(row)
    while values and values[-1] is None:
        values.pop()
    return tuple(values)


@pytest.mark.django_db
def test_totals_by_priority_and_year_by_hand(budget_data, users):
    overview = budget_overview(budget_data["budget"], users[Role.SOZIALPLANUNG])
    got = {
        (block.priority.number, t.year): (t.planned, t.measures, t.grants, t.assigned, t.remaining)
        for block in overview.priorities
        for t in block.totals
    }
    assert got == {
        # P1 2025: 250 000 planned; the grant 100 000; remaining 250 000 − 100 000 = 150 000
        (1, 2025): (250000, 0, 100000, 100000, 150000),
        # P1 2026: nothing assigned
        (1, 2026): (250000, 0, 0, 0, 250000),
        # P3 2025: 25 000 once + 40 000 recurring = 65 000 > 60 000: remaining −5 000
        (3, 2025): (60000, 65000, 0, 65000, -5000),
        # P3 2026: only the recurring 40 000; remaining 60 000 − 40 000 = 20 000
        (3, 2026): (60000, 40000, 0, 40000, 20000),
    }
    over = {
        (b.priority.number, t.year)
        for b in overview.priorities
        for t in b.totals
        if t.over_committed
    }
    assert over == {(3, 2025)}
    # All priorities: 2025 planned 310 000, assigned 65 000 + 100 000 = 165 000,
    # remaining 145 000; 2026 planned 310 000, assigned 40 000, remaining 270 000.
    assert [(t.year, t.planned, t.assigned, t.remaining) for t in overview.year_totals] == [
        (2025, 310000, 165000, 145000),
        (2026, 310000, 40000, 270000),
    ]
    # By nature: 2025 investive 25 000, consumptive 40 000; 2026 only the 40 000.
    assert [(t.investive, t.consumptive) for t in overview.year_totals] == [
        (25000, 40000),
        (0, 40000),
    ]
    assert all(isinstance(t.remaining, Decimal) for t in overview.year_totals)


@pytest.mark.django_db
def test_budget_page_shows_the_totals_in_german_format(budget_data, client_for):
    response = client_for(Role.SOZIALPLANUNG).get(BASE)
    assert response.status_code == 200
    html = response.content.decode()
    assert BUDGET_NAME in html
    row = cells(html, 'data-priority="3" data-year="2025"')
    assert row[0].startswith("3") and "Sozialplanerische Bedarfe" in row[0]
    assert row[1:] == [
        "2025",
        "60.000,00" + EURO,
        "65.000,00" + EURO,
        "0,00" + EURO,
        "65.000,00" + EURO,
        # remaining 60 000 − 65 000, with its badge
        "-5.000,00" + EURO + " " + de("over-committed"),
    ]
    assert re.search(r'<tr class="over" data-priority="3" data-year="2025"', html)
    assert not re.search(r'<tr class="over" data-priority="1"', html)
    assert cells(html, 'data-priority="1" data-year="2025"')[-1] == "150.000,00" + EURO
    assert cells(html, 'data-total-year="2026"')[-1] == "270.000,00" + EURO
    # Lines with their measures and grants, and the chart with both series.
    assert "Mittagstisch Leuben" in html and "Mittagstisch Nord" in html
    assert 'data-chart="pair-bars"' in html
    assert html.count('class="bar second over"') == 2  # the legend swatch and P3 2025


@pytest.mark.django_db
def test_budget_xlsx_has_the_same_figures(budget_data, client_for):
    response = english(client_for(Role.SOZIALPLANUNG)).get(BASE + "xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["By priority", "Lines", "Measures", "Grants"]
    rows = [trimmed(r) for r in book["By priority"].iter_rows(values_only=True)]
    assert rows[0] == ("Budget", BUDGET_NAME)
    header = rows.index(
        (
            "Priority",
            "Name",
            "Year",
            "Planned",
            "Measures",
            "Grants",
            "Assigned",
            "Remaining",
            "Over-committed",
        )
    )
    data = rows[header + 1 :]
    assert data[2] == (3, "Sozialplanerische Bedarfe", 2025, 60000, 65000, 0, 65000, -5000, "yes")
    assert data[0][-1] == 150000  # P1 2025 remaining; not over-committed: no "yes"
    assert book["By priority"].cell(header + 2, 4).number_format == '#,##0.00 "€"'
    measures = list(book["Measures"].iter_rows(values_only=True))
    # Mittagstisch Leuben 2025: 25 000 investive + 40 000 consumptive = 65 000.
    assert measures[1][:4] == (
        "3.1",
        "Mahlzeitenangebote Leuben, Plauen, Cotta",
        "3.1",
        "Mittagstisch Leuben",
    )
    assert measures[1][5:] == (2025, 25000, 40000, 65000)
    grants = list(book["Grants"].iter_rows(values_only=True))
    assert grants[1][3:] == ("Verein Nord", "Mittagstisch Nord", 2025, 120000, 100000, 50000)


@pytest.mark.django_db
def test_a_line_without_planned_amount_shows_money_as_over_committed(budget_data, users):
    # A line planned only for 2025; a measure costing 1 000 € in 2026 on it must show as
    # over-committed in 2026 (planned 0 − 1 000), not vanish or break the totals.
    line = actions.save_budget_line(
        budget_data["budget"],
        priority=budget_data["priorities"][3],
        code="3.2",
        title="Nur 2025",
        amounts={2025: Decimal("500")},
        acting_user=TEST,
    )
    actions.save_measure(
        budget_data["field"],
        title="Später",
        values={"budget_line": line},
        costs=[CostRecord(Decimal("1000"), 2026)],
        acting_user=TEST,
    )
    overview = budget_overview(budget_data["budget"], users[Role.SOZIALPLANUNG])
    block = next(b for b in overview.lines if b.line == line)
    assert block.unplanned_years == {2026}
    assert [(t.year, t.planned, t.remaining) for t in block.totals] == [
        (2025, 500, 500),
        (2026, 0, -1000),
    ]


@pytest.mark.django_db
def test_anonymous_is_sent_to_login_and_sees_no_figure(budget_data):
    for url in URLS:
        response = Client().get(url)
        assert response.status_code == 302, url
        assert "/anmelden/" in response["Location"]
        assert b"100.000" not in response.content and BUDGET_NAME.encode() not in response.content


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.TRAEGER])
def test_traeger_gets_404_even_with_own_grants(budget_data, client_for, role):
    # The Träger user belongs to Verein Nord, which has grants: still nothing here.
    client = client_for(role)
    for url in URLS:
        response = client.get(url)
        assert response.status_code == 404, url
        text = response.content.decode()
        for figure in ("100.000", "250.000", "Mittagstisch Nord", BUDGET_NAME, "Tarif 3/2"):
            assert figure not in text, (url, figure)


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.SOZIALPLANUNG, Role.FACHAMT, Role.STADTRAT, Role.ADMIN])
def test_internal_roles_see_all_pages(budget_data, client_for, role):
    client = client_for(role)
    for url in URLS:
        assert client.get(url).status_code == 200, (role, url)


@pytest.mark.django_db
def test_staff_of_another_municipality_get_404(budget_data):
    other = create_municipality("anderstadt", "Anderstadt", acting_user=TEST)
    user = User.objects.create_user(username="rat-anderswo", role=Role.STADTRAT, municipality=other)
    client = Client()
    client.force_login(user)
    for url in URLS:
        assert client.get(url).status_code == 404, url


@pytest.mark.django_db
def test_confidential_measure_counts_only_for_those_cleared(budget_data, client_for):
    # A confidential measure of 7 777 € on line 3.1: the planning unit counts it
    # (P3 2025: 65 000 + 7 777 = 72 777), the Fachamt (cleared up to non-public) neither
    # sees it nor its money.
    actions.save_measure(
        budget_data["field"],
        title="Geheime Maßnahme",
        values={"budget_line": budget_data["lines"]["3.1"], "visibility": Visibility.CONFIDENTIAL},
        costs=[CostRecord(Decimal("7777"), 2025)],
        acting_user=TEST,
    )
    planner = client_for(Role.SOZIALPLANUNG).get(BASE).content.decode()
    assert cells(planner, 'data-priority="3" data-year="2025"')[3] == "72.777,00" + EURO
    fachamt = client_for(Role.FACHAMT).get(BASE).content.decode()
    assert cells(fachamt, 'data-priority="3" data-year="2025"')[3] == "65.000,00" + EURO
    assert "Geheime Maßnahme" not in fachamt and "7.777" not in fachamt
    xlsx = client_for(Role.FACHAMT).get(BASE + "xlsx").content
    values = {
        v
        for sheet in load_workbook(io.BytesIO(xlsx)).worksheets
        for row in sheet.iter_rows(values_only=True)
        for v in row
    }
    assert "Geheime Maßnahme" not in values and 7777 not in values


@pytest.mark.django_db
def test_confidential_budget_is_hidden_from_the_fachamt(budget_data, client_for):
    actions.save_budget(
        budget_data["budget"].municipality,
        BUDGET_NAME,
        first_year=2025,
        last_year=2026,
        visibility=Visibility.CONFIDENTIAL,
        acting_user=TEST,
    )
    fachamt = client_for(Role.FACHAMT)
    page = fachamt.get(BASE).content.decode()
    assert 'data-testid="no-budget"' in page and "250.000" not in page
    assert fachamt.get(BASE + "xlsx").status_code == 404
    assert BUDGET_NAME in client_for(Role.STADTRAT).get(BASE).content.decode()
