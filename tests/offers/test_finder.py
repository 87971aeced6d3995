"""The public offer finder: filters, open now with a fixed clock, search, nearby sorting."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from sozialplanung.offers import finder
from sozialplanung.offers.models import Closure, Offer, OpeningHours

BERLIN = ZoneInfo("Europe/Berlin")
LIST = "/teststadt/angebote/"


@pytest.fixture
def finder_offers(offers, areas, providers, categories):
    """The fixture's three offers, plus: the Süd offer serves Bezirk 1 and is open Monday
    afternoons, a closed offer (never shown), and an example offer without a place."""
    sued = offers["mittag-sued"]
    sued.serves.add(areas["1"])
    sued.description = "Warmes Essen für ÄLTERE Menschen, Grüße aus der Küche"
    sued.save()
    OpeningHours.objects.create(offer=sued, weekday=0, opens=dt.time(13), closes=dt.time(17))
    closed = Offer.objects.create(
        municipality=sued.municipality,
        provider=providers["sued"],
        name="Geschlossene Stube",
        category=categories["mittagstisch"],
        status=Offer.Status.CLOSED,
        latitude=51.015,
        longitude=13.705,
    )
    closed.located_in.add(areas["11"], areas["1"], areas["0"])
    example = Offer.objects.create(
        municipality=sued.municipality,
        provider=providers["nord"],
        name="Telefonberatung",
        category=categories["sozialberatung"],
        is_example=True,
    )
    example.serves.add(areas["0"])
    return {**offers, "closed": closed, "example": example}


def names(municipality, **kwargs):
    now = kwargs.pop("now", None)
    return {o.name for o in finder.filtered(municipality, finder.Filters(**kwargs), now=now)}


ALL_PUBLIC = {"Mittagstisch Nord", "Kleiderkammer Nordost", "Mittagstisch Süd", "Telefonberatung"}


def test_closed_offers_never_appear(municipality, finder_offers):
    assert names(municipality) == ALL_PUBLIC


def test_paused_offers_are_listed_but_never_open(municipality, finder_offers):
    nord = finder_offers["mittag-nord"]
    nord.status = Offer.Status.PAUSED
    nord.save()
    monday_noon = dt.datetime(2026, 3, 2, 12, 0, tzinfo=BERLIN)
    assert "Mittagstisch Nord" in names(municipality)
    assert "Mittagstisch Nord" not in names(municipality, open_now=True, now=monday_noon)


def test_category_and_target_group(municipality, finder_offers, categories, target_groups):
    assert names(municipality, category=categories["mittagstisch"]) == {
        "Mittagstisch Nord",
        "Mittagstisch Süd",
    }
    assert names(municipality, target_group=target_groups["senioren"]) == {"Mittagstisch Nord"}
    assert names(municipality, target_group=target_groups["familien"]) == set()


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        # the city: everything located or served there
        ("0", ALL_PUBLIC),
        # Bezirk 1: located in 11 and 12; Süd serves Bezirk 1; the phone line serves the city
        ("1", ALL_PUBLIC),
        ("2", {"Mittagstisch Süd", "Telefonberatung"}),
        # Stadtteil 11: located; Süd serves its Bezirk; the phone line serves the city
        ("11", {"Mittagstisch Nord", "Mittagstisch Süd", "Telefonberatung"}),
        ("12", {"Kleiderkammer Nordost", "Mittagstisch Süd", "Telefonberatung"}),
        ("22", {"Telefonberatung"}),
    ],
)
def test_area_at_every_level(municipality, finder_offers, areas, code, expected):
    assert names(municipality, area=areas[code]) == expected


def test_open_now_uses_berlin_time_and_closures(municipality, finder_offers):
    # Monday 2 March 2026, 12:30 in Berlin = 11:30 UTC: Nord (11–14) open, Süd (13–17) not.
    monday = dt.datetime(2026, 3, 2, 11, 30, tzinfo=dt.UTC)
    assert names(municipality, open_now=True, now=monday) == {"Mittagstisch Nord"}
    # 13:30 Berlin: both; 14:00 exactly: Nord has just closed.
    assert names(municipality, open_now=True, now=monday.replace(hour=12)) == {
        "Mittagstisch Nord",
        "Mittagstisch Süd",
    }
    two = dt.datetime(2026, 3, 2, 14, 0, tzinfo=BERLIN)
    assert names(municipality, open_now=True, now=two) == {"Mittagstisch Süd"}
    # Tuesday: nobody.
    assert names(municipality, open_now=True, now=monday + dt.timedelta(days=1)) == set()
    # Summer time: 12:30 Berlin is 10:30 UTC.
    summer = dt.datetime(2026, 7, 6, 10, 30, tzinfo=dt.UTC)
    assert names(municipality, open_now=True, now=summer) == {"Mittagstisch Nord"}
    # A closure over that Monday closes Nord.
    Closure.objects.create(
        offer=finder_offers["mittag-nord"],
        start=dt.date(2026, 3, 1),
        end=dt.date(2026, 3, 2),
        note="Winterpause",
    )
    assert names(municipality, open_now=True, now=monday) == set()
    assert names(municipality, open_now=True, now=monday + dt.timedelta(days=7)) == {
        "Mittagstisch Nord"
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("süd", {"Mittagstisch Süd"}),  # provider "Diakonie Süd" and name
        ("SÜD", {"Mittagstisch Süd"}),
        ("ältere", {"Mittagstisch Süd"}),  # description "ÄLTERE", non-ASCII case folding
        ("grüße küche", {"Mittagstisch Süd"}),  # every word, anywhere
        ("GRÜSSE", {"Mittagstisch Süd"}),  # ß folds to ss
        ("verein nord", {"Mittagstisch Nord", "Kleiderkammer Nordost", "Telefonberatung"}),
        ("01234", {"Mittagstisch Nord", "Kleiderkammer Nordost", "Mittagstisch Süd"}),
        ("teststraße", {"Mittagstisch Nord", "Kleiderkammer Nordost", "Mittagstisch Süd"}),
        ("stube", set()),  # the closed offer
        ("gibt es nicht", set()),
    ],
)
def test_text_search(municipality, finder_offers, text, expected):
    assert names(municipality, text=text) == expected


def test_nearby_sorts_by_distance_and_places_last_the_offers_without_place(
    municipality, finder_offers
):
    # Standing in Stadtteil 21 (south-west): Süd first, then Nord (1.1 km north), then
    # Nordost, and the phone line without a place last.
    filters = finder.Filters(lat=51.005, lon=13.705)
    ids, distances = finder.ordered_ids(finder.filtered(municipality, filters), filters)
    order = [Offer.objects.get(pk=pk).name for pk in ids]
    assert order == [
        "Mittagstisch Süd",
        "Mittagstisch Nord",
        "Kleiderkammer Nordost",
        "Telefonberatung",
    ]
    nord = distances[finder_offers["mittag-nord"].pk]
    assert nord == pytest.approx(1112, abs=2)  # 0.01° latitude


@pytest.mark.parametrize(
    ("metres", "text"),
    [(0, "0\u00a0m"), (347, "350\u00a0m"), (1112, "1,1\u00a0km"), (12_345, "12\u00a0km")],
)
def test_distance_in_german_format(metres, text):
    assert finder.distance_text(metres) == text


# --- Pages --------------------------------------------------------------------------


def test_list_page_without_javascript(finder_offers):
    client = Client()
    html = client.get(LIST).content.decode()
    assert "4 Angebote gefunden" in html
    for name in ALL_PUBLIC:
        assert name in html
    assert "Geschlossene Stube" not in html
    assert "Beispieldaten" in html  # the phone line is example data
    assert "Mo 11:00–14:00" in html
    assert 'aria-current="page">Angebote finden' in html
    filtered = client.get(LIST + "?kategorie=mittagstisch&gebiet=stadtteil:11").content.decode()
    assert "2 Angebote gefunden" in filtered
    assert "Kleiderkammer" not in filtered.split('id="finder-results"')[1]
    assert 'value="stadtteil:11" selected' in filtered


def test_list_page_nearby_shows_distances(finder_offers):
    html = Client().get(LIST + "?lat=51.005&lon=13.705").content.decode()
    assert "1,1\u00a0km" in html
    assert html.index("Mittagstisch Süd") < html.index("Mittagstisch Nord</a>")


def test_list_page_ignores_nonsense(finder_offers):
    client = Client()
    for query in (
        "?kategorie=gibt-es-nicht&gebiet=x:y&lat=abc&lon=nan&seite=-3",
        "?gebiet=stadtteil&lat=1e999&lon=2&seite=99999999999999999999",
        "?q=%00",
        "?kategorie=%00&zielgruppe=%00x&gebiet=stadtteil:%00&seite=%00",
    ):
        response = client.get(LIST + query)
        assert response.status_code == 200, query


def test_paging(municipality, finder_offers, providers, categories):
    for i in range(30):
        Offer.objects.create(
            municipality=municipality,
            provider=providers["nord"],
            name=f"Treff {i:02d}",
            category=categories["kleiderkammer"],
        )
    client = Client()
    first = client.get(LIST).content.decode()
    assert "34 Angebote gefunden" in first
    assert "Seite 1 von 2" in first
    second = client.get(LIST + "?seite=2").content.decode()
    assert "Treff 29" in second and "Treff 00" not in second
    assert 'rel="prev"' in second


def test_detail_page(finder_offers):
    offer = finder_offers["mittag-nord"]
    Closure.objects.create(offer=offer, start=dt.date(2099, 8, 1), end=dt.date(2099, 8, 14))
    Closure.objects.create(offer=offer, start=dt.date(2000, 1, 1), end=dt.date(2000, 1, 2))
    offer.phone = "0351 123456"
    offer.accessibility = "Stufenloser Zugang"
    offer.languages = "Deutsch, Arabisch"
    offer.save()
    html = Client().get(f"{LIST}{offer.pk}/").content.decode()
    for text in (
        "Mittagstisch Nord",
        "Verein Nord",
        "Seniorinnen und Senioren",
        "Teststraße 1, 01234 Teststadt",
        "Montag",
        "11:00–14:00",
        "01.08.2099 – 14.08.2099",
        "Stufenloser Zugang",
        "Deutsch, Arabisch",
        "Nordwest",
        "15.01.2026",
    ):
        assert text in html, text
    assert "01.01.2000" not in html  # closures ahead only


def test_detail_of_example_offer_says_so(finder_offers):
    html = Client().get(f"{LIST}{finder_offers['example'].pk}/").content.decode()
    assert "Beispieldaten" in html
    assert "keine feste Adresse" in html


def test_closed_or_foreign_offer_is_404(finder_offers):
    client = Client()
    assert client.get(f"{LIST}{finder_offers['closed'].pk}/").status_code == 404
    assert (
        client.get(f"/gibt-es-nicht/angebote/{finder_offers['mittag-nord'].pk}/").status_code == 404
    )
    assert client.get(f"{LIST}999999/").status_code == 404


def test_query_count_constant_as_offers_grow(municipality, finder_offers, providers, categories):
    client = Client()
    url = LIST + "?kategorie=kleiderkammer&gebiet=stadtteil:12&q=a&lat=51&lon=13.7"

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    before = count()
    for i in range(40):
        offer = Offer.objects.create(
            municipality=municipality,
            provider=providers["sued"],
            name=f"Kleiderladen {i}",
            category=categories["kleiderkammer"],
            latitude=51.015,
            longitude=13.715,
        )
        offer.located_in.add(finder_offers["kleider-nord"].located_in.first())
        OpeningHours.objects.create(offer=offer, weekday=1, opens=dt.time(9), closes=dt.time(12))
    assert count() == before


def test_list_page_open_now_with_a_fixed_clock(finder_offers, monkeypatch):
    monday_half_past_twelve = dt.datetime(2026, 3, 2, 11, 30, tzinfo=dt.UTC)
    monkeypatch.setattr(finder.timezone, "now", lambda: monday_half_past_twelve)
    html = Client().get(LIST + "?offen=1").content.decode()
    results = html.split('id="finder-results"')[1]
    assert "1 Angebot gefunden" in results
    assert "Mittagstisch Nord" in results and "Mittagstisch Süd" not in results
    assert 'name="offen" value="1" checked' in html


def test_list_page_in_english(finder_offers):
    client = Client()
    client.cookies["django_language"] = "en"
    html = client.get(LIST, headers={"accept-language": "en"}).content.decode()
    assert "4 offers found" in html
    assert "Example data" in html


def test_detail_query_count_constant(municipality, finder_offers, areas):
    offer = finder_offers["mittag-nord"]
    client = Client()

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"{LIST}{offer.pk}/").status_code == 200
        return len(ctx.captured_queries)

    before = count()
    offer.serves.add(*areas.values())
    for day in range(1, 6):
        OpeningHours.objects.create(offer=offer, weekday=day, opens=dt.time(9), closes=dt.time(12))
        Closure.objects.create(offer=offer, start=dt.date(2099, 1, day), end=dt.date(2099, 1, day))
    assert count() == before
