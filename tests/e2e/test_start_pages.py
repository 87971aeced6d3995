"""Each role's start page after login, in a real browser: it finds its own items
(issue 16, Done-when 4). Screenshots at 1366 and 390 px: start-<role>-<width>.png."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from sozialplanung.core.visibility import Role
from tests.council.conftest import bodies, offices, v2696  # noqa: F401  (fixtures)
from tests.offers.conftest import categories, offers, providers, target_groups  # noqa: F401

pytestmark = pytest.mark.browser

# Per role: the section of its start page and what must stand in it.
EXPECTED = {
    # Items 2 and 3 of V2696/24 were due for control on 30.09.2025.
    Role.SOZIALPLANUNG: ("start-overdue", "V2696/24 Punkt 2"),
    Role.FACHAMT: ("start-items", "V2696/24 Punkt 3"),
    Role.TRAEGER: ("start-offers", "Mittagstisch Nord"),
    Role.STADTRAT: ("start-resolutions", "V2696/24"),
}


@pytest.mark.parametrize("role", list(EXPECTED))
def test_start_page_after_login_lists_own_items(page, shot, login, users, v2696, offers, role):  # noqa: F811
    users[Role.FACHAMT].office = v2696["items"][0].responsible_office
    users[Role.FACHAMT].save(update_fields=["office"])
    login(role)
    section, text = EXPECTED[role]
    assert page.url.endswith("/")  # the login lands on the start page
    found = page.get_by_test_id(section)
    assert text in found.inner_text()
    if role == Role.TRAEGER:
        # Only the provider's own offers: Mittagstisch Süd belongs to another provider.
        assert "Mittagstisch Süd" not in page.locator("main").inner_text()
    shot(page, f"start-{role}-1366")
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, f"start-{role}-390")


def test_public_start_page(page, shot, v2696):  # noqa: F811
    page.goto("/")
    expect(page.get_by_role("link", name="Angebote in Ihrer Nähe finden")).to_be_visible()
    assert "V2696/24" in page.get_by_test_id("published-resolutions").inner_text()
    shot(page, "start-public-1366")
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "start-public-390")
