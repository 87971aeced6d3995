"""Change histories in words: labels, choice labels, names, German dates and hours
(issue 16, Done-when 3, second half)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from sozialplanung.core.audit_display import describe_trail
from sozialplanung.core.models import AuditEntry, Office
from sozialplanung.core.visibility import Role
from sozialplanung.offers import actions
from sozialplanung.offers.models import Offer
from tests.conftest import TEST

pytestmark = pytest.mark.django_db

# Every key an offer's trail can hold: none of them may reach the page as it is stored.
RAW_KEYS = {f.attname for f in Offer._meta.concrete_fields} | {
    "opening_hours",
    "target_groups",
    "serves",
    "located_in",
}


def test_offer_history_names_fields_and_says_values(client_for, offers):
    offer = offers["mittag-nord"]
    actions.save_offer(
        offer.municipality,
        offer=offer,
        provider=offer.provider,
        name=offer.name,
        category=offer.category,
        longitude=offer.longitude,
        latitude=offer.latitude,
        opening_hours=[(0, dt.time(10), dt.time(16)), (2, dt.time(9, 30), dt.time(12))],
        status=Offer.Status.PAUSED,
        last_confirmed=dt.date(2026, 3, 2),
        acting_user=TEST,
    )
    page = client_for(Role.SOZIALPLANUNG).get(f"/teststadt/angebote/verwaltung/{offer.pk}/")
    table = re.search(r'data-testid="trail">(.*?)</table>', page.content.decode(), re.S).group(1)
    trail = re.sub(r"<[^>]+>", " ", table)
    trail = re.sub(r"\s+:", ":", trail)
    assert "Öffnungszeiten: Mo 11–14 Uhr → Mo 10–16 Uhr, Mi 9:30–12 Uhr" in trail
    assert "Status: Aktiv → pausiert" in trail
    assert "15.01.2026 → 02.03.2026" in trail
    shown = set(re.findall(r"[a-z]+(?:_[a-z]+)+", trail))
    assert not shown & RAW_KEYS, shown & RAW_KEYS


def test_office_named_instead_of_its_id(municipality):
    old = Office.objects.create(municipality=municipality, name="Sozialamt")
    new = Office.objects.create(municipality=municipality, name="Jugendamt")
    entry = AuditEntry(
        action=AuditEntry.Action.UPDATE,
        model="council.ResolutionItem",
        object_id="1",
        before={"responsible_office_id": old.pk},
        after={"responsible_office_id": new.pk},
    )
    (described,) = describe_trail([entry])
    assert described.record_type == "Beschlusspunkt"
    (change,) = described.changes
    assert (change.label, change.before, change.after) == (
        "Zuständiges Amt",
        "Sozialamt",
        "Jugendamt",
    )
