"""Outside-in: the public never sees a withheld small number, on any page, API or export.

Teststadt gets a tiny Stadtteil 13 (250 residents, 10 foreigners) and Stadtteil 22 gets
2 foreigners in 2023. For the public then (hand-computed, see tests/core):
einwohner 2023: 13 (too small) and, as its partner in Bezirk 1, 11 are withheld;
auslaender 2023: 13 and 22 (2 < 3), partners 11 (Bezirk 1) and 21 (Bezirk 2);
auslaenderanteil 2023: 11, 13, 21, 22 (numerator or denominator withheld).
"""

from __future__ import annotations

import json
import re

import pytest

from sozialplanung.areas import actions
from sozialplanung.areas.actions import AreaRecord
from sozialplanung.areas.models import Area
from sozialplanung.core.audit import Process
from tests.conftest import TEST, VALID_FROM, square

pytestmark = pytest.mark.django_db
BASE = "/teststadt"
API = "/api/municipalities/teststadt"


@pytest.fixture
def small(levels, areas, indicators):
    actions.save_areas(
        levels["stadtteil"],
        [AreaRecord(code="13", name="Kleinteil", geometry=square(2, 1))],
        valid_from=VALID_FROM,
        acting_user=TEST,
    )
    tiny = Area.objects.get(level=levels["stadtteil"], code="13")
    tiny.parent = areas["1"]
    tiny.save()
    ids = dict(Area.objects.filter(level=levels["stadtteil"]).values_list("code", "id"))
    actions.set_indicator_values(
        indicators["einwohner"],
        {(ids["13"], "2022"): 250, (ids["13"], "2023"): 250},
        acting_user=Process("T"),
    )
    actions.set_indicator_values(
        indicators["auslaender"],
        {(ids["13"], "2022"): 10, (ids["13"], "2023"): 10, (ids["22"], "2023"): 2},
        acting_user=Process("T"),
    )
    return ids


def row_of(html: str, label: str) -> str:
    match = re.search(r"<tr[^>]*>(?:(?!</tr>).)*" + re.escape(label) + r".*?</tr>", html, re.S)
    assert match, label
    return match.group(0)


def test_map_page_withholds_small_values(client, small):
    html = client.get(f"{BASE}/karte/?ebene=stadtteil&indikator=auslaender&zeitraum=2023")
    html = html.content.decode()
    row = row_of(html, "22 Südost")
    assert "•" in row and ">2<" not in row and ">0<" not in row
    assert "geheim gehalten" in row or "withheld" in row
    tiny = row_of(html, "13 Kleinteil")
    assert "•" in tiny and ">10<" not in tiny
    labels = json.loads(re.search(r'id="map-labels"[^>]*>(.*?)</script>', html, re.S).group(1))
    assert labels["22"]["value"].startswith("•")
    assert labels["13"]["value"].startswith("•")
    # Visible areas keep their values; the legend counts only classified areas.
    assert ">330<" in row_of(html, "12 Nordost")
    assert "withheld (small number)" in html or "geheim gehalten (kleine Zahl)" in html


def test_map_page_population_of_the_tiny_area_and_its_partner(client, small):
    html = client.get(f"{BASE}/karte/?ebene=stadtteil&indikator=einwohner&zeitraum=2023")
    html = html.content.decode()
    assert "250" not in row_of(html, "13 Kleinteil")
    # 11 is the secondary partner: otherwise Bezirk 1 − 11 − 12 would give 13.
    assert "•" in row_of(html, "11 Nordwest") and "1.100" not in row_of(html, "11 Nordwest")
    assert "2.200" in row_of(html, "12 Nordost")


def test_area_pages_withhold_small_values(client, small):
    html = client.get(f"{BASE}/gebiete/stadtteil/22/").content.decode()
    assert '<td class="num">2</td>' not in html
    assert "•" in html
    html = client.get(f"{BASE}/gebiete/stadtteil/13/").content.decode()
    assert "250" not in html and '<td class="num">10</td>' not in html
    assert "•" in html


def test_indicator_page_ranks_withheld_values_last_without_a_rank(client, small):
    html = client.get(f"{BASE}/indikatoren/auslaender/?ebene=stadtteil&zeitraum=2023")
    html = html.content.decode()
    row = row_of(html, "22 Südost")
    assert "•" in row and ">2<" not in row
    assert '<td class="num">–</td>' in row  # no rank
    assert ">1</td>" in row_of(html, "12 Nordost")  # 330 is first
    # The bar chart draws only the ranked areas.
    chart = html[html.index('id="ranking-chart') - 400 :]
    assert "Südost" not in chart.split("</svg>")[0]


def test_csv_withholds_small_values(client, small):
    body = client.get(f"{BASE}/indikatoren/auslaender/csv?ebene=stadtteil&zeitraum=2023")
    lines = body.content.decode("utf-8-sig").splitlines()
    row = next(line for line in lines if line.split(";")[1] == "22").split(";")
    assert row[6] == "•" and row[0] == ""
    tiny = next(line for line in lines if line.split(";")[1] == "13").split(";")
    assert tiny[6] == "•"
    assert all(line.split(";")[6] not in ("0", "2", "10") for line in lines[1:])


def test_values_api_withholds_small_values(client, small):
    body = client.get(f"{API}/values?indicator=auslaender&level=stadtteil&period=2023").json()
    by_area = {i["area"]: i for i in body["items"]}
    assert by_area["22"]["value"] is None and by_area["22"]["suppressed"] is True
    assert by_area["13"]["value"] is None and by_area["13"]["suppressed"] is True
    assert by_area["12"] == {**by_area["12"], "value": 330.0, "suppressed": False}
    raw = client.get(f"{API}/values?level=stadtteil&period=2023").content.decode()
    assert not re.search(
        r'"area": ?"22"[^}]*"indicator": ?"auslaender"[^}]*"value": ?2(\.0)?[,}]', raw
    )
    assert '"value":250' not in raw.replace(" ", "") and '"value":2.0' not in raw.replace(" ", "")


def test_geojson_withholds_small_values(client, small):
    body = client.get(f"{API}/areas.geojson?level=stadtteil&indicator=auslaender&period=2023")
    props = {f["id"]: f["properties"] for f in json.loads(body.content)["features"]}
    assert props["22"]["value"] is None and props["22"]["suppressed"] is True
    assert props["12"]["value"] == 330 and props["12"]["suppressed"] is False
    share = client.get(f"{API}/areas.geojson?level=stadtteil&indicator=auslaenderanteil")
    props = {f["id"]: f["properties"] for f in json.loads(share.content)["features"]}
    assert {c for c, p in props.items() if p["suppressed"]} == {"11", "13", "21", "22"}
    assert all(p["value"] is None for p in props.values() if p["suppressed"])


@pytest.mark.parametrize("role", ["traeger"])
def test_providers_see_withheld_values_like_the_public(client_for, small, role):
    body = client_for(role).get(f"{API}/values?indicator=auslaender&area=22&period=2023").json()
    assert body["items"][0]["value"] is None and body["items"][0]["suppressed"] is True


@pytest.mark.parametrize("role", ["sozialplanung", "fachamt", "stadtrat", "admin"])
def test_internal_roles_see_the_true_values(client_for, small, role):
    client = client_for(role)
    body = client.get(f"{API}/values?indicator=auslaender&area=22&period=2023").json()
    assert body["items"][0]["value"] == 2.0 and body["items"][0]["suppressed"] is False
    html = client.get(f"{BASE}/karte/?ebene=stadtteil&indikator=einwohner&zeitraum=2023")
    assert ">250<" in row_of(html.content.decode(), "13 Kleinteil")
    csv = client.get(f"{BASE}/indikatoren/auslaender/csv?ebene=stadtteil&zeitraum=2023")
    row = next(r for r in csv.content.decode("utf-8-sig").splitlines() if r.split(";")[1] == "22")
    assert row.split(";")[6] == "2"
    area = client.get(f"{BASE}/gebiete/stadtteil/13/").content.decode()
    assert "250" in area and "•" not in area
