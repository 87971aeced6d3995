"""Done-when 5: the Dresden gap map for Mittagstisch renders with legend and ranked table."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_dresden_gap_map_mittagstisch(live_demo, page, shot):
    page.goto("/dresden/bedarf/luecken/?kategorie=mittagstisch&ebene=stadtbezirk")
    page.wait_for_selector("#gapkarte[data-loaded]")
    assert page.get_attribute("#gapkarte", "data-loaded") == "true"
    colours = page.evaluate("JSON.parse(document.getElementById('map-colours').textContent)")
    assert page.locator("#gapkarte path[data-code]").count() == len(colours) == 10
    expect(page.locator("#gapkarte path.offer-point")).to_have_count(20)
    legend = page.locator("[data-testid=legend]")
    assert "Lückenwert" in legend.inner_text()
    rows = page.locator("[data-testid=gap-table] tbody tr")
    expect(rows).to_have_count(10)
    # The public sees the ranks of the Stadtbezirke whose figures reveal no provider's
    # capacity (issue 13, finding 8), the others last with "•".
    rank = rows.first.locator("td").first.inner_text()
    assert rank.isdigit() and f"Rang {rank}:" in rows.first.inner_text()
    withheld = rows.filter(has_text="verriete die Kapazität eines Trägers")
    assert 0 < withheld.count() < 10
    assert withheld.last.locator("td").first.inner_text() == "•"
    assert "Richtwert" in page.locator("#h-params + dl").inner_text()
    page.check("#f-rings")
    # The rings are drawn by the checkbox's handler: the assertion waits for them.
    expect(page.locator("#gapkarte path.catchment-ring")).to_have_count(20)
    shot(page, "gaps-dresden-mittagstisch")
    assert not page.js_errors
