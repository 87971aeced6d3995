"""OParl import: the specification's examples, re-imports, changes, increments, errors,
and a round trip through our own server over HTTP on 127.0.0.1."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from sozialplanung.core.actions import create_municipality
from sozialplanung.core.imports import ImportFailed
from sozialplanung.core.models import AuditEntry
from sozialplanung.council.models import (
    AgendaItem,
    Body,
    Consultation,
    File,
    LegislativeTerm,
    Location,
    Meeting,
    Membership,
    Paper,
    Person,
)
from sozialplanung.council.oparl.importer import import_oparl
from tests.conftest import TEST

from .oparl_check import EXAMPLES_DIR, SERVER, crawl, json_answer, local_server

EX = "https://oparl.example.org/"


def audit_count() -> int:
    return AuditEntry.objects.count()


def test_examples_import_as_expected(municipality):
    result = import_oparl(
        EXAMPLES_DIR, municipality=municipality, acting_user=TEST, accept_other_body=True
    )
    body = Body.objects.get(oparl_id=EX + "organization/34")
    assert (body.name, body.short_name, body.kind) == (
        "Ausschuss für Haushalt und Finanzen",
        "Finanzausschuss",
        Body.Kind.COMMITTEE,
    )
    assert body.start_date == dt.date(2012, 7, 17)
    person = Person.objects.get(oparl_id=EX + "person/29")
    assert (person.family_name, person.given_name) == ("Mustermann", "Max")
    meeting = Meeting.objects.get(oparl_id=EX + "meeting/281")
    assert meeting.name == "4. Sitzung des Finanzausschusses"
    assert meeting.start == dt.datetime(2013, 1, 4, 7, 0, tzinfo=dt.UTC)
    assert list(meeting.bodies.all()) == [body]
    # The examples use location/0 for two places; the standalone Location-01 wins.
    assert meeting.location.oparl_id == EX + "location/0"
    item = AgendaItem.objects.get(oparl_id=EX + "agendaitem/3271")
    assert (item.meeting, item.number, item.result) == (meeting, "10.1", "Geändert beschlossen")
    paper = Paper.objects.get(oparl_id=EX + "paper/749")
    assert (paper.reference, paper.name) == ("1234/2014", "Antwort auf Anfrage 1200/2014")
    assert paper.kind == Paper.Kind.OTHER
    assert "Beantwortung einer Anfrage" in paper.text  # the unknown paper type is kept
    assert paper.date == dt.date(2014, 4, 4)
    main = File.objects.get(oparl_id=EX + "files/57737")
    assert (main.paper, main.file_name, main.size) == (paper, "anlage_1_zur_anfrage.pdf", 82930)
    assert File.objects.filter(meeting=meeting).exists()
    assert LegislativeTerm.objects.get(oparl_id=EX + "term/21").name == "21. Wahlperiode"
    assert Location.objects.filter(oparl_id=EX + "location/0").count() == 1
    # References to objects the examples do not contain: skipped, with a warning each.
    assert Membership.objects.count() == 0 and Consultation.objects.count() == 0
    assert any("Mitgliedschaft übersprungen" in w for w in result.warnings)
    assert any("Beratung übersprungen" in w for w in result.warnings)
    assert result.created["Vorlage"] == 1
    assert AuditEntry.objects.filter(actor="Test", model="council.Paper").count() == 1


def _counts() -> list[int]:
    models = (Body, Person, Meeting, AgendaItem, Paper, File, Location, LegislativeTerm)
    return [m.objects.count() for m in models]


def test_second_import_changes_nothing(municipality):
    import_oparl(EXAMPLES_DIR, municipality=municipality, acting_user=TEST, accept_other_body=True)
    counts, audits = _counts(), audit_count()
    result = import_oparl(
        EXAMPLES_DIR, municipality=municipality, acting_user=TEST, accept_other_body=True
    )
    assert _counts() == counts
    assert audit_count() == audits
    assert result.created == result.updated == {}


def test_a_changed_object_is_updated_alone(municipality, tmp_path):
    folder = tmp_path / "oparl"
    shutil.copytree(EXAMPLES_DIR, folder)
    import_oparl(folder, municipality=municipality, acting_user=TEST, accept_other_body=True)
    counts, audits = _counts(), audit_count()
    path = folder / "Paper-01.json"
    data = json.loads(path.read_text("utf-8"))
    data["name"] = "Antwort auf Anfrage 1200/2014 (ergänzt)"
    data["modified"] = "2015-02-02T10:00:00+01:00"
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    result = import_oparl(
        folder, municipality=municipality, acting_user=TEST, accept_other_body=True
    )
    assert result.created == {} and result.updated == {"Vorlage": 1}
    assert _counts() == counts
    assert audit_count() == audits + 1
    assert Paper.objects.get().name.endswith("(ergänzt)")


def test_incremental_import_skips_older_objects(municipality):
    since = dt.datetime(2013, 1, 5, tzinfo=dt.UTC)
    result = import_oparl(
        EXAMPLES_DIR,
        municipality=municipality,
        modified_since=since,
        acting_user=TEST,
        accept_other_body=True,
    )
    assert Paper.objects.count() == 1  # modified 2013-01-08
    assert Meeting.objects.count() == 0  # modified 2012-01-08
    assert Body.objects.count() == 0  # modified 2012-08-16
    assert result.skipped_older > 0


def test_broken_json_imports_nothing(municipality, tmp_path):
    folder = tmp_path / "oparl"
    shutil.copytree(EXAMPLES_DIR, folder)
    (folder / "Kaputt.json").write_text('{"id": "x", "type": ', "utf-8")
    with pytest.raises(ImportFailed) as failure:
        import_oparl(folder, municipality=municipality, acting_user=TEST, accept_other_body=True)
    assert "Kaputt.json" in str(failure.value)
    assert "Kein gültiges JSON" in str(failure.value)
    assert _counts() == [0] * 8


def test_missing_reference_uses_the_id_and_warns(municipality, tmp_path):
    paper = {
        "id": "https://ris.example.org/paper/4711",
        "type": "https://schema.oparl.org/1.1/Paper",
        "name": "Ohne Aktenzeichen",
        "paperType": "Beschlussvorlage",
    }
    (tmp_path / "p.json").write_text(json.dumps({"data": [paper]}), "utf-8")
    result = import_oparl(tmp_path, municipality=municipality, acting_user=TEST)
    stored = Paper.objects.get()
    assert (stored.reference, stored.kind) == ("4711", Paper.Kind.VORLAGE)
    assert any("ohne Aktenzeichen" in w for w in result.warnings)


def test_command_reports_in_german(municipality):
    out = StringIO()
    call_command(
        "oparl_import",
        str(EXAMPLES_DIR),
        "--accept-other-body",
        municipality="teststadt",
        stdout=out,
        stderr=StringIO(),
    )
    assert "OParl-Import für Teststadt abgeschlossen" in out.getvalue()
    assert "Neu:" in out.getvalue()
    assert Paper.objects.count() == 1


# --- Round trip over HTTP: our server -> a local endpoint -> the importer --------------


@pytest.fixture
def local_endpoint(v2696, settings):
    """Our OParl server's responses, served from 127.0.0.1 as a foreign endpoint."""
    settings.OPARL_IMPORT_ALLOW_PRIVATE_ADDRESSES = True  # the test server is on loopback
    pages = {}
    for url, response in crawl(Client()).items():
        if response["Content-Type"].startswith("application/json"):
            pages[url] = response.content.decode("utf-8")

    def answer(base: str, path: str):
        body = pages.get(SERVER + path.removeprefix("/oparl/v1.1/"))
        return json_answer(body.replace(SERVER, base + "/oparl/v1.1/").encode()) if body else None

    with local_server(answer) as base:
        yield base + "/oparl/v1.1/"


def test_round_trip_over_http(local_endpoint, v2696):
    other = create_municipality("anderstadt", "Anderstadt", acting_user=TEST)
    with pytest.raises(ImportFailed):  # "/nichts" is no System object
        import_oparl(local_endpoint + "nichts", municipality=other, acting_user=TEST)
    result = import_oparl(
        local_endpoint, municipality=other, acting_user=TEST, accept_other_body=True
    )
    paper = Paper.objects.get(municipality=other)
    assert (paper.reference, paper.kind) == ("V2696/24", Paper.Kind.VORLAGE)
    steps = Consultation.objects.filter(paper=paper).order_by("order")
    assert [s.role for s in steps] == ["beratend", "1_lesung", "federfuehrend", "beschliessend"]
    assert [s.body.name for s in steps][-1] == "Stadtrat"
    item = AgendaItem.objects.get(meeting__municipality=other)
    assert (item.number, item.paper) == ("12", paper)
    assert Meeting.objects.get(municipality=other).bodies.get().name == "Stadtrat"
    assert result.created["Gremium"] == 3
    audits = audit_count()
    again = import_oparl(
        local_endpoint, municipality=other, acting_user=TEST, accept_other_body=True
    )
    assert again.created == again.updated == {}
    assert audit_count() == audits
