# ruff: noqa: F811  (the council fixtures are imported, pytest passes them by name)
"""Council pages in a real browser: a Fachamt user reports, the planning unit releases."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from sozialplanung.core.visibility import Role
from sozialplanung.council.models import StatusLetter, StatusReport
from tests.council.conftest import bodies, offices, secret_papers, v2696  # noqa: F401

pytestmark = pytest.mark.browser


@pytest.fixture
def fachamt(users, offices):
    user = users[Role.FACHAMT]
    user.office = offices["sozialamt"]
    user.save()
    return user


def test_public_sees_papers_and_resolution(page, shot, v2696, secret_papers):
    page.goto("/teststadt/")
    with page.expect_navigation():
        page.get_by_role("link", name="Gremien").click()
    expect(page.get_by_role("heading", name="Vorlagen und Beschlüsse")).to_be_visible()
    assert "V9001/24" not in page.content()
    shot(page, "council-papers")
    with page.expect_navigation():
        page.get_by_role("link", name="V2696/24").click()
    expect(page.locator("[data-testid=consultations] tbody tr")).to_have_count(4)
    shot(page, "council-paper")
    with page.expect_navigation():
        page.get_by_role("link", name="Beschluss vom 13.06.2024").click()
    expect(page.get_by_role("heading", name="Beschluss zu V2696/24")).to_be_visible()
    expect(page.get_by_role("link", name="Sachstandsbericht erfassen")).to_have_count(0)
    shot(page, "council-resolution-public")
    assert page.js_errors == []


def test_fachamt_records_a_status_report(page, shot, login, v2696, fachamt):
    login(Role.FACHAMT)
    resolution = v2696["resolution"]
    page.goto(f"/teststadt/gremien/beschluesse/{resolution.pk}/")
    with page.expect_navigation():
        page.locator("[data-testid=item-3]").get_by_role(
            "link", name="Sachstandsbericht erfassen"
        ).click()
    expect(
        page.get_by_role("heading", name="Sachstandsbericht zu Beschlusspunkt 3")
    ).to_be_visible()
    # an error keeps what was typed
    page.get_by_label("Datum des Berichts").fill("15.09.2025")
    page.get_by_label("Status").select_option("in_umsetzung")
    page.get_by_label("Sachstand").fill("Die Fördervorlage V0069/24 ist beschlossen.")
    page.get_by_label("Nächste Beschlusskontrolle").fill("")
    with page.expect_navigation():
        page.get_by_role("button", name="Sachstandsbericht speichern").click()
    expect(page.get_by_text("Bitte geben Sie die nächste Beschlusskontrolle an")).to_be_visible()
    assert (
        page.get_by_label("Sachstand").input_value()
        == "Die Fördervorlage V0069/24 ist beschlossen."
    )
    shot(page, "council-report-form-error")
    page.get_by_label("Nächste Beschlusskontrolle").fill("31.03.2026")
    with page.expect_navigation():
        page.get_by_role("button", name="Sachstandsbericht speichern").click()
    expect(
        page.get_by_text("Der Sachstandsbericht zu Beschlusspunkt 3 ist gespeichert.")
    ).to_be_visible()
    timeline = page.locator("[data-testid=timeline-3] li")
    expect(timeline).to_have_count(2)
    newest = timeline.first.inner_text()
    assert "15.09.2025" in newest and "V0069/24 ist beschlossen" in newest
    assert "31.03.2026" in newest and "Sozialamt" in newest
    # Internal until the planning unit publishes it (issue 13, finding 9).
    assert "intern – noch nicht veröffentlicht" in newest
    expect(
        page.get_by_text("Er bleibt intern, bis die Sozialplanung ihn veröffentlicht.")
    ).to_be_visible()
    expect(page.get_by_role("button", name="Veröffentlichen")).to_have_count(0)
    shot(page, "council-resolution-after-report")
    assert StatusReport.objects.filter(item=v2696["items"][2]).count() == 2
    assert page.js_errors == []


def test_planning_unit_publishes_a_report(page, shot, login, v2696, fachamt):
    from sozialplanung.council.actions import record_status_report

    report = record_status_report(
        v2696["items"][2],
        date=StatusReport.objects.get(item=v2696["items"][2]).date,
        status=StatusReport.Status.DONE,
        narrative="Die Vorlage ist beschlossen.",
        acting_user=fachamt,
    )
    login(Role.SOZIALPLANUNG)
    page.goto(f"/teststadt/gremien/beschluesse/{v2696['resolution'].pk}/#punkt-3")
    entry = page.locator(f"[data-testid=publication-{report.pk}]")
    assert "intern – noch nicht veröffentlicht" in entry.inner_text()
    shot(page, "council-report-internal")
    with page.expect_navigation():
        entry.get_by_role("button", name="Veröffentlichen").click()
    expect(
        page.get_by_text("Der Sachstandsbericht zu Beschlusspunkt 3 ist veröffentlicht.")
    ).to_be_visible()
    assert (
        "veröffentlicht am" in page.locator(f"[data-testid=publication-{report.pk}]").inner_text()
    )
    report.refresh_from_db()
    assert report.published_at is not None
    assert page.js_errors == []


def test_planning_unit_drafts_and_releases_the_letter(page, shot, login, v2696):
    login(Role.SOZIALPLANUNG)
    resolution = v2696["resolution"]
    page.goto(f"/teststadt/gremien/beschluesse/{resolution.pk}/")
    with page.expect_navigation():
        page.get_by_role("link", name="Beschlusskontrolle entwerfen").click()
    page.get_by_label("Datum des Schreibens").fill("08.10.2024")
    page.get_by_label("Geschäftszeichen (GZ)").fill("GB 5")
    shot(page, "council-letter-draft-form")
    with page.expect_navigation():
        page.get_by_role("button", name="Entwurf erstellen").click()
    letter = page.locator("[data-testid=letter]")
    text = letter.inner_text()
    assert "Beschlusskontrolle zu V2696/24 (Sitzungsnummer: SR/063/2024)" in text
    assert "zu Beschlusspunkt 1:" in text and "Der Beschlusspunkt ist umgesetzt." in text
    assert "Nächste Beschlusskontrolle: 30. September 2025" in text
    assert "ENTWURF" in text
    shot(page, "council-letter-draft")
    with page.expect_navigation():
        page.get_by_role("button", name="Freigeben …").click()
    # Release asks first, and says that it is final (issue 14, item 1); at desktop and
    # phone width the warning and both choices are on screen without sideways scrolling.
    warning = page.get_by_test_id("release-warning")
    for width, height in ((1366, 768), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        assert "Die Freigabe kann nicht rückgängig gemacht werden." in warning.inner_text()
        expect(page.get_by_role("button", name="Endgültig freigeben")).to_be_visible()
        expect(page.get_by_role("link", name="Abbrechen")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        shot(page, f"council-letter-release-confirm-{width}")
    assert StatusLetter.objects.get(resolution=resolution).state == StatusLetter.State.DRAFT
    with page.expect_navigation():
        page.get_by_role("button", name="Endgültig freigeben").click()
    expect(page.get_by_text("Die Beschlusskontrolle ist freigegeben")).to_be_visible()
    assert "freigegeben" in page.locator("[data-testid=letter-state]").inner_text()
    expect(page.get_by_role("button", name="Freigeben")).to_have_count(0)
    shot(page, "council-letter-released")
    assert StatusLetter.objects.get(resolution=resolution).state == StatusLetter.State.RELEASED
    assert page.js_errors == []
