# ruff: noqa: F811  (the council fixtures are imported, pytest passes them by name)
"""Issue 14, Done-when 3 in a real browser: a citizen subscribes to a resolution the
planning unit published on "Was wurde aus …?", confirms the link from the mail (file
backend), and gets exactly one mail when the Fachamt's report is published; before the
planning unit published the resolution there, it had no page (404) and no feed entry.
"""

from __future__ import annotations

import datetime as dt
import email
import re
from email import policy
from email.message import EmailMessage
from pathlib import Path

import pytest
from playwright.sync_api import expect

from sozialplanung.core.visibility import Role
from sozialplanung.council.actions import record_status_report
from sozialplanung.council.models import StatusReport
from sozialplanung.council.public.actions import set_public_resolution_control
from tests.conftest import TEST
from tests.council.conftest import bodies, offices, v2696  # noqa: F401

pytestmark = pytest.mark.browser

PAGE = "/teststadt/was-wurde-aus/V2696-24/"
NOTE = "Drei neue Mittagstische in Leuben, Plauen und Cotta öffnen im März."
NARRATIVE = "Interne Abstimmung mit der Kämmerei KANARIE-INTERN-e2e"
CITIZEN = "buerger@example.org"


def mails(folder: Path) -> list[EmailMessage]:
    """The mails in the order they were sent: by the time their file was written, not by
    its name (Django names it by the second and a random number: two mails within one
    second came out in either order)."""
    found = []
    for path in sorted(folder.glob("*.log"), key=lambda p: (p.stat().st_mtime_ns, p.name)):
        # The file backend writes each message followed by a line of dashes.
        for raw in path.read_bytes().split(b"-" * 79):
            if raw.strip():
                found.append(email.message_from_bytes(raw.strip(), policy=policy.default))
    return found


def body(message: EmailMessage) -> str:
    return message.get_content()


def test_a_citizen_follows_a_resolution_by_mail(
    page, browser, live_server, login, shot, settings, tmp_path, v2696, users, offices
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = tmp_path
    settings.SITE_URL = live_server.url
    fachamt = users[Role.FACHAMT]
    fachamt.office = offices["sozialamt"]
    fachamt.save()
    set_public_resolution_control(v2696["paper"].municipality, True, acting_user=TEST)
    citizen = browser.new_context(
        base_url=live_server.url, locale="de-DE", viewport={"width": 390, "height": 844}
    ).new_page()

    # Not published there yet: no page, no feed entry.
    assert citizen.goto(PAGE).status == 404
    assert "<entry>" not in citizen.goto("/teststadt/was-wurde-aus/feed.atom").text()

    page.set_viewport_size({"width": 1366, "height": 900})
    login(Role.SOZIALPLANUNG)
    page.goto(f"/teststadt/gremien/beschluesse/{v2696['resolution'].pk}/")
    with page.expect_navigation():
        page.get_by_role("button", name="Unter „Was wurde aus …?“ veröffentlichen").click()
    expect(page.get_by_text("Der Beschluss hat jetzt eine öffentliche Seite")).to_be_visible()

    assert citizen.goto(PAGE).status == 200
    expect(citizen.get_by_role("heading", name="Was wurde aus V2696/24?")).to_be_visible()
    citizen.get_by_label("Ihre E-Mail-Adresse").fill(CITIZEN)
    with citizen.expect_navigation():
        citizen.get_by_role("button", name="Per E-Mail abonnieren").click()
    expect(citizen.get_by_text("Eine E-Mail mit einem Bestätigungslink")).to_be_visible()
    shot(citizen, "public-follow-resolution-390")
    [confirmation] = mails(tmp_path)
    assert confirmation["To"] == CITIZEN and "/abbestellen/" in confirmation["List-Unsubscribe"]
    link = re.search(rf"{re.escape(live_server.url)}(/\S+/bestaetigen/\S+/)", body(confirmation))
    citizen.goto(link[1])
    with citizen.expect_navigation():
        citizen.get_by_role("button", name="Abonnement bestätigen").click()
    expect(citizen.get_by_test_id("confirmed")).to_be_visible()

    report = record_status_report(
        v2696["items"][2],
        date=dt.date(2025, 11, 17),
        status=StatusReport.Status.DONE,
        narrative=NARRATIVE,
        public_note=NOTE,
        acting_user=fachamt,
    )
    assert len(mails(tmp_path)) == 1  # internal until the planning unit publishes it
    # Without a fragment: the page is open at "#oeffentlich", a new fragment would not reload.
    page.goto(f"/teststadt/gremien/beschluesse/{v2696['resolution'].pk}/")
    with page.expect_navigation():
        page.locator(f"[data-testid=publication-{report.pk}]").get_by_role(
            "button", name="Veröffentlichen"
        ).click()
    shot(page, "public-follow-switch-1366")

    confirmation, news = mails(tmp_path)
    assert news["To"] == CITIZEN and news["Subject"].startswith("Was wurde aus V2696/24?")
    text = body(news)
    assert "Punkt 3: umgesetzt (Stand vom 17.11.2025)" in text and NOTE in text
    assert NARRATIVE not in text
    assert news["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    citizen.goto(f"{PAGE}punkt/3/")
    timeline = citizen.get_by_test_id("public-timeline").inner_text()
    assert NOTE in timeline and NARRATIVE not in citizen.content()
    shot(citizen, "public-follow-item-390")
    page.goto(f"{PAGE}punkt/3/")
    shot(page, "public-follow-item-1366")
    assert page.js_errors == []
