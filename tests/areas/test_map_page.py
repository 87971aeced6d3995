"""The map page chooses a level that has data and says so; the caption's grammar; the
optional base layer (issue 16)."""

from __future__ import annotations

import pytest

from sozialplanung.areas import actions
from sozialplanung.areas.models import MapBaseLayer
from sozialplanung.core.audit import Process

pytestmark = pytest.mark.django_db

TEST = Process("Test")


@pytest.fixture
def district_only(municipality, areas, indicators):
    """An indicator that, like Dresden's unemployment figures, exists only for Bezirke."""
    indicator = actions.define_indicator(
        municipality,
        "arbeitslose",
        name="Arbeitslose",
        unit="Personen",
        source="Jobcenter",
        licence="dl-de/by-2-0",
        acting_user=TEST,
    )
    actions.set_indicator_values(
        indicator, {(areas["1"].id, "2023"): 120.0, (areas["2"].id, "2023"): 80.0}, acting_user=TEST
    )
    return indicator


def test_the_level_follows_the_indicators_data(client, district_only):
    page = client.get("/teststadt/karte/?indikator=arbeitslose&ebene=stadtteil").content.decode()
    # The map moved to the Bezirke and says why; the table has their values, not "no data".
    assert (
        "Arbeitslose: keine Werte für Stadtteil. Die Karte zeigt stattdessen Stadtbezirk." in page
    )
    assert "Arbeitslose, 2023, je Stadtbezirk" in page
    assert page.count('<tr data-code="') == 2
    assert "keine Daten" not in page.split('id="datentabelle"')[1]
    # The level select still offers every level; the form asks again with the new choice.
    assert 'value="stadtteil"' in page


def test_a_level_with_data_stays_and_the_caption_reads_per_level(client, indicators):
    page = client.get(
        "/teststadt/karte/?indikator=auslaenderanteil&ebene=stadtteil&zeitraum=2023"
    ).content.decode()
    assert 'data-testid="level-notice"' not in page
    assert "Ausländeranteil, 2023, je Stadtteil" in page
    assert "nach Stadtteil" not in page


def test_an_indicator_without_values_says_so_and_draws_no_empty_map(client, indicators):
    actions.define_indicator(
        indicators["einwohner"].municipality,
        "leer",
        name="Leere Kennzahl",
        source="Test",
        licence="dl-de/by-2-0",
        acting_user=TEST,
    )
    page = client.get("/teststadt/karte/?indikator=leer").content.decode()
    assert "Leere Kennzahl: noch keine Werte." in page
    assert 'id="karte"' not in page and 'id="datentabelle"' not in page


def test_no_base_layer_by_default_and_the_set_one_with_its_server_in_the_policy(client, indicators):
    url = "/teststadt/karte/?indikator=auslaenderanteil"
    response = client.get(url)
    assert b"map-base-layer" not in response.content
    assert "tiles.example.org" not in response["Content-Security-Policy"]
    MapBaseLayer.objects.create(
        municipality=indicators["einwohner"].municipality,
        url="https://tiles.example.org/{z}/{x}/{y}.png",
        attribution="© Vermessungsamt Teststadt",
    )
    response = client.get(url)
    page = response.content.decode()
    assert 'id="map-base-layer"' in page and "© Vermessungsamt Teststadt" in page
    img_src = next(
        d for d in response["Content-Security-Policy"].split(";") if d.strip().startswith("img-src")
    )
    assert "https://tiles.example.org" in img_src


def test_area_page_compares_each_indicator_with_the_citys_spread(client, indicators):
    page = client.get("/teststadt/gebiete/stadtteil/11/").content.decode()
    # Ausländeranteil 2023 of the four Stadtteile: 10,0 / 15,0 / 5,0 / 13,3 %.
    assert "Stadtteil der Stadt: Minimum 5,0, Mittel 10,8, Maximum 15,0" in page
