"""The English interface in a browser: chosen with the header's switch, the gap page
reads in English around the data (issue 16). Screenshot: english-gaps-1366.png."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_the_switch_turns_the_gap_page_english_around_the_data(live_demo, page, shot):
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto("/dresden/bedarf/luecken/?kategorie=mittagstisch&ebene=stadtteil")
    with page.expect_navigation():
        page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    # The level as the data name it; the unit the code filled in, translated.
    expect(page.locator("h1")).to_have_text("Gaps: Mittagstisch by Stadtteile")
    expect(page.locator("#h-params + dl")).to_contain_text("places per 1,000")
    expect(page.locator("#h-params + dl")).not_to_contain_text("Plätze")
    page.wait_for_selector("#gapkarte[data-loaded]")
    shot(page, "english-gaps-1366")
    assert not page.js_errors
