"""Council pages: what each role gets, what the public never gets, German text."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from sozialplanung.core.models import AuditEntry
from sozialplanung.core.visibility import Role, Visibility
from sozialplanung.council import actions
from sozialplanung.council.models import StatusLetter, StatusReport
from tests.concurrency import open_form, post_fresh

from .conftest import CANARIES

pytestmark = pytest.mark.django_db

BASE = "/teststadt/gremien"


@pytest.fixture
def fachamt(users, offices):
    user = users[Role.FACHAMT]
    user.office = offices["sozialamt"]
    user.save()
    return user


def text(response) -> str:
    return response.content.decode()


def test_paper_list_search_and_filter(v2696, secret_papers):
    client = Client()
    page = text(client.get(f"{BASE}/"))
    assert "V2696/24" in page and "Fachkonzept sonstiger sozialer Angebote" in page
    assert "Vorlagen" in page  # German
    assert "V9001/24" not in page and "V9002/24" not in page
    assert "V2696/24" not in text(client.get(f"{BASE}/?q=Grundstück"))
    assert "V2696/24" in text(client.get(f"{BASE}/?q=fachkonzept"))
    assert "V2696/24" in text(client.get(f"{BASE}/?q=V2696&art=vorlage"))
    assert "V2696/24" not in text(client.get(f"{BASE}/?art=antrag"))


def test_paper_list_for_council_members_marks_secret_papers(v2696, secret_papers, client_for):
    page = text(client_for(Role.STADTRAT).get(f"{BASE}/"))
    assert "V9001/24" in page and "V9002/24" in page
    assert "nicht öffentlich" in page and "vertraulich" in page
    fachamt_page = text(client_for(Role.FACHAMT).get(f"{BASE}/"))
    assert "V9001/24" in fachamt_page and "V9002/24" not in fachamt_page


def test_paper_detail_shows_consultations_and_resolution(v2696):
    response = Client().get(f"{BASE}/vorlagen/{v2696['paper'].pk}/")
    assert response.status_code == 200
    page = text(response)
    assert "Beratungsfolge" in page
    assert "Ausschuss für Soziales und Wohnen" in page
    assert "nicht öffentlich" in page  # the first reading was non-public
    assert "13.06.2024" in page
    assert f"/gremien/beschluesse/{v2696['resolution'].pk}/" in page


def test_secret_records_are_404_for_the_public(v2696, secret_papers):
    client = Client()
    for visibility in (Visibility.NON_PUBLIC, Visibility.CONFIDENTIAL):
        made = secret_papers[visibility]
        for url in (
            f"{BASE}/vorlagen/{made['paper'].pk}/",
            f"{BASE}/beschluesse/{made['resolution'].pk}/",
            f"{BASE}/beschluesse/{made['resolution'].pk}/brief/",
        ):
            response = client.get(url)
            assert response.status_code == 404, url
            assert not any(c in text(response) for c in CANARIES)
        # forms send the anonymous to the login first, whatever the item: nothing to learn
        secret = client.get(f"{BASE}/punkte/{made['item'].pk}/bericht/")
        unknown = client.get(f"{BASE}/punkte/999999/bericht/")
        assert secret.status_code == unknown.status_code == 302


def test_confidential_paper_is_404_for_fachamt_but_readable_for_council(secret_papers, client_for):
    made = secret_papers[Visibility.CONFIDENTIAL]
    url = f"{BASE}/beschluesse/{made['resolution'].pk}/"
    assert client_for(Role.FACHAMT).get(url).status_code == 404
    response = client_for(Role.STADTRAT).get(url)
    assert response.status_code == 200
    assert "vertraulich" in text(response)


def test_resolution_page_shows_items_and_timeline(v2696, fachamt, users, client_for):
    item = v2696["items"][1]
    made = actions.record_status_report(
        item,
        date=dt.date(2025, 9, 20),
        status=StatusReport.Status.DONE,
        narrative="Die Priorität ist vereinbart.",
        acting_user=fachamt,
    )
    actions.publish_status_report(made, acting_user=users[Role.SOZIALPLANUNG])
    response = Client().get(f"{BASE}/beschluesse/{v2696['resolution'].pk}/")
    assert response.status_code == 200
    page = text(response)
    assert "SR/063/2024" in page and "45 Ja, 12 Nein, 3 Enthaltungen" in page
    assert "Beschlusspunkt 2" in page or "Punkt 2" in page
    assert "Sozialamt" in page
    timeline = page.split('data-testid="timeline-2"')[1].split("</ol>")[0]
    assert timeline.index("umgesetzt") < timeline.index("in der Umsetzung")  # newest first
    assert "Die Priorität ist vereinbart." in timeline
    assert "30.09.2025" in timeline
    # the public sees no author names and no report buttons
    assert fachamt.username not in page
    assert "/bericht/" not in page
    own = text(client_for(Role.FACHAMT).get(f"{BASE}/beschluesse/{v2696['resolution'].pk}/"))
    assert f"/gremien/punkte/{item.pk}/bericht/" in own


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.FACHAMT, 200),
        (Role.SOZIALPLANUNG, 200),
        (Role.ADMIN, 200),
        (Role.STADTRAT, 403),
        (Role.TRAEGER, 403),
    ],
)
def test_report_form_by_role(v2696, fachamt, client_for, role, status):
    url = f"{BASE}/punkte/{v2696['items'][0].pk}/bericht/"
    assert client_for(role).get(url).status_code == status


def test_report_form_sends_the_anonymous_to_login(v2696):
    url = f"{BASE}/punkte/{v2696['items'][0].pk}/bericht/"
    response = Client().get(url)
    assert response.status_code == 302 and response["Location"].startswith("/anmelden/")


def test_fachamt_of_another_office_gets_403(v2696, users, offices, client_for):
    user = users[Role.FACHAMT]
    user.office = offices["gb5"]
    user.save()
    response = client_for(Role.FACHAMT).get(f"{BASE}/punkte/{v2696['items'][0].pk}/bericht/")
    assert response.status_code == 403


def test_report_form_keeps_input_on_errors_and_saves(v2696, fachamt, client_for):
    client = client_for(Role.FACHAMT)
    item = v2696["items"][2]
    url = f"{BASE}/punkte/{item.pk}/bericht/"
    page = text(client.get(url))
    assert "Nächste Beschlusskontrolle" in page or "Nächste Kontrolle" in page
    bad = client.post(
        url,
        {"date": "32.13.2025", "status": "in_umsetzung", "narrative": "Mein Text bleibt."},
    )
    assert bad.status_code == 200
    assert "Mein Text bleibt." in text(bad)
    assert "32.13.2025" in text(bad)
    assert StatusReport.objects.filter(item=item).count() == 1
    good = post_fresh(
        client,
        url,
        {
            "date": "01.10.2025",
            "status": "in_umsetzung",
            "narrative": "Die Vorlage ist im Umlauf.",
            "next_control_date": "31.03.2026",
        },
    )
    assert good.status_code == 302
    newest = StatusReport.objects.filter(item=item).first()
    assert newest.next_control_date == dt.date(2026, 3, 31)
    assert newest.author == fachamt
    assert AuditEntry.objects.filter(model="council.StatusReport", object_id=str(newest.pk))


def test_planner_drafts_and_releases_the_letter(v2696, client_for):
    client = client_for(Role.SOZIALPLANUNG)
    resolution = v2696["resolution"]
    draft_url = f"{BASE}/beschluesse/{resolution.pk}/brief/"
    assert client.get(draft_url).status_code == 200
    response = post_fresh(
        client,
        draft_url,
        {"date": "08.10.2024", "file_reference": "GB 5", "sender": "GB 5", "addressees": "An alle"},
    )
    letter = StatusLetter.objects.get(resolution=resolution)
    assert response.status_code == 302 and response["Location"].endswith(f"/briefe/{letter.pk}/")
    page = text(client.get(response["Location"]))
    assert "Beschlusskontrolle zu V2696/24 (Sitzungsnummer: SR/063/2024)" in page
    assert "zu Beschlusspunkt 2:" in page
    assert "Der Beschlusspunkt befindet sich in der Umsetzung." in page
    assert "Nächste Beschlusskontrolle: 30. September 2025" in page
    assert "Freigeben" in page
    # the public does not see drafts
    assert Client().get(f"{BASE}/briefe/{letter.pk}/").status_code == 404
    version = open_form(client, f"{BASE}/briefe/{letter.pk}/")
    release = client.post(
        f"{BASE}/briefe/{letter.pk}/freigeben/", {"version": version, "confirmed": "1"}
    )
    assert release.status_code == 302
    letter.refresh_from_db()
    assert letter.state == StatusLetter.State.RELEASED
    assert "Freigeben" not in text(client.get(f"{BASE}/briefe/{letter.pk}/"))
    assert Client().get(f"{BASE}/briefe/{letter.pk}/").status_code == 200


@pytest.mark.parametrize("role", [Role.FACHAMT, Role.STADTRAT, Role.TRAEGER])
def test_letter_pages_are_for_the_planning_unit(v2696, client_for, users, role):
    resolution = v2696["resolution"]
    assert client_for(role).get(f"{BASE}/beschluesse/{resolution.pk}/brief/").status_code == 403
    letter = actions.draft_status_letter(
        resolution, date=dt.date(2024, 10, 8), acting_user=users[Role.SOZIALPLANUNG]
    )
    assert client_for(role).post(f"{BASE}/briefe/{letter.pk}/freigeben/").status_code == 403
    letter.refresh_from_db()
    assert letter.state == StatusLetter.State.DRAFT


def test_navigation_links_to_the_council_pages(v2696):
    page = text(Client().get("/teststadt/"))
    assert 'href="/teststadt/gremien/"' in page
    assert ">Gremien<" in page
