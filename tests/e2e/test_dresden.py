"""The real case: Dresden's share of foreigners 2023 by Stadtteil, from the open data."""

from __future__ import annotations

import pytest
from django.conf import settings

pytestmark = pytest.mark.browser

DRESDEN = settings.OPEN_DATA_DIR / "dresden"


@pytest.fixture
def dresden(transactional_db):
    from sozialplanung.demo.loader import load_dresden

    return load_dresden(DRESDEN, out=lambda *_: None)


def test_dresden_2023_share_of_foreigners(page, shot, dresden):
    page.goto("/dresden/karte/?ebene=stadtteil&indikator=auslaenderanteil&zeitraum=2023")
    page.wait_for_selector("#karte[data-loaded]")
    assert page.get_attribute("#karte", "data-loaded") == "true"
    colours = page.evaluate("JSON.parse(document.getElementById('map-colours').textContent)")
    paths = page.locator("#karte path.leaflet-interactive")
    fills = page.evaluate(
        "[...document.querySelectorAll('#karte path.leaflet-interactive')]"
        ".map(p => [p.dataset.code, p.getAttribute('fill')])"
    )
    assert paths.count() == len(colours) >= 60
    assert dict(fills) == colours
    legend = page.locator("[data-testid=legend]")
    legend_colours = set(
        legend.locator("li[data-colour]").evaluate_all("els => els.map(e => e.dataset.colour)")
    )
    assert set(colours.values()) <= legend_colours
    # Stadtteile 33 and 34 are published within 31 Klotzsche: dashed, marked in the legend
    assert "in Nachbargebiet enthalten" in legend.inner_text()
    dashed = page.locator("#karte path[data-code='33']").get_attribute("stroke-dasharray")
    assert dashed
    row = page.locator(
        "tr", has=page.get_by_role("link", name="33 Flughafen/Industriegebiet Klotzsche")
    )
    assert "enthalten in 31 Klotzsche" in row.inner_text()
    assert "Landeshauptstadt Dresden" in page.locator("[data-testid=attribution]").inner_text()
    shot(page, "dresden-map-auslaenderanteil-2023")
