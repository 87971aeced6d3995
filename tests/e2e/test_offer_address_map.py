# ruff: noqa: F811  (the offer fixtures are imported, pytest passes them by name)
"""The provider's offer form: a typed address found in the municipality's address list
moves the small map's marker there, before saving; the point stays editable (issue 16,
"the offer's point stays editable on a small map")."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from sozialplanung.core.visibility import Role
from sozialplanung.offers.models import AddressPoint
from tests.offers.conftest import categories, offers, providers, target_groups  # noqa: F401

pytestmark = pytest.mark.browser


def test_typed_address_moves_the_marker_and_the_point_stays_editable(page, shot, login, offers):
    AddressPoint.objects.create(
        municipality=offers["mittag-nord"].municipality,
        street="Hauptstraße",
        street_key="hauptstraße",
        house_number="12a",
        postal_code="01067",
        latitude=51.0612,
        longitude=13.7401,
    )
    login(Role.TRAEGER)
    page.goto(f"/teststadt/angebote/verwaltung/{offers['mittag-nord'].pk}/bearbeiten/")
    page.locator("#picker-map.leaflet-container").wait_for()
    picker = page.locator("#picker-map")
    expect(picker).not_to_have_attribute("data-marker", "51.061200,13.740100")
    page.locator("#id_postal_code").fill("01067")
    page.locator("#id_street_address").fill("Hauptstr. 12 a")
    page.locator("#id_street_address").press("Tab")  # "change": the provider left the field
    expect(picker).to_have_attribute("data-address-found", "Hauptstr. 12 a")
    expect(page.locator("input[data-role=lat]")).to_have_value("51.061200")
    expect(page.locator("input[data-role=lon]")).to_have_value("13.740100")
    expect(picker).to_have_attribute("data-marker", "51.061200,13.740100")
    shot(page, "offer-form-address-on-map")
    # Still editable: a click on the map sets another point.
    picker.click(position={"x": 300, "y": 60})  # away from the zoom buttons
    expect(page.locator("input[data-role=lat]")).not_to_have_value("51.061200")
    expect(picker).not_to_have_attribute("data-marker", "51.061200,13.740100")
    assert page.js_errors == []
