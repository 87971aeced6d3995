"""Issue 14, item 1 on the demo: the released letter for V2696/24 says the truth about
every point and stays as released; the command line writes draft and released letter.

The demo has released the letter of 08.10.2024. New reports on points 2 and 3 come in,
the planning unit drafts and releases the next letter: point 1 (no new report) must
still read "umgesetzt" from its published report, not "noch kein Bericht".
"""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command
from django.test import Client

from sozialplanung.core.models import User
from sozialplanung.council.models import Resolution, StatusLetter
from sozialplanung.intake.models import IntakeDraft
from tests.concurrency import post_fresh, token_in
from tests.intake.test_web import post_data

from .test_letters import docx_text, pdf_text

pytestmark = pytest.mark.django_db

BASE = "/dresden/gremien"
GB5 = "Geschäftsbereich Arbeit, Soziales, Gesundheit und Wohnen"
NARRATIVE_2 = "Die Trägerversammlung hat im November 2026 die Prioritäten beschlossen."
NARRATIVE_3 = "Die Mittagstische in Leuben und Plauen sind im Haushaltsentwurf 2027 enthalten."
CHANGED_ITEM_1 = "Der Stadtrat beschließt das geänderte Fachkonzept in der Fassung vom Juni 2024."


def client(username: str) -> Client:
    made = Client()
    made.force_login(User.objects.get(username=username))
    return made


def v2696() -> Resolution:
    return Resolution.objects.get(paper__reference="V2696/24", paper__municipality__slug="dresden")


def report(client: Client, resolution: Resolution, number: str, narrative: str) -> None:
    item = resolution.items.get(number=number)
    url = f"{BASE}/punkte/{item.pk}/bericht/"
    data = {
        "date": "01.12.2026",
        "status": "in_umsetzung",
        "narrative": narrative,
        "next_control_date": "30.06.2027",
    }
    assert post_fresh(client, url, data).status_code == 302


def release_through_the_pages(planner: Client, letter: StatusLetter) -> None:
    """The letter page, then the confirmation page, then the confirmed release."""
    token = token_in(planner.get(f"{BASE}/briefe/{letter.pk}/").content.decode())
    release_url = f"{BASE}/briefe/{letter.pk}/freigeben/"
    asked = planner.get(release_url, {"version": token}).content.decode()
    assert "Die Freigabe kann nicht rückgängig gemacht werden." in asked
    # Without the confirmation nothing happens but the question.
    assert planner.post(release_url, {"version": token}).status_code == 200
    letter.refresh_from_db()
    assert letter.state == StatusLetter.State.DRAFT
    answer = planner.post(release_url, {"version": token, "confirmed": "1"})
    assert answer.status_code == 302
    letter.refresh_from_db()
    assert letter.state == StatusLetter.State.RELEASED and letter.content


def assert_truthful(text: str) -> None:
    answers = re.findall(r"zu Beschlusspunkt (\d):\s*(Der Beschlusspunkt [^.]+\.)", text)
    assert answers == [
        ("1", "Der Beschlusspunkt ist umgesetzt."),
        ("2", "Der Beschlusspunkt befindet sich in der Umsetzung."),
        ("3", "Der Beschlusspunkt befindet sich in der Umsetzung."),
    ]
    assert "noch kein Bericht" not in text
    assert NARRATIVE_2 in text and NARRATIVE_3 in text
    # Told in October 2024 already: not again.
    assert "Prioritätensetzung zu öffentlich geförderter Beschäftigung" not in text
    assert "Zuständig: Sozialamt" in text and f"Zuständig: {GB5}" in text
    assert "(50," not in text
    assert "Nächste Beschlusskontrolle: 31. März 2027" in text


def test_released_letter_states_every_point_and_import_leaves_it_unchanged(full_demo):
    resolution = v2696()
    planner, fachamt = client("planung"), client("fachamt")
    report(planner, resolution, "2", NARRATIVE_2)  # point 2 is GB 5's
    report(fachamt, resolution, "3", NARRATIVE_3)  # point 3 is the Sozialamt's
    draft_url = f"{BASE}/beschluesse/{resolution.pk}/brief/"
    assert 'value="30.06.2027"' in planner.get(draft_url).content.decode()  # prefilled

    form = {"date": "03.12.2026", "file_reference": "GB 5", "sender": GB5, "addressees": ""}
    warned = post_fresh(planner, draft_url, form | {"next_control_date": "30.06.2023"})
    page = warned.content.decode()
    assert warned.status_code == 200 and 'name="confirm_past_control"' in page
    assert "liegt vor dem Datum des Briefs" in page and 'value="30.06.2023"' in page
    assert (
        post_fresh(planner, draft_url, form | {"next_control_date": "31.03.2027"}).status_code
        == 302
    )
    letter = resolution.letters.get(state=StatusLetter.State.DRAFT)
    release_through_the_pages(planner, letter)

    pdf = planner.get(f"{BASE}/briefe/{letter.pk}.pdf").content
    docx = planner.get(f"{BASE}/briefe/{letter.pk}.docx").content
    assert_truthful(pdf_text(pdf))
    assert_truthful(docx_text(docx))

    # A changed Beschlussausfertigung comes in through document intake.
    intake = IntakeDraft.objects.create(
        municipality=resolution.municipality,
        user=User.objects.get(username="planung"),
        file_name="beschlussausfertigung.txt",
        fields={"doc_type": "beschlussausfertigung", "reference": "V2696/24"},
        text="Beschlussausfertigung V2696/24",
    )
    changed = post_data(
        {
            "doc_type": "beschlussausfertigung",
            "reference": "V2696/24",
            "session": "SR/063/2024",
            "subject": "Geändertes Fachkonzept sonstiger sozialer Angebote",
            "resolution_date": "13.06.2024",
        },
        items=[
            {"number": "1", "text": CHANGED_ITEM_1},
            *({"number": i.number, "text": i.text} for i in resolution.items.exclude(number="1")),
        ],
    )
    assert planner.post(f"{BASE}/eingang/{intake.pk}/", changed).status_code == 302
    assert resolution.items.get(number="1").text == CHANGED_ITEM_1

    assert planner.get(f"{BASE}/briefe/{letter.pk}.pdf").content == pdf
    assert planner.get(f"{BASE}/briefe/{letter.pk}.docx").content == docx
    page = planner.get(f"{BASE}/briefe/{letter.pk}/").content.decode()
    assert "Fachkonzept sonstiger sozialer Angebote für Dresden" in page
    assert CHANGED_ITEM_1 not in page


def test_command_writes_the_draft_and_the_released_letter(full_demo, tmp_path):
    draft, released = tmp_path / "x.pdf", tmp_path / "x.docx"
    call_command("status_letter", "V2696/24", "--format", "pdf", "--out", str(draft))
    text = pdf_text(draft.read_bytes())
    assert "ENTWURF" in text and "Der Beschlusspunkt ist umgesetzt." in text
    call_command(
        "status_letter", "V2696/24", "--format", "docx", "--out", str(released), "--released"
    )
    text = docx_text(released.read_bytes())
    assert "ENTWURF" not in text and "Datum: 08.10.2024" in text
    assert "Nächste Beschlusskontrolle: 30. September 2025" in text

    for args, message in (
        (["V9999/99"], "Fehler: Die Drucksache „V9999/99“ gibt es nicht."),
        (["A0200/21", "--released"], "Fehler: Zu A0200/21 gibt es noch keine freigegebene"),
    ):
        errors = io.StringIO()
        with pytest.raises(SystemExit) as exit_:
            call_command("status_letter", *args, "--out", str(draft), stderr=errors)
        assert exit_.value.code == 1 and errors.getvalue().startswith(message)
