"""Measures linked to resolution items: in the item's timeline, and cited by the letter.

The letter cites the status of the linked measures as of its drafting and keeps that
text once released; a public letter never names a measure more secret than itself.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from docx import Document
from pypdf import PdfReader

from sozialplanung.core.visibility import Visibility
from sozialplanung.council import actions as council_actions
from sozialplanung.council.letters import build_letter_content
from sozialplanung.measures import actions
from sozialplanung.measures.models import Measure
from tests.conftest import TEST

SECRET_TITLE = "Vertrauliche Maßnahme KANARIE-MASSNAHME-5e1d"


@pytest.fixture
def measures(v2696, offices):
    plan = actions.save_plan(
        v2696["resolution"].municipality,
        "fachkonzept",
        title="Fachkonzept sonstiger sozialer Angebote",
        resolution=v2696["resolution"],
        fields=["Mahlzeitenangebote"],
        acting_user=TEST,
    )
    field = plan.fields.get()
    item3 = v2696["items"][2]
    meal = actions.save_measure(
        field,
        title="Mahlzeitenangebot Leuben",
        number="M1",
        values={"responsible_office": offices["sozialamt"], "due_quarter": "2025-Q3"},
        resolution_items=[item3],
        acting_user=TEST,
    )
    actions.record_measure_update(
        meal,
        date=dt.date(2025, 2, 1),
        status=Measure.Status.IN_PROGRESS,
        note="Träger ausgewählt, Räume in Prüfung.",
        acting_user=TEST,
    )
    secret = actions.save_measure(
        field,
        title=SECRET_TITLE,
        number="M2",
        values={"visibility": Visibility.CONFIDENTIAL},
        resolution_items=[item3],
        acting_user=TEST,
    )
    actions.record_measure_update(
        secret,
        date=dt.date(2025, 3, 1),
        status=Measure.Status.DELAYED,
        note="KANARIE-MASSNAHME-5e1d",
        acting_user=TEST,
    )
    return {"meal": meal, "secret": secret, "item": item3}


def resolution_url(v2696):
    return f"/teststadt/gremien/beschluesse/{v2696['resolution'].pk}/"


def test_item_timeline_shows_measure_status_to_the_public(v2696, measures, client):
    page = client.get(resolution_url(v2696))
    assert page.status_code == 200
    html = page.content.decode()
    item_block = html[html.index('data-testid="item-3"') :]
    assert "Mahlzeitenangebot Leuben" in item_block
    assert 'data-testid="timeline-measure"' in item_block
    assert "Träger ausgewählt, Räume in Prüfung." in item_block
    assert "KANARIE-MASSNAHME" not in html


def test_council_member_sees_the_confidential_measure_in_the_timeline(v2696, measures, client_for):
    html = client_for("stadtrat").get(resolution_url(v2696)).content.decode()
    assert SECRET_TITLE in html
    assert html.count('data-testid="timeline-measure"') == 2


def test_letter_cites_measure_status_and_keeps_it_after_release(v2696, measures, client_for):
    resolution = v2696["resolution"]
    letter = council_actions.draft_status_letter(
        resolution, date=dt.date(2025, 3, 10), acting_user=TEST
    )
    expected = "Maßnahme „Mahlzeitenangebot Leuben“ (Sozialamt, fällig III/2025): in der Umsetzung."
    assert letter.cited_measures == {str(measures["item"].pk): [expected]}
    answer = build_letter_content(letter).answers[2]
    assert answer.measures == (expected,)

    client = client_for("sozialplanung")
    pdf = client.get(f"/teststadt/gremien/briefe/{letter.pk}.pdf")
    text = " ".join(
        " ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf.content)).pages
    )
    assert "Stand der zugeordneten Maßnahmen:" in text
    assert "Mahlzeitenangebot Leuben" in text and "in der Umsetzung" in text
    docx = client.get(f"/teststadt/gremien/briefe/{letter.pk}.docx")
    paragraphs = [p.text for p in Document(io.BytesIO(docx.content)).paragraphs]
    assert expected in paragraphs

    council_actions.release_status_letter(letter, acting_user=TEST)
    actions.record_measure_update(
        measures["meal"],
        date=dt.date(2025, 9, 1),
        status=Measure.Status.DONE,
        acting_user=TEST,
    )
    letter.refresh_from_db()
    assert build_letter_content(letter).answers[2].measures == (expected,)


def test_public_letter_does_not_cite_a_confidential_measure(v2696, measures):
    letter = council_actions.draft_status_letter(
        v2696["resolution"], date=dt.date(2025, 3, 10), acting_user=TEST
    )
    assert letter.visibility == Visibility.PUBLIC
    cited = " ".join(line for lines in letter.cited_measures.values() for line in lines)
    assert "KANARIE" not in cited and "Mahlzeitenangebot Leuben" in cited


def test_confidential_letter_may_cite_the_confidential_measure(v2696, measures):
    letter = council_actions.draft_status_letter(
        v2696["resolution"],
        date=dt.date(2025, 3, 10),
        visibility=Visibility.CONFIDENTIAL,
        acting_user=TEST,
    )
    lines = letter.cited_measures[str(measures["item"].pk)]
    assert any(SECRET_TITLE in line and "verzögert" in line for line in lines)
