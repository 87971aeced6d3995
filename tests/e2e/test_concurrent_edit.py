# ruff: noqa: F811  (fixtures are imported, pytest passes them by name)
"""Done-when 4 of issue 13: two planners edit the same measure in two browsers. A makes
it "vertraulich" and saves; B saves the older form and sees the conflict message, with
what B typed still in the form, and the measure stays vertraulich."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from sozialplanung.core.models import User
from sozialplanung.core.visibility import Role, Visibility
from sozialplanung.measures.models import Measure
from tests.conftest import PASSWORD
from tests.e2e.conftest import WAIT_MS, log_in_with_password
from tests.measures.plan_fixtures import build_plan
from tests.offers.conftest import categories, offers, providers, target_groups  # noqa: F401

pytestmark = pytest.mark.browser

PLAN = "/teststadt/massnahmen/fachplan-asyl"
WIDE = {"width": 1366, "height": 900}
NARROW = {"width": 390, "height": 844}


@pytest.fixture
def plan(municipality, areas, categories, offers):
    return build_plan(municipality, areas, categories, offers["mittag-nord"])


@pytest.fixture
def second_page(browser, live_server, municipality):
    """A second browser (own context: own cookies) logged in as a second planner."""
    User.objects.create_user(
        "planung-zwei", password=PASSWORD, role=Role.SOZIALPLANUNG, municipality=municipality
    )
    context = browser.new_context(base_url=live_server.url, locale="de-DE", viewport=WIDE)
    context.set_default_timeout(WAIT_MS)
    page = context.new_page()
    log_in_with_password(page, "planung-zwei", PASSWORD)
    yield page
    context.close()


def test_the_second_save_of_a_measure_shows_the_conflict(page, second_page, login, shot, plan):
    advice = plan["advice"]
    url = f"{PLAN}/{advice.pk}/bearbeiten/"
    login(Role.SOZIALPLANUNG)
    page.goto(url)
    second_page.goto(url)

    page.get_by_label("Sichtbarkeit").select_option(Visibility.CONFIDENTIAL)
    with page.expect_navigation():
        page.get_by_role("button", name="Maßnahme speichern").click()
    assert page.url.endswith(f"{PLAN}/{advice.pk}/")

    second_page.get_by_label("Titel (Pflichtfeld)", exact=True).fill("Beratung im Quartier Süd")
    with second_page.expect_navigation():
        second_page.get_by_role("button", name="Maßnahme speichern").click()

    alert = second_page.get_by_role("alert")
    expect(alert).to_be_visible()
    message = alert.inner_text()
    assert "Dieser Datensatz wurde inzwischen von sozialplanung-test am" in message
    assert "Ihre Eingaben sind noch nicht gespeichert." in message
    assert "Sichtbarkeit (öffentlich → vertraulich)" in message
    assert (
        second_page.get_by_label("Titel (Pflichtfeld)", exact=True).input_value()
        == "Beratung im Quartier Süd"
    )
    # What B left untouched shows what A saved: saving again keeps the measure vertraulich.
    assert second_page.get_by_label("Sichtbarkeit").input_value() == Visibility.CONFIDENTIAL
    shot(second_page, "measure-conflict-1366")
    second_page.set_viewport_size(NARROW)
    shot(second_page, "measure-conflict-390")
    assert second_page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")

    measure = Measure.objects.get(pk=advice.pk)
    assert measure.visibility == Visibility.CONFIDENTIAL
    assert measure.title == "Beratung im Quartier"
