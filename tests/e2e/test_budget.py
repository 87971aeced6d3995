# ruff: noqa: F811  (fixtures are imported, pytest passes them by name)
"""Budget, grants and capacity pages in a real browser, as the planning unit.

Desktop and phone width; screenshots to test-artifacts/screenshots/budget-*.png. The
pages must not scroll sideways at phone width (wide tables scroll in their own box).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from sozialplanung.core.visibility import Role
from tests.measures.budget_fixtures import budget_data, capacity_data  # noqa: F401
from tests.offers.conftest import categories, offers, providers, target_groups  # noqa: F401

pytestmark = pytest.mark.browser

BASE = "/teststadt/massnahmen/haushalt/"
PAGES = [
    ("budget", BASE),
    ("grants", BASE + "foerderung/"),
    ("capacity", BASE + "kapazitaet/"),
]
NARROW = {"width": 390, "height": 844}


def page_width_overflow(page) -> int:
    """How far the page is wider than the window (0: no sideways scrolling)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def test_planning_unit_reads_budget_grants_and_capacity(
    page, shot, login, budget_data, capacity_data
):
    console_errors: list[str] = []
    page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
    login(Role.SOZIALPLANUNG)

    page.goto(BASE)
    over = page.locator("[data-testid=by-priority] tr.over")
    assert over.count() == 1 and "2025" in over.inner_text()
    assert "-5.000,00" in over.inner_text()
    expect(page.locator("svg[data-chart=pair-bars]")).to_be_visible()
    shot(page, "budget-priorities")

    page.goto(BASE + "foerderung/")
    nord_2022 = page.locator('[data-series="Mittagstisch Nord"] tr[data-year="2022"]')
    assert "108.642,32" in nord_2022.inner_text()
    expect(page.locator("svg[data-chart=lines]")).to_be_visible()
    shot(page, "budget-grants")
    page.locator("#personal").fill("3,5")
    page.locator("#sach").fill("zwei")
    with page.expect_navigation():
        page.locator("[data-testid=own-rates] button").click()
    assert "zwei" in page.locator("[data-testid=rate-errors]").inner_text()
    assert page.locator("#personal").input_value() == "3,5"
    shot(page, "budget-grants-error")

    page.goto(BASE + "kapazitaet/")
    expect(page.locator('tr.status-under[data-year="2025"]')).to_be_visible()
    shot(page, "budget-capacity")

    page.set_viewport_size(NARROW)
    for name, url in PAGES:
        page.goto(url)
        assert page_width_overflow(page) <= 1, name
        shot(page, f"budget-{name}-narrow")

    assert page.js_errors == []
    assert console_errors == []
