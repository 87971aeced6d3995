"""The Dresden demo from gap to funded measure, in a real browser.

"What does an extra 250 000 € a year buy?" on the allocation page, the key figure
440 → 507 of sample 004 on its measure's page, and the measures in the timeline of
resolution item 2 of V2927/19. Screenshots: test-artifacts/screenshots/demo-*.png.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from sozialplanung.core.visibility import Role

pytestmark = pytest.mark.browser


def test_demo_from_gap_to_funded_measure(page, shot, login, live_demo):
    from sozialplanung.council.models import Resolution
    from sozialplanung.measures.models import KeyFigure

    login(Role.ADMIN)
    page.goto("/dresden/massnahmen/verteilung/")
    assert page.locator("#f-betrag").input_value() == "250.000"
    summary = page.locator("[data-testid=allocation-summary]")
    assert "250.000" in summary.inner_text()
    chosen = page.locator("[data-testid=chosen] tbody tr")
    unchosen = page.locator("[data-testid=unchosen] tbody tr")
    assert chosen.count() >= 3 and unchosen.count() >= 3
    for row in chosen.all():
        why = row.locator("td.why").inner_text()
        assert why.startswith("Gewählt") and "% der Lücke" in why and "€" in why
    for row in unchosen.all():
        assert row.locator("td.why").inner_text().startswith("Nicht gewählt")
    assert "10.000" in page.locator("[data-testid=next-step]").inner_text()
    shot(page, "demo-allocation-250000")

    figure = KeyFigure.objects.get(name="Geflüchtete in selbst angemietetem Wohnraum")
    measure = figure.measure
    page.goto(f"/dresden/massnahmen/{measure.field_of_action.plan.slug}/{measure.pk}/")
    text = page.locator("main").inner_text()
    assert "440" in text and "507" in text
    expect(page.locator("main svg").first).to_be_visible()
    shot(page, "demo-measure-key-figure")

    resolution = Resolution.objects.get(paper__reference="V2927/19")
    page.goto(f"/dresden/gremien/beschluesse/{resolution.pk}/")
    timeline = page.locator("[data-testid=timeline-2] [data-testid=timeline-measure]")
    assert timeline.count() >= 5
    assert page.locator("[data-testid=measures-2] li").count() >= 5
    shot(page, "demo-resolution-v2927-measures")
    assert not page.js_errors
