"""Each role's start page after login lists that role's own work (issue 16, item 1).

On the demo (loaded once, ``full_demo``); the expected rows are read from the database
the way the role's full pages read them, so the test checks the start page, not the demo.
"""

from __future__ import annotations

import pytest
from django.test import Client

from sozialplanung.core.models import User
from sozialplanung.council.overdue import open_items_of_office
from sozialplanung.offers.models import Offer

pytestmark = pytest.mark.django_db


def start_page(username: str) -> str:
    client = Client()
    client.force_login(User.objects.get(username=username))
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def test_each_role_finds_its_own_items(full_demo):
    body = start_page("planung")
    assert "Sozialplanung Dresden: Startseite" in body
    for section in ("overdue", "stale", "jobs", "gaps", "changes"):
        assert f'data-testid="start-{section}"' in body

    fachamt = User.objects.get(username="fachamt")
    first = open_items_of_office(fachamt.office, fachamt)[0]
    body = start_page("fachamt")
    assert f"{first.reference} Punkt {first.item.number}" in body
    assert "Ihre Maßnahmen" in body

    traeger = User.objects.get(username="traeger")
    own = Offer.objects.editable_by(traeger).first()
    body = start_page("traeger")
    assert own.name in body and "Meine Angebote" in body
    others = Offer.objects.filter(municipality=own.municipality).exclude(provider=own.provider)
    assert others.first().name not in body

    body = start_page("stadtrat")
    assert "Letzte Beschlüsse und ihr Stand" in body
    assert "Kommende Kontrolltermine" in body


def test_public_start_page_offers_finder_map_and_resolutions(full_demo, client):
    body = client.get("/").content.decode()
    assert "/dresden/angebote/" in body and "/dresden/karte/" in body
    assert 'data-testid="published-resolutions"' in body
