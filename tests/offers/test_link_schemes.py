"""Links to websites come from imports and forms: only http(s) ever becomes an href."""

from __future__ import annotations

import json

import pytest

from sozialplanung.cli import main
from sozialplanung.offers.hsds import export_hsds
from sozialplanung.offers.models import Offer, Provider

SCRIPT = "javascript:alert(1)"


@pytest.mark.parametrize(("file", "field"), [("organizations", "website"), ("services", "url")])
# Transactional: the command line closes the connection on exit, the checks after it reopen it.
@pytest.mark.django_db(transaction=True)
def test_hsds_import_refuses_a_script_link(file, field, offers, tmp_path, capsys):
    export_hsds(offers["mittag-nord"].municipality, tmp_path)
    path = tmp_path / f"{file}.json"
    records = json.loads(path.read_text("utf-8"))
    records[0][field] = SCRIPT
    path.write_text(json.dumps(records), "utf-8")
    before = (Provider.objects.count(), Offer.objects.count())
    with pytest.raises(SystemExit) as exited:
        main(["import-hsds", str(tmp_path), "--municipality", "teststadt"])
    assert exited.value.code == 1
    err = " ".join(capsys.readouterr().err.split())
    assert "nichts wurde gespeichert" in err
    assert f"„{records[0]['name']}“" in err
    assert f"Spalte „{field}“" in err
    assert f"„{SCRIPT}“ ist keine Webadresse" in err
    assert (Provider.objects.count(), Offer.objects.count()) == before
    assert not Provider.objects.filter(website=SCRIPT).exists()
    assert not Offer.objects.filter(website=SCRIPT).exists()


def test_finder_never_links_a_script_stored_before_the_check(offers, providers, client):
    """Old rows may still hold such a link; the public pages must not turn it into an href."""
    offer = offers["mittag-nord"]
    Provider.objects.filter(pk=offer.provider_id).update(website=SCRIPT)
    Offer.objects.filter(pk=offer.pk).update(website=" JavaScript:alert(2)")
    response = client.get(f"/teststadt/angebote/{offer.pk}/")
    assert response.status_code == 200
    html = response.content.decode().lower()
    assert offer.name.lower() in html
    assert 'href="javascript:' not in html
    assert 'href=" javascript:' not in html
    list_html = client.get("/teststadt/angebote/").content.decode().lower()
    assert "javascript:" not in list_html
