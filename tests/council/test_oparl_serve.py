"""What clients need from our OParl server (issue 19, item 2), with real imported data:
every file's accessUrl answers, agenda items carry their files and true order, our
extension objects have ids that answer, and ids are https:// behind a TLS proxy."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from sozialplanung.core.actions import create_municipality
from sozialplanung.council.models import File
from sozialplanung.council.oparl.importer import import_oparl
from tests.conftest import TEST

from .oparl_check import HUERTGENWALD, crawl, oparl_objects, schema_errors, urls_in

BODY = "/oparl/v1.1/bodies/huertgenwald/"
SOURCE = "https://sdnetrim.kdvz-frechen.de/rim4220/webservice/oparl/v1.0/body/1/"


@pytest.fixture
def imported(db):
    town = create_municipality("huertgenwald", "Hürtgenwald", ags="05358016", acting_user=TEST)
    import_oparl(HUERTGENWALD, municipality=town, acting_user=TEST)
    return town


def all_of(client: Client, url: str) -> list[dict]:
    found, next_url = [], url + "?limit=1000"
    while next_url:
        page = client.get(next_url).json()
        found += page["data"]
        next_url = page["links"].get("next")
    return found


def test_every_files_access_url_answers(imported):
    own = File.objects.create(
        municipality=imported, name="Hochgeladen", file_name="eigen.txt", mime_type="text/plain"
    )
    own.content.save("eigen.txt", ContentFile(b"Unser Dokument"))
    client = Client()
    files = all_of(client, BODY + "files/")
    assert len(files) == 26
    for data in files:
        response = client.get(data["accessUrl"])
        record = File.objects.get(pk=data["id"].rstrip("/").rsplit("/", 1)[-1])
        if record.content:
            assert response.status_code == 200
            assert b"".join(response.streaming_content) == b"Unser Dokument"
        else:  # imported without a copy: to where the source serves it
            assert response.status_code == 302, data["id"]
            assert response["Location"] == record.access_url.replace(" ", "%20")
            download = client.get(data["downloadUrl"])
            assert download.status_code == 302
            assert download["Location"] == record.download_url.replace(" ", "%20")


def test_agenda_items_carry_their_files_and_true_order(imported):
    client = Client()
    meetings = all_of(client, BODY + "meetings/")
    meeting = next(
        m for m in meetings if [i["number"] for i in m["agendaItem"]] == ["A", "1.", "2.", "3."]
    )
    items = meeting["agendaItem"]
    assert [i["order"] for i in items] == [1, 2, 3, 4]
    resolution = items[1]["resolutionFile"]
    assert resolution["agendaItem"] == [items[1]["id"]]
    assert resolution["meeting"] == [meeting["id"]]
    step = client.get(items[1]["consultation"]).json()
    assert resolution["paper"] == [step["paper"]]
    assert items[0]["auxiliaryFile"][0]["agendaItem"] == [items[0]["id"]]
    # Agenda-item files come with their item, not again among the meeting's own files.
    assert resolution["id"] not in {f["id"] for f in meeting.get("auxiliaryFile", [])}
    assert meeting["invitation"]["name"].startswith("Bekanntmachung")
    # The separate agenda item list has them, too, and all orders differ per meeting.
    listed = all_of(client, BODY + "agenda-items/")
    pairs = [(i["meeting"], i["order"]) for i in listed]
    assert len(pairs) == len(set(pairs)) == 16


def test_meeting_and_agenda_item_lists_do_not_grow_with_their_files(imported):
    """Agenda items embed their files: one query for all of a page, not one per file."""

    def count(segment: str, limit: int) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert Client().get(f"{BODY}{segment}/?limit={limit}").status_code == 200
        return len(queries)

    assert count("meetings", 1) == count("meetings", 3)
    assert count("agenda-items", 2) == count("agenda-items", 16)


def test_imported_data_validates_against_the_schema(imported):
    errors = []
    for response in crawl(Client()).values():
        if response["Content-Type"].startswith("application/json"):
            for obj in oparl_objects(response.json()):
                errors += schema_errors(obj)
    assert errors == []


def test_extension_objects_have_ids_that_answer(council_paper_with_resolution):
    client = Client()
    paper = client.get(council_paper_with_resolution).json()
    resolutions = paper["sozialplanung:resolutions"]
    assert resolutions
    for resolution in resolutions:
        assert resolution["type"] == "sozialplanung:Resolution"
        assert client.get(resolution["id"]).json()["id"] == resolution["id"]
        for item in resolution["items"]:
            assert item["type"] == "sozialplanung:ResolutionItem"
            assert client.get(item["id"]).json()["number"] == item["number"]
            for report in item["statusHistory"]:
                assert report["type"] == "sozialplanung:StatusReport"
                assert client.get(report["id"]).json()["resolutionItem"] == item["id"]
    body = client.get("/oparl/v1.1/bodies/teststadt/").json()
    listed = client.get(body["sozialplanung:resolutionList"]).json()
    assert [r["id"] for r in listed["data"]] == [r["id"] for r in resolutions]


@pytest.fixture
def council_paper_with_resolution(v2696):
    return f"/oparl/v1.1/bodies/teststadt/paper/{v2696['paper'].pk}/"


def test_ids_are_https_behind_a_tls_proxy(imported, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # What nginx in front sends (deploy/): the original host and the scheme.
    client = Client(headers={"X-Forwarded-Proto": "https", "Host": "ris.example.org"})
    settings.ALLOWED_HOSTS = ["ris.example.org"]
    for path in ("/oparl/v1.1/", BODY, BODY + "meetings/", BODY + "files/"):
        data = client.get(path).json()
        ours = list(urls_in(data, prefix="https://ris.example.org/"))
        assert len(ours) >= 3, path
        assert list(urls_in(data, prefix="http://")) == [], path
    files = client.get(BODY + "files/").json()["data"]
    assert all(f["accessUrl"].startswith("https://ris.example.org/") for f in files)
