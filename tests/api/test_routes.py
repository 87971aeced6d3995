"""The JSON API as a client uses it: routes, filters, pagination, GeoJSON."""

from __future__ import annotations

import json

import pytest
import shapely
from django.test import Client
from shapely.geometry import Point, shape

from sozialplanung.areas import actions
from sozialplanung.areas.actions import AreaRecord
from tests.conftest import TEST, VALID_FROM

BASE = "/api/municipalities/teststadt"


@pytest.fixture
def anon() -> Client:
    return Client()


def get_json(client: Client, url: str, status: int = 200):
    response = client.get(url)
    assert response.status_code == status, (url, response.content[:500])
    return response.json()


# --- municipalities and levels ------------------------------------------------------


def test_municipalities_lists_teststadt(anon, municipality):
    body = get_json(anon, "/api/municipalities")
    assert body == [{"slug": "teststadt", "name": "Teststadt", "ags": "", "website": ""}]
    assert get_json(anon, BASE)["name"] == "Teststadt"


def test_unknown_municipality_is_404_with_german_detail(anon, db):
    for url in (
        "/api/municipalities/gibtsnicht",
        "/api/municipalities/gibtsnicht/levels",
        "/api/municipalities/gibtsnicht/areas",
        "/api/municipalities/gibtsnicht/areas.geojson",
        "/api/municipalities/gibtsnicht/indicators",
        "/api/municipalities/gibtsnicht/indicators/einwohner",
        "/api/municipalities/gibtsnicht/values",
    ):
        assert get_json(anon, url, 404) == {"detail": "Kommune nicht gefunden."}


def test_levels_coarse_to_fine(anon, levels):
    body = get_json(anon, f"{BASE}/levels")
    assert [(lv["slug"], lv["depth"]) for lv in body] == [
        ("stadt", 0),
        ("stadtbezirk", 1),
        ("stadtteil", 2),
    ]


# --- areas --------------------------------------------------------------------------


def test_areas_of_one_level_with_parent_size_and_centroid(anon, areas):
    body = get_json(anon, f"{BASE}/areas?level=stadtteil")
    assert [a["code"] for a in body] == ["11", "12", "21", "22"]
    first = body[0]
    assert first["name"] == "Nordwest"
    assert first["level"] == "stadtteil"
    assert first["parent"] == "1"
    assert first["reported_with"] is None
    # A 0.01° square near Dresden: about 0.7 km × 1.1 km.
    assert 0.6 < first["area_km2"] < 0.9
    assert 13.70 < first["centroid"]["lon"] < 13.71
    assert 51.01 < first["centroid"]["lat"] < 51.02


def test_areas_without_level_lists_all_levels_coarse_first(anon, areas):
    body = get_json(anon, f"{BASE}/areas")
    assert [(a["level"], a["code"]) for a in body] == [
        ("stadt", "0"),
        ("stadtbezirk", "1"),
        ("stadtbezirk", "2"),
        ("stadtteil", "11"),
        ("stadtteil", "12"),
        ("stadtteil", "21"),
        ("stadtteil", "22"),
    ]


def test_reported_with_is_the_code_of_the_partner(anon, areas):
    actions.set_reported_with(areas["12"], areas["11"], acting_user=TEST)
    body = {a["code"]: a for a in get_json(anon, f"{BASE}/areas?level=stadtteil")}
    assert body["12"]["reported_with"] == "11"


def test_unknown_level_is_404(anon, areas):
    assert get_json(anon, f"{BASE}/areas?level=planet", 404) == {
        "detail": "Gebietsebene nicht gefunden."
    }
    get_json(anon, f"{BASE}/areas.geojson?level=planet", 404)


def test_area_list_query_count_does_not_grow_with_areas(
    anon, areas, levels, django_assert_max_num_queries
):
    with django_assert_max_num_queries(5):
        anon.get(f"{BASE}/areas")
    more = [AreaRecord(code=f"9{i}", name=f"Neu {i}", geometry=None) for i in range(20)]
    actions.save_areas(levels["stadtteil"], more, valid_from=VALID_FROM, acting_user=TEST)
    with django_assert_max_num_queries(5):
        body = get_json(anon, f"{BASE}/areas")
    assert len(body) == 27


# --- GeoJSON ------------------------------------------------------------------------


def get_geojson(client: Client, url: str):
    response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"].startswith("application/geo+json")
    return json.loads(response.content)


def test_geojson_is_a_feature_collection_of_polygons(anon, indicators):
    body = get_geojson(anon, f"{BASE}/areas.geojson?level=stadtbezirk")
    assert body["type"] == "FeatureCollection"
    assert [f["id"] for f in body["features"]] == ["1", "2"]
    for feature in body["features"]:
        assert feature["type"] == "Feature"
        assert feature["geometry"]["type"] in ("Polygon", "MultiPolygon")
        geom = shape(feature["geometry"])
        assert geom.is_valid and not geom.is_empty
        assert set(feature["properties"]) == {
            "code",
            "name",
            "level",
            "parent",
            "value",
            "suppressed",
            "reported_with",
        }
        assert feature["properties"]["value"] is None  # no indicator asked for
        assert feature["properties"]["parent"] == "0"


def test_geojson_defaults_to_the_finest_level(anon, areas):
    body = get_geojson(anon, f"{BASE}/areas.geojson")
    assert {f["properties"]["level"] for f in body["features"]} == {"stadtteil"}
    assert len(body["features"]) == 4


def test_geojson_carries_the_value_of_the_chosen_period(anon, indicators):
    body = get_geojson(
        anon, f"{BASE}/areas.geojson?level=stadtteil&indicator=einwohner&period=2022"
    )
    assert {f["id"]: f["properties"]["value"] for f in body["features"]} == {
        "11": 1000,
        "12": 2000,
        "21": 400,
        "22": 600,
    }


def test_geojson_without_period_takes_the_newest(anon, indicators):
    body = get_geojson(anon, f"{BASE}/areas.geojson?level=stadtbezirk&indicator=einwohner")
    assert {f["id"]: f["properties"]["value"] for f in body["features"]} == {
        "1": 3300,
        "2": 1100,
    }
    share = get_geojson(anon, f"{BASE}/areas.geojson?level=stadt&indicator=auslaenderanteil")
    assert share["features"][0]["properties"]["value"] == pytest.approx(12.5)


def test_geojson_period_without_values_gives_nulls(anon, indicators):
    body = get_geojson(anon, f"{BASE}/areas.geojson?indicator=einwohner&period=1999")
    assert [f["properties"]["value"] for f in body["features"]] == [None] * 4


def count_vertices(geometry: dict) -> int:
    return int(shapely.get_num_coordinates(shape(geometry)))


def test_simplify_reduces_vertices(anon, areas, levels):
    # A round Stadtteil (a buffered point has many vertices) in place of square 11.
    circle = Point(13.705, 51.015).buffer(0.004, quad_segs=64)
    actions.save_areas(
        levels["stadtteil"],
        [AreaRecord(code="11", name="Nordwest", geometry=circle)],
        valid_from=VALID_FROM,
        acting_user=TEST,
    )
    # simplify=0: as imported (without it, the level's default applies: simplification.py).
    exact = get_geojson(anon, f"{BASE}/areas.geojson?level=stadtteil&simplify=0")
    rough = get_geojson(anon, f"{BASE}/areas.geojson?level=stadtteil&simplify=20")
    exact_11 = next(f for f in exact["features"] if f["id"] == "11")
    rough_11 = next(f for f in rough["features"] if f["id"] == "11")
    assert count_vertices(exact_11["geometry"]) > 200
    assert count_vertices(rough_11["geometry"]) < count_vertices(exact_11["geometry"]) / 4
    assert rough_11["geometry"]["type"] in ("Polygon", "MultiPolygon")
    # Still roughly the same place and size.
    assert shape(rough_11["geometry"]).area == pytest.approx(circle.area, rel=0.1)


@pytest.mark.parametrize("simplify", ["-1", "1001", "viel"])
def test_simplify_out_of_range_is_rejected(anon, areas, simplify):
    get_json(anon, f"{BASE}/areas.geojson?simplify={simplify}", 422)


def test_geojson_query_count_does_not_grow_with_areas(
    anon, indicators, levels, django_assert_max_num_queries
):
    url = f"{BASE}/areas.geojson?level=stadtteil&indicator=einwohner&simplify=10"
    with django_assert_max_num_queries(8):
        anon.get(url)
    more = [
        AreaRecord(
            code=f"3{i}", name=f"Neu {i}", geometry=Point(13.8 + i / 100, 51.1).buffer(0.003)
        )
        for i in range(15)
    ]
    actions.save_areas(levels["stadtteil"], more, valid_from=VALID_FROM, acting_user=TEST)
    with django_assert_max_num_queries(8):
        body = get_geojson(anon, url)
    assert len(body["features"]) == 19


# --- indicators ---------------------------------------------------------------------


def test_indicators_with_definition_and_periods(anon, indicators):
    body = {i["slug"]: i for i in get_json(anon, f"{BASE}/indicators")}
    assert set(body) == {"einwohner", "auslaender", "auslaenderanteil"}
    share = body["auslaenderanteil"]
    assert share == {
        "slug": "auslaenderanteil",
        "name": "Ausländeranteil",
        "description": "",
        "unit": "%",
        "kind": "share",
        "numerator": "auslaender",
        "denominator": "einwohner",
        "scale": 100.0,
        "decimals": 1,
        "source": "Statistik Teststadt",
        "licence": "dl-de/by-2-0",
        "periods": ["2022", "2023"],
    }
    assert get_json(anon, f"{BASE}/indicators/auslaenderanteil") == share


def test_unknown_indicator_is_404(anon, indicators):
    assert get_json(anon, f"{BASE}/indicators/gibtsnicht", 404) == {
        "detail": "Indikator nicht gefunden."
    }


def test_indicator_list_query_count_is_constant(anon, indicators, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        anon.get(f"{BASE}/indicators")


# --- values -------------------------------------------------------------------------


def test_values_of_one_indicator_area_and_period(anon, indicators):
    body = get_json(anon, f"{BASE}/values?indicator=einwohner&area=12&period=2023")
    assert body["count"] == 1
    assert body["items"] == [
        {
            "indicator": "einwohner",
            "area": "12",
            "level": "stadtteil",
            "period": "2023",
            "value": 2200.0,
            "suppressed": False,
            "origin": "imported",
        }
    ]


def test_values_filters_combine(anon, indicators):
    by_level = get_json(anon, f"{BASE}/values?indicator=einwohner&level=stadtbezirk")
    assert {(r["area"], r["period"]) for r in by_level["items"]} == {
        ("1", "2022"),
        ("1", "2023"),
        ("2", "2022"),
        ("2", "2023"),
    }
    assert {r["origin"] for r in by_level["items"]} == {"rolled_up"}
    by_period = get_json(anon, f"{BASE}/values?period=2022&level=stadt")
    assert {(r["indicator"], r["value"]) for r in by_period["items"]} == {
        ("einwohner", 4000.0),
        ("auslaender", 500.0),
        ("auslaenderanteil", 12.5),
    }
    assert get_json(anon, f"{BASE}/values?area=0")["count"] == 6


def test_values_pagination(anon, indicators):
    everything = get_json(anon, f"{BASE}/values?limit=10000")
    total = everything["count"]
    # 3 public indicators × 7 areas × 2 years.
    assert total == 42 == len(everything["items"])
    pages = []
    for offset in range(0, total, 10):
        page = get_json(anon, f"{BASE}/values?limit=10&offset={offset}")
        assert page["count"] == total
        assert page["limit"] == 10 and page["offset"] == offset
        pages.extend(page["items"])
    assert pages == everything["items"]
    assert get_json(anon, f"{BASE}/values?offset=1000")["items"] == []


@pytest.mark.parametrize(
    "query", ["limit=0", "limit=10001", "offset=-1", "period=letztes-jahr", "limit=viele"]
)
def test_values_invalid_parameters_are_422(anon, indicators, query):
    get_json(anon, f"{BASE}/values?{query}", 422)


def test_values_unknown_area_or_level_is_404(anon, indicators):
    assert get_json(anon, f"{BASE}/values?area=99", 404) == {"detail": "Gebiet nicht gefunden."}
    assert get_json(anon, f"{BASE}/values?area=11&level=stadtbezirk", 404) == {
        "detail": "Gebiet nicht gefunden."
    }
    get_json(anon, f"{BASE}/values?level=planet", 404)


def test_values_query_count_is_constant(anon, indicators, django_assert_max_num_queries):
    # One query of these loads what statistical confidentiality needs (core/suppression).
    with django_assert_max_num_queries(7):
        get_json(anon, f"{BASE}/values?indicator=einwohner&area=11&level=stadtteil&period=2023")
    with django_assert_max_num_queries(4):
        get_json(anon, f"{BASE}/values?limit=10000")


# --- logged in ----------------------------------------------------------------------


def test_planning_unit_sees_the_non_public_indicator(client_for, indicators):
    client = client_for("sozialplanung")
    slugs = {i["slug"] for i in get_json(client, f"{BASE}/indicators")}
    assert "interne-kennzahl" in slugs
    body = get_json(client, f"{BASE}/values?indicator=interne-kennzahl&level=stadtteil")
    assert [(r["area"], r["value"]) for r in body["items"]] == [("11", 42.0)]


def test_openapi_and_docs_are_served(anon, db):
    schema = get_json(anon, "/api/openapi.json")
    assert schema["info"]["title"] == "Sozialplanung API"
    ids = {op["operationId"] for path in schema["paths"].values() for op in path.values()}
    assert {
        "listMunicipalities",
        "getMunicipality",
        "listLevels",
        "listAreas",
        "getAreasGeojson",
        "listIndicators",
        "getIndicator",
        "listValues",
    } <= ids
    assert anon.get("/api/docs").status_code == 200
