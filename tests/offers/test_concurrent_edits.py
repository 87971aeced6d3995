"""No lost updates on offers (issue 13, finding 3): a provider's phone and staffing are
not overwritten by an older form of the planning unit, nor the planning unit's changes
by an older form of the provider."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from sozialplanung.core.visibility import Role
from sozialplanung.offers.models import Offer, Staffing
from tests.concurrency import open_form, token_in

from .test_pages import BASE, _form_data

pytestmark = pytest.mark.django_db


def _staffing(offer: Offer) -> dict[str, Decimal]:
    return dict(Staffing.objects.filter(offer=offer, year=2026).values_list("kind", "head_count"))


def _staffing_rows(offer: Offer) -> dict[str, str]:
    """The staffing table as the browser posts it: one row per kind, in the form's order."""
    current = {s.kind: s for s in Staffing.objects.filter(offer=offer, year=2026)}
    rows = {"personal-TOTAL_FORMS": str(len(Staffing.Kind.values)), "personal-INITIAL_FORMS": "0"}
    for number, kind in enumerate(Staffing.Kind.values):
        row = current.get(kind)
        rows[f"personal-{number}-kind"] = kind
        rows[f"personal-{number}-head_count"] = str(row.head_count) if row else ""
        rows[f"personal-{number}-weekly_hours"] = str(row.weekly_hours) if row else ""
    return rows


def test_an_older_planning_form_keeps_the_providers_phone_and_staffing(offers, client_for):
    offer = offers["mittag-nord"]
    url = f"{BASE}/verwaltung/{offer.pk}/bearbeiten/"
    provider, planner = client_for(Role.TRAEGER), client_for(Role.SOZIALPLANUNG)
    provider_token, planner_token = open_form(provider, url), open_form(planner, url)
    staffing_as_opened = _staffing_rows(offer)
    provider_data = _form_data(offer, phone="0351 4711", **{"personal-1-head_count": "3"})
    assert provider.post(url, provider_data | {"version": provider_token}).status_code == 302
    assert _staffing(offer)["agh_16d"] == 3

    older = _form_data(offer, description="Warmes Essen für alle.") | staffing_as_opened
    refused = planner.post(url, older | {"version": planner_token})

    assert refused.status_code == 200
    page = refused.content.decode()
    assert "Dieser Datensatz wurde inzwischen von traeger-test am" in page
    assert "Telefon (leer → „0351 4711“)" in page
    # The provider's post left out the volunteers: their row is gone (staffing by kind).
    assert "Ehrenamt: Personen (4,00 → leer)" in page
    assert "Warmes Essen für alle." in page  # the planner's typing is kept
    # ...and what the planner left untouched shows the provider's values, so that saving
    # the form again keeps them.
    assert 'name="phone" value="0351 4711"' in page
    assert 'name="personal-2-head_count" value="3,00"' in page or (
        'name="personal-2-head_count" value="3.00"' in page
    )
    offer.refresh_from_db()
    assert offer.phone == "0351 4711"
    assert offer.description != "Warmes Essen für alle."
    assert _staffing(offer)["agh_16d"] == 3


def test_an_older_provider_form_keeps_the_planning_units_change(offers, client_for):
    offer = offers["mittag-nord"]
    url = f"{BASE}/verwaltung/{offer.pk}/bearbeiten/"
    provider, planner = client_for(Role.TRAEGER), client_for(Role.SOZIALPLANUNG)
    provider_token, planner_token = open_form(provider, url), open_form(planner, url)
    planner_data = _form_data(offer, places_per_session="60")
    assert planner.post(url, planner_data | {"version": planner_token}).status_code == 302

    older = _form_data(offer, email="essen@example.invalid")
    older["confirm"] = "1"
    refused = provider.post(url, older | {"version": provider_token})

    assert refused.status_code == 200
    page = refused.content.decode()
    assert "Dieser Datensatz wurde inzwischen von sozialplanung-test am" in page
    assert 'value="essen@example.invalid"' in page
    offer.refresh_from_db()
    assert offer.places_per_session == 60 and offer.email != "essen@example.invalid"
    assert offer.last_confirmed == dt.date(2026, 1, 15)  # a refused save confirms nothing

    again = provider.post(url, older | {"places_per_session": "60", "version": token_in(page)})
    assert again.status_code == 302
    offer.refresh_from_db()
    assert (offer.places_per_session, offer.email) == (60, "essen@example.invalid")
