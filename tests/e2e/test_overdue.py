# ruff: noqa: F811  (the council fixtures are imported, pytest passes them by name)
"""The overdue dashboard in a real browser: the planning unit sees an item past its date."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from sozialplanung.core.visibility import Role
from sozialplanung.council.models import StatusReport
from tests.council.conftest import bodies, offices, secret_papers, v2696  # noqa: F401

pytestmark = pytest.mark.browser


def test_planning_unit_sees_an_item_past_its_date(page, shot, login, v2696, secret_papers):
    past = dt.date.today() - dt.timedelta(days=40)
    StatusReport.objects.create(
        item=v2696["items"][1],
        date=past - dt.timedelta(days=90),
        status=StatusReport.Status.IN_PROGRESS,
        narrative="Gespräche mit dem Jobcenter laufen.",
        next_control_date=past,
    )
    login(Role.SOZIALPLANUNG)
    # The page counts the days by the server's clock during the request: across
    # midnight that is one day more than when the test began (40).
    before = dt.date.today()
    page.goto("/teststadt/gremien/ueberfaellig/")
    days = {str((day - past).days) for day in (before, dt.date.today())}
    table = page.locator("[data-testid=overdue-table]")
    row = table.locator("tbody tr", has_text="V2696/24").filter(has_text="Punkt 2")
    expect(row).to_have_count(1)
    assert past.strftime("%d.%m.%Y") in row.inner_text()
    assert any(count in row.locator("td.num").inner_text() for count in days)
    # The confidential paper is visible to the planning unit, and marked as not public.
    assert "V9002/24" in table.inner_text()
    assert "vertraulich" in table.locator("tr", has_text="V9002/24").inner_text()
    assert "Sozialamt" in page.locator("[data-testid=per-office]").inner_text()
    shot(page, "council-overdue")
    page.get_by_label("Überfällig seit").select_option("bis-3-monate")
    with page.expect_navigation():
        page.get_by_role("button", name="Anzeigen").click()
    assert "V9002/24" not in page.locator("[data-testid=overdue-table]").inner_text()
    expect(page.locator("[data-testid=overdue-table] tbody tr")).to_have_count(1)
    shot(page, "council-overdue-filtered")
    assert page.js_errors == []
