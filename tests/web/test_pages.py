"""Every page answers, in German, and shows what its reader may see (Django test client)."""

from __future__ import annotations

import re

import pytest

from sozialplanung.core.visibility import Role
from tests.conftest import TEST

pytestmark = pytest.mark.django_db

SECRET = "interne-kennzahl"
SECRET_NAME = "Interne Kennzahl"


def text(response) -> str:
    return response.content.decode()


def test_home_lists_municipalities(client, municipality):
    response = client.get("/")
    assert response.status_code == 200
    body = text(response)
    assert '<html lang="de">' in body
    assert "Teststadt" in body
    assert "Anmelden" in body
    assert 'href="#inhalt"' in body and "<main" in body


def test_english_is_switchable(client, municipality):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)
    body = text(response)
    assert '<html lang="en">' in body
    assert "Log in" in body and "Municipalities" in body


def test_login_page_and_login(client, users):
    response = client.get("/anmelden/")
    assert response.status_code == 200
    assert "Benutzername" in text(response) and "Passwort" in text(response)
    response = client.post(
        "/anmelden/", {"username": "stadtrat-test", "password": "test-passwort-123"}, follow=True
    )
    assert "Stadtrat" in text(response) or "Ratsmitglied" in text(response)
    assert "Abmelden" in text(response)


def test_wrong_password_says_so(client, users):
    response = client.post("/anmelden/", {"username": "stadtrat-test", "password": "falsch"})
    assert response.status_code == 200
    assert "stimmen nicht überein" in text(response)


def test_logout_is_post(client_for):
    client = client_for(Role.FACHAMT)
    response = client.post("/abmelden/", follow=True)
    assert "Anmelden" in text(response)


def test_municipality_switcher(client, municipality):
    response = client.get("/kommune/?kommune=teststadt")
    assert response.status_code == 302 and response["Location"] == "/teststadt/"


def test_overview(client, indicators):
    response = client.get("/teststadt/")
    assert response.status_code == 200
    body = text(response)
    assert "Gebietsebenen" in body and "Stadtteil" in body
    assert "Ausländeranteil" in body and "2023" in body
    assert "Statistik Teststadt – dl-de/by-2-0" in body


def test_map_page_without_js_has_table_legend_attribution(client, indicators):
    response = client.get(
        "/teststadt/karte/?ebene=stadtteil&indikator=auslaenderanteil&zeitraum=2023"
    )
    assert response.status_code == 200
    body = text(response)
    # share of foreigners 2023: 11: 10 %, 12: 15 %, 21: 5 %, 22: 13,3 %
    assert "13,3" in body and "Südost" in body
    assert "Statistik Teststadt – dl-de/by-2-0" in body
    # The shapes come simplified by the level's default (areas/simplification.py).
    assert '"/api/municipalities/teststadt/areas.geojson?level=stadtteil"' in body
    assert 'id="map-colours"' in body
    assert "<caption>" in body and 'scope="row"' in body


def test_map_page_legend_uses_german_numbers(client, indicators):
    response = client.get(
        "/teststadt/karte/?ebene=stadtteil&indikator=auslaenderanteil&zeitraum=2023&klassen=equal&anzahl=3"
    )
    body = text(response)
    # equal intervals from 5,0 to 15,0 in three classes
    assert "5,0" in body and "8,3" in body and "11,7" in body and "15,0" in body


def test_map_page_marks_areas_reported_with_neighbour(client, indicators, areas):
    from sozialplanung.areas import actions

    actions.set_reported_with(areas["22"], areas["21"], acting_user=TEST)
    response = client.get("/teststadt/karte/?ebene=stadtteil&indikator=einwohner")
    body = text(response)
    assert "in Nachbargebiet enthalten" in body
    assert "enthalten in 21 Südwest" in body


def test_area_page(client, indicators, areas):
    response = client.get("/teststadt/gebiete/stadtteil/11/")
    assert response.status_code == 200
    body = text(response)
    assert "11 Nordwest" in body and "1 Nord" in body
    assert 'role="img"' in body and "<title" in body
    assert "01.01.2020" in body  # boundary valid from
    assert "berechnet" in body  # the share is computed
    neighbours = body[body.index("Nachbargebiete</h3>") :]
    neighbours = neighbours[: neighbours.index("</ul>")]
    assert "12 Nordost" in neighbours and "21 Südwest" in neighbours
    assert "22 Südost" not in neighbours  # meets 11 only at a corner
    assert "Änderungsverlauf" not in body  # audit trail is for staff only


def test_area_page_for_district_marks_sums(client, indicators):
    body = text(client.get("/teststadt/gebiete/stadtbezirk/1/"))
    assert "summiert" in body
    assert "11 Nordwest" in body  # child list


def test_area_page_shows_reported_with(client, indicators, areas):
    from sozialplanung.areas import actions

    actions.set_reported_with(areas["12"], areas["11"], acting_user=TEST)
    body = text(client.get("/teststadt/gebiete/stadtteil/12/"))
    assert "Werte in" in body and "11 Nordwest" in body and "enthalten" in body


def test_area_page_audit_trail_for_staff(client_for, indicators):
    body = text(client_for(Role.SOZIALPLANUNG).get("/teststadt/gebiete/stadtteil/11/"))
    assert "Änderungsverlauf" in body


def test_indicator_page_ranking(client, indicators):
    response = client.get("/teststadt/indikatoren/auslaenderanteil/?ebene=stadtteil&zeitraum=2023")
    assert response.status_code == 200
    body = text(response)
    assert "Anteil" in body  # kind
    assert "Ausländer" in body and "Einwohner" in body  # numerator and denominator
    order = [body.index(name) for name in ("12 Nordost", "22 Südost", "11 Nordwest", "21 Südwest")]
    assert order == sorted(order)
    assert 'data-chart="bar"' in body
    assert "dl-de/by-2-0" in body


def test_indicator_csv(client, indicators):
    response = client.get(
        "/teststadt/indikatoren/auslaenderanteil/csv?ebene=stadtteil&zeitraum=2023"
    )
    assert response.status_code == 200
    raw = response.content
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = raw.decode("utf-8-sig").splitlines()
    assert lines[0].split(";")[:3] == ["Rang", "Gebietsschlüssel", "Gebiet"]
    first = lines[1].split(";")
    assert first[0] == "1" and first[1] == "12" and first[6] == "15,0"
    assert first[-1] == "Statistik Teststadt – dl-de/by-2-0"
    assert len(lines) == 5


@pytest.mark.parametrize(
    "url",
    [
        f"/teststadt/indikatoren/{SECRET}/",
        f"/teststadt/indikatoren/{SECRET}/csv",
        f"/teststadt/indikatoren/{SECRET}/csv?ebene=stadtteil&zeitraum=2023",
    ],
)
def test_non_public_indicator_is_404_for_anonymous(client, indicators, url):
    assert client.get(url).status_code == 404


def test_non_public_indicator_on_map_is_ignored_for_anonymous(client, indicators):
    response = client.get(f"/teststadt/karte/?indikator={SECRET}&ebene=stadtteil")
    assert response.status_code == 200
    assert SECRET_NAME not in text(response)
    assert "<h1>Ausländer 2023" in text(response)  # falls back to the first public indicator


ANONYMOUS_PAGES = [
    "/",
    "/teststadt/",
    "/teststadt/karte/",
    f"/teststadt/karte/?indikator={SECRET}",
    "/teststadt/gebiete/stadtteil/11/",
    "/teststadt/gebiete/stadtbezirk/1/",
    "/teststadt/gebiete/stadt/0/",
    "/teststadt/indikatoren/einwohner/",
    "/teststadt/indikatoren/einwohner/csv",
    "/anmelden/",
]


@pytest.mark.parametrize("url", ANONYMOUS_PAGES)
def test_non_public_indicator_never_named_to_anonymous(client, indicators, url):
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode("utf-8-sig")
    assert SECRET_NAME not in body
    if SECRET not in url:  # a slug the visitor typed may be echoed in links, nothing more
        assert SECRET not in body


def test_non_public_indicator_visible_to_council(client_for, indicators):
    client = client_for(Role.STADTRAT)
    assert SECRET_NAME in text(client.get("/teststadt/"))
    assert client.get(f"/teststadt/indikatoren/{SECRET}/").status_code == 200
    assert SECRET_NAME in text(client.get("/teststadt/gebiete/stadtteil/11/"))


def test_provider_does_not_see_non_public_indicator(client_for, indicators):
    client = client_for(Role.TRAEGER)
    assert client.get(f"/teststadt/indikatoren/{SECRET}/").status_code == 404
    assert SECRET_NAME not in text(client.get("/teststadt/"))


def test_unknown_things_are_404(client, indicators):
    assert client.get("/gibtsnicht/").status_code == 404
    assert client.get("/teststadt/gebiete/stadtteil/99/").status_code == 404
    assert client.get("/teststadt/indikatoren/gibtsnicht/").status_code == 404


def test_every_form_field_has_a_label(client_for, indicators):
    for url in ("/teststadt/karte/", "/teststadt/import/", "/anmelden/"):
        body = text(client_for(Role.SOZIALPLANUNG).get(url))
        ids = re.findall(r'<(?:select|input|textarea)[^>]*\bid="([^"]+)"', body)
        hidden = set(re.findall(r'<input type="hidden"[^>]*\bid="([^"]+)"', body))
        for field_id in set(ids) - hidden:
            assert f'for="{field_id}"' in body, (url, field_id)


def test_german_even_when_the_browser_asks_for_english(client, municipality):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="de">' in text(response)
