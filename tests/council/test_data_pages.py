"""The council's data on pages and the council search (issue 14, Done-when 5).

A meeting page from the OParl example data (Hürtgenwald, tests/data/oparl): its agenda
in order, the papers on it and working file links; the search on the Dresden demo finds
V2696/24 by a word of its subject, and a non-public paper only for readers cleared.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client

from sozialplanung.core.actions import create_municipality
from sozialplanung.core.models import User
from sozialplanung.council.models import AgendaItem, Body, File, Meeting
from sozialplanung.council.oparl.importer import import_oparl
from sozialplanung.demo.council import V2696_SUBJECT
from tests.conftest import TEST

from .oparl_check import HUERTGENWALD

pytestmark = pytest.mark.django_db
BASE = "https://sdnetrim.kdvz-frechen.de/rim4220/webservice/oparl/v1.0/body/1/"


@pytest.fixture
def imported(db):
    municipality = create_municipality("huertgenwald", "Hürtgenwald", acting_user=TEST)
    import_oparl(HUERTGENWALD, municipality=municipality, acting_user=TEST)
    return municipality


def test_a_meeting_page_shows_its_agenda_in_order_with_papers_and_files(imported):
    meeting = Meeting.objects.get(oparl_id=BASE + "meeting/2324")
    client = Client()
    html = client.get(f"/huertgenwald/gremien/sitzungen/{meeting.pk}/").content.decode()
    agenda = html[html.index('data-testid="agenda"') :]
    items = list(AgendaItem.objects.filter(meeting=meeting).order_by("order"))
    positions = [agenda.index(f"<td>{item.number}</td>") for item in items]
    assert positions == sorted(positions) and len(items) == 4
    with_paper = next(i for i in items if i.paper_id)
    assert f'href="/huertgenwald/gremien/vorlagen/{with_paper.paper_id}/"' in agenda
    # Every file link on the page answers: here a redirect to the source system.
    links = re.findall(r'href="(/huertgenwald/gremien/dateien/(\d+)/)"', html)
    assert links
    for url, pk in links:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == File.objects.get(pk=pk).access_url
    # The meeting's bodies link to their pages, which list the meeting back.
    body = meeting.bodies.first()
    assert f"/huertgenwald/gremien/gremien/{body.pk}/" in html
    page = client.get(f"/huertgenwald/gremien/gremien/{body.pk}/").content.decode()
    assert f"/huertgenwald/gremien/sitzungen/{meeting.pk}/" in page
    assert client.get("/huertgenwald/gremien/gremien/").content.decode().count("<tr>") == (
        Body.objects.filter(municipality=imported).count() + 1
    )


def test_the_search_finds_v2696_by_a_word_of_its_subject(full_demo):
    word = V2696_SUBJECT.split()[0]  # "Fachkonzept"
    html = Client().get("/dresden/gremien/suche/", {"q": word.lower()}).content.decode()
    hits = html[html.index('data-testid="hits-papers"') :]
    assert "V2696/24" in hits[: hits.index("</ul>")]


def test_a_non_public_paper_is_found_only_by_readers_cleared_for_it(full_demo):
    query = {"q": "Wärmestube Leuben"}
    assert "V2811/24" not in Client().get("/dresden/gremien/suche/", query).content.decode()
    traeger = Client()
    traeger.force_login(User.objects.get(username="traeger"))
    assert "V2811/24" not in traeger.get("/dresden/gremien/suche/", query).content.decode()
    council = Client()
    council.force_login(User.objects.get(username="stadtrat"))
    assert "V2811/24" in council.get("/dresden/gremien/suche/", query).content.decode()


def test_an_imported_file_that_could_run_script_is_downloaded_not_shown(imported):
    # A council system's file is someone else's content on our address: an HTML file
    # shown inline could run script as our site; a PDF may be shown.
    from django.core.files.base import ContentFile

    client = Client()
    for mime, disposition in (("text/html", "attachment"), ("application/pdf", "inline")):
        record = File.objects.create(
            municipality=imported, name="Anlage", file_name="anlage", mime_type=mime
        )
        record.content.save("anlage", ContentFile(b"<script>alert(1)</script>"))
        response = client.get(f"/huertgenwald/gremien/dateien/{record.pk}/")
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith(disposition), mime
