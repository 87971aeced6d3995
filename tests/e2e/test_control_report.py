"""The periodic resolution-control report page in a real browser, as a council member,
at desktop and phone width, and page 1 of its PDF rendered to an image.

Screenshots: test-artifacts/screenshots/control-report-*.png. The page must not scroll
sideways at phone width (the report's tables scroll in their own box).
"""

from __future__ import annotations

import datetime as dt

import pypdfium2
import pytest
from playwright.sync_api import expect

from sozialplanung.core.actions import define_office
from sozialplanung.core.visibility import Role, Visibility
from sozialplanung.council import actions as council
from sozialplanung.council.actions import ItemRecord
from tests.conftest import TEST
from tests.e2e.conftest import SCREENSHOTS

pytestmark = pytest.mark.browser

URL = "/teststadt/gremien/beschlusskontrolle/?art=J&jahr=2025"
NARROW = {"width": 390, "height": 844}


@pytest.fixture
def resolutions(municipality):
    office = define_office(municipality, "Sozialamt", short_name="50", acting_user=TEST)
    for reference, visibility in [
        ("V0001/25", Visibility.PUBLIC),
        ("V0002/25", "nicht_oeffentlich"),
    ]:
        paper = council.save_paper(
            municipality,
            reference,
            name=f"Sozialplanerisches Handlungskonzept {reference}",
            date=dt.date(2025, 1, 10),
            visibility=visibility,
            acting_user=TEST,
        )
        council.save_resolution(
            paper,
            date=dt.date(2025, 2, 1),
            visibility=visibility,
            items=[ItemRecord("1", "Die Verwaltung legt ein Konzept vor.", office, visibility)],
            acting_user=TEST,
        )


def test_council_member_reads_the_report_and_its_pdf(page, shot, login, resolutions):
    login(Role.STADTRAT)
    page.goto(URL)
    public = page.get_by_test_id("part-public")
    expect(public.locator("tr[data-light=overdue]")).to_have_count(1)  # due 01.08.2025
    expect(page.get_by_test_id("part-non-public").locator("tr[data-testid=row]")).to_have_count(1)
    shot(page, "control-report")
    pdf = page.request.get(page.get_by_test_id("pdf").get_attribute("href"))
    assert pdf.headers["content-type"] == "application/pdf"
    first = pypdfium2.PdfDocument(pdf.body())[0]
    first.render(scale=1.5).to_pil().save(SCREENSHOTS / "control-report-pdf-page-1.png")
    page.set_viewport_size(NARROW)
    page.goto(URL)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1
    shot(page, "control-report-narrow")
    assert page.js_errors == []
