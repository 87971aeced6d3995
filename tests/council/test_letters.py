"""The status letter for V2696/24 carries every element of sample 001, as PDF and DOCX."""

from __future__ import annotations

import datetime as dt
import io
import re

import docx
import pytest
from django.test import Client
from pypdf import PdfReader

from sozialplanung.core.visibility import Role, Visibility
from sozialplanung.council import actions
from sozialplanung.council.letters import (
    DocxLetterRenderer,
    TypstLetterRenderer,
    build_letter_content,
)
from sozialplanung.council.letters.config import letter_texts
from sozialplanung.council.letters.content import german_long_date
from sozialplanung.council.models import StatusLetter, StatusReport
from tests.conftest import TEST

from .conftest import CANARIES, ITEM_TEXTS

SUBJECT = (
    "Fachkonzept sonstiger sozialer Angebote für Dresden - Sozialplanerisches Handlungskonzept"
)


@pytest.fixture
def letter(v2696):
    """The released letter of 08.10.2024 with the three reports of sample 001."""
    made = StatusLetter.objects.create(
        resolution=v2696["resolution"],
        date=dt.date(2024, 10, 8),
        file_reference="GB 5",
        next_control_date=dt.date(2025, 9, 30),
        state=StatusLetter.State.RELEASED,
    )
    StatusReport.objects.filter(item__resolution=v2696["resolution"]).update(letter=made)
    return made


def pdf_text(data: bytes) -> str:
    pages = PdfReader(io.BytesIO(data)).pages
    return normalise("\n".join(page.extract_text() for page in pages))


def docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return normalise("\n".join(parts))


def normalise(text: str) -> str:
    """One line, single spaces; words that hyphenation broke at a line end joined again."""
    text = re.sub(r"(\w)[-\u00ad]\s*\n\s*(\w)", r"\1\2", text)
    return " ".join(text.split())


def assert_sample_001(text: str) -> None:
    assert "Beschlusskontrolle zu V2696/24 (Sitzungsnummer: SR/063/2024)" in text
    assert SUBJECT in text
    assert "Teststadt" in text
    assert "GZ: GB 5" in text or "GZ:\tGB 5" in text
    assert "08.10.2024" in text
    assert "folgender Zwischenstand kann zu oben genanntem Beschluss gegeben werden:" in text
    for number, point in enumerate(ITEM_TEXTS, start=1):
        assert point in text, f"Beschlusspunkt {number} fehlt"
    assert "„" + ITEM_TEXTS[0][:20] in text
    assert ITEM_TEXTS[-1][-20:] + "“" in text
    answers = re.findall(r"zu Beschlusspunkt (\d):\s*(Der Beschlusspunkt [^.]+\.)", text)
    assert answers == [
        ("1", "Der Beschlusspunkt ist umgesetzt."),
        ("2", "Der Beschlusspunkt befindet sich in der Umsetzung."),
        ("3", "Der Beschlusspunkt befindet sich in der Umsetzung."),
    ]
    assert "Prioritätensetzung zu öffentlich geförderter Beschäftigung" in text
    assert "Nächste Beschlusskontrolle: 30. September 2025" in text
    assert "Mit freundlichen Grüßen" in text
    assert "Kenntnisnahme:" in text


def test_content_follows_sample_001(letter):
    content = build_letter_content(letter)
    assert content.subject_line == "Beschlusskontrolle zu V2696/24 (Sitzungsnummer: SR/063/2024)"
    assert content.subject == SUBJECT
    assert [p.text for p in content.points] == ITEM_TEXTS
    assert [a.heading for a in content.answers] == [
        "zu Beschlusspunkt 1:",
        "zu Beschlusspunkt 2:",
        "zu Beschlusspunkt 3:",
    ]
    assert content.next_control == "Nächste Beschlusskontrolle: 30. September 2025"
    assert content.visibility_mark == ""
    assert content.addressees[0] == "An alle"
    assert not content.draft
    assert content.file_name("pdf") == "Beschlusskontrolle_V2696-24_2024-10-08.pdf"


def test_pdf_carries_every_element_of_sample_001(letter, client_for):
    response = client_for(Role.SOZIALPLANUNG).get(f"/teststadt/gremien/briefe/{letter.pk}.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="Beschlusskontrolle_V2696-24_2024-10-08.pdf"'
    )
    reader = PdfReader(io.BytesIO(response.content))
    box = reader.pages[0].mediabox
    assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (210, 297)
    assert_sample_001(pdf_text(response.content))


def test_docx_carries_every_element_of_sample_001(letter, client_for):
    response = client_for(Role.STADTRAT).get(f"/teststadt/gremien/briefe/{letter.pk}.docx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert (
        'filename="Beschlusskontrolle_V2696-24_2024-10-08.docx"' in response["Content-Disposition"]
    )
    assert_sample_001(docx_text(response.content))


def test_a_public_letter_is_public(letter):
    response = Client().get(f"/teststadt/gremien/briefe/{letter.pk}.pdf")
    assert response.status_code == 200


@pytest.mark.parametrize("extension", ["pdf", "docx"])
def test_confidential_letter_is_marked_and_hidden_from_the_public(letter, client_for, extension):
    letter.visibility = Visibility.CONFIDENTIAL
    letter.save()
    url = f"/teststadt/gremien/briefe/{letter.pk}.{extension}"
    assert Client().get(url).status_code == 404
    assert client_for(Role.TRAEGER).get(url).status_code == 404
    # Fachamt is cleared for non-public, not for confidential records.
    assert client_for(Role.FACHAMT).get(url).status_code == 404
    response = client_for(Role.STADTRAT).get(url)
    assert response.status_code == 200
    read = pdf_text if extension == "pdf" else docx_text
    assert "vertraulich" in read(response.content)


def test_non_public_letter_is_marked_nicht_oeffentlich(letter):
    letter.visibility = Visibility.NON_PUBLIC
    letter.save()
    content = build_letter_content(letter)
    assert content.visibility_mark == "nicht öffentlich"
    assert "nicht öffentlich" in pdf_text(TypstLetterRenderer().render(content))


def test_public_letter_with_a_confidential_point_is_not_public(letter, v2696, client_for):
    item = v2696["items"][2]
    item.visibility = Visibility.CONFIDENTIAL
    item.save()
    url = f"/teststadt/gremien/briefe/{letter.pk}.pdf"
    assert Client().get(url).status_code == 404
    response = client_for(Role.SOZIALPLANUNG).get(url)
    assert "vertraulich" in pdf_text(response.content)


def test_letter_of_a_secret_paper_is_a_404_like_nothing(secret_papers, client_for):
    for secret in secret_papers.values():
        made = StatusLetter.objects.create(
            resolution=secret["resolution"], date=dt.date(2024, 11, 1)
        )
        for url in (
            f"/teststadt/gremien/briefe/{made.pk}.pdf",
            "/teststadt/gremien/briefe/999999.pdf",
        ):
            response = Client().get(url)
            assert response.status_code == 404
            assert not any(c.encode() in response.content for c in CANARIES)
        assert (
            client_for(Role.SOZIALPLANUNG)
            .get(f"/teststadt/gremien/briefe/{made.pk}.docx")
            .status_code
            == 200
        )


def test_draft_takes_each_items_newest_report(v2696, users):
    StatusReport.objects.create(
        item=v2696["items"][1],
        date=dt.date(2025, 9, 29),
        status=StatusReport.Status.DONE,
        narrative="Die Prioritäten sind vereinbart.",
    )
    draft = actions.draft_status_letter(
        v2696["resolution"], date=dt.date(2025, 10, 2), acting_user=TEST
    )
    content = build_letter_content(draft)
    assert content.draft
    assert content.answers[1].status_sentence == "Der Beschlusspunkt ist umgesetzt."
    # Both reports since the last letter (there was none) are told, the newest last.
    assert content.answers[1].paragraphs[-1] == "Die Prioritäten sind vereinbart."
    assert "Prioritätensetzung" in content.answers[1].paragraphs[0]
    assert content.answers[2].status_sentence.endswith("in der Umsetzung.")
    assert "ENTWURF" in pdf_text(TypstLetterRenderer().render(content))
    assert "ENTWURF" in docx_text(DocxLetterRenderer().render(content))


def test_user_text_is_printed_as_typed_not_as_markup(letter, v2696):
    tricky = 'Kosten: 5 $ * 3 #let x = [a] _b_ <c> @d \\ "e" // f = g\n\n- kein Listenpunkt'
    StatusReport.objects.filter(item=v2696["items"][0]).update(narrative=tricky)
    text = pdf_text(TypstLetterRenderer().render(build_letter_content(letter)))
    assert 'Kosten: 5 $ * 3 #let x = [a] _b_ <c> @d \\ "e" // f = g' in text
    assert "- kein Listenpunkt" in text


def test_municipality_texts_come_from_its_file():
    dresden = letter_texts("dresden", "Dresden")
    assert dresden.city == "Landeshauptstadt Dresden"
    assert dresden.department.startswith("Geschäftsbereich Arbeit, Soziales")
    assert dresden.salutation == "Sehr geehrte Fraktionen und Mitglieder des Stadtrates,"
    other = letter_texts("irgendwo", "Irgendwo")
    assert other.city == "Irgendwo"
    assert "des Stadtrates Irgendwo" in other.addressees
    assert (
        other.status_sentence("wird_beruecksichtigt") == "Der Beschlusspunkt wird berücksichtigt."
    )


def test_german_long_dates():
    assert german_long_date(dt.date(2025, 9, 30)) == "30. September 2025"
    assert german_long_date(dt.date(2020, 3, 1)) == "1. März 2020"
