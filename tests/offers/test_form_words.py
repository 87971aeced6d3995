"""The offer form in German: labels, the empty choice in words, required fields marked
before submitting (issue 16, items 2 and 3)."""

from __future__ import annotations

import re

import pytest

from sozialplanung.core.visibility import Role

pytestmark = pytest.mark.django_db


def test_offer_form_labels_empty_choice_and_required_marks(client_for, offers):
    body = client_for(Role.SOZIALPLANUNG).get("/teststadt/angebote/verwaltung/neu/").content
    html = body.decode()
    assert re.search(r'<label for="id_provider">Träger <span class="required-mark">', html)
    assert "---------" not in html
    assert "– bitte auswählen –" in html
    assert re.search(r'<select name="provider"[^>]*required', html)
    assert re.search(
        r'<label for="id_description">Beschreibung <span class="muted">\(optional\)', html
    )
