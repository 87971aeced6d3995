"""Existing offers first on the Dresden demo (example utilisation, Beispieldaten).

The planning unit's gap page for Mittagstisch names, per Stadtteil, which example offers
can take how many of the missing places; the public page states need and remainder only
where enough providers stand behind them and names no offer in that table.
"""

from __future__ import annotations

import pytest
from django.test import Client

from sozialplanung.core.models import Municipality, User
from sozialplanung.needs.absorption import absorption
from sozialplanung.needs.compute import analyse
from sozialplanung.offers.models import Offer, OfferCategory

pytestmark = pytest.mark.django_db

GAPS = "/dresden/bedarf/luecken/?kategorie=mittagstisch&ebene=stadtteil"


def section(html: str) -> str:
    start = html.index('data-testid="absorption"')
    return html[start : html.index("</section>", start)]


def test_dresden_example_offers_absorb_part_of_the_meal_gap(full_demo):
    dresden = Municipality.objects.get(slug="dresden")
    examples = Offer.objects.filter(municipality=dresden, is_example=True)
    assert examples.filter(utilisation_share__isnull=False).count() > examples.count() // 2
    planner = User.objects.get(username="planung")
    category = OfferCategory.objects.get(municipality=dresden, slug="mittagstisch")
    result = absorption(analyse(dresden, category, planner))
    city = next(a for a in result.areas.values() if a.need and a.need > 0 and a.offers)
    assert 0 < city.absorbable <= city.need
    client = Client()
    client.force_login(planner)
    mine = section(client.get(GAPS).content.decode())
    assert "bestehende Angebote" in mine and "auffangen (Mittagstisch " in mine
    public = section(Client().get(GAPS).content.decode())
    assert "Bestehende Angebote zuerst" in public
    names = set(examples.filter(category=category).values_list("name", flat=True))
    assert not any(f"{name}:" in public for name in names)
