# ruff: noqa: F811  (the finder fixture is imported, pytest passes it by name)
"""The finder's map loads the points of the page it shows from the API, instead of the
page carrying every result's point (issue 17, item 3 "the finder loads its points from
the API for the visible page"). Without JavaScript the list is the same as before."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client

from .test_finder import finder_offers  # noqa: F401

pytestmark = pytest.mark.django_db
API = "/api/municipalities/teststadt/offers.geojson"


def names(url: str) -> list[str]:
    return [f["properties"]["name"] for f in json.loads(Client().get(url).content)["features"]]


def test_geojson_gives_one_page_in_the_lists_order(finder_offers):
    # By name: Kleiderkammer Nordost, Mittagstisch Nord, Mittagstisch Süd (Telefonberatung
    # has no point).
    assert names(f"{API}?limit=1&offset=1") == ["Mittagstisch Nord"]
    # Near a point in Süd: nearest first, as the list sorts.
    assert names(f"{API}?lat=51.005&lon=13.705&limit=2") == [
        "Mittagstisch Süd",
        "Mittagstisch Nord",
    ]
    # Without a page: every result, as before.
    assert len(names(API)) == 3


def test_finder_page_points_its_map_at_the_api_for_its_page(finder_offers):
    response = Client().get("/teststadt/angebote/?kategorie=mittagstisch&q=Nord")
    html = response.content.decode()
    assert "Mittagstisch Nord" in html  # the list, rendered on the server
    assert 'id="finder-points"' not in html and '"FeatureCollection"' not in html
    url = response.context["points_url"]
    query = parse_qs(urlsplit(url).query)
    assert query == {
        "category": ["mittagstisch"],
        "q": ["Nord"],
        "limit": ["25"],
        "offset": ["0"],
    }
    assert f'data-points-url="{url.replace("&", "&amp;")}"' in html
    assert names(url) == ["Mittagstisch Nord"]
