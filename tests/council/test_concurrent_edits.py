# ruff: noqa: F811  (fixtures are imported, pytest passes them by name)
"""No lost updates in resolution control (issue 13, finding 3): a status report written
against an older state of the item, a redraft of a letter released meanwhile, and the
release of a letter redrafted meanwhile are refused with what changed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from sozialplanung.core.visibility import Role
from sozialplanung.council import actions
from sozialplanung.council.models import StatusLetter, StatusReport
from tests.concurrency import open_form, token_in
from tests.conftest import TEST

from .test_pages import BASE, fachamt, text  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db

LETTER_FORM = {
    "date": "08.10.2024",
    "file_reference": "GB 5",
    "sender": "GB 5",
    "addressees": "An alle",
}


def _two_sessions(user) -> tuple[Client, Client]:
    first, second = Client(), Client()
    first.force_login(user)
    second.force_login(user)
    return first, second


def test_a_report_on_an_older_state_of_the_item_is_refused(v2696, fachamt):
    item = v2696["items"][2]
    url = f"{BASE}/punkte/{item.pk}/bericht/"
    first, second = _two_sessions(fachamt)
    first_token, second_token = open_form(first, url), open_form(second, url)
    done = {"date": "01.10.2025", "status": "umgesetzt", "narrative": "Drei Mittagstische."}
    assert first.post(url, done | {"version": first_token}).status_code == 302

    older = {
        "date": "01.10.2025",
        "status": "in_umsetzung",
        "narrative": "Noch in Planung.",
        "next_control_date": "31.03.2026",
    }
    refused = second.post(url, older | {"version": second_token})

    assert refused.status_code == 200
    page = text(refused)
    assert "Dieser Datensatz wurde inzwischen von fachamt-test am" in page
    assert "Letzter Status (in der Umsetzung (08.10.2024) → umgesetzt (01.10.2025))" in page
    assert "Noch in Planung." in page
    assert not StatusReport.objects.filter(item=item, narrative="Noch in Planung.").exists()
    assert StatusReport.objects.filter(item=item).first().status == StatusReport.Status.DONE


def test_a_letter_released_meanwhile_is_not_redrafted(v2696, client_for, users):
    resolution = v2696["resolution"]
    planner = users[Role.SOZIALPLANUNG]
    letter = actions.draft_status_letter(resolution, date=dt.date(2024, 10, 8), acting_user=planner)
    drafting, releasing = _two_sessions(planner)
    draft_url = f"{BASE}/beschluesse/{resolution.pk}/brief/"
    draft_token = open_form(drafting, draft_url)
    release_token = open_form(releasing, f"{BASE}/briefe/{letter.pk}/")
    released = releasing.post(
        f"{BASE}/briefe/{letter.pk}/freigeben/", {"version": release_token, "confirmed": "1"}
    )
    assert released.status_code == 302
    # A new report comes in: there would be something to draft.
    actions.record_status_report(
        v2696["items"][1], date=dt.date(2025, 9, 30), status="umgesetzt", acting_user=TEST
    )

    refused = drafting.post(
        draft_url, LETTER_FORM | {"file_reference": "GB 5/2"} | {"version": draft_token}
    )

    assert refused.status_code == 200
    page = text(refused)
    assert "Dieser Datensatz wurde inzwischen von sozialplanung-test am" in page
    assert "Stand (Entwurf → freigegeben)" in page
    assert 'value="GB 5/2"' in refused.content.decode()
    letter.refresh_from_db()
    assert letter.state == StatusLetter.State.RELEASED
    assert list(StatusLetter.objects.filter(resolution=resolution)) == [letter]

    # Drafting again after review starts the next letter; the released one stays.
    again = drafting.post(draft_url, LETTER_FORM | {"version": token_in(refused.content.decode())})
    assert again.status_code == 302
    assert StatusLetter.objects.filter(resolution=resolution).count() == 2
    letter.refresh_from_db()
    assert letter.state == StatusLetter.State.RELEASED


def test_a_letter_redrafted_meanwhile_is_not_released_unseen(v2696, users):
    resolution = v2696["resolution"]
    planner = users[Role.SOZIALPLANUNG]
    letter = actions.draft_status_letter(
        resolution, date=dt.date(2024, 10, 8), file_reference="GB 5", acting_user=planner
    )
    releasing, drafting = _two_sessions(planner)
    letter_url = f"{BASE}/briefe/{letter.pk}/"
    release_token = open_form(releasing, letter_url)
    draft_url = f"{BASE}/beschluesse/{resolution.pk}/brief/"
    redraft = LETTER_FORM | {"file_reference": "GB 5.1", "version": open_form(drafting, draft_url)}
    assert drafting.post(draft_url, redraft).status_code == 302

    refused = releasing.post(
        f"{letter_url}freigeben/", {"version": release_token, "confirmed": "1"}, follow=True
    )

    page = text(refused)
    assert "Der Brief ist noch nicht freigegeben." in page
    assert "Geschäftszeichen (GZ) („GB 5“ → „GB 5.1“)" in page
    letter.refresh_from_db()
    assert letter.state == StatusLetter.State.DRAFT

    # The page now shows the redrafted letter with its version: releasing it works.
    released = releasing.post(
        f"{letter_url}freigeben/",
        {"version": token_in(refused.content.decode()), "confirmed": "1"},
    )
    assert released.status_code == 302
    letter.refresh_from_db()
    assert letter.state == StatusLetter.State.RELEASED
