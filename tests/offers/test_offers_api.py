# ruff: noqa: F811  (the shared fixture finder_offers is imported from test_finder)
"""The public offers API: routes, filters, public fields only, constant query counts."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from sozialplanung.core.visibility import Role
from sozialplanung.offers.models import Offer

from .test_finder import finder_offers  # noqa: F401

BASE = "/api/municipalities/teststadt"
PUBLIC_KEYS = {
    "id", "name", "category", "provider", "status", "street_address", "postal_code",
    "locality", "lat", "lon", "opening_hours", "distance_m", "is_example",
}  # fmt: skip


def names(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [o["name"] for o in response.json()["items"]]


def test_list_filters(finder_offers):
    client = Client()
    assert len(names(client.get(f"{BASE}/offers"))) == 4
    assert set(names(client.get(f"{BASE}/offers?category=mittagstisch"))) == {
        "Mittagstisch Nord",
        "Mittagstisch Süd",
    }
    assert names(client.get(f"{BASE}/offers?target_group=senioren")) == ["Mittagstisch Nord"]
    assert names(client.get(f"{BASE}/offers?area=22")) == ["Telefonberatung"]
    assert names(client.get(f"{BASE}/offers?area=12&level=stadtteil&category=kleiderkammer")) == [
        "Kleiderkammer Nordost"
    ]
    assert names(client.get(f"{BASE}/offers?q=SÜD")) == ["Mittagstisch Süd"]
    near = client.get(f"{BASE}/offers?lat=51.005&lon=13.705").json()["items"]
    assert [o["name"] for o in near][:2] == ["Mittagstisch Süd", "Mittagstisch Nord"]
    assert near[1]["distance_m"] == pytest.approx(1112, abs=2)
    assert near[-1]["distance_m"] is None


def test_list_pages(finder_offers):
    client = Client()
    page = client.get(f"{BASE}/offers?limit=2&offset=2").json()
    assert page["count"] == 4
    assert [o["name"] for o in page["items"]] == ["Mittagstisch Süd", "Telefonberatung"]


def test_unknown_filters_are_404_and_half_a_point_is_422(finder_offers):
    client = Client()
    assert client.get(f"{BASE}/offers?category=nix").json() == {
        "detail": "Angebotsart nicht gefunden."
    }
    assert client.get(f"{BASE}/offers?target_group=nix").status_code == 404
    assert client.get(f"{BASE}/offers?area=99").status_code == 404
    assert client.get("/api/municipalities/nix/offers").status_code == 404
    assert client.get(f"{BASE}/offers?lat=51").status_code == 422


def test_summary_has_public_fields_only(finder_offers):
    item = Client().get(f"{BASE}/offers").json()["items"][0]
    assert set(item) == PUBLIC_KEYS


def test_detail(finder_offers):
    client = Client()
    offer = finder_offers["mittag-nord"]
    data = client.get(f"{BASE}/offers/{offer.pk}").json()
    assert data["name"] == "Mittagstisch Nord"
    assert data["weekly_hours"] == [{"weekday": 0, "opens": "11:00", "closes": "14:00"}]
    assert data["target_groups"] == [{"slug": "senioren", "name": "Seniorinnen und Senioren"}]
    assert {a["code"] for a in data["located_in"]} == {"0", "1", "11"}
    assert data["last_confirmed"] == "2026-01-15"
    for secret in ("staffing", "funding", "need_reports", "visits_per_year", "places_per_session"):
        assert secret not in data
    closed = finder_offers["closed"]
    assert client.get(f"{BASE}/offers/{closed.pk}").json() == {"detail": "Angebot nicht gefunden."}
    assert client.get(f"{BASE}/offers/999999").status_code == 404


def test_geojson(finder_offers):
    response = Client().get(f"{BASE}/offers.geojson?category=mittagstisch")
    assert response["Content-Type"] == "application/geo+json"
    data = json.loads(response.content)
    assert {f["properties"]["name"] for f in data["features"]} == {
        "Mittagstisch Nord",
        "Mittagstisch Süd",
    }
    nord = next(f for f in data["features"] if f["properties"]["name"] == "Mittagstisch Nord")
    assert nord["geometry"] == {"type": "Point", "coordinates": [13.705, 51.015]}
    assert nord["properties"]["url"] == f"/teststadt/angebote/{nord['id']}/"


def test_categories_and_target_groups(finder_offers):
    client = Client()
    slugs = [c["slug"] for c in client.get(f"{BASE}/offer-categories").json()]
    assert set(slugs) == {"mittagstisch", "kleiderkammer", "sozialberatung"}
    groups = client.get(f"{BASE}/target-groups").json()
    assert [g["slug"] for g in groups] == ["familien", "senioren"]


def test_same_answer_for_every_caller(finder_offers, client_for):
    anonymous = Client().get(f"{BASE}/offers").content
    for role in (Role.SOZIALPLANUNG, Role.TRAEGER, Role.ADMIN):
        assert client_for(role).get(f"{BASE}/offers").content == anonymous


def test_query_count_constant_as_offers_grow(municipality, finder_offers, providers, categories):
    client = Client()

    def count(url: str) -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    urls = [f"{BASE}/offers?area=1&q=a&lat=51&lon=13.7", f"{BASE}/offers.geojson?area=1"]
    before = [count(u) for u in urls]
    for i in range(30):
        offer = Offer.objects.create(
            municipality=municipality,
            provider=providers["nord"],
            name=f"Treffpunkt {i}",
            category=categories["kleiderkammer"],
            latitude=51.01,
            longitude=13.71,
        )
        offer.serves.add(finder_offers["mittag-nord"].located_in.get(code="1"))
    assert [count(u) for u in urls] == before
