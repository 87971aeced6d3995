"""What a user sees in a real browser: roles, the map, charts, imports, the keyboard."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from sozialplanung.areas.models import IndicatorValue
from sozialplanung.core.visibility import Role

pytestmark = pytest.mark.browser

MAP_URL = "/teststadt/karte/?ebene=stadtteil&indikator=auslaenderanteil&zeitraum=2023"

ROLE_LABELS = {
    Role.SOZIALPLANUNG: "Sozialplanung",
    Role.FACHAMT: "Fachamt",
    Role.TRAEGER: "Träger",
    Role.STADTRAT: "Stadtrat",
    Role.ADMIN: "Administration",
}


def test_home_and_login_page(page, shot, municipality):
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "de"
    expect(page.get_by_role("link", name="Teststadt").first).to_be_visible()
    shot(page, "home")
    page.goto("/anmelden/")
    shot(page, "login")


@pytest.mark.parametrize("role", list(ROLE_LABELS))
def test_login_shows_role_in_header(page, shot, login, municipality, role):
    user = login(role)
    header = page.locator("header")
    assert header.locator("[data-testid=role]").inner_text() == ROLE_LABELS[role]
    assert user.username in header.inner_text()
    expect(header.get_by_role("button", name="Abmelden")).to_be_visible()
    if role == Role.SOZIALPLANUNG:
        page.goto("/teststadt/")
        shot(page, "header-sozialplanung")


def test_language_switch(page, municipality):
    page.goto("/teststadt/")
    with page.expect_navigation():
        page.get_by_role("button", name="English").click()
    assert page.locator("html").get_attribute("lang") == "en"
    expect(page.get_by_role("heading", name="Area levels")).to_be_visible()


def test_overview(page, shot, indicators):
    page.goto("/teststadt/")
    expect(page.get_by_role("heading", name="Gebietsebenen")).to_be_visible()
    assert "Interne Kennzahl" not in page.content()
    shot(page, "overview")


def wait_for_map(page):
    page.wait_for_selector("#karte[data-loaded]")
    assert page.get_attribute("#karte", "data-loaded") == "true", "GeoJSON did not load"


def test_map_colours_match_legend(page, shot, indicators):
    page.goto(MAP_URL)
    wait_for_map(page)
    colours = page.evaluate("JSON.parse(document.getElementById('map-colours').textContent)")
    legend = page.locator("[data-testid=legend] li[data-colour]")
    legend_colours = [legend.nth(i).get_attribute("data-colour") for i in range(legend.count())]
    paths = page.locator("#karte path.leaflet-interactive")
    expect(paths).to_have_count(4)
    fills = {}
    for i in range(paths.count()):
        path = paths.nth(i)
        fills[path.get_attribute("data-code")] = path.get_attribute("fill")
    assert fills == colours
    assert set(fills.values()) <= set(legend_colours)
    # share of foreigners 2023: 21 (5 %) lowest, 12 (15 %) highest class
    assert fills["21"] == legend_colours[0]
    assert fills["12"] == legend_colours[len(set(fills.values())) - 1]
    expect(page.locator("[data-testid=legend]")).to_be_visible()
    attribution = page.locator("[data-testid=attribution]")
    expect(attribution).to_be_visible()
    assert "Statistik Teststadt" in attribution.inner_text()
    assert "dl-de/by-2-0" in attribution.inner_text()
    # the legend speaks German numbers
    assert re.search(r"\d+,\d", page.locator("[data-testid=legend]").inner_text())
    shot(page, "map")
    paths.first.click()
    expect(page.locator(".leaflet-popup-content a", has_text="Gebietsprofil")).to_be_visible()
    page.mouse.move(5, 5)  # let the hover tooltip go, and the popup finish fading in
    # A function, not an expression: Playwright evals expressions, which the CSP forbids.
    page.wait_for_function(
        "() => getComputedStyle(document.querySelector('.leaflet-popup')).opacity === '1'"
    )
    shot(page, "map-popup")
    assert page.js_errors == []


def test_map_form_by_keyboard(page, shot, indicators):
    page.goto(MAP_URL)
    wait_for_map(page)
    page.locator("#f-indikator").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "f-ebene"
    page.locator("#f-ebene").select_option("stadtbezirk")
    for _ in range(3):  # Zeitraum, Klassen, Anzahl
        page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "f-submit"
    with page.expect_response(lambda r: "karte" in r.url and r.status == 200):
        page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"ebene=stadtbezirk"))
    wait_for_map(page)
    expect(page.locator("#karte path.leaflet-interactive")).to_have_count(2)
    expect(page.locator("h1")).to_contain_text("Stadtbezirk")
    shot(page, "map-districts")


def test_skip_link_is_first_tab_stop(page, municipality):
    page.goto("/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    expect(page.locator(".skip-link")).to_be_visible()


def test_area_page_time_series(page, shot, indicators):
    page.goto("/teststadt/gebiete/stadtteil/11/")
    charts = page.locator("svg[data-chart=line]")
    expect(charts).to_have_count(3)  # Einwohner, Ausländer, Ausländeranteil
    for i in range(charts.count()):
        assert charts.nth(i).get_attribute("role") == "img"
        expect(charts.nth(i).locator("circle.point")).to_have_count(2)  # 2022 and 2023
    page.wait_for_selector("#gebietskarte[data-loaded=true]")
    expect(page.locator("#gebietskarte path.leaflet-interactive")).to_have_count(3)  # self + 2
    shot(page, "area")


def test_indicator_page(page, shot, indicators):
    page.goto("/teststadt/indikatoren/auslaenderanteil/?ebene=stadtteil&zeitraum=2023")
    expect(page.locator("svg[data-chart=bar] rect.bar")).to_have_count(4)
    shot(page, "indicator")
    with page.expect_download() as info:
        page.get_by_role("link", name="CSV herunterladen").click()
    assert info.value.suggested_filename == "teststadt_auslaenderanteil_stadtteil_2023.csv"


def test_import_broken_csv_shows_row_errors(page, shot, login, indicators, tmp_path):
    login(Role.SOZIALPLANUNG)
    before = IndicatorValue.objects.count()
    page.goto("/teststadt/import/")
    shot(page, "import")
    broken = tmp_path / "einwohner-2024.csv"
    broken.write_text(
        "Stadtteil;Jahr;Einwohner\n11;2024;1.210\n12;2024;2.400\n21;2024;vierhundert\n22;2024;700\n",
        encoding="utf-8",
    )
    form = page.locator("form", has=page.locator("input[name=form][value=indikatoren]"))
    form.get_by_label("Datei (Pflichtfeld)", exact=True).set_input_files(str(broken))
    form.get_by_label("Spalte mit dem Gebiet").fill("Stadtteil")
    form.get_by_label("Ebene der Gebiete").select_option("stadtteil")
    form.get_by_label("Spalte mit dem Jahr").fill("Jahr")
    form.get_by_label("Spalten (breiter Aufbau)").fill("Einwohner = einwohner")
    with page.expect_navigation():
        form.get_by_role("button", name="Indikatoren importieren").click()
    problems = page.locator("[data-testid=problems]")
    problems.wait_for()
    assert "Es wurde nichts importiert." in problems.inner_text()
    row = problems.locator("tbody tr").first
    cells = [c.inner_text() for c in row.locator("td").all()]
    assert cells[:3] == ["einwohner-2024.csv", "4", "Einwohner"]
    assert "vierhundert" in cells[3]
    assert IndicatorValue.objects.count() == before
    shot(page, "import-problems")
