"""Internal offer pages: who gets what, a provider never another's offer, forms keep input."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from sozialplanung.core.visibility import Role
from sozialplanung.offers.models import NeedReport, Offer, Staffing
from tests.concurrency import post_fresh

from .conftest import CANARY_INTERNAL

BASE = "/teststadt/angebote"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.SOZIALPLANUNG, 200),
        (Role.ADMIN, 200),
        (Role.FACHAMT, 200),
        (Role.STADTRAT, 200),
        (Role.TRAEGER, 404),
    ],
)
def test_dependency_view_by_role(offers, client_for, role, status):
    response = client_for(role).get(f"{BASE}/abhaengigkeit/?jahr=2026&ebene=stadtbezirk")
    assert response.status_code == status
    if status == 200:
        text = response.content.decode()
        assert "Mittagstisch Nord" in text
        assert "60,0 %" in text  # the offer and Bezirk Nord
        assert "44,4 %" in text  # category Mittagstisch: 80 of 180 hours
        assert "25,0 %" in text  # Mittagstisch Süd


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(offers):
    for url in (f"{BASE}/verwaltung/", f"{BASE}/abhaengigkeit/", f"{BASE}/verwaltung/bedarf/"):
        response = Client().get(url)
        assert response.status_code == 302 and "/anmelden/" in response["Location"]


@pytest.mark.django_db
def test_inventory_by_role(offers, client_for):
    planner = client_for(Role.SOZIALPLANUNG).get(f"{BASE}/verwaltung/").content.decode()
    assert "Mittagstisch Nord" in planner and "Mittagstisch Süd" in planner
    traeger = client_for(Role.TRAEGER).get(f"{BASE}/verwaltung/").content.decode()
    assert "Mittagstisch Nord" in traeger and "Kleiderkammer Nordost" in traeger
    assert "Mittagstisch Süd" not in traeger


@pytest.mark.django_db
def test_provider_gets_404_on_another_providers_offer(offers, client_for):
    client = client_for(Role.TRAEGER)
    other = offers["mittag-sued"].pk
    assert client.get(f"{BASE}/verwaltung/{other}/").status_code == 404
    assert client.get(f"{BASE}/verwaltung/{other}/bearbeiten/").status_code == 404
    assert client.post(f"{BASE}/verwaltung/{other}/bearbeiten/", {"name": "x"}).status_code == 404
    own = offers["mittag-nord"].pk
    page = client.get(f"{BASE}/verwaltung/{own}/")
    assert page.status_code == 200 and CANARY_INTERNAL in page.content.decode()
    assert client.get(f"{BASE}/verwaltung/{own}/bearbeiten/").status_code == 200


@pytest.mark.django_db
def test_specialist_office_reads_but_cannot_edit(offers, client_for):
    client = client_for(Role.FACHAMT)
    pk = offers["mittag-sued"].pk
    assert client.get(f"{BASE}/verwaltung/{pk}/").status_code == 200
    assert client.get(f"{BASE}/verwaltung/{pk}/bearbeiten/").status_code == 404


def _form_data(offer: Offer, **changes):
    data = {
        "jahr": "2026",
        "name": offer.name,
        "provider": offer.provider_id,
        "category": offer.category_id,
        "status": offer.status,
        "latitude": offer.latitude,
        "longitude": offer.longitude,
        "places_per_session": offer.places_per_session or "",
        "sessions_per_week": offer.sessions_per_week or "",
        "zeiten-TOTAL_FORMS": "1",
        "zeiten-INITIAL_FORMS": "0",
        "zeiten-0-weekday": "0",
        "zeiten-0-opens": "11:00",
        "zeiten-0-closes": "14:00",
        "personal-TOTAL_FORMS": "2",
        "personal-INITIAL_FORMS": "2",
        "personal-0-kind": "hauptamt",
        "personal-0-head_count": "1",
        "personal-0-weekly_hours": "30",
        "personal-1-kind": "agh_16d",
        "personal-1-head_count": "2",
        "personal-1-weekly_hours": "40",
        "finanzierung-TOTAL_FORMS": "1",
        "finanzierung-INITIAL_FORMS": "1",
        "finanzierung-0-source": "kommune",
        "finanzierung-0-amount": "18000",
        "finanzierung-0-note": "Zuwendung",
    }
    data.update(changes)
    return data


@pytest.mark.django_db
def test_provider_edits_and_confirms_its_offer(offers, client_for):
    client = client_for(Role.TRAEGER)
    offer = offers["mittag-nord"]
    data = _form_data(offer, name="Mittagstisch Nord am Markt", places_per_session="45")
    data["confirm"] = "1"
    response = post_fresh(client, f"{BASE}/verwaltung/{offer.pk}/bearbeiten/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    offer.refresh_from_db()
    assert offer.name == "Mittagstisch Nord am Markt"
    assert offer.places_per_session == 45
    assert offer.last_confirmed == dt.date.today()
    assert set(Staffing.objects.filter(offer=offer, year=2026).values_list("kind", flat=True)) == {
        "hauptamt",
        "agh_16d",
    }
    page = client.get(response["Location"]).content.decode()
    assert "Mittagstisch Nord am Markt" in page
    assert "Plätze je Termin" in page  # the change history names the field in words


@pytest.mark.django_db
def test_form_keeps_input_on_error(offers, client_for):
    client = client_for(Role.SOZIALPLANUNG)
    offer = offers["mittag-sued"]
    data = _form_data(offer, name="Neuer Name Süd", latitude="91", **{"zeiten-0-closes": "10:00"})
    response = client.post(f"{BASE}/verwaltung/{offer.pk}/bearbeiten/", data)
    assert response.status_code == 200
    text = response.content.decode()
    assert 'value="Neuer Name Süd"' in text
    assert "Latitude must be" in text or "Breitengrad" in text
    offer.refresh_from_db()
    assert offer.name == "Mittagstisch Süd"


@pytest.mark.django_db
def test_stale_record_is_marked(offers, client_for, settings):
    Offer.objects.filter(pk=offers["mittag-sued"].pk).update(last_confirmed=dt.date(2020, 1, 1))
    text = client_for(Role.SOZIALPLANUNG).get(f"{BASE}/verwaltung/?veraltet=1").content.decode()
    assert "Mittagstisch Süd" in text and 'data-testid="stale"' in text
    assert "Mittagstisch Nord" not in text


@pytest.mark.django_db
def test_provider_files_a_need_report(offers, client_for, areas, categories, providers):
    client = client_for(Role.TRAEGER)
    data = {
        "provider": providers["nord"].pk,
        "area": areas["12"].pk,
        "category": categories["kleiderkammer"].pk,
        "period": "2026-q1",
        "turned_away": "4",
        "waiting_list": "",
        "unmet_requests": "2",
        "text": "Winterjacken fehlen",
    }
    response = client.post(f"{BASE}/verwaltung/bedarf/", data)
    assert response.status_code == 302
    report = NeedReport.objects.get(period="2026-Q1")
    assert report.turned_away == 4 and report.provider == providers["nord"]
    # Another provider is not among the choices.
    data["provider"] = providers["sued"].pk
    response = client.post(f"{BASE}/verwaltung/bedarf/", data)
    assert response.status_code == 200
    assert 'value="Winterjacken fehlen"' in response.content.decode() or (
        "Winterjacken fehlen" in response.content.decode()
    )
