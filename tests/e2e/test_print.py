# ruff: noqa: F811  (the council fixtures are imported, pytest passes them by name)
"""Printing a list (issue 16, "print stylesheet for lists, letters and area pages"): on
paper the overdue list shows its heading and its whole table; the site's header, the
navigation and the filter form are not printed, and no column is cut at the page edge."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from sozialplanung.core.visibility import Role
from sozialplanung.council.models import StatusReport
from tests.council.conftest import bodies, offices, secret_papers, v2696  # noqa: F401

from .conftest import SCREENSHOTS

pytestmark = pytest.mark.browser

# A4 portrait at 96 dpi less Chromium's default margins: the width a printed line has.
A4_PRINTABLE_PX = 718
WIDEST_TABLE = """() => Math.max(...[...document.querySelectorAll("main table")]
  .map(t => t.getBoundingClientRect().right))"""


def test_overdue_list_prints_without_header_navigation_and_filters(page, login, v2696):
    past = dt.date.today() - dt.timedelta(days=40)
    StatusReport.objects.create(
        item=v2696["items"][1],
        date=past - dt.timedelta(days=90),
        status=StatusReport.Status.IN_PROGRESS,
        narrative="Gespräche mit dem Jobcenter laufen.",
        next_control_date=past,
    )
    login(Role.SOZIALPLANUNG)
    page.goto("/teststadt/gremien/ueberfaellig/")
    # On screen each overdue item offers "Sachstandsbericht erfassen"; on paper it is of
    # no use.
    report_link = page.get_by_test_id("report-link").first
    expect(report_link).to_be_visible()
    page.set_viewport_size({"width": A4_PRINTABLE_PX, "height": 1000})
    page.emulate_media(media="print")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator("[data-testid=overdue-table]")).to_be_visible()
    expect(report_link).to_be_hidden()
    for hidden in ("header.site-header", "nav", "main form"):
        for element in page.locator(hidden).all():
            expect(element).to_be_hidden()
    # Every column is on the paper: no table reaches past the printable width.
    assert page.evaluate(WIDEST_TABLE) <= A4_PRINTABLE_PX
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.pdf(path=str(SCREENSHOTS / "druck-ueberfaellig.pdf"), format="A4")
    page.screenshot(path=str(SCREENSHOTS / "druck-ueberfaellig.png"), full_page=True)
