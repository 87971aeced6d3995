"""Bulk intake in a real browser (issue 15, Done-when 2): the planning unit uploads a
ZIP of a Vorlage and two status letters, sees the job finish, confirms the paper's chain
from the review queue, and the overdue dashboard lists the point still open."""

from __future__ import annotations

import pytest

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
    page.get_by_role("link", name="Viele Dokumente einlesen (ZIP)").click()
    page.get_by_label("ZIP-Archiv mit Dokumenten").set_input_files(str(archive))
    page.get_by_role("button", name="Archiv lesen").click()

    done = page.locator("#bulk-progress[data-status=done]")
    done.wait_for()
    assert page.get_by_test_id("summary").inner_text() == (
        "3 Dokumente im Archiv: 3 neu als Entwurf gelesen, 0 schon vorhanden"
    )
    shot(page, "bulk-job")
    page.get_by_role("link", name="Zur Prüfliste").click()
    chain = page.locator("[data-testid=chain][data-reference='V2696/24']")
    assert chain.get_by_role("link").all_inner_texts() == [
        f"2025/{VORLAGE.name}",
        "2025/beschlusskontrolle_v2696_2025-03.txt",
        "2025/beschlusskontrolle_v2696_2025-10.txt",
    ]
    shot(page, "bulk-queue")
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "bulk-queue-narrow")
    page.set_viewport_size({"width": 1366, "height": 900})

    chain.get_by_role("button", name="V2696/24 übernehmen (3 Dokumente)").click()
    page.wait_for_load_state()
    assert page.get_by_text("Die Dokumente zu V2696/24 sind gespeichert").is_visible()
    assert page.get_by_text("Keine Dokumente warten auf Prüfung.").is_visible()
    assert not IntakeDraft.objects.exists()
    assert Resolution.objects.get().items.count() == 3
    assert StatusReport.objects.count() == 5

    page.goto("/teststadt/gremien/ueberfaellig/")
    row = page.locator("tr", has_text="V2696/24")
    assert row.count() == 1 and "31.03.2026" in row.inner_text()
    shot(page, "bulk-overdue")
    assert page.js_errors == []
