"""The public offer finder in a real browser (Done-when 3): filters, map, detail page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

# ruff: noqa: F811  (fixtures of tests/offers, imported)
from tests.offers.conftest import (  # noqa: F401
    CANARY_INTERNAL,
    categories,
    offers,
    providers,
    target_groups,
)
from tests.offers.test_finder import finder_offers  # noqa: F401

pytestmark = pytest.mark.browser

LIST = "/teststadt/angebote/"


def markers(page) -> int:
    page.wait_for_selector("#angebotskarte[data-loaded=true][data-areas-loaded=true]")
    return page.locator("#angebotskarte path.offer-marker").count()


def listed(page) -> list[str]:
    return page.locator(".offer-list h3 a").all_inner_texts()


def test_finder_filters_by_category_and_area(page, shot, finder_offers):
    page.goto(LIST)
    assert page.get_by_role("link", name="Angebote finden").get_attribute("aria-current") == "page"
    assert page.locator("[data-testid=count]").inner_text().startswith("4 Angebote gefunden")
    # The phone line has no place: four listed, three on the map.
    assert markers(page) == 3
    shot(page, "finder-list")

    page.get_by_label("Angebotsart").select_option("mittagstisch")
    with page.expect_response(lambda r: "angebote" in r.url and r.status == 200):
        page.get_by_role("button", name="Angebote anzeigen").click()
    page.wait_for_url(re.compile(r"kategorie=mittagstisch"))
    page.wait_for_function(
        "document.querySelector('[data-testid=count]').innerText.startsWith('2')"
    )
    assert sorted(listed(page)) == ["Mittagstisch Nord", "Mittagstisch Süd"]
    assert markers(page) == 2

    page.get_by_label("Gebiet").select_option("stadtteil:21")
    with page.expect_response(lambda r: "angebote" in r.url and r.status == 200):
        page.get_by_role("button", name="Angebote anzeigen").click()
    page.wait_for_url(re.compile(r"gebiet=stadtteil%3A21"))
    page.wait_for_function(
        "document.querySelector('[data-testid=count]').innerText.startsWith('1')"
    )
    assert listed(page) == ["Mittagstisch Süd"]
    assert markers(page) == len(listed(page)) == 1
    expect(page.locator("#finder-announce")).to_have_text(re.compile(r"^1 Angebot gefunden"))
    shot(page, "finder-filtered")
    assert page.js_errors == []


def test_finder_without_javascript(browser, live_server, transactional_db, finder_offers):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto(LIST)
    page.get_by_label("Angebotsart").select_option("kleiderkammer")
    page.get_by_role("button", name="Angebote anzeigen").click()
    page.wait_for_url(re.compile(r"kategorie=kleiderkammer"))
    assert listed(page) == ["Kleiderkammer Nordost"]
    context.close()


def test_detail_page_shows_no_internal_field(page, shot, finder_offers):
    page.goto(LIST)
    # The list's map is loaded too: wait for the detail page before waiting for its map.
    with page.expect_navigation():
        page.get_by_role("link", name="Mittagstisch Nord").click()
    page.wait_for_selector("#angebotskarte[data-loaded=true]")
    assert page.locator("h1").inner_text() == "Mittagstisch Nord"
    assert page.get_by_role("row", name=re.compile("Montag")).inner_text().endswith("11:00–14:00")
    text = page.locator("main").inner_text()
    for internal in (CANARY_INTERNAL, "18.000", "18000", "Hauptamt", "§16d", "Abgewiesen"):
        assert internal not in text
    assert markers(page) == 1
    shot(page, "finder-detail")
    assert page.js_errors == []


def test_finder_on_a_phone(browser, live_server, transactional_db, shot, finder_offers):
    context = browser.new_context(
        base_url=live_server.url, locale="de-DE", viewport={"width": 390, "height": 844}
    )
    page = context.new_page()
    page.goto(LIST + "?lat=51.005&lon=13.705")
    page.wait_for_selector("#angebotskarte[data-areas-loaded=true]")
    assert listed(page)[0] == "Mittagstisch Süd"
    assert "1,1\u00a0km" in page.locator(".offer-list").inner_text()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "no horizontal scrolling on a phone"
    shot(page, "finder-phone")
    page.goto(f"{LIST}{finder_offers['example'].pk}/")
    expect(page.get_by_test_id("example-notice")).to_be_visible()
    shot(page, "finder-detail-phone")
    context.close()
