# ruff: noqa: F811  (the offer fixtures are imported, pytest passes them by name)
"""Provider self-service in a real browser: a Träger user edits and confirms its own
offer, cannot open another provider's offer (404, not just a hidden button), and sees
a stale record marked in its inventory."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from sozialplanung.core.visibility import Role
from sozialplanung.offers.models import Offer
from tests.e2e.conftest import log_in_with_password
from tests.offers.conftest import categories, offers, providers, target_groups  # noqa: F401

pytestmark = pytest.mark.browser


def test_provider_edits_and_confirms_its_offer(page, shot, login, offers):
    login(Role.TRAEGER)
    page.goto("/teststadt/angebote/verwaltung/")
    table = page.locator("[data-testid=inventory]")
    expect(table.get_by_role("link", name="Mittagstisch Nord", exact=True)).to_be_visible()
    assert "Mittagstisch Süd" not in table.inner_text()
    shot(page, "offers-inventory-traeger")

    own = offers["mittag-nord"]
    page.goto(f"/teststadt/angebote/verwaltung/{own.pk}/bearbeiten/")
    page.locator("#id_name").fill("Mittagstisch Nord am Markt")
    page.locator("#id_places_per_session").fill("45")
    shot(page, "offers-edit")
    # The server dates the confirmation by its clock during the request: a run across
    # midnight may see either day, but only one of these two.
    before = dt.date.today()
    with page.expect_navigation():
        page.locator("[data-testid=confirm]").click()
    days = {before, dt.date.today()}
    expect(page.get_by_role("heading", name="Mittagstisch Nord am Markt")).to_be_visible()
    body = page.locator("main").inner_text()
    assert "45" in body
    shot(page, "offers-offer-after-edit")
    own.refresh_from_db()
    assert own.last_confirmed in days
    assert own.last_confirmed.strftime("%d.%m.%Y") in body
    assert own.name == "Mittagstisch Nord am Markt"
    assert own.places_per_session == 45
    assert page.js_errors == []


def test_provider_cannot_open_another_providers_offer(page, shot, login, offers):
    login(Role.TRAEGER)
    other = offers["mittag-sued"]
    for url in (
        f"/teststadt/angebote/verwaltung/{other.pk}/",
        f"/teststadt/angebote/verwaltung/{other.pk}/bearbeiten/",
    ):
        response = page.goto(url)
        assert response is not None and response.status == 404, url
        assert "Mittagstisch Süd" not in page.content()
    shot(page, "offers-other-provider-404")
    # Posting to the edit URL is refused as well, and changes nothing.
    response = page.request.post(
        f"/teststadt/angebote/verwaltung/{other.pk}/bearbeiten/", form={"name": "Übernommen"}
    )
    assert response.status in (403, 404)
    other.refresh_from_db()
    assert other.name == "Mittagstisch Süd"


def test_stale_record_is_marked_in_the_inventory(page, shot, login, offers):
    stale = offers["kleider-nord"]
    Offer.objects.filter(pk=stale.pk).update(
        last_confirmed=dt.date.today() - dt.timedelta(days=2 * 365)
    )
    login(Role.TRAEGER)
    page.goto("/teststadt/angebote/verwaltung/")
    row = page.locator(f"[data-offer='{stale.pk}']")
    expect(row.locator("[data-testid=stale]")).to_have_count(1)
    assert "veraltet" in row.inner_text()
    fresh = page.locator(f"[data-offer='{offers['mittag-nord'].pk}']")
    expect(fresh.locator("[data-testid=stale]")).to_have_count(0)
    shot(page, "offers-inventory-stale")
    with page.expect_navigation():
        page.locator("a[href='?veraltet=1']").click()
    expect(page.locator("[data-testid=inventory] tbody tr")).to_have_count(1)
    assert page.js_errors == []


def test_dependency_view_with_the_dresden_demo(live_demo, page, shot):
    """The planning unit's dependency view over Dresden's example offers (screenshot)."""
    from sozialplanung.core.models import Municipality, User

    dresden = Municipality.objects.get(slug="dresden")
    User.objects.create_user(
        "planung-e2e", password="geheim-123", role=Role.SOZIALPLANUNG, municipality=dresden
    )
    log_in_with_password(page, "planung-e2e", "geheim-123")
    page.goto("/dresden/angebote/abhaengigkeit/?ebene=stadtbezirk")
    rows = page.locator("[data-testid=by-area] tbody tr")
    expect(rows).to_have_count(10)
    assert "Leuben" in page.locator("[data-testid=by-area]").inner_text()
    assert page.locator("[data-testid=at-risk] tbody tr").count() > 10
    shot(page, "offers-dependency-dresden")
    page.goto("/dresden/angebote/verwaltung/")
    expect(page.locator("[data-testid=inventory] tbody tr")).to_have_count(150)
    shot(page, "offers-inventory-dresden")
    assert page.js_errors == []
