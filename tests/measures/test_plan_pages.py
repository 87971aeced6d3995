# ruff: noqa: F811  (fixtures are imported, pytest passes them by name)
"""The measures plan pages: plans, plan table and timeline, measure, status form, exports.

What each role gets, and what the public never gets: a non-public measure, a measure of
a non-public plan, or a budget line (internal working data).
"""

from __future__ import annotations

import datetime as dt
import io
import re

import openpyxl
import pytest
from django.test import Client
from pypdf import PdfReader

from sozialplanung.core.visibility import Role
from sozialplanung.measures.models import Measure, MeasureUpdate
from tests.concurrency import post_fresh
from tests.measures.plan_fixtures import CANARY_MEASURE, CANARY_PLAN, build_plan, office_users
from tests.offers.conftest import categories, offers, providers, target_groups  # noqa: F401

pytestmark = pytest.mark.django_db

BASE = "/teststadt/massnahmen"
PLAN = f"{BASE}/fachplan-asyl"
CANARIES = (CANARY_MEASURE, CANARY_PLAN)


@pytest.fixture
def plan(municipality, areas, categories, offers):
    return build_plan(municipality, areas, categories, offers["mittag-nord"])


@pytest.fixture
def office_clients(municipality, plan):
    clients = {}
    for office, user in office_users(municipality).items():
        client = Client()
        client.force_login(user)
        clients[office] = client
    return clients


def text(response) -> str:
    return response.content.decode()


def count(page: str, testid: str) -> int:
    return len(re.findall(rf'data-testid="{testid}"', page))


def section(page: str, testid: str) -> str:
    """The element with ``data-testid`` up to the end of the page (enough for 'in')."""
    return page.split(f'data-testid="{testid}"', 1)[1]


def test_plans_page_counts_only_visible_measures(plan, client_for):
    public = text(Client().get(f"{BASE}/"))
    assert "Fachplan Asyl und Integration" in public
    assert re.search(r'data-testid="total-fachplan-asyl">3<', public)
    assert re.search(r'data-testid="overdue-fachplan-asyl"><strong[^>]*>1<', public)
    assert "total-intern" not in public and not any(c in public for c in CANARIES)
    council = text(client_for(Role.STADTRAT).get(f"{BASE}/"))
    assert re.search(r'data-testid="total-fachplan-asyl">4<', council)
    assert re.search(r'data-testid="total-intern">1<', council)
    # the secret measure (due IV/2025, planned) is overdue too, for those who may see it
    assert re.search(r'data-testid="overdue-fachplan-asyl"><strong[^>]*>2<', council)


def test_plan_table_shows_rows_quarters_items_and_costs(plan):
    response = Client().get(f"{PLAN}/")
    assert response.status_code == 200
    page = text(response)
    table = section(page, "plan-table").split("</table>")[0]
    assert count(table, "measure-row") == 3
    assert (
        table.index("Wohnen")
        < table.index("Wohnungen für Geflüchtete")
        < table.index("Bürgerschaftliches Engagement")
    )
    assert "I/2023" in table and "IV/2024" in table and "II/2031" in table
    resolution = plan["resolution"]
    assert f'href="/teststadt/gremien/beschluesse/{resolution.pk}/#punkt-3"' in table
    assert "V2927/19" in table
    # 2025: 12.000 one-off + 30.000 recurring; 2026: the recurring 30.000 only
    assert "2025: 42.000\u00a0€" in table and "2026: 30.000\u00a0€" in table
    assert f'/massnahmen/fachplan-asyl/{plan["housing"].pk}/"' in table
    assert not any(c in page for c in CANARIES)
    assert "31.5.01" not in page and "Wohnraumhilfe" not in page


def test_plan_table_for_the_council_has_the_secret_measure_and_budget_line(plan, client_for):
    page = text(client_for(Role.STADTRAT).get(f"{PLAN}/"))
    assert count(page, "measure-row") == 4
    assert CANARY_MEASURE in page
    assert '<abbr title="Wohnraumhilfe">31.5.01</abbr>' in page


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ("status=umgesetzt", ["Ehrenamtsbörse"]),
        ("field", ["Wohnungen für Geflüchtete", "Beratung im Quartier"]),
        ("office", ["Beratung im Quartier"]),
        ("status=unbekannt&amt=999999", ["Wohnungen", "Beratung", "Ehrenamtsbörse"]),
    ],
)
def test_plan_filters(plan, query, titles):
    if query == "field":
        query = f"handlungsfeld={plan['housing'].field_of_action_id}"
    elif query == "office":
        query = f"amt={plan['jugendamt'].pk}"
    page = text(Client().get(f"{PLAN}/?{query}"))
    table = section(page, "plan-table").split("</table>")[0]
    assert count(table, "measure-row") == len(titles)
    for title in titles:
        assert title in table
    # the export links carry the filters
    if "unbekannt" not in query:
        assert f"/fachplan-asyl/xlsx?{query}" in page.replace("&amp;", "&")


def test_timeline_has_one_bar_per_visible_measure_and_marks_the_overdue(plan, client_for):
    page = text(Client().get(f"{PLAN}/"))
    timeline = section(page, "timeline")
    assert count(timeline, "bar") == 3
    rows = timeline.split('data-testid="timeline-row"')[1:]
    by_title = {t: r for r in rows for t in ("Wohnungen", "Beratung", "Ehrenamtsbörse") if t in r}
    # due IV/2024 and still in progress: overdue, with a tail up to today
    assert "is-overdue" in rows[0] and "Wohnungen" in rows[0]
    assert count(by_title["Wohnungen"], "overdue-tail") == 1
    assert "I/2023 – IV/2024" in by_title["Wohnungen"]
    # done (though due long ago) and in the future: not overdue
    assert "overdue-tail" not in by_title["Ehrenamtsbörse"]
    assert "overdue-tail" not in by_title["Beratung"]
    assert count(page, "overdue") == 1  # the status badge in the table
    council = section(text(client_for(Role.STADTRAT).get(f"{PLAN}/")), "timeline")
    assert count(council, "bar") == 4


def test_the_public_gets_404_for_non_public_measures_and_plans(plan):
    client = Client()
    for url in (
        f"{PLAN}/{plan['secret'].pk}/",
        f"{BASE}/intern/",
        f"{BASE}/intern/{plan['hidden'].pk}/",
        f"{PLAN}/{plan['hidden'].pk}/",  # a measure of another plan
        f"{BASE}/intern/xlsx",
        f"{BASE}/intern/pdf",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert not any(c in text(response) for c in CANARIES)


def test_measure_page_shows_everything_the_public_may_read(plan):
    housing = plan["housing"]
    page = text(Client().get(f"{PLAN}/{housing.pk}/"))
    assert "Wohnungen für Geflüchtete" in page and "Vermittlung in selbst angemieteten" in page
    assert "Erste Wohnungen vermittelt." in section(page, "history")
    assert "/teststadt/bedarf/luecken/?kategorie=mittagstisch&amp;ebene=stadtteil" in page
    assert "Nordwest" in section(page, "gaps")
    offer = section(page, "offers")
    assert "Mittagstisch Nord" in offer and "/teststadt/angebote/" in offer
    assert f"/gremien/beschluesse/{plan['resolution'].pk}/#punkt-3" in section(page, "items")
    costs = section(page, "cost-years").split("</table>")[0]
    assert "42.000,00\u00a0€" in costs and "30.000,00\u00a0€" in costs
    # the key figure: chart with baseline, values and a dashed target, and a data table
    chart = section(page, "key-figure")
    assert 'data-chart="key-figure"' in chart and 'data-testid="target-line"' in chart
    values = section(page, "key-figure-table").split("</table>")[0]
    assert "440 Personen" in values and "507 Personen" in values and "600 Personen" in values
    assert "31.12.2024" in values and "Stand Jahresende" in values
    assert f'/fachplan-asyl/{plan["advice"].pk}/"' in page  # required by
    # internal only: the budget line and the change history
    assert "31.5.01" not in page and 'data-testid="budget-line"' not in page
    assert 'id="h-trail"' not in page
    assert 'data-testid="update-link"' not in page


def test_measure_page_for_the_planning_unit_has_budget_line_and_trail(plan, client_for):
    page = text(client_for(Role.SOZIALPLANUNG).get(f"{PLAN}/{plan['housing'].pk}/"))
    assert "31.5.01 Wohnraumhilfe" in section(page, "budget-line")
    trail = page.split('id="h-trail"')[1]
    assert "Wohnungen für Geflüchtete" in trail and "Test" in trail
    assert 'data-testid="update-link"' in page


def test_status_form_sends_the_anonymous_to_login(plan):
    for measure in (plan["housing"], plan["secret"]):
        response = Client().get(f"{PLAN}/{measure.pk}/status/")
        assert response.status_code == 302 and response["Location"].startswith("/anmelden/")


def test_responsible_office_records_a_status(plan, office_clients):
    housing = plan["housing"]
    url = f"{PLAN}/{housing.pk}/status/"
    client = office_clients["Sozialamt"]
    assert client.get(url).status_code == 200
    response = post_fresh(
        client,
        url,
        {"date": "15.01.2025", "status": "verzoegert", "note": "Bauverzug beim Träger."},
    )
    assert response.status_code == 302
    assert response["Location"] == f"{PLAN}/{housing.pk}/#verlauf"
    housing.refresh_from_db()
    assert housing.status == Measure.Status.DELAYED
    newest = MeasureUpdate.objects.filter(measure=housing).first()
    assert newest.date == dt.date(2025, 1, 15) and newest.note == "Bauverzug beim Träger."
    assert newest.author.username == "fachamt-sozialamt"
    history = section(text(client.get(response["Location"])), "history")
    assert history.index("15.01.2025") < history.index("01.03.2024")  # newest first


def test_another_office_and_other_roles_get_403(plan, office_clients, client_for):
    housing = plan["housing"]
    url = f"{PLAN}/{housing.pk}/status/"
    jugendamt = office_clients["Jugendamt"]
    assert jugendamt.get(url).status_code == 403
    data = {"date": "15.01.2025", "status": "umgesetzt", "note": "x"}
    assert jugendamt.post(url, data).status_code == 403
    for role in (Role.STADTRAT, Role.TRAEGER):
        assert client_for(role).post(url, data).status_code == 403
    housing.refresh_from_db()
    assert housing.status == Measure.Status.IN_PROGRESS
    assert MeasureUpdate.objects.filter(measure=housing).count() == 1
    assert client_for(Role.SOZIALPLANUNG).get(url).status_code == 200


@pytest.mark.parametrize("bad_date", ["31.02.2025", "morgen", "01.01.2999"])
def test_invalid_date_keeps_input_and_changes_nothing(plan, office_clients, bad_date):
    housing = plan["housing"]
    url = f"{PLAN}/{housing.pk}/status/"
    response = office_clients["Sozialamt"].post(
        url, {"date": bad_date, "status": "umgesetzt", "note": "Mein Text bleibt."}
    )
    assert response.status_code == 200
    page = text(response)
    assert "Mein Text bleibt." in page and f'value="{bad_date}"' in page
    assert re.search(r'<option value="umgesetzt" selected>', page)
    assert 'id="id_date-error"' in page
    if bad_date != "01.01.2999":
        assert "Bitte ein gültiges Datum eingeben." in page  # Django's German catalogue
    housing.refresh_from_db()
    assert housing.status == Measure.Status.IN_PROGRESS
    assert MeasureUpdate.objects.filter(measure=housing).count() == 1


def _sheet_rows(response) -> list[tuple]:
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    return list(book.active.iter_rows(values_only=True))


def test_xlsx_has_the_visible_rows_and_no_budget_for_the_public(plan, client_for):
    response = Client().get(f"{PLAN}/xlsx")
    assert response.status_code == 200
    assert "massnahmenplan_fachplan-asyl.xlsx" in response["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = book.active
    rows = list(sheet.iter_rows(values_only=True))
    cells = [str(v) for row in rows for v in row if v is not None]
    assert "Fachplan Asyl und Integration" in cells[0]
    header_index = next(i for i, row in enumerate(rows) if "Measure" in row or "Maßnahme" in row)
    header = rows[header_index]
    data = [r for r in rows[header_index + 1 :] if r[2]]
    assert [r[2] for r in data] == [
        "Wohnungen für Geflüchtete",
        "Beratung im Quartier",
        "Ehrenamtsbörse",
    ]
    assert data[0][4:6] == ("I/2023", "IV/2024")
    assert not any(c in " ".join(cells) for c in CANARIES)
    assert "31.5.01 Wohnraumhilfe" not in cells and len(header) == 9 + 2  # + cost years
    assert data[0][-2:] == (42000, 30000)
    assert sheet.cell(header_index + 1, 1).font.b
    assert sheet.freeze_panes == f"A{header_index + 2}"
    assert sheet.cell(header_index + 2, 10).number_format.startswith("#,##0.00")
    council = [
        str(v) for r in _sheet_rows(client_for(Role.STADTRAT).get(f"{PLAN}/xlsx")) for v in r
    ]
    assert "31.5.01 Wohnraumhilfe" in council and any(CANARY_MEASURE in v for v in council)


def test_xlsx_names_the_filters_and_filters_the_rows(plan):
    rows = _sheet_rows(Client().get(f"{PLAN}/xlsx?status=umgesetzt"))
    titles = [
        r[2] for r in rows if len(r) > 2 and r[2] in ("Ehrenamtsbörse", "Beratung im Quartier")
    ]
    assert titles == ["Ehrenamtsbörse"]
    assert any(r[1] == str(Measure.Status.DONE.label) for r in rows[:8])


def test_pdf_is_landscape_with_the_titles(plan, client_for):
    response = Client().get(f"{PLAN}/pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    box = reader.pages[0].mediabox
    assert box.width > box.height  # A4 landscape
    content = " ".join(p.extract_text() for p in reader.pages)
    flat = " ".join(content.split())
    for title in ("Wohnungen für Geflüchtete", "Beratung im Quartier", "Ehrenamtsbörse"):
        assert title in flat
    assert "Fachplan Asyl und Integration" in flat and "V2927/19" in flat
    assert dt.date.today().strftime("%d.%m.%Y") in flat
    assert not any(c in flat for c in CANARIES) and "Wohnraumhilfe" not in flat
    council = PdfReader(io.BytesIO(client_for(Role.STADTRAT).get(f"{PLAN}/pdf").content))
    council_text = " ".join(" ".join(p.extract_text() for p in council.pages).split())
    assert "Wohnraumhilfe" in council_text


def test_cost_years_sum_per_year_and_mark_open_ended_costs():
    from decimal import Decimal

    from sozialplanung.measures.models import MeasureCost
    from sozialplanung.measures.plan_costs import cost_years, money

    costs = [
        MeasureCost(amount=Decimal("1000.50"), year=2025),
        MeasureCost(amount=Decimal("2000"), year=2026, recurring=True),
    ]
    years = [(c.year, c.amount, c.onwards) for c in cost_years(costs)]
    assert years == [(2025, Decimal("1000.50"), False), (2026, Decimal("2000"), True)]
    assert money(Decimal("1000.50")) == "1.000,50\u00a0€"
    assert money(Decimal("850000")) == "850.000\u00a0€"
