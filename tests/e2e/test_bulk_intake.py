"""Bulk intake in a real browser (issue 15, Done-when 2): the planning unit uploads a
ZIP of a Vorlage and two status letters, sees the job finish, confirms the paper's chain
from the review queue, and the overdue dashboard lists the point still open."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from sozialplanung.core.visibility import Role
from sozialplanung.council.models import Resolution, StatusReport
from sozialplanung.intake.models import IntakeDraft
from tests.intake.test_bulk import LETTERS, VORLAGE, make_zip

pytestmark = pytest.mark.browser


def test_upload_a_zip_and_confirm_a_chain_from_the_review_queue(
    page, shot, login, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    archive = make_zip(tmp_path, VORLAGE, *LETTERS)
    login(Role.SOZIALPLANUNG)
    page.goto("/teststadt/gremien/eingang/")
    with page.expect_navigation():
        page.get_by_role("link", name="Viele Dokumente einlesen (ZIP)").click()
    page.get_by_label("ZIP-Archiv mit Dokumenten").set_input_files(str(archive))
    with page.expect_navigation():
        page.get_by_role("button", name="Archiv lesen").click()

    done = page.locator("#bulk-progress[data-status=done]")
    done.wait_for()
    assert page.get_by_test_id("summary").inner_text() == (
        "3 Dokumente im Archiv: 3 neu als Entwurf gelesen, 0 schon vorhanden"
    )
    shot(page, "bulk-job")
    # The click does not wait for the review queue: the assertion does (CI once read the
    # links of the job page, still on screen, as none).
    page.get_by_role("link", name="Zur Prüfliste").click()
    chain = page.locator("[data-testid=chain][data-reference='V2696/24']")
    expect(chain.get_by_role("link")).to_have_text(
        [
            f"2025/{VORLAGE.name}",
            "2025/beschlusskontrolle_v2696_2025-03.txt",
            "2025/beschlusskontrolle_v2696_2025-10.txt",
        ]
    )
    shot(page, "bulk-queue")
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "bulk-queue-narrow")
    page.set_viewport_size({"width": 1366, "height": 900})

    with page.expect_navigation():
        chain.get_by_role("button", name="V2696/24 übernehmen (3 Dokumente)").click()
    expect(page.get_by_text("Die Dokumente zu V2696/24 sind gespeichert")).to_be_visible()
    expect(page.get_by_text("Keine Dokumente warten auf Prüfung.")).to_be_visible()
    assert not IntakeDraft.objects.exists()
    assert Resolution.objects.get().items.count() == 3
    assert StatusReport.objects.count() == 5

    page.goto("/teststadt/gremien/ueberfaellig/")
    row = page.locator("tr", has_text="V2696/24")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("31.03.2026")
    shot(page, "bulk-overdue")
    assert page.js_errors == []
