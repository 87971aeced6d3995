"""Providers type an address; the offer's point comes from the municipality's address
list (issue 16, item 6)."""

from __future__ import annotations

import pytest

from sozialplanung.core.imports.errors import ImportFailed
from sozialplanung.core.visibility import Role
from sozialplanung.offers.addresses import find_address, split_address
from sozialplanung.offers.importers.address_list import import_address_list
from sozialplanung.offers.models import Offer
from tests.concurrency import post_fresh
from tests.conftest import TEST

from .test_pages import _form_data

pytestmark = pytest.mark.django_db

LIST = "Straße;Hausnummer;PLZ;Breite;Länge\nHauptstraße;12a;01234;51,015;13,705\nMarkt;1;01234;51.025;13.715\n"


@pytest.fixture
def address_list(municipality, tmp_path):
    path = tmp_path / "adressen.csv"
    path.write_text(LIST, encoding="utf-8")
    assert import_address_list(path, municipality=municipality, acting_user=TEST) == 2


def test_typed_spellings_find_the_same_address(municipality, address_list):
    assert split_address("Hauptstr. 12 A") == ("Hauptstr.", "12a")
    for typed in ("Hauptstraße 12a", "hauptstr. 12 a", "Hauptstrasse 12A"):
        assert find_address(municipality, typed).latitude == 51.015
    assert find_address(municipality, "Hauptstraße 14") is None
    assert find_address(municipality, "Hauptstraße") is None


def test_wrong_rows_are_named_and_nothing_is_stored(municipality, tmp_path):
    path = tmp_path / "kaputt.csv"
    path.write_text("Straße;Hausnummer;PLZ;Breite;Länge\n;3;01234;51,0;13,7\nRing;4;;95;x\n")
    with pytest.raises(ImportFailed) as failed:
        import_address_list(path, municipality=municipality, acting_user=TEST)
    said = str(failed.value)
    assert "kaputt.csv, Zeile 2, Spalte „Straße“: Angabe fehlt" in said
    assert "Zeile 3, Spalte „Breite“: „95“ liegt nicht zwischen -90 und 90" in said
    assert "Zeile 3, Spalte „Länge“: „x“ ist keine Zahl" in said
    assert not find_address(municipality, "Ring 4")


def test_offer_form_takes_the_point_from_the_address(client_for, offers, address_list):
    offer = offers["mittag-nord"]
    client = client_for(Role.SOZIALPLANUNG)
    form = client.get(f"/teststadt/angebote/verwaltung/{offer.pk}/bearbeiten/").content.decode()
    assert "im Adressverzeichnis der Kommune gefunden" in form
    data = _form_data(
        offer, street_address="Markt 2", postal_code="01234", latitude="", longitude=""
    )
    url = f"/teststadt/angebote/verwaltung/{offer.pk}/bearbeiten/"
    page = post_fresh(client, url, data)
    assert "„Markt 2“ steht nicht im Adressverzeichnis von Teststadt" in page.content.decode()
    assert 'value="Markt 2"' in page.content.decode()  # what was typed stays
    data["street_address"] = "Markt 1"
    assert post_fresh(client, url, data).status_code == 302
    offer = Offer.objects.get(pk=offer.pk)
    assert (offer.latitude, offer.longitude, offer.street_address) == (51.025, 13.715, "Markt 1")
