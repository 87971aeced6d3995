# ruff: noqa: F811  (the council fixtures are imported, pytest passes them by name)
"""Document intake in a real browser, with the real reader: the planning unit reads in
the status letter of sample 001, corrects it, confirms, and the status history of
V2696/24 shows the new reports."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from sozialplanung.core.visibility import Role
from sozialplanung.council.models import Paper, Resolution, ResolutionItem, StatusReport
from sozialplanung.intake.models import IntakeDraft
from tests.council.conftest import bodies, offices, v2696  # noqa: F401

pytestmark = pytest.mark.browser

SAMPLE = Path("/work/shared/samples/council-documents/001_67840fba39b81673.txt")
NARRATIVE = (
    "In der Trägerversammlung erfolgt mit dem Jobcenter Dresden eine Prioritätensetzung "
    "zu öffentlich geförderter Beschäftigung."
)


@pytest.fixture
def sample_001(tmp_path, settings):
    if not SAMPLE.exists():
        pytest.skip("sample 001 is not available")
    settings.MEDIA_ROOT = tmp_path / "media"
    target = tmp_path / "Beschlusskontrolle V2696-24.txt"
    shutil.copy(SAMPLE, target)
    return target


def test_read_in_a_status_letter_correct_and_confirm(page, shot, login, v2696, sample_001):
    login(Role.SOZIALPLANUNG)
    page.goto("/teststadt/gremien/")
    with page.expect_navigation():
        page.get_by_role("link", name="Dokument einlesen").click()
    expect(page.get_by_role("heading", name="Dokument einlesen")).to_be_visible()
    shot(page, "intake-upload")

    page.get_by_label("Dokument").set_input_files(str(sample_001))
    with page.expect_navigation():
        page.get_by_role("button", name="Dokument lesen").click()
    expect(page.get_by_role("heading", name="Entwurf prüfen")).to_be_visible()
    # pre-filled from the document, the OCR damage "y2696/24" repaired
    assert page.get_by_label("Drucksache", exact=False).first.input_value() == "V2696/24"
    assert page.get_by_label("Sitzungsnummer").input_value() == "SR/063/2024"
    assert page.locator("#id_next_control_date").input_value() == "30.09.2025"
    assert page.locator("#id_stand-1-status").input_value() == "in_umsetzung"
    expect(page.locator("[data-testid=existing]")).to_be_visible()
    # the source text beside the form, the uncertain fields marked
    assert "Beschlusskontrolle zu" in page.locator("[data-testid=source-text]").inner_text()
    assert page.locator(".badge.check").count() >= 1
    described = page.locator("#id_date").get_attribute("aria-describedby") or ""
    assert "id_date-check" in described
    # each point: the status, the sentence it was read from, and the letter's narrative
    evidence = page.locator("[data-testid=evidence-2]")
    assert (
        evidence.inner_text() == "Im Dokument: Der Beschlusspunkt befindet sich in der Umsetzung."
    )
    assert "id_stand-1-status-evidence" in (
        page.locator("#id_stand-1-status").get_attribute("aria-describedby") or ""
    )
    assert "In der Trägerversammlung erfolgt" in page.locator("#id_stand-1-narrative").input_value()
    assert "Fördervorlage des Sozialamts" in page.locator("#id_stand-2-narrative").input_value()
    # the letter's date is required, and marked so (it was "(optional)", then refused)
    assert "optional" not in page.locator("label[for=id_date]").inner_text()
    shot(page, "intake-draft")
    page.set_viewport_size({"width": 420, "height": 900})
    shot(page, "intake-draft-narrow")
    page.set_viewport_size({"width": 1280, "height": 900})

    # The letter's day is unreadable ("0 OKT. 2024"): confirming without it is refused,
    # and what was typed stays.
    page.locator("#id_stand-1-narrative").fill(NARRATIVE)
    with page.expect_navigation():
        page.get_by_role("button", name="Bestätigen und speichern").click()
    expect(page.get_by_text("Bitte geben Sie das Datum des Dokuments an")).to_be_visible()
    assert page.locator("#id_stand-1-narrative").input_value() == NARRATIVE
    assert StatusReport.objects.count() == 3
    shot(page, "intake-draft-error")

    # the correction: the date of the letter, and a later next control for item 3
    page.locator("#id_date").fill("10.10.2024")
    page.locator("#id_stand-2-next_control_date").fill("31.03.2026")
    with page.expect_navigation():
        page.get_by_role("button", name="Bestätigen und speichern").click()

    resolution = v2696["resolution"]
    assert page.url.endswith(f"/teststadt/gremien/beschluesse/{resolution.pk}/")
    expect(page.get_by_text("ist als V2696/24 gespeichert")).to_be_visible()
    timeline = page.locator("[data-testid=timeline-2] li")
    expect(timeline).to_have_count(2)
    newest = timeline.first.inner_text()
    assert "10.10.2024" in newest and "Prioritätensetzung" in newest and "30.09.2025" in newest
    third = page.locator("[data-testid=timeline-3] li").first.inner_text()
    assert "10.10.2024" in third and "31.03.2026" in third
    shot(page, "intake-resolution-after")

    assert Paper.objects.count() == 1 and Resolution.objects.count() == 1
    assert ResolutionItem.objects.count() == 3
    assert StatusReport.objects.count() == 6
    assert not IntakeDraft.objects.exists()
    assert not any((sample_001.parent / "media" / "intake").iterdir())
    assert page.js_errors == []
