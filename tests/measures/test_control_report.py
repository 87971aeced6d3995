"""The periodic resolution-control report on the Dresden demo (issue 14, Done-when 4).

The expected traffic lights are worked out here from the demo's own dates (the
resolution dates, the reports' dates and next control dates in ``demo.council``), by
the rule the report documents, not copied from the report.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from sozialplanung.analysis.control_light import ReportPeriod
from sozialplanung.core.models import Municipality, User
from sozialplanung.council import actions as council
from sozialplanung.council.models import Resolution, ResolutionItem, StatusReport
from sozialplanung.council.overdue import add_months, first_control_months
from sozialplanung.demo import council as demo
from sozialplanung.measures.control_report import build_report
from tests.reports.reading import docx_paragraphs, pdf_text, words, xlsx_cells

pytestmark = pytest.mark.django_db

URL = "/dresden/gremien/beschlusskontrolle/"
Q3_2025 = {"art": "Q", "jahr": "2025", "teil": "3"}


@pytest.fixture
def dresden(full_demo) -> Municipality:
    return Municipality.objects.get(slug="dresden")


def lights(report) -> dict[tuple[str, str], tuple[str, int]]:
    return {
        (row.item.resolution.paper.reference, row.item.number): (row.light, row.days_overdue)
        for part in report.parts
        for row in part.rows
    }


def expected(dresden: Municipality, as_of: dt.date, soon: int, period: ReportPeriod):
    """Light and days overdue per item, from the demo's dates."""
    months = first_control_months(dresden)

    def judge(due: dt.date) -> tuple[str, int]:
        if due < as_of:
            return "overdue", (as_of - due).days
        return ("due_soon" if (due - as_of).days <= soon else "on_time"), 0

    result: dict[tuple[str, str], tuple[str, int]] = {}
    for number, status, _narrative in demo.V2696_REPORTS:
        if status == "umgesetzt":
            if demo.V2696_LETTER_DATE in period:
                result[("V2696/24", number)] = ("done", 0)
        elif as_of >= demo.V2696_LETTER_DATE:
            result[("V2696/24", number)] = judge(demo.V2696_NEXT_CONTROL)
    for number, status, _narrative in demo.V2927_REPORTS:
        if status != "umgesetzt":
            result[("V2927/19", number)] = judge(demo.V2927_NEXT_CONTROL)
    a0200 = Resolution.objects.get(municipality=dresden, paper__reference="A0200/21")
    for item in a0200.items.all():
        # Item 2 has a published report with a control date of 30.06.2023 (demo.council).
        due = dt.date(2023, 6, 30) if item.number == "2" else add_months(a0200.date, months)
        result[("A0200/21", item.number)] = judge(due)
    lease = Resolution.objects.get(municipality=dresden, paper__reference="V2811/24")
    if lease.date <= as_of:
        result[("V2811/24", "1")] = judge(add_months(lease.date, months))
    return result


@pytest.mark.parametrize("key", ["2025-Q3", "2024"])
def test_traffic_lights_follow_the_demo_dates(dresden, key):
    planner = User.objects.get(username="planung")
    period = ReportPeriod.parse(key)
    report = build_report(dresden, planner, period, today=dt.date(2026, 12, 3))
    assert report.as_of == period.end
    assert lights(report) == expected(dresden, report.as_of, report.soon_days, period)
    # The lease is non-public: it is in the non-public part, and only there.
    public, non_public = report.parts
    assert "V2811/24" not in {r.item.resolution.paper.reference for r in public.rows}
    assert {r.item.resolution.paper.reference for r in non_public.rows} == {"V2811/24"}


def test_the_report_renders_as_pdf_docx_and_xlsx_for_the_council(dresden):
    client = Client()
    client.force_login(User.objects.get(username="planung"))
    page = client.get(URL, Q3_2025)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="part-non-public"' in html and "V2811/24" in html
    pdf = client.get(URL + "bericht.pdf", Q3_2025)
    assert pdf["Content-Type"] == "application/pdf"
    text = words(pdf_text(pdf.content))
    assert "Bericht zur Beschlusskontrolle III/2025" in text or "Beschlusskontrolle" in text
    for word in ("V2696/24", "bald fällig", "überfällig", "Sozialamt", "Nicht öffentlicher Teil"):
        assert word in text, word
    docx = " ".join(docx_paragraphs(client.get(URL + "bericht.docx", Q3_2025).content))
    assert "Nicht öffentlicher Teil" in docx and "Sozialamt" in docx
    sheets = xlsx_cells(client.get(URL + "bericht.xlsx", Q3_2025).content)
    assert list(sheets) == ["Öffentlicher Teil", "Nicht öffentlicher Teil"]
    rows = [r for r in sheets["Öffentlicher Teil"] if r and r[1] == "V2696/24"]
    assert {(r[4], r[6]) for r in rows} == {("2", "bald fällig"), ("3", "bald fällig")}


@pytest.mark.parametrize("username", [None, "traeger"])
def test_the_public_and_providers_get_the_public_part_only(dresden, username):
    client = Client()
    if username:
        client.force_login(User.objects.get(username=username))
    html = client.get(URL, Q3_2025).content.decode()
    assert 'data-testid="part-public"' in html and "V2696/24" in html
    assert 'data-testid="part-non-public"' not in html and "V2811/24" not in html
    text = words(pdf_text(client.get(URL + "bericht.pdf", Q3_2025).content))
    assert "V2696/24" in text and "V2811" not in text and "Nicht öffentlicher Teil" not in text
    sheets = xlsx_cells(client.get(URL + "bericht.xlsx", Q3_2025).content)
    assert list(sheets) == ["Öffentlicher Teil"]


def test_a_half_year_past_two_is_refused_naming_the_field(dresden):
    response = Client().get(URL + "bericht.pdf", {"art": "H", "jahr": "2025", "teil": "3"})
    assert response.status_code == 400
    assert "Quartal oder Halbjahr" in response.content.decode()


def test_the_reason_for_delay_counts_once_the_report_is_published(dresden):
    planner = User.objects.get(username="planung")
    item = ResolutionItem.objects.get(resolution__paper__reference="A0200/21", number="2")
    report = council.record_status_report(
        item,
        date=dt.date(2025, 8, 1),
        status=StatusReport.Status.IN_PROGRESS,
        delay_reason="Die Stelle der Jugendhilfeplanung war ein halbes Jahr unbesetzt.",
        next_control_date=dt.date(2025, 12, 31),
        acting_user=planner,
    )
    period = ReportPeriod.parse("2025-Q3")

    def row():
        built = build_report(dresden, planner, period, today=dt.date(2026, 12, 3))
        return next(r for part in built.parts for r in part.rows if r.item == item)

    # Internal until published: the council's report still reads the old one.
    assert (row().delay_reason, row().light) == ("", "overdue")
    council.publish_status_report(report, acting_user=planner)
    assert row().delay_reason.startswith("Die Stelle der Jugendhilfeplanung")
    assert row().light == "on_time"  # 31.12.2025 is more than 30 days after 30.09.2025
