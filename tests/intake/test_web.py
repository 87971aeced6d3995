# ruff: noqa: F811  (the council fixtures are imported, pytest passes them by name)
"""The intake web flow: upload, review the draft, confirm into council data.

The reader is replaced by a small fake here (its own tests live in test_reading.py and
test_extract.py); the browser test in tests/e2e/test_intake.py uses the real one.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from sozialplanung.core.audit import AuditEntry
from sozialplanung.core.visibility import Role
from sozialplanung.council.models import (
    Consultation,
    Meeting,
    Paper,
    Resolution,
    ResolutionItem,
    StatusReport,
)
from sozialplanung.intake import IntakeError, IntakeResult
from sozialplanung.intake import actions as intake_actions
from sozialplanung.intake import views as intake_views
from sozialplanung.intake.models import IntakeDraft
from tests.conftest import TEST
from tests.council.conftest import bodies, offices, v2696  # noqa: F401

UPLOAD = "/teststadt/gremien/eingang/"

LETTER_FIELDS: dict[str, Any] = {
    "doc_type": "beschlusskontrolle",
    "reference": "V2696/24",
    "date": None,
    "session": "SR/063/2024",
    "subject": "Fachkonzept sonstiger sozialer Angebote für Dresden",
    "submitter": None,
    "consultations": [],
    "items": [
        {"number": "1", "text": "Der Stadtrat beschließt das Fachkonzept."},
        {"number": "2", "text": "Der Oberbürgermeister wird beauftragt, …"},
        {"number": "3", "text": "Maßnahmen werden vorgelegt."},
    ],
    "item_status": [
        {"number": "1", "status": "umgesetzt", "next_control_date": None},
        {"number": "2", "status": "in Umsetzung", "next_control_date": None},
        {"number": "3", "status": "in Umsetzung", "next_control_date": None},
    ],
    "next_control_date": "2025-09-30",
    "vote": None,
}

VORLAGE_FIELDS: dict[str, Any] = {
    "doc_type": "vorlage",
    "reference": "V0100/25",
    "date": "2025-01-15",
    "session": None,
    "subject": "Mittagstisch in Leuben",
    "submitter": "Oberbürgermeister",
    "consultations": [
        {
            "body": "Ausschuss für Soziales und Wohnen",
            "date": "2025-02-03",
            "public": False,
            "role": "beratend",
        },
        {"body": "Stadtrat", "date": "2025-02-20", "public": True, "role": "beschließend"},
    ],
    "items": [
        {"number": "1", "text": "Der Stadtrat beschließt den Mittagstisch."},
        {"number": "2", "text": "Die Mittel werden bereitgestellt."},
    ],
    "item_status": [],
    "next_control_date": None,
    "vote": {"yes": 40, "no": 10, "abstain": 2},
}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def fake_reader(monkeypatch):
    """Replace the reader; ``fake_reader(fields, uncertain=…)`` sets what it returns."""
    state: dict[str, Any] = {"fields": LETTER_FIELDS, "uncertain": set(), "error": None}

    def read(path, filename):
        assert path.exists() and path.parent.name == "intake"
        if state["error"]:
            raise IntakeError(state["error"])
        return IntakeResult(
            fields=state["fields"],
            text="Beschlusskontrolle zu V2696/24 (Sitzungsnummer: SR/063/2024)\nQuelltext",
            uncertain=set(state["uncertain"]),
            warnings=["Datum unvollständig: „0 OKT. 2024“"],
        )

    monkeypatch.setattr(intake_views, "read_upload", read)

    def configure(fields=None, *, uncertain=(), error=None):
        state.update(fields=fields or LETTER_FIELDS, uncertain=set(uncertain), error=error)

    return configure


def upload(client: Client, name: str = "brief.txt", content: bytes = b"Beschlusskontrolle"):
    return client.post(UPLOAD, {"file": SimpleUploadedFile(name, content)})


def post_data(
    main: dict[str, str],
    consultations: list[dict[str, str]] = (),
    items: list[dict[str, str]] = (),
    statuses: list[dict[str, str]] = (),
) -> dict[str, str]:
    data = {
        "doc_type": "beschlusskontrolle",
        "paper_kind": "vorlage",
        "visibility": "oeffentlich",
        **main,
    }
    for prefix, rows in (("beratung", consultations), ("punkt", items), ("stand", statuses)):
        data[f"{prefix}-TOTAL_FORMS"] = str(len(rows))
        data[f"{prefix}-INITIAL_FORMS"] = str(len(rows))
        for i, row in enumerate(rows):
            for key, value in row.items():
                data[f"{prefix}-{i}-{key}"] = value
    return data


LETTER_ITEMS = [
    {"number": "1", "text": "Der Stadtrat beschließt das Fachkonzept."},
    {"number": "2", "text": "Der Oberbürgermeister wird beauftragt, …"},
    {"number": "3", "text": "Maßnahmen werden vorgelegt."},
]


def letter_post(**main: str) -> dict[str, str]:
    return post_data(
        {"reference": "V2696/24", "session": "SR/063/2024", "date": "15.10.2025", **main},
        items=LETTER_ITEMS,
        statuses=[
            {"number": "1", "status": "umgesetzt", "narrative": ""},
            {
                "number": "2",
                "status": "in_umsetzung",
                "narrative": "Die Trägerversammlung hat Prioritäten gesetzt.",
                "next_control_date": "31.03.2026",
            },
            {"number": "3", "status": "in_umsetzung", "narrative": ""},
        ],
    ) | {"next_control_date": "30.09.2026"}


def draft_url(draft: IntakeDraft) -> str:
    return f"{UPLOAD}{draft.pk}/"


def make_draft(users, municipality, fields=LETTER_FIELDS, uncertain=()) -> IntakeDraft:
    return IntakeDraft.objects.create(
        municipality=municipality,
        user=users[Role.SOZIALPLANUNG],
        file_name="brief.txt",
        fields=fields,
        text="Quelltext des Briefs",
        uncertain=list(uncertain),
    )


# --- Who may ------------------------------------------------------------------------------


def test_anonymous_is_sent_to_login(municipality):
    response = Client().get(UPLOAD)
    assert response.status_code == 302 and "/anmelden/" in response["Location"]


@pytest.mark.parametrize("role", [Role.FACHAMT, Role.TRAEGER, Role.STADTRAT])
def test_other_roles_are_refused(client_for, role, users, municipality):
    client = client_for(role)
    assert client.get(UPLOAD).status_code == 403
    draft = make_draft(users, municipality)
    assert client.get(draft_url(draft)).status_code == 403
    assert client.post(draft_url(draft), letter_post()).status_code == 403
    assert IntakeDraft.objects.filter(pk=draft.pk).exists()


@pytest.mark.parametrize("role", [Role.SOZIALPLANUNG, Role.ADMIN])
def test_planning_unit_and_admin_may(client_for, role):
    page = client_for(role).get(UPLOAD)
    assert page.status_code == 200
    assert "Dokument einlesen" in page.content.decode()


def test_planning_unit_of_another_municipality_is_refused(municipality, users):
    from sozialplanung.core.actions import create_municipality
    from sozialplanung.core.models import User

    other = create_municipality("anderstadt", "Anderstadt", acting_user=TEST)
    planner = User.objects.create_user("planer-anders", role=Role.SOZIALPLANUNG, municipality=other)
    client = Client()
    client.force_login(planner)
    assert client.get(UPLOAD).status_code == 403


def test_link_on_the_papers_page_only_for_the_planning_unit(client_for, municipality):
    assert (
        "Dokument einlesen"
        in client_for(Role.SOZIALPLANUNG).get("/teststadt/gremien/").content.decode()
    )
    assert (
        "Dokument einlesen"
        not in client_for(Role.STADTRAT).get("/teststadt/gremien/").content.decode()
    )
    assert "Dokument einlesen" not in Client().get("/teststadt/gremien/").content.decode()


# --- Upload -------------------------------------------------------------------------------


def test_unreadable_document_shows_the_message_and_saves_nothing(client_for, fake_reader, media):
    fake_reader(error="Die Datei „leer.txt“ ist leer.")
    response = upload(client_for(Role.SOZIALPLANUNG), "leer.txt", b" ")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Die Datei „leer.txt“ ist leer." in html
    assert 'role="alert"' in html
    assert IntakeDraft.objects.count() == 0
    assert list((media / "intake").iterdir()) == []


def test_wrong_file_type_is_refused_before_reading(client_for, fake_reader, media):
    response = upload(client_for(Role.SOZIALPLANUNG), "tabelle.xlsx", b"PK\x03\x04")
    assert response.status_code == 200
    assert "Textdatei, eine PDF-Datei oder ein Bild" in response.content.decode()
    assert IntakeDraft.objects.count() == 0


def test_too_large_file_is_refused(client_for, fake_reader, settings):
    settings.MAX_UPLOAD_MB = 0
    response = upload(client_for(Role.SOZIALPLANUNG))
    assert "größer als 0 MB" in response.content.decode()
    assert IntakeDraft.objects.count() == 0


def test_upload_stores_a_draft_and_shows_it_prefilled(client_for, fake_reader, media):
    fake_reader(uncertain={"reference", "item_status.1.status", "date"})
    client = client_for(Role.SOZIALPLANUNG)
    response = upload(client, "001 Beschlusskontrolle.txt")
    draft = IntakeDraft.objects.get()
    assert response.status_code == 302 and response["Location"] == draft_url(draft)
    assert draft.file_name == "001 Beschlusskontrolle.txt"
    assert (media / "intake" / draft.stored_name).exists()
    assert draft.stored_name.endswith(".txt") and "Beschlusskontrolle" not in draft.stored_name
    html = client.get(draft_url(draft)).content.decode()
    assert 'value="V2696/24"' in html
    assert 'value="SR/063/2024"' in html
    assert 'value="30.09.2025"' in html  # the overall next control date, DD.MM.YYYY
    assert "Quelltext" in html and "<pre" in html
    assert "Datum unvollständig" in html


def test_uncertain_fields_are_marked(client_for, users, municipality):
    draft = make_draft(users, municipality, uncertain={"reference", "item_status.1.status"})
    html = client_for(Role.SOZIALPLANUNG).get(draft_url(draft)).content.decode()
    assert html.count('class="badge check"') == 2 and "bitte prüfen" in html
    assert 'id="id_reference-check"' in html
    assert 'aria-describedby="id_reference-check id_reference-help"' in html
    assert 'id="id_stand-1-status-check"' in html
    assert 'aria-describedby="id_stand-1-status-check id_stand-1-status-evidence"' in html
    assert 'aria-describedby="id_stand-0-status-check"' not in html
    assert html.count('class="uncertain"') + html.count(' uncertain"') >= 2


# --- Confirm ------------------------------------------------------------------------------


def test_confirm_creates_paper_resolution_items_and_reports(client_for, users, municipality):
    draft = make_draft(users, municipality)
    client = client_for(Role.SOZIALPLANUNG)
    # No resolution exists yet: its date is needed; the form keeps what was typed.
    response = client.post(draft_url(draft), letter_post())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Datum des Beschlusses" in html and "Die Trägerversammlung hat Prioritäten" in html
    assert Paper.objects.count() == 0
    response = client.post(draft_url(draft), letter_post(resolution_date="13.06.2024"))
    resolution = Resolution.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/teststadt/gremien/beschluesse/{resolution.pk}/"
    assert resolution.paper.reference == "V2696/24"
    assert resolution.meeting == Meeting.objects.get(session_number="SR/063/2024")
    assert resolution.date == dt.date(2024, 6, 13)
    items = {i.number: i for i in resolution.items.all()}
    assert sorted(items) == ["1", "2", "3"]
    reports = {r.item.number: r for r in StatusReport.objects.select_related("item")}
    assert reports["1"].status == "umgesetzt" and reports["1"].next_control_date is None
    assert reports["2"].narrative == "Die Trägerversammlung hat Prioritäten gesetzt."
    assert reports["2"].next_control_date == dt.date(2026, 3, 31)
    assert reports["3"].next_control_date == dt.date(2026, 9, 30)  # the overall date
    assert {r.date for r in reports.values()} == {dt.date(2025, 10, 15)}
    assert {r.author for r in reports.values()} == {users[Role.SOZIALPLANUNG]}
    assert not IntakeDraft.objects.exists()
    assert AuditEntry.objects.filter(model="council.StatusReport").count() == 3
    follow = client.get(response["Location"])
    assert "Die Trägerversammlung hat Prioritäten gesetzt." in follow.content.decode()


def test_status_letter_links_to_the_existing_resolution(client_for, users, v2696, offices):
    draft = make_draft(users, v2696["paper"].municipality)
    client = client_for(Role.SOZIALPLANUNG)
    before = {i.pk: i.text for i in v2696["items"]}
    data = letter_post(office=str(offices["gb5"].pk))
    response = client.post(draft_url(draft), data)
    assert response.status_code == 302
    assert response["Location"].endswith(f"/beschluesse/{v2696['resolution'].pk}/")
    assert Paper.objects.count() == 1 and Resolution.objects.count() == 1
    # the paper and the stored item texts are untouched by a status letter
    paper = Paper.objects.get()
    assert paper.date == dt.date(2024, 3, 26) and paper.responsible_office == offices["gb5"]
    assert {i.pk: i.text for i in ResolutionItem.objects.all()} == before
    assert Consultation.objects.count() == 4
    new = StatusReport.objects.filter(date=dt.date(2025, 10, 15))
    assert new.count() == 3
    assert {r.office for r in new} == {offices["gb5"]}


def test_confirming_the_same_document_twice_duplicates_nothing(client_for, users, v2696):
    client = client_for(Role.SOZIALPLANUNG)
    counts = None
    for _round in range(2):
        draft = make_draft(users, v2696["paper"].municipality)
        assert client.post(draft_url(draft), letter_post()).status_code == 302
        now = (
            Paper.objects.count(),
            Resolution.objects.count(),
            ResolutionItem.objects.count(),
            StatusReport.objects.count(),
            Meeting.objects.count(),
        )
        assert counts is None or now == counts
        counts = now
    assert counts == (1, 1, 3, 6, 1)


def test_a_vorlage_becomes_paper_consultations_and_resolution(client_for, users, municipality):
    draft = make_draft(users, municipality, VORLAGE_FIELDS)
    client = client_for(Role.SOZIALPLANUNG)
    html = client.get(draft_url(draft)).content.decode()
    assert 'value="20.02.2025"' in html  # resolution date from the deciding consultation
    data = post_data(
        {
            "doc_type": "vorlage",
            "reference": "V0100/25",
            "date": "15.01.2025",
            "subject": "Mittagstisch in Leuben",
            "submitter": "Oberbürgermeister",
            "resolution_date": "20.02.2025",
            "votes_yes": "40",
            "votes_no": "10",
            "votes_abstain": "2",
            "visibility": "nicht_oeffentlich",
        },
        consultations=[
            {"body": "Ausschuss für Soziales und Wohnen", "date": "03.02.2025", "role": "beratend"},
            {"body": "Stadtrat", "date": "20.02.2025", "public": "on", "role": "beschliessend"},
        ],
        items=[
            {"number": "1", "text": "Der Stadtrat beschließt den Mittagstisch."},
            {"number": "2", "text": "Die Mittel werden bereitgestellt."},
        ],
    )
    for _round in range(2):
        assert client.post(draft_url(draft), data).status_code == 302
        draft = make_draft(users, municipality, VORLAGE_FIELDS)
    paper = Paper.objects.get(reference="V0100/25")
    assert paper.visibility == "nicht_oeffentlich" and paper.originator == "Oberbürgermeister"
    steps = list(paper.consultations.order_by("order"))
    assert [(s.body.name, s.public, s.role) for s in steps] == [
        ("Ausschuss für Soziales und Wohnen", False, "beratend"),
        ("Stadtrat", True, "beschliessend"),
    ]
    resolution = Resolution.objects.get(paper=paper)
    assert (resolution.votes_yes, resolution.votes_no, resolution.votes_abstain) == (40, 10, 2)
    assert resolution.body.name == "Stadtrat"
    assert resolution.items.count() == 2 and StatusReport.objects.count() == 0


def test_a_failure_in_the_middle_saves_nothing(client_for, users, municipality, monkeypatch):
    draft = make_draft(users, municipality)

    def broken(*args, **kwargs):
        raise RuntimeError("Festplatte voll")

    monkeypatch.setattr(intake_actions.council, "record_status_report", broken)
    client = client_for(Role.SOZIALPLANUNG)
    with pytest.raises(RuntimeError):
        client.post(draft_url(draft), letter_post(resolution_date="13.06.2024"))
    assert Paper.objects.count() == 0
    assert Resolution.objects.count() == 0 and ResolutionItem.objects.count() == 0
    assert Meeting.objects.count() == 0
    assert IntakeDraft.objects.filter(pk=draft.pk).exists()


def test_removed_and_added_rows(client_for, users, v2696):
    draft = make_draft(users, v2696["paper"].municipality)
    data = letter_post()
    data["stand-0-DELETE"] = "on"
    data["stand-TOTAL_FORMS"] = "4"
    data |= {"stand-3-number": "", "stand-3-narrative": ""}  # the blank extra row
    assert client_for(Role.SOZIALPLANUNG).post(draft_url(draft), data).status_code == 302
    new = StatusReport.objects.filter(date=dt.date(2025, 10, 15))
    assert sorted(r.item.number for r in new) == ["2", "3"]


def test_invalid_date_keeps_what_was_typed(client_for, users, v2696):
    draft = make_draft(users, v2696["paper"].municipality)
    data = letter_post(date="32.13.2025")
    response = client_for(Role.SOZIALPLANUNG).post(draft_url(draft), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="32.13.2025"' in html and "Die Trägerversammlung hat Prioritäten" in html
    assert 'aria-invalid="true"' in html
    assert StatusReport.objects.count() == 3


def test_discard_removes_draft_and_file(client_for, fake_reader, media):
    client = client_for(Role.SOZIALPLANUNG)
    upload(client)
    draft = IntakeDraft.objects.get()
    response = client.post(f"{draft_url(draft)}verwerfen/")
    assert response.status_code == 302
    assert not IntakeDraft.objects.exists()
    assert list((media / "intake").iterdir()) == []


# --- The draft page: evidence per point, required and optional marks (issue 15) -------------

SAMPLE_001 = (
    Path(__file__).resolve().parents[2] / "evaluation" / "intake" / "001_67840fba39b81673.txt"
)


def test_real_letter_draft_shows_status_evidence_and_narrative_of_every_point(client_for, media):
    client = client_for(Role.SOZIALPLANUNG)
    upload(client, "001.txt", SAMPLE_001.read_bytes())  # the real reader, no fake
    html = client.get(draft_url(IntakeDraft.objects.get())).content.decode()
    # points 2 and 3 were left without text before: their narrative is the letter's block
    narrative_2 = re.search(r'id="id_stand-1-narrative">([^<]*)</textarea>', html).group(1)
    assert "In der Trägerversammlung erfolgt mit dem Jobcenter Dresden" in narrative_2
    narrative_3 = re.search(r'id="id_stand-2-narrative">([^<]*)</textarea>', html).group(1)
    assert "In der Fördervorlage des Sozialamts" in narrative_3
    assert "-2-" not in narrative_3  # the page mark between the lines is no text
    evidence = re.search(r'data-testid="evidence-2">(.*?)</p>', html).group(1)
    assert evidence == "Im Dokument: <q>Der Beschlusspunkt befindet sich in der Umsetzung.</q>"
    assert "Alle Felder wurden aus dem Dokument gelesen" not in html


def test_a_status_inferred_from_the_report_says_so(client_for, users, municipality):
    fields = LETTER_FIELDS | {
        "item_status": [
            {"number": "1", "status": "umgesetzt", "evidence": "Der Beschluss ist erfüllt."},
            {"number": "2", "status": "in Umsetzung", "evidence": "", "narrative": "Es läuft."},
            {"number": "3", "status": None},
        ]
    }
    html = client_for(Role.SOZIALPLANUNG).get(draft_url(make_draft(users, municipality, fields)))
    html = html.content.decode()
    assert "Im Dokument: <q>Der Beschluss ist erfüllt.</q>" in html
    assert html.count("Das Dokument nennt den Stand nicht ausdrücklich") == 1
    assert 'data-testid="evidence-3"' not in html  # no status found: nothing to explain
    assert re.search(r'id="id_stand-1-narrative">\s*Es läuft\.</textarea>', html)


def _label(html: str, name: str) -> str:
    return re.search(rf'<label for="id_{name}">(.*?)</label>', html, re.S).group(1)


def test_the_letter_date_is_marked_required_because_it_is_required(client_for, users, v2696):
    client = client_for(Role.SOZIALPLANUNG)
    draft = make_draft(users, v2696["paper"].municipality)
    html = client.get(draft_url(draft)).content.decode()
    assert "optional" not in _label(html, "date")  # it was "(optional)", then refused
    assert "optional" in _label(html, "resolution_date")  # the resolution exists
    response = client.post(draft_url(draft), letter_post(date=""))
    html = response.content.decode()
    assert 'id="id_date-error"' in html and "Bitte geben Sie das Datum des Dokuments an" in html
    assert "optional" not in _label(html, "date")


def test_a_paper_without_resolution_marks_the_resolution_date_required(
    client_for, users, municipality
):
    html = client_for(Role.SOZIALPLANUNG).get(
        draft_url(make_draft(users, municipality, VORLAGE_FIELDS))
    )
    html = html.content.decode()
    assert "optional" not in _label(html, "resolution_date")
    assert "optional" in _label(html, "date")  # a Vorlage without date can be saved
