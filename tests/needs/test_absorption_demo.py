"""Existing offers first on the Dresden demo (example utilisation, Beispieldaten).

Most example offers report their utilisation; the planning unit's gap page for
Mittagstisch names, per Stadtteil, which example offers can take how many of the missing
places. (What the public sees is checked on the hand-computed case, test_absorption.py.)
"""

from __future__ import annotations

import pytest
from django.test import Client

from sozialplanung.core.models import User
from sozialplanung.offers.models import Offer

pytestmark = pytest.mark.django_db

GAPS = "/dresden/bedarf/luecken/?kategorie=mittagstisch&ebene=stadtteil"


def test_dresden_example_offers_absorb_part_of_the_meal_gap(full_demo):
    examples = Offer.objects.filter(municipality__slug="dresden", is_example=True)
    assert examples.filter(utilisation_share__isnull=False).count() > examples.count() // 2
    client = Client()
    client.force_login(User.objects.get(username="planung"))
    html = client.get(GAPS).content.decode()
    start = html.index('data-testid="absorption"')
    section = html[start : html.index("</section>", start)]
    assert "Bestehende Angebote zuerst" in section
    assert "Davon können bestehende Angebote" in section and "auffangen (Mittagstisch " in section
