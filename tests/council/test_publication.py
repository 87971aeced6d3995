"""A Fachamt's status report is internal until the planning unit publishes it (issue 13,
finding 9), tried from outside: over the pages, OParl, the iCal feed and the exports.

Before publication the office writing it and the planning unit read it, marked
"intern – noch nicht veröffentlicht"; the public, providers and council members do not
(not its narrative, not its date, not its status). After publication, on its own or with
the released letter, they do.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from sozialplanung.core.models import AuditEntry
from sozialplanung.core.visibility import Role
from sozialplanung.council import actions
from sozialplanung.council.models import StatusLetter, StatusReport
from tests.concurrency import post_fresh
from tests.test_canaries import readable_text

from .oparl_check import crawl

pytestmark = pytest.mark.django_db

BASE = "/teststadt/gremien"
NARRATIVE = "Entwurf des Sozialamts KANARIE-UNVEROEFFENTLICHT-3c9d"
DAY = "17.11.2025"  # the report's date, as pages and the feed print it
OUTSIDERS = ["anonym", Role.TRAEGER, Role.STADTRAT]


@pytest.fixture
def fachamt(users, offices):
    user = users[Role.FACHAMT]
    user.office = offices["sozialamt"]
    user.save()
    return user


@pytest.fixture
def clients(users, fachamt) -> dict[str, Client]:
    made = {"anonym": Client()}
    for role in (Role.TRAEGER, Role.STADTRAT, Role.FACHAMT, Role.SOZIALPLANUNG):
        made[role] = Client()
        made[role].force_login(users[role])
    return made


@pytest.fixture
def saved(v2696, fachamt, clients) -> StatusReport:
    """The Fachamt saves a report on item 2 through the report form."""
    item = v2696["items"][1]
    response = post_fresh(
        clients[Role.FACHAMT],
        f"{BASE}/punkte/{item.pk}/bericht/",
        {
            "date": DAY,
            "status": "nicht_umgesetzt",
            "narrative": NARRATIVE,
            "next_control_date": "31.03.2026",
        },
    )
    assert response.status_code == 302
    return StatusReport.objects.get(narrative=NARRATIVE)


def outputs(client: Client, v2696: dict[str, Any], offices: dict[str, Any]) -> dict[str, str]:
    """URL -> readable text of every output that shows status reports."""
    urls = [
        f"{BASE}/beschluesse/{v2696['resolution'].pk}/",
        f"{BASE}/vorlagen/{v2696['paper'].pk}/",
        f"{BASE}/ueberfaellig/",
        f"{BASE}/ueberfaellig.xlsx",
        f"{BASE}/termine/{offices['sozialamt'].pk}.ics",
        f"{BASE}/punkte/{v2696['items'][1].pk}/bericht/",
        "/teststadt/exporte/overdue.xlsx",
    ]
    found = {url: readable_text(client.get(url, follow=True)) for url in urls}
    for url, response in crawl(client).items():
        found[url] = readable_text(response)
    return found


def shows_report(texts: dict[str, str]) -> list[str]:
    return [url for url, text in texts.items() if NARRATIVE in text or DAY in text]


def test_saved_report_is_internal_until_the_planning_unit_publishes_it(
    v2696, offices, clients, saved
):
    assert saved.published_at is None
    for role in OUTSIDERS:
        assert shows_report(outputs(clients[role], v2696, offices)) == [], role
    resolution_url = f"{BASE}/beschluesse/{v2696['resolution'].pk}/"
    for role in (Role.FACHAMT, Role.SOZIALPLANUNG):
        page = clients[role].get(resolution_url).content.decode()
        assert NARRATIVE in page, role
        assert "intern – noch nicht veröffentlicht" in page
    # Only the planning unit gets the button, and only it may press it.
    assert (
        f"/berichte/{saved.pk}/veroeffentlichen/"
        not in clients[Role.FACHAMT].get(resolution_url).content.decode()
    )
    for role in (Role.FACHAMT, Role.STADTRAT, Role.TRAEGER):
        assert clients[role].post(f"{BASE}/berichte/{saved.pk}/veroeffentlichen/").status_code in (
            403,
            404,
        )
    assert (
        clients["anonym"].post(f"{BASE}/berichte/{saved.pk}/veroeffentlichen/").status_code == 302
    )
    saved.refresh_from_db()
    assert saved.published_at is None

    planner = clients[Role.SOZIALPLANUNG]
    assert f"/berichte/{saved.pk}/veroeffentlichen/" in planner.get(resolution_url).content.decode()
    response = planner.post(f"{BASE}/berichte/{saved.pk}/veroeffentlichen/")
    assert response.status_code == 302 and response["Location"].endswith("#punkt-2")
    saved.refresh_from_db()
    assert saved.published_at is not None
    entry = AuditEntry.objects.filter(model="council.StatusReport", object_id=str(saved.pk)).first()
    assert entry.summary == "Sachstandsbericht veröffentlicht"

    for role in OUTSIDERS:
        texts = outputs(clients[role], v2696, offices)
        assert NARRATIVE in texts[resolution_url], role
        assert "veröffentlicht am" in texts[resolution_url]
    oparl = outputs(clients["anonym"], v2696, offices)
    assert any(NARRATIVE in text for url, text in oparl.items() if "/oparl/" in url)
    assert DAY in oparl[f"{BASE}/termine/{offices['sozialamt'].pk}.ics"]


def test_releasing_the_letter_publishes_its_reports(v2696, offices, clients, saved, users):
    planner = users[Role.SOZIALPLANUNG]
    letter = actions.draft_status_letter(
        v2696["resolution"], date=dt.date(2025, 11, 20), acting_user=planner
    )
    assert saved in letter.reports.all()
    # A draft is the planning unit's: council members do not read it either.
    letter_url = f"{BASE}/briefe/{letter.pk}/"
    for role in (*OUTSIDERS, Role.FACHAMT):
        assert clients[role].get(letter_url).status_code in (302, 404), role
        assert clients[role].get(f"{BASE}/briefe/{letter.pk}.pdf").status_code in (302, 404)
    assert NARRATIVE in clients[Role.SOZIALPLANUNG].get(letter_url).content.decode()

    actions.release_status_letter(letter, acting_user=planner)
    saved.refresh_from_db()
    letter.refresh_from_db()
    assert letter.state == StatusLetter.State.RELEASED
    assert saved.published_at == letter.released_at
    for role in OUTSIDERS:
        texts = outputs(clients[role], v2696, offices)
        assert NARRATIVE in texts[f"{BASE}/beschluesse/{v2696['resolution'].pk}/"], role
        assert NARRATIVE in readable_text(clients[role].get(f"{BASE}/briefe/{letter.pk}.pdf"))


def test_a_changed_report_is_internal_again(v2696, fachamt, users, saved):
    actions.publish_status_report(saved, acting_user=users[Role.SOZIALPLANUNG])
    actions.record_status_report(
        saved.item,
        date=saved.date,
        status=StatusReport.Status.IN_PROGRESS,
        narrative=NARRATIVE + " (ergänzt)",
        acting_user=fachamt,
        report=saved,
    )
    saved.refresh_from_db()
    assert saved.published_at is None
    assert not StatusReport.objects.visible_to(None).filter(pk=saved.pk).exists()
